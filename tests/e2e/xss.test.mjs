// Row data is only ever rendered as text: markup in cells, in column names and in the messages
// that quote a value shows as characters, creates no element, runs no script, opens no dialog.

import assert from "node:assert/strict";
import { test } from "node:test";

import { assertClean, downloadText, readCsv, useDemo, waitForDone } from "./helpers.mjs";

const demo = useDemo();

const IMG = "<img src=x onerror=alert(1)>";
const SCRIPT = "<script>alert(2)</script>";
const SVG = '"><svg onload=alert(3)>';
const HEADER = "<b onmouseover=alert(4)>x</b>";

/** Elements that markup in the data would create, if it were ever parsed as HTML. */
const injected = (page) => page.evaluate(() => document.querySelectorAll("img, svg, b, iframe, object, embed, script:not([src])").length);

test("markup in a CSV file is shown as text and never runs", async () => {
  const csv = [
    `external_id,full_name,email,whatsapp,${HEADER}`,
    `K-1,${IMG},anna@example.de,0151 23456789,${SCRIPT}`,
    `K-2,"${SVG.replaceAll('"', '""')}",${SCRIPT}@example.de,"${IMG}; 0151 23456789",x`,
    `${IMG},Eve,"${SVG.replaceAll('"', '""')}",,`,
  ].join("\n");
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    await page.setInputFiles("#file-input", { name: `${IMG}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.waitForFunction((n) => document.getElementById("source-name").textContent === n, `${IMG}.csv`);
    await waitForDone(page);

    const cell = (row, field) => page.locator(`#rows tbody tr[data-index="${row}"] td[data-field="${field}"] .value`).first();
    assert.equal(await cell(0, "full_name").textContent(), IMG);
    assert.equal(await cell(0, HEADER).textContent(), SCRIPT);
    assert.equal(await cell(1, "full_name").textContent(), SVG);
    assert.equal(await cell(2, "external_id").textContent(), IMG);
    assert.equal(await page.locator("#rows thead th", { hasText: HEADER }).count(), 1);
    // Messages quoting the value are text too.
    assert.equal(await cell(1, "email").textContent(), `${SCRIPT}@example.de`);
    const emailIssue = page.locator('#rows tbody tr[data-index="2"] td[data-field="email"] li.issue[data-code="invalid_email"]');
    assert.match(await emailIssue.textContent(), /"\\?"><svg onload=alert\(3\)>/);
    const phoneIssue = page.locator('#rows tbody tr[data-index="1"] td[data-field="whatsapp"] .sent');
    assert.match(await phoneIssue.textContent(), /\+4915123456789/);

    // Hover and click over everything, give onerror/onload a chance, then check.
    await page.locator("#rows thead th", { hasText: HEADER }).hover();
    await page.locator('#rows tbody tr[data-index="0"] td[data-field="full_name"]').click();
    await page.waitForTimeout(500);
    assert.equal(await injected(page), 0);
    assert.equal(await page.title(), "Mateo import checker");

    // The failed-rows CSV carries the text unchanged.
    const failed = await downloadText(page, () => page.locator("#download-failed").click());
    const rows = readCsv(failed.text);
    assert.ok(rows.some((r) => r.email === SVG));
    assert.ok(rows.some((r) => r.external_id === IMG));
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});

test("markup in pasted JSON keys and values is shown as text", async () => {
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    const body = {
      type: "contact_details",
      [SVG]: IMG,
      payload: [{ email: "a@example.de", [IMG]: SCRIPT, full_name: { html: SVG } }, IMG],
    };
    await page.locator("#paste-toggle").click();
    await page.fill("#paste-text", JSON.stringify(body));
    await page.locator("#paste-run").click();
    await page.waitForFunction(() => document.getElementById("source-name").textContent === "pasted JSON");
    await waitForDone(page);
    assert.equal(await page.locator("#rows thead th", { hasText: IMG }).count(), 1);
    assert.equal(await page.locator(`#rows tbody tr[data-index="0"] td[data-field="${IMG}"] .value`).textContent(), SCRIPT);
    // An element that is not an object is no row: readTable leaves it out and says so.
    assert.equal(await page.locator("#rows tbody tr").count(), 1);
    assert.match(await page.locator('#notices li[data-code="not_a_row"]').textContent(), /element 2 is a string/);
    // The unknown top-level key is reported as a request warning, as text.
    assert.match(await page.locator("#notices").textContent(), /<svg onload=alert\(3\)>/);
    await page.waitForTimeout(500);
    assert.equal(await injected(page), 0);
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});
