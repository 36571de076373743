// The file-reading cases (tests/js/read-table-cases.mjs) in headless Chromium: Debian's
// /usr/bin/chromium driven by playwright-core, the web build and the fixture files served by a
// tiny static server on a free port. The same cases run in Node (tests/js/read-table.test.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";

import { CASES } from "../js/read-table-cases.mjs";
import { openPage, root, skip } from "./harness.mjs";

let session, page, pageErrors;

before(async () => {
  if (skip) return;
  session = await openPage({ "/tests/js/": path.join(root, "tests", "js"), "/files/": path.join(root, "tests", "fixtures", "files") });
  ({ page, pageErrors } = session);
  await page.evaluate(async () => {
    const m = await import("/pkg/web/mateo_import.js");
    await m.default();
    const sheets = await import("/pkg/sheets/web/mateo_import_sheets.js");
    await sheets.default();
    const cases = await import("/tests/js/read-table-cases.mjs");
    const files = {};
    for (const name of cases.FILES) files[name] = new Uint8Array(await (await fetch(`/files/${name}`)).arrayBuffer());
    Object.assign(window, { __m: m, __sheets: sheets, __cases: cases.CASES, __files: files });
  });
});

after(async () => {
  await session?.close();
});

for (let i = 0; i < CASES.length; i++) {
  test(`headless Chromium: ${CASES[i][0]}`, { skip }, async () => {
    const failure = await page.evaluate((i) => {
      try {
        window.__cases[i][1](window.__m, window.__files, window.__sheets);
        return null;
      } catch (e) {
        return String(e && e.stack ? e.stack : e);
      }
    }, i);
    assert.equal(failure, null);
    assert.deepEqual(pageErrors, []);
  });
}
