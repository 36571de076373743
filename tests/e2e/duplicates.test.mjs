// Duplicates on the page: a finding naming another row links to it, and that row links back
// (both ends of a duplicate), across pages of the table.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertClean, useDemo, waitForDone } from "./helpers.mjs";

const demo = useDemo();

test("duplicate findings link both rows, across pages", async () => {
  // Row 1 and row 150 share an external_id; rows 2 and 151 share an e-mail under other ids.
  const lines = ["external_id;email;full_name"];
  for (let i = 1; i <= 160; i++) lines.push(`k${i};p${i}@example.de;Person ${i}`);
  lines[150] = "k1;other@example.de;Again";
  lines[151] = "k999;p2@example.de;Borrower";
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    await page.setInputFiles("#file-input", { name: "dupes.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n") + "\n", "utf8") });
    await page.waitForFunction(() => document.getElementById("source-name").textContent === "dupes.csv");
    await waitForDone(page);

    // Page 2 holds rows 101–200: row 150's finding names row 1.
    await page.locator("#page-next").click();
    const later = page.locator('tr[data-index="149"]');
    await later.waitFor();
    assert.equal(await later.locator('li[data-code="duplicate_external_id"]').count(), 1);
    const link = later.locator('li[data-code="duplicate_external_id"] button.row-link');
    assert.equal(await link.getAttribute("data-row"), "0");
    await link.click();
    // Row 1 on page 1, focused, linking back to row 150.
    const first = page.locator('tr[data-index="0"]');
    await first.waitFor();
    await page.waitForFunction(() => document.activeElement?.dataset?.index === "0");
    const back = first.locator(".linked-rows button.row-link");
    assert.deepEqual(await back.evaluateAll((bs) => bs.map((b) => b.dataset.row)), ["149"]);
    // The shared e-mail too: row 151 names row 2, row 2 links back.
    const second = page.locator('tr[data-index="1"] .linked-rows button.row-link');
    assert.deepEqual(await second.evaluateAll((bs) => bs.map((b) => b.dataset.row)), ["150"]);
    await second.click();
    await page.waitForFunction(() => document.activeElement?.dataset?.index === "150");
    assert.equal(await page.locator('tr[data-index="150"] li[data-code="shared_handle"] button.row-link').getAttribute("data-row"), "1");
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});
