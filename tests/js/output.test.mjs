// planBatches and failedRows through the package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
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
  const sheets = require("../../pkg/sheets/node/mateo_import_sheets.js");
  lib.enableSpreadsheets({ readWorkbook: sheets.readWorkbook }); // an object that only reads
  assert.throws(() => lib.failedRows(report, { format: "xlsx" }), (e) => e.code === "unsupported_format");
  lib.enableSpreadsheets(sheets);
  const xlsx = lib.failedRows(report, { format: "xlsx", headers, sheet: "Fehler" });
  assert.ok(xlsx instanceof Uint8Array);
  assert.deepEqual([...xlsx.subarray(0, 2)], [0x50, 0x4b]); // a zip
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
