// wasm linear memory after each data set, each scenario in a fresh Node process.
//
//   node bench/memory.mjs [--pkg DIR] [--kinds contacts-mixed,contacts-de,deals,appointments]
//                         [--modes object,text,chunks,session] [--json OUT]
//
// Scenario = (kind, mode): one Validator (or, for `session`, one ImportSession per pass) checks
// the 1k, 10k and 100k sets of `kind` in that order, then the 100k set a second time; the linear
// memory (`WebAssembly.Memory` byte length: wasm memory only grows, so this is the high-water
// mark) is read after each pass. The second 100k pass must not grow it ("flat").
//   object   validator.validateImport(body)        (JS object in: JSON.stringify inside)
//   text     validator.validateImportJson(text)    (JSON text in)
//   chunks   validator.validateImportJson(text of {...head, payload: 1000 rows}) per chunk: the same
//            Validator (and phone cache) over the whole file, bounded transient memory
//   session  ImportSession: push(rows) in 1000-row chunks, finish()  (streaming; a new session,
//            so a new Validator, per pass)
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { HERE, parseArgs, pkgDir, loadNodePkg, MiB, fmt } from "./lib.mjs";

const args = parseArgs();
const dir = pkgDir(args);
const SIZES = ["1k", "10k", "100k", "100k"];

if (args.child) {
  const [kind, mode] = args.child.split(":");
  const { lib, memoryBytes } = loadNodePkg(dir);
  const start = memoryBytes();
  const validator = new lib.Validator(null);
  const passes = [];
  for (const size of SIZES) {
    const text = readFileSync(join(HERE, "data", `${kind}-${size}.json`), "utf8");
    const body = mode === "text" ? null : JSON.parse(text);
    const t = performance.now();
    let valid;
    if (mode === "object") valid = validator.validateImport(body).valid;
    else if (mode === "text") valid = validator.validateImportJson(text).valid;
    else if (mode === "chunks") {
      const { payload, ...head } = body;
      valid = 0;
      for (let i = 0; i < payload.length; i += 1000) {
        valid += validator.validateImportJson(JSON.stringify({ ...head, payload: payload.slice(i, i + 1000) })).valid;
      }
    } else {
      const { payload, ...head } = body;
      const s = new lib.ImportSession(head, null);
      valid = 0;
      for (let i = 0; i < payload.length; i += 1000) for (const r of s.push(payload.slice(i, i + 1000))) valid += r.ok ? 1 : 0;
      s.finish();
      s.free();
    }
    passes.push({ set: `${kind}-${size}`, ms: performance.now() - t, valid, memoryMiB: MiB(memoryBytes()) });
  }
  process.stdout.write(JSON.stringify({ kind, mode, startMiB: MiB(start), passes }));
  process.exit(0);
}

const kinds = (args.kinds ?? "contacts-mixed,contacts-de,deals,appointments").split(",");
const modes = (args.modes ?? "object,text,chunks,session").split(",");
const self = fileURLToPath(import.meta.url);
const results = [];
for (const kind of kinds) {
  for (const mode of modes) {
    const p = spawnSync(process.execPath, ["--max-old-space-size=4096", self, "--child", `${kind}:${mode}`, "--pkg", dir], {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    });
    if (p.status !== 0) throw new Error(`child ${kind}:${mode} failed: ${p.stderr}`);
    const r = JSON.parse(p.stdout);
    results.push(r);
    const [a, b, c, d] = r.passes;
    console.log(
      `${kind.padEnd(15)} ${mode.padEnd(8)} start ${fmt(r.startMiB)}  after 1k ${fmt(a.memoryMiB)}  10k ${fmt(b.memoryMiB)}` +
        `  100k ${fmt(c.memoryMiB)}  100k again ${fmt(d.memoryMiB)} MiB ${d.memoryMiB > c.memoryMiB ? "(GREW)" : "(flat)"}` +
        `   [100k pass: first ${fmt(c.ms, 0)} ms, second ${fmt(d.ms, 0)} ms]`,
    );
  }
}
if (args.json) {
  mkdirSync(dirname(args.json), { recursive: true });
  writeFileSync(args.json, JSON.stringify({ pkg: dir, results }, null, 2));
}
