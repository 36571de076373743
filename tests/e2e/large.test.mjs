// A 100,000-row CSV file (generated: German, Austrian, Swiss, Dutch and US numbers, lists of
// several numbers per cell, ~3% bad rows) is checked in the worker, in chunks, with a progress bar
// that ends at 100%, while the page keeps answering clicks.

import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { contactsCsv } from "./generate.mjs";
import { assertClean, RESULTS, screenshot, stats, useDemo, waitForDone } from "./helpers.mjs";

const ROWS = 100_000;

const demo = useDemo();

test(`${ROWS.toLocaleString("en-US")} rows: progress to 100%, the page stays responsive`, { timeout: 300_000 }, async (t) => {
  const csv = contactsCsv(ROWS);
  mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, "contacts-100k.csv");
  writeFileSync(file, csv);
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    // Record main-thread tasks over 50 ms (the page would feel stuck on long ones).
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
      }).observe({ type: "longtask" });
      // How long a click waits on the main thread before its handler runs.
      window.__clickDelays = [];
      document.addEventListener("click", (e) => window.__clickDelays.push(Math.round(performance.now() - e.timeStamp)), true);
    });

    const started = Date.now();
    // A file on disk, as a person would pick it (a buffer would be decoded by Playwright's own
    // script on the page's main thread, which is not what is measured here).
    await page.setInputFiles("#file-input", file);

    // While the rows are being checked: the first page is already there, and clicks work.
    // (The page renders its first page a moment after the first chunk's progress arrives, so
    // both are waited for together rather than one asserted right after the other.)
    await page.waitForFunction(
      () => document.getElementById("progress").value >= 2000 && document.querySelectorAll("#rows tbody tr").length > 0,
      null,
      { timeout: 120_000, polling: 50 },
    );
    const readMs = Date.now() - started;
    assert.equal(await page.evaluate(() => document.body.dataset.phase), "running", "the first page is shown while checking");
    assert.equal(await page.locator("#rows tbody tr").count(), 100, "the first page holds 100 rows");

    const clicks = [];
    let t0 = Date.now();
    await page.locator("#only-errors").click();
    assert.equal(await page.locator("#only-errors").isChecked(), true);
    clicks.push(Date.now() - t0);
    t0 = Date.now();
    await page.locator("#settings > summary").click();
    assert.equal(await page.locator("#settings").evaluate((d) => d.open), false, "the settings panel closed");
    clicks.push(Date.now() - t0);
    t0 = Date.now();
    await page.locator("#paste-toggle").click();
    assert.equal(await page.locator("#paste").isVisible(), true, "the paste panel opened");
    clicks.push(Date.now() - t0);
    const progressAtClicks = await page.evaluate(() => [document.getElementById("progress").value, document.body.dataset.phase]);
    assert.equal(progressAtClicks[1], "running", "the clicks were answered while the check was running");
    assert.ok(progressAtClicks[0] < ROWS, "the check had not finished");
    for (const ms of clicks) assert.ok(ms < 5000, `a click took ${ms} ms to take effect`);
    const clickDelays = await page.evaluate(() => window.__clickDelays);
    for (const ms of clickDelays) assert.ok(ms < 500, `a click waited ${ms} ms for the main thread`);

    await waitForDone(page, 240_000);
    const totalMs = Date.now() - started;

    const progress = await page.locator("#progress").evaluate((p) => ({ value: p.value, max: p.max }));
    assert.deepEqual(progress, { value: ROWS, max: ROWS }, "the progress bar is at 100%");
    const s = await stats(page);
    assert.equal(s.total, ROWS);
    assert.equal(s.valid + s.invalid, ROWS);
    assert.ok(s.invalid > ROWS * 0.01 && s.invalid < ROWS * 0.1, `${s.invalid} invalid rows`);

    // Only rows with errors is on: the pages hold the invalid rows only.
    const info = await page.locator("#page-info").textContent();
    assert.match(info, new RegExp(`of ${s.invalid.toLocaleString("en-US")} rows with errors`));
    assert.equal(await page.locator("#rows tbody tr:not(.row-invalid)").count(), 0);
    await page.locator("#page-last").click();
    const lastPage = Math.ceil(s.invalid / 100);
    await page.waitForFunction((n) => document.getElementById("page-info").textContent.endsWith(`page ${n.toLocaleString("en-US")} of ${n.toLocaleString("en-US")}`), lastPage);
    assert.equal(await page.locator("#rows tbody tr").count(), s.invalid - (lastPage - 1) * 100);

    // And all rows, last page.
    await page.locator("#only-errors").uncheck();
    await page.locator("#page-last").click();
    await page.waitForFunction(() => document.querySelector("#rows tbody tr:last-child")?.dataset.index === "99999");

    const longTasks = await page.evaluate(() => window.__longTasks);
    const longest = Math.max(0, ...longTasks);
    t.diagnostic(
      `${ROWS} rows, ${(csv.length / 1e6).toFixed(1)} MB: first page after ${(readMs / 1000).toFixed(1)} s, ` +
        `all checked after ${(totalMs / 1000).toFixed(1)} s (worker: ${await page.locator("#status-text").textContent()}); ` +
        `clicks answered in ${clicks.join(", ")} ms (Playwright round trip; in the page they waited ${clickDelays.join(", ")} ms); main-thread tasks over 50 ms: ${longTasks.length}, longest ${longest} ms`,
    );
    assert.ok(longest < 1000, `the main thread was blocked for ${longest} ms`);
    await screenshot(page, "large-100k.png");
    assertClean(assert, problems);
  } finally {
    await context.close();
    rmSync(file, { force: true });
  }
});
