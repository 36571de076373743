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

test("bad arguments throw with a code", () => {
  const code = (fn) => { try { fn(); } catch (e) { return e.code; } return null; };
  assert.equal(code(() => lib.suggestMapping("x", "contact_details")), "invalid_type");
  assert.equal(code(() => lib.suggestMapping(["a"], "contacts")), "unknown_import_type");
  assert.equal(code(() => lib.applyMapping([], { type: "contact_details" })), "invalid_mapping");
  assert.equal(code(() => new lib.Validator({ mapping: { type: "contact_details", columns: [{ header: "a", field: "shoe_size" }] } })), "invalid_options");
});

test("the Node example reads the German list, maps it automatically and finds 3 valid rows; an .xlsx too", async () => {
  const { spawnSync } = await import("node:child_process");
  const script = path.resolve(dir, "../../../examples/node/validate-file.mjs");
  // contacts.xlsx keeps its mobile numbers as numbers (4915123456789: Excel dropped the +), so
  // both rows are phone_ambiguous errors rather than the server's national reading.
  for (const [file, total, valid] of [["excel-de.csv", 3, 3], ["contacts.xlsx", 2, 0]]) {
    const run = spawnSync(process.execPath, [script, path.join(dir, file), "--type", "contact_details", "--country", "DE", "--mapping", "auto", "--quiet"], { encoding: "utf8" });
    assert.equal(run.status, valid === total ? 0 : 1, `${file}: ${run.stderr}`);
    const report = JSON.parse(run.stdout);
    assert.equal(report.total, total, file);
    assert.equal(report.valid, valid, file);
    assert.equal(report.mapping.columns.find((c) => c.header === "Geburtstag").field, "birthday");
  }
});
