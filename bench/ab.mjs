// Two builds of the package side by side in one Node process, passes interleaved, on the same
// data: what a change of the library (not of the machine) did to `validateImport` and
// `validateImportJson`. Each variant is a package dir plus the options its calls get, so a later
// build can be measured with a new check turned off against an older build that lacked it.
//
//   node bench/ab.mjs [--runs 7] [--sets contacts-mixed-10k,contacts-mixed-100k]
//                     NAME=DIR[:OPTIONS_JSON] ...
//   e.g. node bench/ab.mjs s5=bench/build/s5.Oz now=pkg 'now-off=pkg:{"duplicates":"off"}'
//
// Per set and method: untimed warm-up (300 ms at least per variant), then the variants in turn,
// `runs` times; median wall clock per variant and its ratio to the first variant. The answers of
// every variant are compared row by row (ok / not ok) so a faster build cannot be a wrong one.
//
//   --schema FILE   each variant checks with `Validator.fromOpenApi(FILE)` (the live schema) instead
//                   of the embedded tables (deal and appointment sets)
//   --js            adds the plain-JS baseline (bench/baseline.mjs; with --schema on tables made from
//                   the same description) as a last column, interleaved like the variants, and each
//                   variant's speed as a multiple of it
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

import * as baseline from "./baseline.mjs";
import { HERE, fmt, loadNodePkg, median, parseArgs } from "./lib.mjs";
import { tablesFromOpenApi } from "./openapi-tables.mjs";

const args = parseArgs();
const runs = Number(args.runs ?? 7);
const sets = String(args.sets ?? "contacts-mixed-10k,contacts-mixed-100k").split(",");
const FLAGS = new Set(["--js"]);
const specs = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith("--") && !((all[i - 1] ?? "").startsWith("--") && !FLAGS.has(all[i - 1])));
const schema = args.schema ? readFileSync(args.schema, "utf8") : null;
const jsTables = schema ? tablesFromOpenApi(JSON.parse(schema)) : undefined;
if (specs.length < 2) throw new Error("give at least two NAME=DIR[:OPTIONS_JSON]");

const variants = specs.map((spec) => {
  const [name, rest] = [spec.slice(0, spec.indexOf("=")), spec.slice(spec.indexOf("=") + 1)];
  const colon = rest.indexOf(":{");
  const dir = colon < 0 ? rest : rest.slice(0, colon);
  const options = colon < 0 ? {} : JSON.parse(rest.slice(colon + 1));
  // A package dir is loaded once per process (require caches by path), so two variants of one
  // dir share the instance; that is what a user of that build would have too.
  const lib = loadNodePkg(resolve(dir)).lib;
  const validator = schema ? lib.Validator.fromOpenApi(schema, options) : null;
  return { name, dir, options, lib, validator };
});

function pass(v, method, body, text) {
  const t0 = performance.now();
  let report;
  if (v.js) report = baseline.validateImport(body, jsTables ? { tables: jsTables } : {});
  else if (v.validator) report = method === "object" ? v.validator.validateImport(body) : v.validator.validateImportJson(text);
  else report = method === "object" ? v.lib.validateImport(body, v.options) : v.lib.validateImportJson(text, v.options);
  return [performance.now() - t0, report];
}

const js = args.js ? { name: "js", js: true } : null;

for (const set of sets) {
  const text = readFileSync(join(HERE, "data", `${set}.json`), "utf8");
  const body = JSON.parse(text);
  for (const method of ["object", "text"]) {
    const answers = new Map();
    for (const v of variants) {
      const until = performance.now() + 300;
      do {
        const [, report] = pass(v, method, body, text);
        answers.set(v.name, report.rows.map((r) => (r.ok ? 1 : 0)).join(""));
      } while (performance.now() < until);
    }
    const first = answers.get(variants[0].name);
    for (const [name, a] of answers) {
      if (a !== first) throw new Error(`${set} ${method}: ${name} answers differently from ${variants[0].name}`);
    }
    const timed = js ? [...variants, js] : variants;
    if (js) {
      const until = performance.now() + 300;
      do pass(js, method, body, text);
      while (performance.now() < until);
    }
    const times = new Map(timed.map((v) => [v.name, []]));
    for (let r = 0; r < runs; r++) {
      for (const v of timed) times.get(v.name).push(pass(v, method, body, text)[0]);
    }
    const base = median(times.get(variants[0].name));
    const jsMedian = js ? median(times.get("js")) : null;
    const cells = timed.map((v) => {
      const m = median(times.get(v.name));
      const ofJs = js && !v.js ? `, ${fmt(jsMedian / m, 2)}× js` : "";
      return `${v.name} ${fmt(m)} ms (${fmt(base / m, 2)}×${ofJs})`;
    });
    console.log(`${set} ${method === "object" ? "validateImport" : "validateImportJson"}: ${cells.join(", ")}`);
  }
}
