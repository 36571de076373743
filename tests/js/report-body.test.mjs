// `request`, the body to send, as the package builds it in JS: its payload holds the valid rows'
// own `row` objects (each valid row crosses from wasm once), in order, with the caller's
// top-level key order. Every entry point that returns an ImportReport is checked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const lib = require("../../pkg");

const LIST = "6ACDF7FB-9F8F-44D7-B67B-9FB833ABAD80";
const rows = [
  { external_id: "c1", whatsapp: ["0151 2345 6789"], country_codes: ["DE"] },
  { full_name: "no identifier" },
  { email: "  Ada@Example.com ", birthday: "1990-12-25" },
  "not an object",
  { external_id: "c4", is_blocked: "yes" },
];

function entryPoints() {
  const v = new lib.Validator(null);
  return {
    validateImport: (b) => lib.validateImport(b),
    validateImportJson: (b) => lib.validateImportJson(JSON.stringify(b)),
    "Validator.validateImport": (b) => v.validateImport(b),
    "Validator.validateImportJson": (b) => v.validateImportJson(JSON.stringify(b)),
    "validateImport with options": (b) => lib.validateImport(b, { unknownFields: "warn" }),
  };
}

for (const [name, run] of Object.entries(entryPoints())) {
  test(`${name}: request.payload is the valid rows' row objects, in order`, () => {
    const body = { contact_list_id: LIST, payload: rows, type: "contact_details" };
    const report = run(body);
    const valid = report.rows.filter((r) => r.ok);
    assert.equal(report.valid, 3);
    assert.deepEqual(valid.map((r) => r.index), [0, 2, 4]);
    assert.equal(report.request.payload.length, valid.length);
    valid.forEach((r, j) => assert.equal(report.request.payload[j], r.row, `payload[${j}] is rows[${r.index}].row`));
    assert.equal(report.request.payload[0].whatsapp, "+4915123456789");
    assert.equal(report.request.payload[1].email, "Ada@Example.com");
    // The caller's key order, payload in its place; the other fields normalised.
    assert.deepEqual(Object.keys(report.request), ["contact_list_id", "payload", "type"]);
    assert.equal(report.request.contact_list_id, LIST.toLowerCase());
    // Exactly what the Rust core sends (copies there): the same JSON.
    assert.equal(
      JSON.stringify(report.request),
      JSON.stringify({ contact_list_id: LIST.toLowerCase(), payload: valid.map((r) => r.row), type: "contact_details" }),
    );
  });

  test(`${name}: payload first or last keeps its place`, () => {
    for (const body of [
      { payload: [rows[0]], type: "contact_details", contact_list_id: LIST },
      { type: "contact_details", contact_list_id: LIST, payload: [rows[0]] },
    ]) {
      const report = run(body);
      assert.deepEqual(Object.keys(report.request), Object.keys(body));
      assert.equal(report.request.payload[0], report.rows[0].row);
    }
  });

  test(`${name}: request is null without a valid row or with a request-level error`, () => {
    assert.equal(run({ type: "contact_details", payload: [rows[1], rows[3]] }).request, null);
    const badType = run({ type: "nope", payload: [rows[0]] });
    assert.equal(badType.request, null);
    assert.equal(badType.rows.length, 1);
    assert.equal(run({ type: "contact_details", payload: "x" }).request, null);
  });
}

test("a report survives structuredClone and JSON with the shared rows", () => {
  const report = lib.validateImport({ type: "contact_details", payload: [rows[0], rows[2]] });
  const cloned = structuredClone(report);
  assert.deepEqual(cloned, report);
  assert.equal(cloned.request.payload[1], cloned.rows[1].row, "structuredClone keeps the sharing");
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
});

// Bodies of more than 2,000 rows are converted and checked a chunk at a time inside
// validateImport; the report must be exactly the one of the whole body (validateImportJson of
// its JSON text checks it in one piece).
function bigBody(n, headFirst = true) {
  const payload = [];
  for (let i = 0; i < n; i++) payload.push(i % 11 === 5 ? null : { ...rows[i % rows.length], external_id: i % 3 ? `c${i}` : undefined });
  const head = { contact_list_external_id: "list-7", type: "contact_details" };
  return headFirst ? { ...head, payload } : { payload, ...head };
}

for (const [name, run] of Object.entries({
  validateImport: (b) => lib.validateImport(b),
  "Validator.validateImport": (b) => new lib.Validator(null).validateImport(b),
  "validateImport with options": (b) => lib.validateImport(b, { unknownFields: "strip" }),
})) {
  test(`${name}: a 5,003-row body checked in chunks equals the whole-body report`, () => {
    for (const headFirst of [true, false]) {
      const body = bigBody(5003, headFirst);
      const got = run(body);
      const whole = name.endsWith("options")
        ? lib.validateImportJson(JSON.stringify(body), { unknownFields: "strip" })
        : lib.validateImportJson(JSON.stringify(body));
      assert.equal(got.rows.length, 5003);
      assert.deepEqual(got.rows.map((r) => r.index), [...Array(5003).keys()]);
      assert.deepEqual(got, whole);
      assert.deepEqual(Object.keys(got), Object.keys(whole));
      assert.deepEqual(Object.keys(got.request), Object.keys(body));
      const valid = got.rows.filter((r) => r.ok);
      assert.ok(valid.length > 1000 && valid.length < 5003);
      valid.forEach((r, j) => assert.equal(got.request.payload[j], r.row));
    }
  });
}

test("large bodies with rows JSON cannot express: those rows' invalid_json, every other row checked", () => {
  const withBigInt = bigBody(4500);
  withBigInt.payload[4400] = { external_id: "x", n: 10n };
  const cyclic = bigBody(4500);
  cyclic.payload[3000] = { external_id: "loop" };
  cyclic.payload[3000].self = cyclic;
  const throwing = bigBody(4500);
  Object.defineProperty(throwing.payload[2500], "boom", { enumerable: true, get() { throw new Error("getter"); } });
  const valid = lib.validateImport(bigBody(4500)).valid;
  for (const [body, at, reason] of [[withBigInt, 4400, /BigInt/], [cyclic, 3000, /circular/i], [throwing, 2500, /getter/]]) {
    const report = lib.validateImport(body);
    assert.deepEqual(report.errors, []);
    assert.equal(report.rows.length, 4500);
    assert.deepEqual(report.rows[at].errors.map((e) => e.code), ["invalid_json"]);
    assert.match(report.rows[at].errors[0].message, reason);
    assert.deepEqual(report.rows.map((r) => r.index), report.rows.map((_, i) => i), "every row, in order");
    // The row given in its place was valid in bigBody: one fewer valid row.
    assert.equal(report.valid, valid - 1);
    assert.equal(report.request.payload.length, valid - 1);
  }
  // The module is still usable afterwards.
  assert.equal(lib.validateImport(bigBody(2500)).total, 2500);
});

test("large bodies that are not plain data are checked as JSON.stringify sees them", () => {
  const proto = JSON.parse(`{"__proto__": {"x": 1}, "type": "contact_details"}`);
  proto.payload = bigBody(2100).payload;
  class Body {
    constructor() { this.type = "contact_details"; this.payload = bigBody(2100).payload; }
  }
  const withToJson = { type: "deal_details", payload: bigBody(2100).payload, toJSON() { return { type: "contact_details", payload: [{ email: "a@b.de" }] }; } };
  const payloadToJson = { type: "contact_details", payload: Object.assign(bigBody(2100).payload, { toJSON: () => [{ email: "a@b.de" }] }) };
  const hidden = { type: "contact_details" };
  Object.defineProperty(hidden, "payload", { value: bigBody(2100).payload, enumerable: false });
  for (const body of [proto, new Body(), withToJson, payloadToJson, hidden]) {
    assert.deepEqual(lib.validateImport(body), lib.validateImportJson(JSON.stringify(body)));
  }
  assert.equal(lib.validateImport(withToJson).total, 1);
  assert.equal(lib.validateImport(hidden).errors[0].field, "payload");
  assert.ok(lib.validateImport(proto).warnings.some((w) => w.field === "__proto__"));
});

test("a sparse payload: holes are null rows, in chunks as in one piece; a 2**32-1 array is refused, not walked", () => {
  const sparse = { type: "contact_details", payload: new Array(20_000) };
  sparse.payload[7] = { email: "a@b.de" };
  sparse.payload[19_999] = { external_id: "last" };
  const report = lib.validateImport(sparse);
  assert.deepEqual(report, lib.validateImportJson(JSON.stringify(sparse)));
  assert.equal(report.total, 20_000);
  assert.equal(report.valid, 2);
  assert.equal(report.rows[0].errors[0].code, "row_not_object");

  const huge = lib.validateImport({ type: "contact_details", payload: new Array(2 ** 32 - 1) });
  assert.deepEqual(huge.errors.map((e) => e.code), ["invalid_json"]);
  assert.equal(lib.validateImport(sparse).valid, 2, "still usable");
});

test("a getter that shortens the payload while it is read: the rows JSON.stringify sees", () => {
  const make = () => {
    const body = bigBody(5000);
    Object.defineProperty(body.payload, 10, { enumerable: true, get() { body.payload.length = 100; return { email: "late@b.de" }; } });
    return body;
  };
  const report = lib.validateImport(make());
  assert.deepEqual(report, lib.validateImportJson(JSON.stringify(make())));
  assert.equal(report.total, 5000);
  assert.equal(report.rows[4999].errors[0].code, "row_not_object");
});

test("large bodies behind proxies and throwing getters: the JSON.stringify answer, never an exception", () => {
  const plain = bigBody(3000);
  // A transparent proxy is read like the object itself.
  assert.deepEqual(lib.validateImport(new Proxy(plain, {})), lib.validateImportJson(JSON.stringify(plain)));
  const transparentPayload = { ...plain, payload: new Proxy(plain.payload, {}) };
  assert.deepEqual(lib.validateImport(transparentPayload), lib.validateImportJson(JSON.stringify(plain)));

  // JSON.stringify never asks for the prototype: a throwing trap there changes nothing.
  const protoTrap = new Proxy(plain, { getPrototypeOf: () => { throw new Error("trap"); } });
  assert.deepEqual(lib.validateImport(protoTrap), lib.validateImportJson(JSON.stringify(plain)));

  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const revokedPayload = Proxy.revocable(plain.payload, {});
  revokedPayload.revoke();
  const boom = () => { throw new Error("trap"); };
  const headGetter = { ...plain };
  Object.defineProperty(headGetter, "contact_list_id", { enumerable: true, get: boom });
  const cases = {
    "revoked body": revoked.proxy,
    "revoked payload": { type: "contact_details", payload: revokedPayload.proxy },
    "payload get trap throws at 2500": { ...plain, payload: new Proxy(plain.payload, { get: (t, k, r) => (k === "2500" ? boom() : Reflect.get(t, k, r)) }) },
    "payload length throws": { ...plain, payload: new Proxy(plain.payload, { get: (t, k, r) => (k === "length" ? boom() : Reflect.get(t, k, r)) }) },
    "body ownKeys throws": new Proxy(plain, { ownKeys: boom }),
    "head getter throws": headGetter,
  };
  for (const [name, body] of Object.entries(cases)) {
    let report;
    assert.doesNotThrow(() => { report = lib.validateImport(body); }, name);
    assert.deepEqual(report.errors.map((e) => e.code), ["invalid_json"], name);
    assert.equal(report.rows.length, 0, name);
  }
  assert.equal(lib.validateImport(plain).total, 3000, "still usable");
});

test("a session given a body with rows: those rows are the summary's error, not silently left out", () => {
  for (const make of [(b) => new lib.ImportSession(b), (b) => new lib.Validator({ locale: "de" }).session(b)]) {
    const session = make({ type: "contact_details", payload: [{ email: "a@b.de" }] });
    assert.equal(session.push([{ email: "c@d.de" }])[0].ok, true);
    const summary = session.finish();
    assert.deepEqual(summary.errors.map((e) => [e.code, e.field, e.params.rows]), [["payload_in_session_head", "payload", 1]]);
    assert.equal(summary.request, null);
  }
});

// finish() sums up the rows pushed so far; the session stays open, as the README says.
test("ImportSession: finish() is a summary so far, and a later push is counted by the next", () => {
  const s = new lib.ImportSession({ type: "contact_details", contact_list_id: LIST });
  s.push(rows.slice(0, 2));
  const first = s.finish();
  assert.deepEqual([first.total, first.valid, first.invalid], [2, 1, 1]);
  s.push(rows.slice(2, 3));
  const second = s.finish();
  assert.deepEqual([second.total, second.valid, second.invalid], [3, 2, 1]);
  assert.deepEqual([first.total, s.total], [2, 3]);
});
