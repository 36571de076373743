// Values JSON has no form for (NaN, ±Infinity, an invalid Date, undefined or a function in a
// list) are written as null by JSON.stringify, which the server would then receive: each says so
// in a `sent_as_null` warning on its row (or on the body), with the value and its path, on every
// entry point that takes JS values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const lib = require("../../pkg");

const nulls = (issues) => issues.filter((i) => i.code === "sent_as_null").map((i) => [i.field, i.params.path, i.params.value]);

const contact = (i, extra = {}) => ({ external_id: `c${i}`, email: `p${i}@example.com`, ...extra });

test("each value written as null is its row's warning, across chunks, with its path", () => {
  const payload = Array.from({ length: 600 }, (_, i) => contact(i));
  payload[3] = contact(3, { zipcode: NaN });
  payload[300] = contact(300, { city: Infinity, whatsapp: ["+49 151 23456789", undefined, () => 1] });
  payload[599] = contact(599, { birthday: new Date("not a date"), custom_fields: { score: -Infinity } });
  payload[10] = contact(10, { city: null }); // a real null is not a finding
  const report = lib.validateImport({ type: "contact_details", payload });
  assert.equal(report.total, 600);
  assert.deepEqual(nulls(report.rows[3].warnings), [["zipcode", "zipcode", "NaN"]]);
  assert.deepEqual(nulls(report.rows[300].warnings), [
    ["city", "city", "Infinity"],
    ["whatsapp", "whatsapp[1]", "undefined"],
    ["whatsapp", "whatsapp[2]", "function"],
  ]);
  const said = (row, path) => report.rows[row].warnings.find((i) => i.params.path === path).message;
  assert.equal(said(300, "whatsapp[2]"), "a function has no form in JSON: `whatsapp[2]` is sent as null");
  assert.equal(said(599, "birthday"), "an invalid Date has no form in JSON: `birthday` is sent as null");
  assert.deepEqual(nulls(report.rows[599].warnings), [
    ["birthday", "birthday", "Invalid Date"],
    ["custom_fields", "custom_fields.score", "-Infinity"],
  ]);
  const flagged = report.rows.filter((r) => nulls(r.warnings).length > 0).map((r) => r.index);
  assert.deepEqual(flagged, [3, 300, 599]);
  // The row is checked as sent: the value is null there, and the row stays valid.
  assert.equal(report.rows[3].ok, true);
  assert.equal(report.rows[3].row.zipcode, null);
  assert.equal(report.rows[300].row.whatsapp, "+4915123456789");
  const w = report.rows[3].warnings.find((i) => i.code === "sent_as_null");
  assert.equal(w.message, "NaN has no form in JSON: `zipcode` is sent as null");
});

test("a top-level field of the body, and the whole-body path (a body that is not a plain object)", () => {
  const chunked = lib.validateImport({ type: "deal_details", allow_deal_reassignment: NaN, payload: [{ external_id: "d1", contact_external_id: "c1" }] });
  assert.deepEqual(nulls(chunked.warnings), [["allow_deal_reassignment", "allow_deal_reassignment", "NaN"]]);
  assert.deepEqual(nulls(chunked.rows[0].warnings), []);

  class Body {
    constructor() {
      this.type = "contact_details";
      this.allow_deal_reassignment = -Infinity;
      this.payload = [contact(0), contact(1, { zipcode: NaN }), NaN];
    }
  }
  const whole = lib.validateImport(new Body());
  assert.deepEqual(nulls(whole.warnings), [["allow_deal_reassignment", "allow_deal_reassignment", "-Infinity"]]);
  assert.deepEqual(nulls(whole.rows[1].warnings), [["zipcode", "zipcode", "NaN"]]);
  assert.deepEqual(nulls(whole.rows[0].warnings), []);
  // A row that is itself NaN is a row that is not an object; nothing more.
  assert.deepEqual(whole.rows[2].errors.map((e) => e.code), ["row_not_object"]);
  assert.deepEqual(nulls(whole.rows[2].warnings), []);
});

test("validateRow, a session's push (also when a row is refused) and German messages", () => {
  const v = new lib.Validator({ locale: "de" });
  const row = v.validateRow("contact_details", contact(0, { zipcode: new Number(NaN) }));
  assert.deepEqual(nulls(row.warnings), [["zipcode", "zipcode", "NaN"]]);
  assert.match(row.warnings.find((i) => i.code === "sent_as_null").message, /NaN lässt sich in JSON nicht darstellen: `zipcode` wird als null gesendet/);

  const session = v.session({ type: "contact_details" });
  const first = session.push([contact(0), contact(1, { city: NaN })]);
  assert.deepEqual(first.map((r) => nulls(r.warnings)), [[], [["city", "city", "NaN"]]]);
  // A BigInt makes the chunk convert row by row: the findings keep their rows.
  const second = session.push([contact(2, { zipcode: 1n }), contact(3, { city: Infinity })]);
  assert.deepEqual(second.map((r) => r.index), [2, 3]);
  assert.equal(second[0].errors[0].code, "invalid_json");
  assert.deepEqual(nulls(second[1].warnings), [["city", "city", "Infinity"]]);
});

test("a row whose getter throws on the second read is still checked, and the other rows keep their findings", () => {
  let reads = 0;
  const row = contact(0, { city: null });
  Object.defineProperty(row, "zipcode", { enumerable: true, get: () => { if (reads++ > 0) throw new Error("once"); return NaN; } });
  const report = lib.validateImport({ type: "contact_details", payload: [row, contact(1, { city: NaN })] });
  assert.equal(report.total, 2);
  assert.equal(report.rows[0].ok, true);
  assert.equal(report.rows[0].row.zipcode, null);
  // The second look at that row threw: nothing found for it, rather than a failed check.
  assert.deepEqual(nulls(report.rows[0].warnings), []);
  assert.deepEqual(nulls(report.rows[1].warnings), [["city", "city", "NaN"]]);
});

test("a row or body that is itself NaN is only what it is; a session's head says it too", () => {
  const v = new lib.Validator();
  const row = v.validateRow("contact_details", NaN);
  assert.deepEqual(row.errors.map((e) => e.code), ["row_not_object"]);
  assert.deepEqual(nulls(row.warnings), []);
  const bad = lib.validateImport(new Date(NaN));
  assert.deepEqual(nulls(bad.warnings), []);
  const session = v.session({ type: "contact_details", contact_list_id: NaN });
  // A BigInt sends this push row by row: the NaN row is still just not an object.
  const pushed = session.push([NaN, contact(1, { zipcode: 1n })]);
  assert.deepEqual(pushed[0].errors.map((e) => e.code), ["row_not_object"]);
  assert.deepEqual(nulls(pushed[0].warnings), []);
  session.push([contact(2)]);
  assert.deepEqual(nulls(session.finish().warnings), [["contact_list_id", "contact_list_id", "NaN"]]);
});

test("rows of plain data with real nulls, and rows that are not plain data", () => {
  // Plain rows with nulls: nothing to say (the quick walk); a valid Date beside a null, a row of
  // a class, a toJSON: the exact answer, which finds only what JSON.stringify wrote as null.
  class Row {
    constructor(i) {
      Object.assign(this, contact(i, { city: null, zipcode: NaN }));
    }
  }
  const payload = [
    contact(0, { city: null, whatsapp: ["+49 151 23456789", null] }),
    { ...contact(1, { city: null }), birthday: new Date(Date.UTC(1990, 0, 2)) },
    new Row(2),
    { toJSON: () => contact(3, { city: null, zipcode: -Infinity }) },
  ];
  const report = lib.validateImport({ type: "contact_details", payload });
  assert.deepEqual(report.rows.map((r) => nulls(r.warnings)), [
    [],
    [],
    [["zipcode", "zipcode", "NaN"]],
    [["zipcode", "zipcode", "-Infinity"]],
  ]);
});

test("the code is listed in codes()", () => {
  assert.ok(lib.codes().includes("sent_as_null"));
});
