// The hostile-input suite (tests/js/hostile-cases.mjs) in headless Chromium: Debian's
// /usr/bin/chromium driven by playwright-core, the web build (pkg/web/mateo_import.js) served by
// a tiny static server started here on a free port. Nothing is downloaded.
//
//   node --test tests/browser/
//   HOSTILE_BIG=0 ...      skip the 50 MB and 1,000,000-row cases
//   CHROMIUM=/path ...     another Chromium binary
//   MATEO_PKG=/path/to/pkg another build of the package
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";

import * as H from "../js/hostile-cases.mjs";
import { openPage, root, skip } from "./harness.mjs";

const big = process.env.HOSTILE_BIG !== "0";

let session, page, pageErrors;

before(async () => {
  if (skip) return;
  session = await openPage({ "/tests/js/": path.join(root, "tests", "js") });
  ({ page, pageErrors } = session);
  await page.evaluate(async () => {
    const m = await import("/pkg/web/mateo_import.js");
    const exports = await m.default();
    window.__m = m;
    window.__memMB = () => exports.memory.buffer.byteLength / 2 ** 20;
    window.__H = await import("/tests/js/hostile-cases.mjs");
    window.__ctx = window.__H.makeContext(m);
  });
});

after(async () => {
  await session?.close();
});

// Runs one case in the page; returns {failure, description}.
function inPage(kind, a, b, opts) {
  return page.evaluate(
    ([kind, a, b, opts]) => {
      const { __m: m, __H: H, __ctx: ctx } = window;
      if (kind === "matrix") {
        const [, shape, call] = H.entryPoints()[a];
        const make = H.hostileValues()[b][1];
        const outcome = H.attempt(() => call(m, make(), ctx));
        return { failure: H.verdict(outcome, { shape }), description: H.describe(outcome, shape) };
      }
      if (kind === "specific") {
        const [, shape, run, expectation] = H.specificCases(opts)[a];
        const before = window.__memMB();
        const outcome = H.attempt(() => run(m));
        return {
          failure: H.verdict(outcome, { shape, ...expectation }),
          description: `${H.describe(outcome, shape)} (${outcome.ms} ms, wasm memory ${before} -> ${window.__memMB()} MiB)`,
        };
      }
      const result = H.endurance(m, 5000);
      return { failure: H.checkEndurance(result, 5000), description: JSON.stringify(result.kinds) };
    },
    [kind, a, b, opts],
  );
}

test("headless Chromium: every entry point x every hostile value", { skip }, async (t) => {
  const entries = H.entryPoints();
  const values = H.hostileValues();
  for (let a = 0; a < entries.length; a++) {
    await t.test(entries[a][0], async (t) => {
      for (let b = 0; b < values.length; b++) {
        await t.test(values[b][0], async () => {
          const { failure, description } = await inPage("matrix", a, b);
          assert.equal(failure, null, description);
        });
      }
    });
  }
});

test("headless Chromium: specific hostile inputs", { skip }, async (t) => {
  const cases = H.specificCases({ big });
  for (let a = 0; a < cases.length; a++) {
    await t.test(cases[a][0], async (t) => {
      const { failure, description } = await inPage("specific", a, 0, { big });
      if (cases[a][4]) t.diagnostic(description);
      assert.equal(failure, null, description);
    });
  }
});

test("headless Chromium: 5,000 malformed calls, then valid calls are still right", { skip }, async () => {
  const { failure, description } = await inPage("endurance");
  assert.equal(failure, null, description);
  assert.deepEqual(pageErrors, []);
});
