// Rows per second of the wasm API and of the plain-JS baseline, in one Node process, on the same
// rows.
//
//   node bench/throughput.mjs [--pkg DIR] [--sets contacts-mixed-10k,...] [--runs 5] [--json OUT]
//                             [--methods wasm-object,wasm-text,...] [--warm-up-ms 300]
//                             [--native target/bench/release/examples/bench_native]
//
// Per data set every method gets untimed warm-up passes (JIT, and the engine's regexes, which
// both libraries compile lazily once per process): one, then more until each method has had
// `--warm-up-ms` (default 300) of them; then `--runs` timed passes, interleaved
// (method A, B, C, A, B, C, ...) so that load from other processes on a shared machine spreads
// over all methods. Reported: the median pass, rows/s at the median, and every pass, by the wall
// clock and by the process's CPU time (process.cpuUsage: less disturbed by other processes on a
// shared machine, but it includes V8's GC helper threads, which slightly penalises the JS side).
//
// Methods (all produce a full report as plain JS objects; the wasm ones through JSON.parse):
//   wasm-object     validateImport(body, {})        a fresh Validator per call: empty phone cache
//   wasm-text       validateImportJson(text, {})    same, with the body as JSON text
//   wasm-reuse      one Validator, .validateImport(body), cache warm from the warm-up pass
//   wasm-reuse-text one Validator, .validateImportJson(text), cache warm
//   wasm-session    ImportSession, .push(rows) in chunks of 1000, then .finish() (fresh cache)
//   wasm-object-dup-off, wasm-text-dup-off   wasm-object / wasm-text with duplicates: "off"
//                   (not in the default list: the cost of the duplicate check, in one process)
//   js              bench/baseline.mjs validateImport(body) on libphonenumber-js/max
//
// With --schema FILE (an OpenAPI description, e.g. tests/fixtures/openapi/postgrest-swagger2.json)
// the live-schema methods are added (and --methods defaults to them and js):
//   schema          one Validator.fromOpenApi(doc), .validateImport(body)
//   schema-text     the same, .validateImportJson(text)
//   schema-session  validator.session(head), .push(rows) in chunks of 1000, then .finish()
//   js-schema       bench/baseline.mjs with tables made from the same description
//                   (bench/openapi-tables.mjs)
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { HERE, parseArgs, median, pkgDir, loadNodePkg, MiB, fmt } from "./lib.mjs";
import * as baseline from "./baseline.mjs";
import { tablesFromOpenApi } from "./openapi-tables.mjs";

const args = parseArgs();
const dir = pkgDir(args);
const RUNS = Number(args.runs ?? 5);
const SETS = (args.sets ?? "contacts-mixed-1k,contacts-mixed-10k,contacts-mixed-100k,contacts-de-10k,deals-10k,appointments-10k").split(",");
const SCHEMA = args.schema ? readFileSync(args.schema, "utf8") : null;
const METHODS = (
  args.methods ?? (SCHEMA ? "wasm-object,wasm-text,schema,schema-text,schema-session,js,js-schema" : "wasm-object,wasm-text,wasm-reuse,wasm-reuse-text,wasm-session,js")
).split(",");
const CHUNK = 1000;
const WARM_UP_MS = Number(args["warm-up-ms"] ?? 300);

const { lib, memoryBytes } = loadNodePkg(dir);

function agreement(wasmReport, jsReport) {
  let rowsSame = 0;
  let phones = 0;
  let phonesSame = 0;
  const diffs = [];
  for (let i = 0; i < wasmReport.rows.length; i++) {
    const a = wasmReport.rows[i];
    const b = jsReport.rows[i];
    if (a.ok === b.ok) rowsSame++;
    if (a.ok && b.ok) {
      for (const k of ["whatsapp", "sms"]) {
        if (a.row[k] === undefined && b.row[k] === undefined) continue;
        phones++;
        if (a.row[k] === b.row[k]) phonesSame++;
        else if (diffs.length < 5) diffs.push({ row: i, field: k, wasm: a.row[k], js: b.row[k] });
      }
    }
  }
  return { rows: wasmReport.rows.length, rowsSameOk: rowsSame, phonesBothOk: phones, phonesSame, diffs };
}

const results = { pkg: dir, runs: RUNS, date: new Date().toISOString(), sets: [] };
for (const set of SETS) {
  const text = readFileSync(join(HERE, "data", `${set}.json`), "utf8");
  const body = JSON.parse(text);
  const rows = body.payload.length;
  const { payload, ...head } = body;
  const chunks = [];
  for (let i = 0; i < payload.length; i += CHUNK) chunks.push(payload.slice(i, i + CHUNK));

  const reusedObject = new lib.Validator(null);
  const reusedText = new lib.Validator(null);
  const live = SCHEMA ? lib.Validator.fromOpenApi(SCHEMA) : null;
  const liveText = SCHEMA ? lib.Validator.fromOpenApi(SCHEMA) : null;
  const liveTables = SCHEMA ? tablesFromOpenApi(JSON.parse(SCHEMA)) : null;
  const fns = {
    "wasm-object": () => lib.validateImport(body, {}),
    "wasm-text": () => lib.validateImportJson(text, {}),
    "wasm-object-dup-off": () => lib.validateImport(body, { duplicates: "off" }),
    "wasm-text-dup-off": () => lib.validateImportJson(text, { duplicates: "off" }),
    "wasm-reuse": () => reusedObject.validateImport(body),
    "wasm-reuse-text": () => reusedText.validateImportJson(text),
    "wasm-session": () => {
      const s = new lib.ImportSession(head, {});
      let valid = 0;
      for (const c of chunks) for (const r of s.push(c)) valid += r.ok ? 1 : 0;
      const summary = s.finish();
      s.free();
      return { ...summary, valid };
    },
    js: () => baseline.validateImport(body),
    ...(SCHEMA && {
      schema: () => live.validateImport(body),
      "schema-text": () => liveText.validateImportJson(text),
      "schema-session": () => {
        const s = live.session(head);
        let valid = 0;
        for (const c of chunks) for (const r of s.push(c)) valid += r.ok ? 1 : 0;
        const summary = s.finish();
        s.free();
        return { ...summary, valid };
      },
      "js-schema": () => baseline.validateImport(body, { tables: liveTables }),
    }),
  };
  const methods = METHODS.filter((m) => fns[m]);
  const times = Object.fromEntries(methods.map((m) => [m, []]));
  const cpu = Object.fromEntries(methods.map((m) => [m, []]));
  const valid = {};
  const warm = {};
  for (const m of methods) {
    const t = performance.now();
    const r = fns[m]();
    warm[m] = performance.now() - t;
    valid[m] = r.valid;
    if (m === "wasm-object" || m === "js" || m === "schema" || m === "js-schema") valid[`${m}:report`] = r;
  }
  // More untimed passes, interleaved, until each method has had WARM_UP_MS: a 1k-row pass takes
  // ~15 ms, and V8 takes several such calls to move the hot code to its optimising tier (the
  // first five timed 1k passes after a single warm-up ran at 13-25 ms, later ones at 12-14 ms).
  const warmed = Object.fromEntries(methods.map((m) => [m, warm[m]]));
  while (methods.some((m) => warmed[m] < WARM_UP_MS)) {
    for (const m of methods.filter((m) => warmed[m] < WARM_UP_MS)) {
      const t = performance.now();
      fns[m]();
      warmed[m] += performance.now() - t;
    }
  }
  for (let run = 0; run < RUNS; run++) {
    for (const m of methods) {
      const c = process.cpuUsage();
      const t = performance.now();
      fns[m]();
      times[m].push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu[m].push((d.user + d.system) / 1000);
    }
  }
  reusedObject.free();
  reusedText.free();
  live?.free();
  liveText?.free();
  // The native core on the same file right after, so that wasm / native compares two
  // measurements taken minutes apart at most: this VM's speed changes between phases of a run.
  let native = null;
  if (args.native) {
    const p = spawnSync(args.native, ["--runs", String(RUNS), join(HERE, "data", `${set}.json`)], { encoding: "utf8" });
    if (p.status !== 0) throw new Error(`${args.native} failed: ${p.stderr}`);
    native = p.stdout.trim().split("\n").map((l) => JSON.parse(l)).find((n) => n.mode === "fresh") ?? null;
  }

  const entry = { set, rows, bytes: text.length, methods: {}, memoryMiB: MiB(memoryBytes()), native };
  for (const m of methods) {
    const ms = median(times[m]);
    const cpuMs = median(cpu[m]);
    entry.methods[m] = {
      medianMs: ms,
      rowsPerS: rows / (ms / 1000),
      medianCpuMs: cpuMs,
      rowsPerCpuS: rows / (cpuMs / 1000),
      warmupMs: warm[m],
      valid: valid[m],
      allMs: times[m],
      allCpuMs: cpu[m],
    };
  }
  if (valid["wasm-object:report"] && valid["js:report"]) {
    entry.agreement = agreement(valid["wasm-object:report"], valid["js:report"]);
  }
  if (valid["schema:report"] && valid["js-schema:report"]) {
    entry.schemaAgreement = agreement(valid["schema:report"], valid["js-schema:report"]);
    const warnings = (r) => r.rows.reduce((n, row) => n + row.warnings.length, 0);
    entry.schemaWarnings = { wasm: warnings(valid["schema:report"]), js: warnings(valid["js-schema:report"]), embedded: valid["wasm-object:report"] ? warnings(valid["wasm-object:report"]) : null };
  }
  results.sets.push(entry);

  console.log(`\n${set}: ${rows} rows, ${fmt(text.length / 1e6)} MB JSON; wasm memory now ${fmt(entry.memoryMiB)} MiB`);
  for (const m of methods) {
    const e = entry.methods[m];
    console.log(
      `  ${m.padEnd(16)} ${fmt(e.medianMs).padStart(9)} ms  ${fmt(e.rowsPerS, 0).padStart(9)} rows/s` +
        `  (cpu ${fmt(e.medianCpuMs).padStart(9)} ms ${fmt(e.rowsPerCpuS, 0).padStart(9)} rows/s)  valid ${e.valid}` +
        `  (warm-up ${fmt(e.warmupMs)} ms; runs ${e.allMs.map((x) => fmt(x, 0)).join(" ")})`,
    );
  }
  const jsLive = entry.methods["js-schema"]?.rowsPerS;
  if (jsLive) {
    const jsCpu = entry.methods["js-schema"].rowsPerCpuS;
    for (const m of methods.filter((m) => m.startsWith("schema"))) {
      console.log(`  ${m} / js-schema = ${fmt(entry.methods[m].rowsPerS / jsLive, 2)}x wall, ${fmt(entry.methods[m].rowsPerCpuS / jsCpu, 2)}x cpu`);
    }
    if (entry.schemaAgreement) {
      const a = entry.schemaAgreement;
      console.log(`  live schema: row ok/not ok agree ${a.rowsSameOk}/${a.rows}; warnings wasm ${entry.schemaWarnings.wasm}, js ${entry.schemaWarnings.js} (embedded tables: ${entry.schemaWarnings.embedded})`);
    }
  }
  const js = entry.methods.js?.rowsPerS;
  if (js) {
    const jsCpu = entry.methods.js.rowsPerCpuS;
    for (const m of methods.filter((m) => m !== "js")) {
      console.log(`  ${m} / js = ${fmt(entry.methods[m].rowsPerS / js, 2)}x wall, ${fmt(entry.methods[m].rowsPerCpuS / jsCpu, 2)}x cpu`);
    }
  }
  if (native && entry.methods["wasm-text"]) {
    console.log(`  native (fresh) ${fmt(native.median_ms).padStart(9)} ms  ${fmt(native.rows_per_s, 0).padStart(9)} rows/s; wasm-text / native = ${fmt(entry.methods["wasm-text"].rowsPerS / native.rows_per_s, 2)}x`);
  }
  if (entry.agreement) {
    const a = entry.agreement;
    console.log(
      `  agreement wasm vs js: row ok/not ok ${a.rowsSameOk}/${a.rows}; E.164 of rows ok in both ${a.phonesSame}/${a.phonesBothOk}` +
        (a.diffs.length ? `; e.g. ${JSON.stringify(a.diffs[0])}` : ""),
    );
  }
}

if (args.json) {
  mkdirSync(dirname(args.json), { recursive: true });
  writeFileSync(args.json, JSON.stringify(results, null, 2));
}
