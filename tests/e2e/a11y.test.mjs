// Accessibility: axe-core (npm devDependency) over the page with the contacts sample and its
// Columns panel, and after a German Excel export is dropped; no serious or critical violation.
//
// axe is evaluated through the DevTools protocol (page.evaluate), not added as a <script>: the
// page's CSP allows no inline script, and an inline tag would be blocked (and logged as an error).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { test } from "node:test";

import { assertClean, ROOT, useDemo, waitForDone } from "./helpers.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const demo = useDemo();

/** axe's serious and critical violations, each with the elements it found them on. */
async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  });
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

test("no serious or critical axe violations: the contacts sample with its columns, a German Excel export", async () => {
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    assert.equal(await page.locator("#mapping").isVisible(), true, "the Columns panel is shown");
    assert.equal(await page.locator("#mapping-table select.map-select").count(), 11);
    assert.deepEqual(await violations(page), [], "the contacts sample");

    const file = "excel-de.csv";
    await page.setInputFiles("#file-input", { name: file, mimeType: "text/csv", buffer: readFileSync(path.join(ROOT, "tests", "fixtures", "files", file)) });
    await page.waitForFunction((n) => document.getElementById("source-name").textContent === n, file);
    await waitForDone(page);
    assert.deepEqual(await violations(page), [], file);
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});
