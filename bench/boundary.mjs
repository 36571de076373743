// The small values that cross the wasm boundary: JSON text (the shipped build) against
// serde-wasm-bindgen (the `swb` variant: bench/build-variant.sh swb --features swb), in one
// Node process, interleaved. Issue 12 asked for serde-wasm-bindgen for these unless it measures
// slower; BENCHMARKS.md, "serde-wasm-bindgen", has the figures.
//
//   node bench/boundary.mjs [--a pkg] [--b bench/build/swb.Oz] [--runs 7]
import { performance } from "node:perf_hooks";
import { parseArgs, median, pkgDir, loadNodePkg } from "./lib.mjs";

const args = parseArgs();
const RUNS = Number(args.runs ?? 7);
const builds = {
  json: loadNodePkg(pkgDir({ pkg: args.a ?? "pkg" })).lib,
  swb: loadNodePkg(pkgDir({ pkg: args.b ?? "bench/build/swb.Oz" })).lib,
};

const options = { defaultCountryCodes: ["DE", "AT"], unknownFields: "strip", customFields: [{ key: "score", type: "number" }], marketingChannels: ["news"] };
const row = { external_id: "c-1", full_name: "Anna Beispiel", email: "Anna@Example.de", whatsapp: ["0151 23456789", "030 901820"], birthday: "1990-02-01", is_blocked: "nein", score: "12", news: "accepted" };
const bad = { external_id: "c-2", email: "nope", whatsapp: ["12"], birthday: "30.02.1990", country_codes: ["XX"] };

// Each case: a function of a build, called `n` times per pass; they produce the same results in
// both builds (checked once below).
const cases = {
  "new Validator(options)": [2_000, (lib) => () => new lib.Validator(options).free()],
  "validateRow(valid row)": [5_000, (lib) => { const v = new lib.Validator(options); return () => v.validateRow("contact_details", row); }],
  "validateRow(row with errors)": [5_000, (lib) => { const v = new lib.Validator(options); return () => v.validateRow("contact_details", bad); }],
  "resolvePhone(list)": [10_000, (lib) => { const v = new lib.Validator(options); return () => v.resolvePhone(["", "0151 1", "+49 151 23456789"]); }],
  "readTable(small CSV) notices": [2_000, (lib) => { const bytes = new TextEncoder().encode("sep=;\nName;E-Mail\nAnna;a@b.de\n"); return () => lib.readTable(bytes); }],
};

for (const [name, [n, make]] of Object.entries(cases)) {
  const fns = Object.fromEntries(Object.entries(builds).map(([b, lib]) => [b, make(lib)]));
  const a = JSON.stringify(fns.json()), b = JSON.stringify(fns.swb());
  if (a !== b) console.log(`  note: ${name} differs between builds:\n    json ${a.slice(0, 300)}\n    swb  ${b.slice(0, 300)}`);
  const times = { json: [], swb: [] };
  for (let run = -2; run < RUNS; run++) {
    for (const build of Object.keys(fns)) {
      const f = fns[build];
      const t0 = performance.now();
      for (let i = 0; i < n; i++) f();
      const ms = performance.now() - t0;
      if (run >= 0) times[build].push(ms);
    }
  }
  const mj = median(times.json), ms = median(times.swb);
  console.log(`${name.padEnd(32)} ×${n}: JSON text ${mj.toFixed(1)} ms, serde-wasm-bindgen ${ms.toFixed(1)} ms (swb/json ${(ms / mj).toFixed(2)}×)`);
}
