// suggestMapping, applyMapping and Options.mapping through the package, on the German Excel list
// of issue 14: read, mapped, checked, with no hand-written code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const lib = require("../../pkg");
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/files");

test("the German Excel list: 3 of 3 rows valid with the suggested mapping", () => {
  const table = lib.readTable(readFileSync(path.join(dir, "excel-de.csv")));
  const mapping = lib.suggestMapping(table.headers, "contact_details", { sample: table.rows });
  assert.equal(mapping.type, "contact_details");
  assert.deepEqual(
    mapping.columns.map((c) => [c.header, c.field, c.reason]),
    [
      ["Vorname", "full_name", "synonym"], ["Nachname", "full_name", "synonym"], ["E-Mail", "email", "synonym"],
      ["Telefon", "whatsapp", "synonym"], ["Mobil", "whatsapp", "synonym"], ["Geburtstag", "birthday", "synonym"],
      ["Straße", "address_line1", "synonym"], ["PLZ", "zipcode", "synonym"], ["Ort", "city", "synonym"],
    ],
  );
  assert.equal(mapping.columns[5].dateOrder, "DMY");
  // Plain JSON: saved and loaded, it means the same.
  const saved = JSON.parse(JSON.stringify(mapping));
  const report = lib.validateImport({ type: "contact_details", payload: table.rows }, { defaultCountryCodes: ["DE"], mapping: saved });
  assert.equal(report.valid, 3);
  assert.deepEqual(report.request.payload[0], {
    full_name: "Jürgen Müller", email: "juergen.mueller@example.de", whatsapp: "+4915123456789",
    birthday: "1990-12-25", address_line1: "Hauptstraße 5", zipcode: "10115", city: "Berlin",
  });
  assert.ok(report.rows[0].warnings.some((w) => w.code === "coerced_value" && w.field === "birthday"));
  assert.ok(report.rows[2].warnings.some((w) => w.code === "not_mobile" && w.field === "whatsapp"));
  // applyMapping: the same rows, before checking.
  const mapped = lib.applyMapping(table.rows, saved);
  assert.deepEqual(mapped[0].whatsapp, ["0151 23456789", "030 901820"], "mobile before landline");
  assert.equal(mapped[1].birthday, "1985-02-01");
});

test("an invalid row under a mapping shows the cells as read; an ambiguous date names both readings", () => {
  const rows = [{ Kundennummer: "K1", Geburtstag: "01/02/1990" }, { Kundennummer: "K2", Geburtstag: "02/03/1991", Land: "Österreich", Handy: "0664 1234567" }];
  const mapping = lib.suggestMapping(["Kundennummer", "Geburtstag", "Land", "Handy"], "contact_details");
  assert.equal(mapping.columns[1].dateOrder, undefined, "no sample: no order");
  const v = new lib.Validator({ defaultCountryCodes: ["DE"], mapping });
  const report = v.validateImport({ type: "contact_details", payload: rows });
  assert.equal(report.rows[0].ok, false);
  assert.deepEqual(report.rows[0].row, rows[0], "the cells as read");
  const e = report.rows[0].errors.find((x) => x.code === "ambiguous_date");
  assert.equal(e.field, "birthday");
  assert.match(e.message, /1990-02-01.*1990-01-02/);
  // The Austrian mobile is read as Austrian because the country column says so.
  const withOrder = { ...mapping, columns: mapping.columns.map((c) => (c.field === "birthday" ? { ...c, dateOrder: "DMY" } : c)) };
  const again = new lib.Validator({ defaultCountryCodes: ["DE"], mapping: withOrder }).validateImport({ type: "contact_details", payload: rows });
  assert.equal(again.rows[1].ok, true, JSON.stringify(again.rows[1]));
  assert.equal(again.rows[1].row.whatsapp, "+436641234567");
  assert.equal(again.rows[1].row.birthday, "1991-03-02");
  assert.ok(again.rows[1].warnings.some((w) => w.code === "country_codes_from_country"));
});

test("a cell JSON cannot hold is left out by applyMapping and reported by the check under the mapping", () => {
  const rows = [{ Name: "Anna", Geburtstag: NaN, Email: "a@b.de" }, { Name: "Ben", Geburtstag: Infinity }];
  const mapping = lib.suggestMapping(["Name", "Geburtstag", "Email"], "contact_details");
  assert.equal(mapping.columns.find((c) => c.header === "Geburtstag").field, "birthday");
  assert.deepEqual(lib.applyMapping(rows, mapping), [{ full_name: "Anna", email: "a@b.de" }, { full_name: "Ben" }]);
  const report = lib.validateImport({ type: "contact_details", payload: rows }, { mapping });
  assert.deepEqual(
    report.rows.map((r) => r.warnings.filter((w) => w.code === "sent_as_null").map((w) => [w.field, w.params.value])),
    [[["Geburtstag", "NaN"]], [["Geburtstag", "Infinity"]]],
  );
});

test("bad arguments throw with a code", () => {
  const code = (fn) => { try { fn(); } catch (e) { return e.code; } return null; };
  assert.equal(code(() => lib.suggestMapping("x", "contact_details")), "invalid_type");
  assert.equal(code(() => lib.suggestMapping(["a"], "contacts")), "unknown_import_type");
  assert.equal(code(() => lib.applyMapping([], { type: "contact_details" })), "invalid_mapping");
  const mapping = { type: "contact_details", columns: [{ header: "Mail", field: "email" }] };
  for (const rows of [null, undefined, "x", { Mail: "a@b.de" }]) assert.equal(code(() => lib.applyMapping(rows, mapping)), "invalid_type");
  // Every row comes back in its place; what is not an object is passed on, for the check to name.
  assert.deepEqual(lib.applyMapping([{ Mail: "a@b.de" }, "x", null, { Mail: "c@d.de" }], mapping), [{ email: "a@b.de" }, "x", null, { email: "c@d.de" }]);
  assert.equal(code(() => new lib.Validator({ mapping: { type: "contact_details", columns: [{ header: "a", field: "shoe_size" }] } })), "invalid_options");
});

test("the Node example (examples/node/check-file.mjs) maps the German list automatically, writes the body and the failed rows", async () => {
  const { spawnSync } = await import("node:child_process");
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const script = path.resolve(dir, "../../../examples/node/check-file.mjs");
  const pkg = path.resolve(dir, "../../../pkg");
  const cwd = mkdtempSync(path.join(tmpdir(), "mateo-example-"));
  const run = (file) => spawnSync(process.execPath, [script, file, "contact_details", "DE"], { encoding: "utf8", cwd, env: { ...process.env, MATEO_PKG: pkg } });
  const ok = run(path.join(dir, "excel-de.csv"));
  assert.equal(ok.status, 0, ok.stderr);
  const summary = JSON.parse(ok.stdout);
  assert.deepEqual([summary.readAs.encoding, summary.readAs.delimiter, summary.total, summary.valid], ["windows-1252", ";", 3, 3]);
  const body = JSON.parse(readFileSync(path.join(cwd, "body.json"), "utf8"));
  assert.equal(body.type, "contact_details");
  assert.equal(body.payload[0].full_name, "Jürgen Müller");
  assert.equal(body.payload[0].birthday, "1990-12-25");
  // One bad row: exit 1, its cells as read in failed.csv with the file's delimiter.
  const bad = path.join(cwd, "bad.csv");
  writeFileSync(bad, "E-Mail;Name\na@b.de;Anna\nkaputt;Bob\n");
  const some = run(bad);
  assert.equal(some.status, 1, some.stderr);
  assert.deepEqual([JSON.parse(some.stdout).valid, JSON.parse(some.stdout).invalid], [1, 1]);
  const failed = readFileSync(path.join(cwd, "failed.csv"), "utf8").replace(/^\uFEFF/, "").split("\r\n");
  assert.equal(failed[0], "mateo_row;E-Mail;Name;mateo_errors");
  assert.match(failed[1], /^2;kaputt;Bob;"?invalid_email/);
  assert.deepEqual(JSON.parse(readFileSync(path.join(cwd, "body.json"), "utf8")).payload, [{ email: "a@b.de", full_name: "Anna" }]);
});
