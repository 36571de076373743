// Accessibility: axe-core (npm devDependency) over the page with the contacts sample, its
// Columns panel and the Split into requests panel (its batches, then its error messages), and
// after a German Excel export is dropped; no serious or critical violation. And the page in German.
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

test("no serious or critical axe violations: the contacts sample with its columns and its split into requests, a German Excel export", async () => {
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    assert.equal(await page.locator("#mapping").isVisible(), true, "the Columns panel is shown");
    assert.equal(await page.locator("#mapping-table select.map-select").count(), 11);
    // The "Split into requests" panel open, with its batch lines and download buttons.
    await page.locator("#batches-toggle").click();
    await page.waitForFunction(() => document.getElementById("batches").dataset.state === "planned");
    assert.equal(await page.locator("#batches").isVisible(), true, "the Split into requests panel is shown");
    assert.ok((await page.locator("#batch-list li.batch button").count()) >= 1);
    assert.deepEqual(await violations(page), [], "the contacts sample");
    // Its message for a row that fits no request, and a limit that is no number.
    await page.fill("#batch-mb", "0.0001");
    await page.locator("#batch-mb").press("Enter");
    await page.waitForFunction(() => document.getElementById("batches").dataset.state === "too-large");
    await page.fill("#batch-rows", "");
    await page.locator("#batch-rows").press("Enter");
    await page.waitForFunction(() => document.getElementById("batches").dataset.state === "error");
    assert.deepEqual(await violations(page), [], "the panel's error messages");
    await page.fill("#batch-rows", "5000");
    await page.fill("#batch-mb", "5");
    await page.locator("#batch-mb").press("Enter");

    const file = "excel-de.csv";
    await page.setInputFiles("#file-input", { name: file, mimeType: "text/csv", buffer: readFileSync(path.join(ROOT, "tests", "fixtures", "files", file)) });
    await page.waitForFunction((n) => document.getElementById("source-name").textContent === n, file);
    await waitForDone(page);
    // The open panel is split again for the new file.
    await page.waitForFunction(() => ["planned", "waiting"].includes(document.getElementById("batches").dataset.state));
    assert.equal(await page.locator("#batches").isVisible(), true);
    assert.deepEqual(await violations(page), [], file);
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});

test("no serious or critical axe violations in German (html lang, the DE/EN switch, the translated labels)", async () => {
  const { context, page, problems } = await demo.open({ locale: "de-DE" });
  try {
    await waitForDone(page);
    assert.equal(await page.getAttribute("html", "lang"), "de");
    assert.equal(await page.getAttribute(".lang-switch", "aria-label"), "Sprache");
    await page.locator("#batches-toggle").click();
    await page.waitForFunction(() => document.getElementById("batches").dataset.state === "planned");
    assert.deepEqual(await violations(page), [], "the contacts sample in German");
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});
