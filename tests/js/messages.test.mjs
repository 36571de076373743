// `locale: "de"` through the package: every message the library makes is German, and codes,
// fields and params are the same as in English.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const lib = require("../../pkg");
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/files");

const body = {
  type: "contact_details",
  payload: [
    { external_id: "1", sms: "0151 1", country_codes: ["DE"], birthday: "1990-02-30", email: "nope" },
    { external_id: "1", email: "a@b.de", is_blocked: "ja" },
  ],
};

const strip = (issues) => issues.map(({ message, ...rest }) => rest);

test("row findings: German messages, the same codes, fields and params", () => {
  const de = new lib.Validator({ locale: "de" }).validateImport(body);
  const en = new lib.Validator({ locale: "en" }).validateImport(body);
  assert.deepEqual(strip(de.rows[0].errors), strip(en.rows[0].errors));
  assert.deepEqual(strip(de.rows[1].warnings), strip(en.rows[1].warnings));
  const messages = de.rows[0].errors.map((e) => e.message);
  assert.ok(messages.includes("birthday „1990-02-30“ gibt es nicht: Der Februar 1990 hat keinen 30. Tag."), messages.join("\n"));
  assert.ok(messages.includes("email: „nope“ ist keine E-Mail-Adresse: Das @ fehlt."), messages.join("\n"));
  assert.ok(messages.some((m) => m.startsWith("sms: Die Telefonnummer „0151 1“")), messages.join("\n"));
  for (const m of de.rows.flatMap((r) => [...r.errors, ...r.warnings]).map((i) => i.message)) {
    assert.doesNotMatch(m, /\b(the|is|not|expected|value|row)\b/, m);
  }
});

test("a session, readTable notices, mapping notes, phone reasons and thrown errors follow the locale", () => {
  const session = new lib.ImportSession({ type: "contact_details" }, { locale: "de-AT" });
  assert.throws(() => session.push(7), (e) => e.code === "payload_not_array" && /Liste von Zeilen/.test(e.message));
  assert.match(session.finish().errors[0].message, /ist leer/);

  const table = lib.readTable(readFileSync(path.join(dir, "excel-de.csv")), { locale: "de" });
  const guessed = table.notices.find((n) => n.code === "encoding_guessed");
  assert.ok(guessed, JSON.stringify(table.notices));
  assert.match(guessed.message, /wurde als windows-1252 gelesen/);

  const mapping = lib.suggestMapping(table.headers, "contact_details", { sample: table.rows, locale: "de" });
  for (const c of mapping.columns) assert.ok(typeof c.note === "string" && c.note.length > 0, JSON.stringify(c));
  assert.ok(mapping.columns.some((c) => c.reason === "synonym" && c.note === "Ein bekannter Name für das Feld."));

  const phone = new lib.Validator({ locale: "de", defaultCountryCodes: ["DE"] }).resolvePhone(["", "0151 1", "+49 151 23456789"]);
  assert.deepEqual(phone.candidates.map((c) => c.reason), ["leer", "keine gültige Nummer (geprüft für DE)", null]);
  assert.deepEqual(phone.candidates.map((c) => c.why?.code ?? null), ["blank", "invalid_in", null]);

  // A workbook's notices (read by the spreadsheet module) in the asked language too.
  lib.enableSpreadsheets(require("../../pkg/sheets/node/mateo_import_sheets.js"));
  const xlsx = readFileSync(path.join(dir, "contacts.xlsx"));
  const de = lib.readTable(xlsx, { locale: "de" }).notices;
  const en = lib.readTable(xlsx).notices;
  assert.deepEqual(de.map((n) => [n.code, n.params]), en.map((n) => [n.code, n.params]));
  assert.ok(de.length >= 2, JSON.stringify(de));
  for (const [d, e] of de.map((n, i) => [n, en[i]])) assert.notEqual(d.message, e.message, d.code);
  assert.ok(de.some((n) => n.code === "title_rows_skipped" && /Kopfzeile/.test(n.message)), JSON.stringify(de));
  assert.throws(() => lib.readTable(xlsx, { locale: "de", sheet: "Nope" }), (e) => e.code === "sheet_not_found" && /Arbeitsmappe/.test(e.message));

  assert.throws(() => new lib.Validator({ locale: "de", defaultCountryCodes: ["XX"] }), (e) => e.code === "invalid_options" && /unbekannte Ländercodes/.test(e.message));
  assert.throws(() => new lib.Validator({ locale: "fr" }), (e) => e.code === "invalid_options" && /locale/.test(e.message));
  assert.throws(() => lib.readTable(new Uint8Array([1]), { locale: "de", delimiter: "ab" }), (e) => e.code === "invalid_read_option" && /Leseoption/.test(e.message));
});

test("phone_ambiguous through the package: the row error with both readings, and resolvePhone's ambiguous", () => {
  const report = lib.validateImport({ type: "contact_details", payload: [{ email: "a@b.de", whatsapp: "4915123456789" }] }, { defaultCountryCodes: ["DE"], locale: "de" });
  const e = report.rows[0].errors.find((x) => x.code === "phone_ambiguous");
  assert.deepEqual(e.params, { value: "4915123456789", national: "+494915123456789", international: "+4915123456789" });
  assert.match(e.message, /^whatsapp: „4915123456789“ lässt sich als \+494915123456789 lesen/);
  assert.equal(report.valid, 0);
  const r = lib.resolvePhone("4915123456789", ["DE"]);
  assert.deepEqual([r.ok, r.e164, r.ambiguous], [true, "+494915123456789", "+4915123456789"]);
  assert.equal("ambiguous" in lib.resolvePhone("+4915123456789"), false);
});

test("thrown errors: in the validator's language, with params", () => {
  const thrown = (f) => { try { f(); } catch (e) { return e; } return null; };
  const de = new lib.Validator({ locale: "de" });
  for (const f of [() => de.validateRow("kontakte", {}), () => de.fieldNames("kontakte")]) {
    const e = thrown(f);
    assert.equal(e?.code, "unknown_import_type");
    assert.match(e.message, /kontakte/);
    assert.doesNotMatch(e.message, /\bis not\b|\bone of\b/, `German: ${e.message}`);
    assert.deepEqual(e.params, { got: '"kontakte"' });
  }
  const schema = thrown(() => lib.Validator.fromOpenApi({ swagger: 7 }, { locale: "de" }));
  assert.equal(schema?.code, "invalid_schema");
  assert.equal(typeof schema.params.reason, "string");
  assert.equal(typeof schema.params.path, "string");
  const session = new lib.ImportSession({ type: "contact_details" }, { locale: "de" });
  const push = thrown(() => session.push("x"));
  assert.equal(push?.code, "payload_not_array");
  assert.deepEqual(push.params, { got: "a string" });
  // The mapping notes of Validator.suggestMapping are German too, and its sample is optional.
  const mapping = de.suggestMapping(["Vorname", "E-Mail"], "contact_details");
  assert.ok(mapping.columns.every((c) => !/known name/.test(c.note)), JSON.stringify(mapping.columns));
});
