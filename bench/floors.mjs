// What no wasm design can go below, measured in the same Node process as the library a user
// would pick instead: the JS work of handing V8 the result, before any parsing or checking.
//
//   node bench/floors.mjs [--pkg DIR] [--runs 9] [--rows 100000] [--schema FILE]
//
// 1. Reading (issue 13: bytes of a 100k-row CSV -> row objects, 2x Papa Parse asked): the row
//    objects readTable returns, built in V8 three ways from an already-made text (so reading the
//    file costs nothing): JSON.parse of their ASCII JSON text (what readTable sends), JSON.parse
//    of the UTF-8 text, and a flat cell text split and turned into objects by a generated
//    constructor (d3-dsv's technique; needs `new Function`, which the README's CSP forbids);
//    beside Papa Parse's whole job (TextDecoder + header: true) and readTable's.
// 2. Deals (issue 17: deal rows at least as fast as the JS baseline on the same live tables):
//    the crossing a wasm check cannot avoid (JSON.stringify of the body, copying its text, parsing
//    a report of only ok and findings, no rows back) against the baseline's whole job.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { HERE, ROOT, fmt, loadNodePkg, median, parseArgs, pkgDir } from "./lib.mjs";
import { contactsCsv } from "./contacts-csv.mjs";

const args = parseArgs();
const runs = Number(args.runs ?? 9);
const { lib } = loadNodePkg(pkgDir(args));
const require = createRequire(import.meta.url);
const Papa = require("papaparse");

function time(fn) {
  for (let i = 0; i < 3; i++) fn();
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

// 1. Reading.
const rows = Number(args.rows ?? 100_000);
const bytes = new TextEncoder().encode(contactsCsv(rows));
const table = lib.readTable(bytes);
const headers = table.headers;
const lists = new Set(headers.filter((h) => table.rows.some((r) => Array.isArray(r[h]))));
const utf8 = new TextEncoder().encode(JSON.stringify(table.rows));
const ascii = new TextEncoder().encode(JSON.stringify(table.rows).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
const flat = new TextEncoder().encode(
  table.rows.map((r) => headers.map((h) => (Array.isArray(r[h]) ? r[h].join("\x1e") : r[h] ?? "")).join("\x1f")).join("\x1f"),
);
const make = new Function(
  "c",
  "k",
  `return {${headers.map((h, i) => `${JSON.stringify(h)}: ${lists.has(h) ? `c[k+${i}].split("\\x1e")` : `c[k+${i}]`}`).join(",")}}`,
);
const read = {
  papa: time(() => Papa.parse(new TextDecoder().decode(bytes), { header: true, skipEmptyLines: true })),
  readTable: time(() => lib.readTable(bytes)),
  asciiJson: time(() => JSON.parse(new TextDecoder().decode(ascii))),
  utf8Json: time(() => JSON.parse(new TextDecoder().decode(utf8))),
  flat: time(() => {
    const c = new TextDecoder().decode(flat).split("\x1f");
    const out = new Array(c.length / headers.length);
    for (let r = 0, k = 0; k < c.length; r++, k += headers.length) out[r] = make(c, k);
    return out;
  }),
};
console.log(`# Reading: ${rows.toLocaleString("en")} rows, ${bytes.length.toLocaleString("en")} bytes (median of ${runs}, ms)`);
console.log("| Papa Parse (whole job) | readTable (whole job) | JSON.parse, ASCII text | JSON.parse, UTF-8 text | split + generated constructor | best floor / Papa |");
console.log("|---:|---:|---:|---:|---:|---:|");
const floor = Math.min(read.asciiJson, read.utf8Json, read.flat);
console.log(`| ${fmt(read.papa)} | ${fmt(read.readTable)} | ${fmt(read.asciiJson)} | ${fmt(read.utf8Json)} | ${fmt(read.flat)} | ${fmt(read.papa / floor, 2)}× at most |`);

// 2. Deals.
const baseline = await import("./baseline.mjs");
const { tablesFromOpenApi } = await import("./openapi-tables.mjs");
const schemaFile = args.schema ?? join(ROOT, "tests/fixtures/openapi/postgrest-swagger2.json");
const doc = JSON.parse(readFileSync(schemaFile, "utf8"));
const tables = tablesFromOpenApi(doc);
const text = readFileSync(join(HERE, "data", "deals-10k.json"), "utf8");
const body = JSON.parse(text);
const validator = lib.Validator.fromOpenApi(doc);
const report = validator.validateImport(body);
const minimal = JSON.stringify(report.rows.map((r) => ({ index: r.index, ok: r.ok, errors: r.errors, warnings: r.warnings })));
// The report as the library's text carries it: each row once (`request.payload` is made in JS
// from the rows' own objects, not parsed a second time).
const reportText = JSON.stringify({ ...report, request: null });
const deals = {
  baseline: time(() => baseline.validateImport(body, { tables })),
  ours: time(() => validator.validateImport(body)),
  stringify: time(() => JSON.stringify(body)),
  copy: time(() => new TextEncoder().encode(text)),
  minimal: time(() => JSON.parse(minimal)),
  report: time(() => JSON.parse(reportText)),
};
const crossing = deals.stringify + deals.copy + deals.minimal;
console.log(`\n# Deals: deals-10k on the live tables (median of ${runs}, ms)`);
console.log("| JS baseline (whole job) | validateImport (whole job) | JSON.stringify(body) | copy of its text | JSON.parse, report without rows | JSON.parse, report as sent (rows once) | crossing floor / baseline | the same with the rows / baseline |");
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
console.log(`| ${fmt(deals.baseline, 2)} | ${fmt(deals.ours, 2)} | ${fmt(deals.stringify, 2)} | ${fmt(deals.copy, 2)} | ${fmt(deals.minimal, 2)} | ${fmt(deals.report, 2)} | ${fmt(crossing / deals.baseline, 2)} | ${fmt((deals.stringify + deals.copy + deals.report) / deals.baseline, 2)} |`);
console.log(`To match the baseline, the check itself would have ${fmt(Math.max(0, deals.baseline - crossing), 2)} ms for ${body.payload.length.toLocaleString("en")} rows (${fmt((1000 * Math.max(0, deals.baseline - crossing)) / body.payload.length, 2)} µs a row).`);
