// parseCsv sends its rows across from wasm 250 at a time. The rows of a large file must be those
// of its lines read one by one, in order, with the file's notices (line numbers included).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const lib = require("../../pkg");

test("a 1,203-row CSV: the rows of its lines read one at a time, in order, and its notices", () => {
  const header = "external_id;full_name;whatsapp;country_codes";
  const lines = [];
  for (let i = 0; i < 1203; i++) {
    if (i % 100 === 7) lines.push(";;;"); // blank: skipped
    const extra = i % 250 === 249 ? ";surplus" : "";
    lines.push(`c${i};"Zoë ""${i}"" 😀";0151 ${1000000 + i}, +43 664 ${i};de|AT${extra}`);
  }
  const text = `${header}\r\n${lines.join("\r\n")}\r\n`;
  const whole = lib.parseCsv(text);
  const oneByOne = lines.flatMap((line) => lib.parseCsv(`${header}\n${line}\n`).rows);
  assert.equal(whole.rows.length, 1203);
  assert.deepEqual(whole.rows, oneByOne);
  assert.equal(whole.rows[1202].external_id, "c1202");
  assert.deepEqual(whole.rows[5].whatsapp, ["0151 1000005", "+43 664 5"]);
  assert.deepEqual(whole.headers, ["external_id", "full_name", "whatsapp", "country_codes"]);
  assert.equal(whole.delimiter, ";");
  assert.deepEqual(Object.keys(whole), ["rows", "headers", "delimiter", "errors"]);
  // The extra cells of rows 249, 499, ... reported with their line numbers, in order.
  const extra = whole.errors.filter((e) => e.code === "csv_extra_cells");
  assert.equal(extra.length, 4);
  const lineOf = (i) => 2 + i + Math.floor((i + 93) / 100); // header, then blank lines before i
  assert.deepEqual(extra.map((e) => e.message.match(/line (\d+)/)[1]).map(Number), [249, 499, 749, 999].map(lineOf));
});
