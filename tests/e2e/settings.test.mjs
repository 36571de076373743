// Settings re-check the loaded data; unusable settings are explained next to them instead of
// failing silently (or in the console).

import assert from "node:assert/strict";
import { test } from "node:test";

import { assertClean, stats, useDemo, waitForDone } from "./helpers.mjs";

const demo = useDemo();

test("settings and bad input: unknown-field policy, bad country codes, bad custom field JSON, broken JSON", async () => {
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    const before = await stats(page);

    // Rejecting unknown fields makes every row with the unknown column invalid.
    await page.locator('input[name="unknown-fields"][value="error"]').check();
    await waitForDone(page);
    const rejected = await stats(page);
    assert.ok(rejected.invalid > before.invalid, `${rejected.invalid} > ${before.invalid}`);
    assert.ok((await page.locator('#rows li.issue.error[data-code="unknown_field"][data-field="kundennummer_alt"]').count()) > 0);

    // Removing them: valid again, and the column is shown as not sent.
    await page.locator('input[name="unknown-fields"][value="strip"]').check();
    await waitForDone(page);
    assert.deepEqual(await stats(page), before);
    assert.match(await page.locator('#rows tbody tr[data-index="0"] td[data-field="kundennummer_alt"] .sent').textContent(), /not sent/);

    // An unknown default country code: explained, nothing checked.
    await page.fill("#country-codes", "DE, XX");
    await page.locator("#country-codes").press("Enter");
    await page.locator("#apply-settings").click();
    await page.waitForFunction(() => document.body.dataset.phase === "error");
    assert.match(await page.locator("#settings-error").textContent(), /XX/);
    assert.equal(await page.locator("#download-body").isDisabled(), true);

    await page.fill("#country-codes", "de at");
    await page.locator("#apply-settings").click();
    await waitForDone(page);
    assert.equal(await page.locator("#settings-error").isVisible(), false);

    // Custom fields that are not JSON.
    await page.fill("#custom-fields", "[{ key: nope");
    await page.locator("#apply-settings").click();
    await page.waitForFunction(() => !document.getElementById("settings-error").hidden);
    assert.match(await page.locator("#settings-error").textContent(), /^Custom fields: not valid JSON/);
    // A custom field of the wrong shape is the library's to reject.
    await page.fill("#custom-fields", '[{"key": "x", "type": "colour"}]');
    await page.locator("#apply-settings").click();
    await page.waitForFunction(() => document.body.dataset.phase === "error");
    assert.match(await page.locator("#settings-error").textContent(), /colour/);
    await page.fill("#custom-fields", '[{"key": "kundennummer_alt", "type": "string", "entity": "contact"}]');
    await page.locator("#apply-settings").click();
    await waitForDone(page);
    // Now a known field: no unknown_field finding left.
    assert.equal(await page.locator('#findings li[data-code="unknown_field"]').count(), 0);

    // Input that is not JSON: said so, nothing left over from before.
    await page.locator("#paste-toggle").click();
    await page.fill("#paste-text", '{"type": "contact_details", "payload": [');
    await page.locator("#paste-run").click();
    await page.waitForFunction(() => document.body.dataset.phase === "error");
    assert.match(await page.locator("#status-text").textContent(), /^Could not read the input: the file cannot be read: it is not valid JSON \(EOF while parsing/);
    assert.equal(await page.locator("#rows tbody tr").count(), 0);
    assert.equal(await page.locator("#download-failed").isDisabled(), true);
    // An empty payload: the request-level error is shown.
    await page.fill("#paste-text", '{"type": "contact_details", "payload": []}');
    await page.locator("#paste-run").click();
    await waitForDone(page);
    assert.equal(await page.locator('#notices li.error[data-code="empty_payload"]').count(), 1);
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});
