// Start-up in Node: time from `import()` of the package to the first `validateImport` result,
// in a fresh process per run (nothing cached but the OS file cache).
//
//   node bench/startup-node.mjs [--pkg DIR] [--runs 7] [--json OUT]
//
// The parent spawns `--runs` children; each child measures, inside itself,
//   import        await import(<pkg>/node/index.mjs or mateo_import.js): reads + compiles +
//                 instantiates the wasm (the Node glue does it synchronously at load)
//   first         the first validateImport(body) call: one contact row with a German and a US
//                 number (builds the phone engine's tables, compiles the regexes it needs)
//   total         import + first: "from importing the package to the first result"
//   second        a second call on another row, for scale
// and, for the JS baseline, the same on bench/baseline.mjs (libphonenumber-js/max).
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { parseArgs, median, pkgDir, fmt, HERE } from "./lib.mjs";

const BODY = {
  type: "contact_details",
  payload: [{ external_id: "c-1", full_name: "Anna Müller", whatsapp: ["0151 23456789"], sms: "+1 201-555-0123", country_codes: ["DE"] }],
};
const BODY2 = {
  type: "contact_details",
  payload: [{ external_id: "c-2", whatsapp: ["06 12 34 56 78"], country_codes: ["FR"] }],
};

const args = parseArgs();

if (args.child) {
  const which = args.child;
  const t0 = performance.now();
  let validateImport;
  if (which === "js") {
    ({ validateImport } = await import(pathToFileURL(join(HERE, "baseline.mjs")).href));
  } else {
    const mjs = join(which, "node", "index.mjs");
    const mod = await import(pathToFileURL(existsSync(mjs) ? mjs : join(which, "node", "mateo_import.js")).href);
    validateImport = mod.validateImport ?? mod.default.validateImport;
  }
  const t1 = performance.now();
  const r = validateImport(BODY);
  const t2 = performance.now();
  const r2 = validateImport(BODY2);
  const t3 = performance.now();
  if (!r.rows[0].ok || r.rows[0].row.whatsapp !== "+4915123456789" || !r2.rows[0].ok) {
    throw new Error(`unexpected result ${JSON.stringify(r.rows[0])} ${JSON.stringify(r2.rows[0])}`);
  }
  process.stdout.write(JSON.stringify({ import: t1 - t0, first: t2 - t1, total: t2 - t0, second: t3 - t2, sinceProcessStart: t2 }));
  process.exit(0);
}

const dir = pkgDir(args);
const RUNS = Number(args.runs ?? 7);
const self = fileURLToPath(import.meta.url);
const out = {};
for (const [label, target] of [["wasm", dir], ["js", "js"]]) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const p = spawnSync(process.execPath, [self, "--child", target], { encoding: "utf8" });
    if (p.status !== 0) throw new Error(`child failed: ${p.stderr}`);
    runs.push(JSON.parse(p.stdout));
  }
  const m = (k) => median(runs.map((r) => r[k]));
  out[label] = { import: m("import"), first: m("first"), total: m("total"), second: m("second"), sinceProcessStart: m("sinceProcessStart"), runs };
  console.log(
    `${label.padEnd(5)} import ${fmt(m("import"))} ms + first result ${fmt(m("first"))} ms = ${fmt(m("total"))} ms` +
      ` (median of ${RUNS} fresh processes; second call ${fmt(m("second"), 2)} ms; totals ${runs.map((r) => fmt(r.total, 0)).join(" ")})`,
  );
}
if (args.json) {
  mkdirSync(dirname(args.json), { recursive: true });
  writeFileSync(args.json, JSON.stringify({ pkg: dir, runs: RUNS, ...out }, null, 2));
}
