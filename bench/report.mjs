// Prints the summary tables (markdown) of a bench/run.sh run from its JSON results.
//
//   node bench/report.mjs [bench/results]
import { existsSync, readFileSync } from "node:fs";
import { join, basename } from "node:path";
import { HERE, fmt } from "./lib.mjs";

const dir = process.argv[2] ?? join(HERE, "results");
const read = (f) => (existsSync(join(dir, f)) ? JSON.parse(readFileSync(join(dir, f), "utf8")) : null);
const sets = [...(read("throughput-small.json")?.sets ?? []), ...(read("throughput-large.json")?.sets ?? [])];
const native = existsSync(join(dir, "native.jsonl"))
  ? readFileSync(join(dir, "native.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l))
  : [];
const nativeOf = (set, mode) => native.find((n) => n.file && basename(n.file) === `${set}.json` && n.mode === mode);
const x = (a, b) => (a && b ? `${fmt(a / b, 2)}×` : "–");
const n0 = (v) => (v ? fmt(v, 0) : "–");

console.log("### Throughput (rows/s, median; wall clock, CPU time in parentheses)\n");
console.log("| data set | wasm validateImport | wasm validateImportJson | wasm Validator reused (warm cache) | wasm ImportSession | JS baseline | native (fresh) | wasm/JS | wasm/native |");
console.log("|---|---|---|---|---|---|---|---|---|");
const targets = [];
for (const s of sets) {
  const m = s.methods;
  const cell = (e) => (e ? `${n0(e.rowsPerS)} (${n0(e.rowsPerCpuS)})` : "–");
  const reused = m["wasm-reuse-text"] ?? m["wasm-reuse"];
  // Native timed right after the set (throughput.mjs --native), else from the separate run.
  const nat = s.native ?? nativeOf(s.set, "fresh");
  const wasmObj = m["wasm-object"];
  const wasmText = m["wasm-text"];
  console.log(
    `| ${s.set} | ${cell(wasmObj)} | ${cell(wasmText)} | ${cell(reused)} | ${cell(m["wasm-session"])} | ${cell(m.js)} | ` +
      `${nat ? `${n0(nat.rows_per_s)} (${n0(nat.rows_per_cpu_s)})` : "–"} | ` +
      `${x(wasmObj?.rowsPerS, m.js?.rowsPerS)} obj, ${x(wasmText?.rowsPerS, m.js?.rowsPerS)} text (cpu ${x(wasmObj?.rowsPerCpuS, m.js?.rowsPerCpuS)}, ${x(wasmText?.rowsPerCpuS, m.js?.rowsPerCpuS)}) | ` +
      `${x(wasmText?.rowsPerS, nat?.rows_per_s)} (cpu ${x(wasmText?.rowsPerCpuS, nat?.rows_per_cpu_s)}) |`,
  );
  if (s.set.startsWith("contacts-mixed") && m.js && wasmObj) {
    targets.push([`${s.set}: wasm ≥ 3× JS (validateImport, wall / cpu)`, `${x(wasmObj.rowsPerS, m.js.rowsPerS)} / ${x(wasmObj.rowsPerCpuS, m.js.rowsPerCpuS)}`, wasmObj.rowsPerS >= 3 * m.js.rowsPerS]);
  }
  if (s.set.startsWith("contacts-mixed") && nat && wasmText) {
    targets.push([`${s.set}: wasm ≥ 0.6× native (validateImportJson vs native, wall / cpu)`, `${x(wasmText.rowsPerS, nat.rows_per_s)} / ${x(wasmText.rowsPerCpuS, nat.rows_per_cpu_s)}`, wasmText.rowsPerS >= 0.6 * nat.rows_per_s]);
  }
}
const agree = sets.filter((s) => s.agreement);
if (agree.length) {
  console.log("\nAgreement of the wasm and JS reports (same rows valid; same E.164 where both are valid):");
  for (const s of agree) {
    const a = s.agreement;
    console.log(`- ${s.set}: rows ${a.rowsSameOk}/${a.rows}, E.164 ${a.phonesSame}/${a.phonesBothOk}${a.diffs.length ? `; e.g. ${JSON.stringify(a.diffs[0])}` : ""}`);
  }
}

const sn = read("startup-node.json");
const sw = read("startup-web.json");
const nativeStart = native.find((n) => n.startup)?.startup;
if (sn || sw) {
  console.log("\n### Start-up: import → first validateImport result (ms, median)\n");
  console.log("| | import / init | first call | total | second call |");
  console.log("|---|---|---|---|---|");
  if (sn) {
    console.log(`| Node, wasm (fresh process ×${sn.runs}) | ${fmt(sn.wasm.import)} | ${fmt(sn.wasm.first)} | **${fmt(sn.wasm.total)}** | ${fmt(sn.wasm.second, 2)} |`);
    console.log(`| Node, JS baseline (fresh process ×${sn.runs}) | ${fmt(sn.js.import)} | ${fmt(sn.js.first)} | ${fmt(sn.js.total)} | ${fmt(sn.js.second, 2)} |`);
    targets.push(["first result within 50 ms of import (Node)", `${fmt(sn.wasm.total)} ms`, sn.wasm.total <= 50]);
  }
  if (sw) console.log(`| headless Chromium, wasm (fresh context ×${sw.runs}) | ${fmt(sw.importGlue)} + ${fmt(sw.init)} | ${fmt(sw.first)} | **${fmt(sw.total)}** | ${fmt(sw.second, 2)} |`);
  if (nativeStart) console.log(`| native (first result of the process) | – | ${fmt(nativeStart.first_ms)} | ${fmt(nativeStart.first_ms)} | ${fmt(nativeStart.second_ms, 2)} |`);
}

const mem = read("memory.json");
if (mem) {
  console.log("\n### wasm linear memory (MiB) after each pass, one Validator per scenario, fresh process\n");
  console.log("| data | API | start | after 1k | after 10k | after 100k | 100k again | flat? |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of mem.results) {
    const [a, b, c, d] = r.passes;
    const flat = d.memoryMiB <= c.memoryMiB;
    console.log(`| ${r.kind} | ${r.mode} | ${fmt(r.startMiB)} | ${fmt(a.memoryMiB)} | ${fmt(b.memoryMiB)} | ${fmt(c.memoryMiB)} | ${fmt(d.memoryMiB)} | ${flat ? "flat" : `+${fmt(d.memoryMiB - c.memoryMiB)}`} |`);
    // The target is about one validator checking the set again; the session scenario starts a
    // new ImportSession, so a new Validator, per pass: shown, but not counted as the target.
    if (r.kind === "contacts-mixed" && r.mode === "session") {
      targets.push([`memory after 100k mixed rows (session: a new Validator per pass, not the target's case)`, `${fmt(c.memoryMiB)} → ${fmt(d.memoryMiB)} MiB`, null]);
    } else if (r.kind === "contacts-mixed") {
      targets.push([`memory after 100k mixed rows < 64 MiB and flat (${r.mode})`, `${fmt(c.memoryMiB)} → ${fmt(d.memoryMiB)} MiB`, c.memoryMiB < 64 && flat]);
    }
  }
}

const sz = read("sizes.json");
if (sz) {
  console.log("\n### Size (KiB)\n");
  console.log("| file | raw | gzip -9 | brotli |");
  console.log("|---|---|---|---|");
  for (const [label, s] of Object.entries(sz)) console.log(`| ${label} | ${fmt(s.raw / 1024)} | ${fmt(s.gzip / 1024)} | ${fmt(s.brotli / 1024)} |`);
}

if (targets.length) {
  console.log("\n### Targets\n");
  console.log("| target | measured | met |");
  console.log("|---|---|---|");
  for (const [t, v, ok] of targets) console.log(`| ${t} | ${v} | ${ok === null ? "–" : ok ? "yes" : "**no**"} |`);
}
