// planBatches and failedRows through the package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const lib = require("../../pkg");
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/files");

test("planBatches: bodies within the row and byte limits, in order, with the top-level fields and the caller's own rows", () => {
  const payload = Array.from({ length: 12 }, (_, i) => ({ external_id: `c${i}`, full_name: `Zoë ${"x".repeat(i)}` }));
  const report = lib.validateImport({ type: "contact_details", contact_list_external_id: "messe", payload });
  const plan = lib.planBatches(report, { maxRows: 5 });
  assert.deepEqual(plan.batches.map((b) => [b.first, b.rows]), [[0, 5], [5, 5], [10, 2]]);
  assert.equal(plan.rows, 12);
  assert.equal(plan.days, 1);
  for (const b of plan.batches) {
    assert.deepEqual(Object.keys(b.body), ["type", "contact_list_external_id", "payload"]);
    assert.equal(Buffer.byteLength(JSON.stringify(b.body)), b.bytes, "bytes are the body's UTF-8 JSON");
    assert.equal(b.body.payload[0], report.request.payload[b.first], "the same row objects");
  }
  const bySize = lib.planBatches(report, { maxBytes: 200 });
  assert.ok(bySize.batches.length > 3);
  assert.ok(bySize.batches.every((b) => b.bytes <= 200));
  assert.deepEqual(bySize.batches.flatMap((b) => b.body.payload), report.request.payload, "every row once, in order");
  const tooSmall = (() => { try { lib.planBatches(report, { maxBytes: 60 }); } catch (e) { return e; } })();
  assert.equal(tooSmall.code, "row_too_large");
  assert.equal(tooSmall.params.row, 0);
  const big = lib.planBatches({ type: "deal_details", payload: Array.from({ length: 60_001 }, () => ({})) });
  assert.equal(big.days, 3);
  assert.equal(big.batches.length, 13);
});

test("planBatches: a report with nothing to send gives no batches; a body without a payload array is named", () => {
  const noneValid = lib.validateImport({ type: "contact_details", payload: [{ email: "nope" }] });
  assert.equal(noneValid.request, null);
  const requestError = lib.validateImport({ type: "nope", payload: [{ email: "a@b.de" }] });
  assert.equal(requestError.request, null);
  for (const report of [noneValid, requestError]) {
    const plan = lib.planBatches(report);
    assert.deepEqual([plan.batches.length, plan.rows, plan.days], [0, 0, 0]);
  }
  const thrown = (f) => { try { typeof f === "function" ? f() : lib.planBatches(f); } catch (e) { return e; } return null; };
  // A misspelt option is said, not taken as the default.
  assert.equal(thrown(() => lib.planBatches(noneValid, { maxrows: 1 }))?.code, "invalid_options");
  assert.match(thrown(() => lib.planBatches(noneValid, { maxrows: 1 })).message, /no option "maxrows" \(it takes maxRows, maxBytes\)/);
  assert.equal(thrown(() => lib.failedRows(noneValid, { delimter: ";" }))?.code, "invalid_options");
  assert.equal(thrown(() => lib.failedRows(noneValid, "csv"))?.code, "invalid_options");
  for (const [body, got] of [[{ payload: "x" }, "a string"], [{ type: "contact_details" }, "no payload"], [{ payload: null }, "null"], [42, "no payload"]]) {
    const e = thrown(body);
    assert.equal(e?.code, "payload_not_array", JSON.stringify(body));
    assert.equal(e.params.got, got, JSON.stringify(body));
  }
});

test("failedRows: the German list's failed rows as a ;-CSV that reads back to the same cells", () => {
  const table = lib.readTable(readFileSync(path.join(dir, "excel-de.csv")));
  const report = lib.validateImport({ type: "contact_details", payload: table.rows });
  assert.equal(report.valid, 0);
  const csv = lib.failedRows(report, { delimiter: ";", headers: table.headers });
  assert.ok(csv.startsWith("\uFEFFmateo_row;Vorname;Nachname"));
  const back = lib.readTable(new TextEncoder().encode(csv));
  assert.deepEqual(back.rows, table.rows);
  assert.deepEqual(back.headers, table.headers);
  assert.deepEqual(back.notices.map((n) => n.code), ["failed_rows_columns_ignored"]);
  const json = JSON.parse(lib.failedRows(report.rows, { format: "json" }));
  assert.equal(json.length, 3);
  assert.match(json[0].mateo_errors, /^missing_identifier: /);
  assert.throws(() => lib.failedRows(report, { format: "xml" }), (e) => e.code === "invalid_options");
});

test("failedRows as .xlsx: text cells in text columns that read back to exactly the original cells", () => {
  // Cells a CSV round trip through Excel would damage: numbers with + or a leading 0, a leading
  // =, line breaks, quotes and delimiters, a list cell.
  const rows = [
    { Name: "Jürgen", Mobil: "+4915123456789", PLZ: "01067", Notiz: "=1+1", whatsapp: ["0151 1", "0151 2"] },
    { Name: "Anna \"A\"; B", Mobil: "015123456789", PLZ: "10115", Notiz: "eins\r\nzwei" },
    { Name: "no identifier either", Mobil: "+4915123456780", PLZ: "12345" },
  ];
  const headers = ["Name", "Mobil", "PLZ", "Notiz", "whatsapp"];
  const report = lib.validateImport({ type: "contact_details", payload: rows });
  assert.equal(report.rows.filter((r) => !r.ok).length, 3, JSON.stringify(report.rows.map((r) => r.errors.map((e) => e.code))));
  // Written by the main module: no spreadsheet module is enabled yet in this process.
  const xlsx = lib.failedRows(report, { format: "xlsx", headers, sheet: "Fehler" });
  assert.ok(xlsx instanceof Uint8Array);
  assert.deepEqual([...xlsx.subarray(0, 2)], [0x50, 0x4b]); // a zip
  // Reading it back needs the spreadsheet module.
  assert.throws(() => lib.readTable(xlsx), (e) => e.code === "unsupported_format");
  lib.enableSpreadsheets(require("../../pkg/sheets/node/mateo_import_sheets.js"));
  const back = lib.readTable(xlsx);
  assert.equal(back.format, "xlsx");
  assert.deepEqual(back.sheets, ["Fehler"]);
  assert.deepEqual(back.headers, headers);
  assert.deepEqual(back.notices.map((n) => n.code), ["failed_rows_columns_ignored"]);
  assert.deepEqual(back.rows, rows);
  // Beyond what an .xlsx cell holds: refused with the numbers, not cut.
  const long = lib.validateImport({ type: "contact_details", payload: [{ Notiz: "x".repeat(40000) }] });
  assert.throws(() => lib.failedRows(long, { format: "xlsx" }), (e) => e.code === "workbook_too_large" && e.params.found === 40000 && e.params.limit === 32767 && /too large/.test(e.message));
});

test("zipFiles: names and data stored as given, in order; the same files the same bytes; limits and bad input refused", () => {
  const body = JSON.stringify({ type: "contact_details", payload: [{ full_name: "Jürgen" }] });
  const files = [
    { name: "contact_details-request-1-of-2.json", data: body },
    { name: "Anfragen/Müller.json", data: new Uint8Array([1, 2, 3]) },
  ];
  const zip = lib.zipFiles(files);
  assert.ok(zip instanceof Uint8Array);
  const buf = Buffer.from(zip);
  assert.equal(buf.readUInt32LE(0), 0x04034b50); // a local file header first
  // The end record: two entries, the central directory where it says.
  const end = buf.length - 22;
  assert.equal(buf.readUInt32LE(end), 0x06054b50);
  assert.equal(buf.readUInt16LE(end + 10), 2);
  const central = buf.readUInt32LE(end + 16);
  assert.equal(buf.readUInt32LE(central), 0x02014b50);
  // Each entry: its name (UTF-8; bit 11 set for the non-ASCII one), then its bytes as they are.
  let at = 0;
  for (const f of files) {
    assert.equal(buf.readUInt32LE(at), 0x04034b50);
    const flags = buf.readUInt16LE(at + 6);
    const size = buf.readUInt32LE(at + 18);
    const nameLen = buf.readUInt16LE(at + 26);
    const name = buf.subarray(at + 30, at + 30 + nameLen).toString("utf8");
    const data = buf.subarray(at + 30 + nameLen, at + 30 + nameLen + size);
    assert.equal(name, f.name);
    assert.equal(flags & 0x800, /^[\x00-\x7f]*$/.test(f.name) ? 0 : 0x800);
    assert.deepEqual(new Uint8Array(data), typeof f.data === "string" ? new TextEncoder().encode(f.data) : f.data);
    assert.equal(buf.readUInt32LE(at + 14), crc32(data), `CRC-32 of ${name}, as zlib's`);
    at += 30 + nameLen + size;
  }
  assert.equal(at, central);
  assert.deepEqual(lib.zipFiles(files), zip);
  // An empty zip is still a zip.
  assert.equal(lib.zipFiles([]).length, 22);
  const many = Array.from({ length: 65536 }, (_, i) => ({ name: `${i}.json`, data: "" }));
  assert.throws(() => lib.zipFiles(many), (e) => e.code === "zip_too_large" && e.params.what === "the number of files" && e.params.limit === 65535 && e.params.found === 65536);
  // A sparse array longer than a zip holds: refused before anything is read.
  assert.throws(() => lib.zipFiles(new Array(2 ** 32 - 1)), (e) => e.code === "zip_too_large" && e.params.found === 2 ** 32 - 1);
  // Bytes of a file are checksummed a piece at a time: a file over 1 MiB as zlib sees it.
  const big = new Uint8Array(3 * 1024 * 1024 + 7).map((_, i) => (i * 31) & 0xff);
  const bigZip = Buffer.from(lib.zipFiles([{ name: "big.bin", data: big }]));
  assert.equal(bigZip.readUInt32LE(14), crc32(big));
  assert.deepEqual(new Uint8Array(bigZip.subarray(30 + 7, 30 + 7 + big.length)), big);
  // The instance is still usable after every refusal below.
  for (const bad of [null, "x", [{ name: "a" }], [{ name: 1, data: "x" }], [{ name: "a", data: 5 }], [7], [{ name: "\ud800", data: "" }], [{ name: "a", data: "x\udc00" }]]) {
    assert.throws(() => lib.zipFiles(bad), (e) => e.code === "invalid_type", JSON.stringify(bad));
  }
  assert.deepEqual(lib.zipFiles(files), zip);
});
