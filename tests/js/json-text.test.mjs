// validateImportJson reads a large text a chunk of rows at a time, and copies a long JS string
// into wasm memory in pieces of 65,536 UTF-16 units. These check that nothing of the text is
// lost or changed on the way: characters across piece boundaries, reports in chunks against
// rows checked one small push at a time, and the texts it hands to the whole-text path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const lib = require("../../pkg");

const PIECE = 65536;
const HEAD = '{"type":"contact_details","payload":[{"external_id":"x","full_name":"';

test("characters at and across the string's piece boundaries arrive whole", () => {
  const specials = ["😀", "é", "日本", "\u{10FFFF}", "a"];
  for (const ch of specials) {
    // The character's first unit lands on each position around the first and second boundary.
    for (const boundary of [PIECE, 2 * PIECE]) {
      for (let at = boundary - 3; at <= boundary + 1; at++) {
        const name = "n".repeat(at - HEAD.length) + ch + "ü".repeat(7);
        const text = `${HEAD}${name}"}]}`;
        const report = lib.validateImportJson(text);
        assert.equal(report.total, 1, `${ch} at ${at}`);
        assert.equal(report.rows[0].row.full_name, name, `${ch} at ${at}`);
        assert.equal(report.request.payload[0].full_name, name);
      }
    }
  }
});

test("long texts of two-, three- and four-byte characters arrive whole", () => {
  for (const ch of ["ж", "日", "😀"]) {
    const name = ch.repeat(5 * PIECE) + "ok";
    const report = lib.validateImportJson(`${HEAD}${name}"}]}`);
    assert.equal(report.rows[0].row.full_name, name, ch);
  }
});

test("a lone surrogate in a long text becomes U+FFFD, as in a short one", () => {
  for (const len of [10, 3 * PIECE]) {
    const name = "m".repeat(len) + "\ud800" + "x" + "\udc00";
    const report = lib.validateImportJson(`${HEAD}${name}"}]}`);
    assert.equal(report.rows[0].row.full_name, "m".repeat(len) + "\ufffdx\ufffd");
  }
});

function messyRows(n) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    if (i % 97 === 13) rows.push(null);
    else if (i % 89 === 7) rows.push(`row ${i}`);
    else
      rows.push({
        external_id: i % 5 ? `c${i}` : undefined,
        full_name: ["Zoë", "Ågot 😀", "日本 太郎", "Jo\"[]{}\\", "x"][i % 5] + ` ${i}`,
        whatsapp: i % 3 ? ["0151 2345 6789", `+49 30 ${1000000 + i}`] : "nope",
        country_codes: ["DE"],
        email: i % 4 ? `p${i}@example.com` : "broken@",
        is_blocked: i % 7 ? false : "maybe",
        mystery: i % 11 ? undefined : { nested: [i, [i, { "]": "}" }]] },
      });
  }
  return rows;
}

test("a large text in chunks: the reports of the rows pushed a few at a time, the body to send", () => {
  const rows = messyRows(1234);
  for (const [name, body] of [
    ["head first", { type: "contact_details", contact_list_external_id: "L", payload: rows }],
    ["payload first", { payload: rows, type: "contact_details", contact_list_external_id: "L" }],
  ]) {
    // Pretty-printed: whitespace between every token.
    const text = JSON.stringify(body, null, 2);
    const report = new lib.Validator(null).validateImportJson(text);
    const session = new lib.ImportSession({ type: "contact_details", contact_list_external_id: "L" }, null);
    const pushed = [];
    for (let i = 0; i < rows.length; i += 37) pushed.push(...session.push(rows.slice(i, i + 37)));
    assert.deepEqual(report.rows, pushed, name);
    const summary = session.finish();
    assert.equal(report.total, 1234);
    assert.equal(report.valid, summary.valid);
    assert.deepEqual(Object.keys(report.request), Object.keys(body), name);
    const valid = report.rows.filter((r) => r.ok);
    assert.equal(report.request.payload.length, valid.length);
    valid.forEach((r, j) => assert.equal(report.request.payload[j], r.row));
  }
});

test("texts the chunked reading hands to the whole-text path get its answer", () => {
  const rows = JSON.stringify(messyRows(600));
  const deep = "[".repeat(200) + "]".repeat(200);
  // Valid JSON beyond serde_json in a row past the first chunk (a number out of f64's range,
  // nesting past 128 levels): that row's invalid_json, and the 600 rows before it are checked.
  for (const bad of ["1e400", deep]) {
    const report = lib.validateImportJson(`{"type":"contact_details","payload":${rows.slice(0, -1)},{"n":${bad}}]}`);
    assert.deepEqual(report.errors, []);
    assert.equal(report.total, 601);
    assert.deepEqual(report.rows[600].errors.map((e) => e.code), ["invalid_json"]);
    assert.equal(report.rows.filter((r) => r.ok).length, lib.validateImportJson(`{"type":"contact_details","payload":${rows}}`).valid);
  }
  const cases = {
    // Cut off, trailing garbage, a trailing comma.
    [`{"type":"contact_details","payload":${rows}`]: "invalid_json",
    [`{"type":"contact_details","payload":${rows}}x`]: "invalid_json",
    [`{"type":"contact_details","payload":${rows.slice(0, -1)},]}`]: "invalid_json",
    // Not an object.
    [rows]: "request_not_object",
  };
  for (const [text, code] of Object.entries(cases)) {
    const report = lib.validateImportJson(text);
    assert.deepEqual(report.errors.map((e) => e.code), [code], text.slice(-40));
    assert.equal(report.rows.length, 0);
    assert.equal(report.request, null);
  }
  // And the module is still in order afterwards.
  assert.equal(lib.validateImportJson(`{"type":"contact_details","payload":${rows}}`).total, 600);
});
