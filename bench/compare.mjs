// Compares builds from bench/variants.sh (or any package dirs with node/ and web/): size, start-up,
// throughput and wasm memory, with the variants interleaved so load from other processes on a
// shared machine hits all of them alike.
//
//   node bench/compare.mjs [--runs 5] [--startup-runs 5] [--sets contacts-mixed-10k,contacts-de-10k]
//                          [--json OUT] DIR...            (default: every dir in bench/build/)
//
//   size        raw.wasm (cargo's output) and the shipped .wasm: raw, gzip -9, brotli
//   startup     import -> first validateImport result, fresh Node process per run (median)
//   memory      wasm memory after the first validateImportJson pass over contacts-mixed-1k, then
//               after contacts-mixed-10k (one Validator, this process)
//   rows/s      validateImportJson(text, {}) (a fresh Validator, so an empty phone cache, per call),
//               median of --runs passes after one warm-up pass; wall clock and CPU time
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { HERE, ROOT, parseArgs, median, loadNodePkg, MiB, fmt, sizes } from "./lib.mjs";

const args = parseArgs();
const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && !(all[i - 1] ?? "").startsWith("--"));
const dirs = (positional.length ? positional : readdirSync(join(HERE, "build")).map((d) => join(HERE, "build", d)))
  .map((d) => resolve(ROOT, d))
  .filter((d) => existsSync(join(d, "node", "mateo_import.js")))
  .sort();
const RUNS = Number(args.runs ?? 5);
const STARTUP_RUNS = Number(args["startup-runs"] ?? 5);
const SETS = (args.sets ?? "contacts-mixed-10k,contacts-de-10k").split(",");

const rows = dirs.map((dir) => ({ name: basename(dir), dir }));

// Size.
for (const r of rows) {
  r.rawWasm = existsSync(join(r.dir, "raw.wasm")) ? sizes(join(r.dir, "raw.wasm")).raw : NaN;
  r.size = sizes(join(r.dir, "web", "mateo_import_bg.wasm"));
}

// Start-up: fresh processes, variants interleaved.
const startupScript = join(HERE, "startup-node.mjs");
for (const r of rows) r.startup = [];
for (let i = 0; i < STARTUP_RUNS; i++) {
  for (const r of rows) {
    const p = spawnSync(process.execPath, [startupScript, "--child", r.dir], { encoding: "utf8" });
    if (p.status !== 0) throw new Error(`${r.name}: ${p.stderr}`);
    r.startup.push(JSON.parse(p.stdout).total);
  }
}

// Memory and throughput: every variant loaded in this process (each has its own instance).
const data = Object.fromEntries(SETS.concat(["contacts-mixed-1k", "contacts-mixed-10k"]).map((s) => [s, readFileSync(join(HERE, "data", `${s}.json`), "utf8")]));
for (const r of rows) {
  const { lib, memoryBytes } = loadNodePkg(r.dir);
  r.lib = lib;
  const v = new lib.Validator(null);
  v.validateImportJson(data["contacts-mixed-1k"]);
  r.mem1k = MiB(memoryBytes());
  v.validateImportJson(data["contacts-mixed-10k"]);
  r.mem10k = MiB(memoryBytes());
  v.free();
}
for (const set of SETS) {
  const text = data[set];
  const n = JSON.parse(text).payload.length;
  for (const r of rows) {
    r.lib.validateImportJson(text, {}); // warm-up
    r[set] = { wall: [], cpu: [] };
  }
  for (let i = 0; i < RUNS; i++) {
    for (const r of rows) {
      const c = process.cpuUsage();
      const t = performance.now();
      r.lib.validateImportJson(text, {});
      r[set].wall.push(performance.now() - t);
      const d = process.cpuUsage(c);
      r[set].cpu.push((d.user + d.system) / 1000);
    }
  }
  for (const r of rows) {
    r[set].rowsPerS = n / (median(r[set].wall) / 1000);
    r[set].rowsPerCpuS = n / (median(r[set].cpu) / 1000);
  }
}

const kib = (b) => fmt(b / 1024, 0);
const header = ["variant", "raw.wasm KiB", ".wasm KiB", "gzip KiB", "brotli KiB", "startup ms", "mem 1k MiB", "mem 10k MiB",
  ...SETS.flatMap((s) => [`${s} rows/s`, `${s} rows/cpu-s`])];
console.log(`| ${header.join(" | ")} |`);
console.log(`|${header.map(() => "---").join("|")}|`);
for (const r of rows) {
  const cells = [r.name, kib(r.rawWasm), kib(r.size.raw), kib(r.size.gzip), kib(r.size.brotli), fmt(median(r.startup), 0),
    fmt(r.mem1k), fmt(r.mem10k), ...SETS.flatMap((s) => [fmt(r[s].rowsPerS, 0), fmt(r[s].rowsPerCpuS, 0)])];
  console.log(`| ${cells.join(" | ")} |`);
}
if (args.json) {
  mkdirSync(dirname(args.json), { recursive: true });
  writeFileSync(
    args.json,
    JSON.stringify({ date: new Date().toISOString(), runs: RUNS, startupRuns: STARTUP_RUNS, variants: rows.map(({ lib, ...r }) => r) }, null, 2),
  );
}
