// The live schema through the package: Validator.fromOpenApi, schemaSource, schemaIssues,
// validator.session. Run after scripts/build.sh: node --test tests/js/openapi.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const lib = require("../../pkg");
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/openapi");
const swaggerText = readFileSync(path.join(dir, "postgrest-swagger2.json"), "utf8");
const oas3Text = readFileSync(path.join(dir, "openapi3.json"), "utf8");

const deals = [
  { external_id: "d1", title: "Deal 1", contact_external_id: "c1", value: 12.5, stage: "won", tags: ["a"] },
  { external_id: "d2", title: "Deal 2", contact_id: "3c90c3cc-0d44-4b50-8888-8dd25736052a", stage: "maybe" },
];

test("fromOpenApi takes the document as an object or as text, and says which schema is in use", () => {
  for (const doc of [JSON.parse(swaggerText), swaggerText, JSON.parse(oas3Text), oas3Text]) {
    const v = lib.Validator.fromOpenApi(doc, { defaultCountryCodes: ["DE"] });
    const source = v.schemaSource;
    assert.equal(source.source, "openapi");
    assert.equal(source.title, "Mateo API");
    assert.equal(source.version, "12.2.3");
    assert.deepEqual(Object.keys(source.tables).sort(), ["appointment_details", "contact_details", "deal_details"]);
    assert.equal(source.tables.deal_details.source, "openapi");
    assert.equal(source.tables.deal_details.definition, "deal_details");
    const unknown = v.schemaIssues.filter((i) => i.code === "schema_unknown_format");
    assert.equal(unknown.length, 6);
    assert.deepEqual(unknown.find((i) => i.field === "sales_cycle").params, { table: "deal_details", column: "sales_cycle", format: "interval" });
    assert.deepEqual(source.issues, v.schemaIssues);
    v.free();
  }
  const embedded = new lib.Validator();
  assert.equal(embedded.schemaSource.source, "embedded");
  assert.equal(embedded.schemaSource.tables.deal_details.open, true);
  assert.deepEqual(embedded.fieldNames("deal_details"), ["contact_external_id", "contact_id", "external_id"]);
  assert.deepEqual(embedded.schemaIssues, []);
  assert.equal(embedded.schemaSource.tables.deal_details.fields, 3);
});

test("deal rows on the live schema: no unknown_field noise, enums complete", () => {
  const v = lib.Validator.fromOpenApi(swaggerText);
  const report = v.validateImport({ type: "deal_details", payload: deals });
  assert.equal(report.rows[0].ok, true);
  assert.deepEqual(report.rows[0].warnings, []);
  assert.deepEqual(report.rows[1].errors.map((e) => [e.code, e.field]), [["invalid_enum", "stage"]]);
  const embedded = lib.validateImport({ type: "deal_details", payload: deals });
  assert.ok(embedded.rows[0].warnings.some((w) => w.code === "unknown_field"));
  assert.equal(v.schemaSource.tables.deal_details.open, false);
  const names = v.fieldNames("deal_details");
  assert.ok(names.includes("title") && names.includes("stage") && names.includes("contact_external_id"));
  assert.ok(!names.includes("created_at") && !names.includes("id"), "server-managed fields are no targets");
  // Mapping suggestions on the live tables: a deal column is a target now.
  const mapping = v.suggestMapping(["Titel", "stage", "Kunde extern"], "deal_details", [{ Titel: "x", stage: "won" }]);
  assert.equal(mapping.columns.find((c) => c.header === "stage").field, "stage");
  assert.throws(() => v.fieldNames("deals"), (e) => e.code === "unknown_import_type");
  // A session on the same tables and options.
  const s = v.session({ type: "deal_details" });
  const reports = s.push(deals);
  assert.deepEqual(reports.map((r) => r.ok), [true, false]);
  assert.deepEqual(reports[0].warnings, []);
  assert.equal(s.finish().valid, 1);
  s.free();
  v.free();
});

test("a missing table keeps the embedded one, with a notice", () => {
  const v = lib.Validator.fromOpenApi({ swagger: "2.0", info: { title: "t", version: "1" }, definitions: {
    deal: { properties: { title: { format: "text", type: "string" } }, required: ["title"] } } });
  assert.equal(v.schemaSource.tables.deal_details.definition, "deal");
  assert.equal(v.schemaSource.tables.contact_details.source, "embedded");
  assert.deepEqual(v.schemaIssues.map((i) => i.code), ["schema_table_missing", "schema_table_missing"]);
  assert.deepEqual(v.schemaIssues[0].params, { import_type: "contact_details", tried: ["contact_details", "contact"] });
});

test("malformed documents throw invalid_schema, never trap", () => {
  const cyclic = { swagger: "2.0" };
  cyclic.self = cyclic;
  const cases = [
    [42, "not_an_object"],
    [undefined, "not_json"],
    ["{", "not_json"],
    [[], "not_an_object"],
    [{ info: {} }, "not_openapi"],
    [{ swagger: "2.0", definitions: { deal_details: { $ref: "#/definitions/deal_details" } } }, "ref_cycle"],
    [{ swagger: "2.0", definitions: { deal_details: { properties: { x: 5 } } } }, "wrong_type"],
    [cyclic, "not_json"],
    ["[".repeat(100000) + "]".repeat(100000), "too_deep"],
    [JSON.stringify({ swagger: "2.0", x: "a".repeat(17 << 20) }), "too_large"],
    [{ swagger: "2.0", x: "a".repeat(17 << 20) }, "too_large"],
  ];
  for (const [doc, reason] of cases) {
    assert.throws(() => lib.Validator.fromOpenApi(doc), (e) => {
      assert.equal(e.code, "invalid_schema");
      assert.match(e.message, new RegExp(reason));
      return true;
    });
  }
  assert.throws(() => lib.Validator.fromOpenApi(swaggerText, { unknownFields: "maybe" }), (e) => e.code === "invalid_options");
  // Still usable after all that.
  assert.equal(lib.Validator.fromOpenApi(swaggerText).schemaSource.source, "openapi");
  assert.ok(lib.codes().includes("schema_unknown_format"));
});
