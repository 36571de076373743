// Hostile inputs through the JS facade in Node (node:test), against the built pkg/node
// (scripts/build.sh). The cases live in ./hostile-cases.mjs and run the same way in headless
// Chromium (tests/browser/hostile.test.mjs).
//
//   node --test tests/js/hostile.test.mjs
//   HOSTILE_BIG=0 ...            skip the 50 MB and 1,000,000-row cases (a few seconds instead of ~1 min)
//   HOSTILE_TABLE=out.md ...     also write a Markdown table "input -> what comes back"
//   MATEO_PKG=/path/to/pkg ...   test another build of the package
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as H from "./hostile-cases.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// MATEO_PKG: another built package directory (default: pkg/ of this repository).
const glue = path.join(process.env.MATEO_PKG || path.join(root, "pkg"), "node", "mateo_import.js");
if (!existsSync(glue)) throw new Error("pkg/node is not built: run scripts/build.sh (or make test)");

// The nodejs glue keeps its wasm instance private; catch it on the way in to read the memory.
let instance = null;
const OriginalInstance = WebAssembly.Instance;
WebAssembly.Instance = function Instance(module, imports) {
  instance = new OriginalInstance(module, imports);
  return instance;
};
const require = createRequire(import.meta.url);
const m = require(glue);
WebAssembly.Instance = OriginalInstance;
const wasmMB = () => (instance ? instance.exports.memory.buffer.byteLength / 2 ** 20 : NaN);

const big = process.env.HOSTILE_BIG !== "0";
const table = [];

test("every entry point x every hostile value: a result or an Error with a code, never a trap", async (t) => {
  const ctx = H.makeContext(m);
  for (const [entry, shape, call] of H.entryPoints()) {
    await t.test(entry, async (t) => {
      for (const [name, make] of H.hostileValues()) {
        await t.test(name, () => {
          const outcome = H.attempt(() => call(m, make(), ctx));
          table.push([`\`${entry}\` with ${name}`, H.describe(outcome, shape)]);
          assert.equal(H.verdict(outcome, { shape }), null, H.describe(outcome, shape));
        });
      }
    });
  }
  ctx.validator.free();
  ctx.session.free();
});

test("specific hostile inputs", async (t) => {
  for (const [name, shape, run, expectation, isBig] of H.specificCases({ big })) {
    await t.test(name, () => {
      const before = wasmMB();
      const outcome = H.attempt(() => run(m));
      const note = isBig ? ` (${outcome.ms} ms, wasm memory ${before} -> ${wasmMB()} MiB)` : "";
      table.push([name, H.describe(outcome, shape) + note]);
      if (isBig) t.diagnostic(`${name}: ${outcome.ms} ms, wasm memory ${before} -> ${wasmMB()} MiB`);
      assert.equal(H.verdict(outcome, { shape, ...expectation }), null, H.describe(outcome, shape));
    });
  }
});

test("after 5,000 malformed calls on the same instances, valid calls still give the right result", () => {
  const result = H.endurance(m, 5000);
  table.push(["5,000 malformed calls, then valid ones", `${JSON.stringify(result.kinds)}; valid calls still right`]);
  assert.equal(H.checkEndurance(result, 5000), null);
});

test("Object.prototype is untouched at the end", () => {
  assert.equal({}.polluted, undefined);
  assert.equal(Object.prototype.polluted, undefined);
  if (process.env.HOSTILE_TABLE) {
    const lines = ["| input | what comes back |", "|---|---|", ...table.map(([a, b]) => `| ${a.replace(/\|/g, "\\|")} | ${b.replace(/\|/g, "\\|")} |`)];
    writeFileSync(process.env.HOSTILE_TABLE, lines.join("\n") + "\n");
  }
});
