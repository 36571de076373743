// Split into requests: a generated CSV of ~12,000 valid contact rows is split in the worker with
// the library's planBatches. The panel is opened and its limits set with the keyboard; it lists
// the same requests as the Node build gives for the same rows, options and column mapping, a
// downloaded body is exactly that request's body, and a byte limit no row fits names the row.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { crc32 } from "node:zlib";

import { contactsCsv } from "./generate.mjs";
import { assertClean, downloadText, nodeApi, screenshot, stats, useDemo, waitForDone } from "./helpers.mjs";

const lib = nodeApi();
const demo = useDemo();

/** Waits for the panel's answer for these limits (the worker splits after typing stops). */
async function waitForPlan(page, state, limits = null) {
  await page.waitForFunction(
    ([s, l]) => {
      const el = document.getElementById("batches");
      return el.dataset.state === s && (l === null || el.dataset.limits === l);
    },
    [state, limits],
    { timeout: 30_000, polling: 100 },
  );
}

/** The files of a stored .zip ([{ name, text }]), read from its central directory; each file's
 * CRC-32 is checked with zlib's. */
function unzip(buf) {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, "no end of central directory");
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50);
    assert.equal(buf.readUInt16LE(at + 10), 0, "stored");
    const crc = buf.readUInt32LE(at + 16);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const offset = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nameLength);
    assert.equal(buf.readUInt32LE(offset), 0x04034b50);
    const start = offset + 30 + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28);
    const data = buf.subarray(start, start + size);
    assert.equal(crc32(data), crc, name);
    files.push({ name, text: data.toString("utf8") });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return files;
}

/** The listed requests as [first, rows, bytes]. */
async function listed(page) {
  return page.locator("#batch-list li.batch").evaluateAll((lis) => lis.map((li) => [Number(li.dataset.first), Number(li.dataset.rows), Number(li.dataset.bytes)]));
}

test("~12,000 valid rows split into requests: the Node API's batches, a body download, row_too_large named", { timeout: 180_000 }, async () => {
  // ~3% of the generated rows have errors, so the rows sent are not the file's rows one to one.
  const csvText = contactsCsv(12_400);
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    await page.setInputFiles("#file-input", { name: "kontakte-12k.csv", mimeType: "text/csv", buffer: Buffer.from(csvText, "utf8") });
    await page.waitForFunction(() => document.getElementById("source-name").textContent === "kontakte-12k.csv");
    await waitForDone(page, 90_000);

    // The same check in Node: the page's settings (defaults and the sample's custom fields) and
    // its column mapping.
    const mapping = JSON.parse((await downloadText(page, () => page.locator("#mapping-download").click())).text);
    const customFields = JSON.parse(await page.inputValue("#custom-fields"));
    const options = { defaultCountryCodes: ["DE", "AT", "CH"], customFields, mapping };
    const rows = lib.parseCsv(csvText).rows;
    const report = lib.validateImport({ type: "contact_details", payload: rows }, options);
    assert.ok(report.valid > 11_500 && report.valid < 12_400 && report.invalid > 0, `${report.valid} valid, ${report.invalid} invalid`);
    const s = await stats(page);
    assert.deepEqual([s.total, s.valid, s.invalid], [report.total, report.valid, report.invalid]);

    // The panel opens with the keyboard; its first control is the next stop.
    assert.equal(await page.locator("#batches").isVisible(), false);
    await page.locator("#batches-toggle").focus();
    await page.keyboard.press("Enter");
    assert.equal(await page.getAttribute("#batches-toggle", "aria-expanded"), "true");
    assert.equal(await page.locator("#batches").isVisible(), true);
    await waitForPlan(page, "planned", "5000:5000000");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "batch-rows");

    // 4,000 rows a request, typed: four requests.
    await page.keyboard.press("Control+A");
    await page.keyboard.type("4000");
    await waitForPlan(page, "planned", "4000:5000000");
    assert.deepEqual(await listed(page), lib.planBatches(report, { maxRows: 4000 }).batches.map((b) => [b.first, b.rows, b.bytes]));

    // 5,000 (Enter splits at once): 5,000, 5,000 and the rest, as the Node build splits them.
    await page.keyboard.press("Control+A");
    await page.keyboard.type("5000");
    await page.keyboard.press("Enter");
    await waitForPlan(page, "planned", "5000:5000000");
    const expected = lib.planBatches(report, { maxRows: 5000 });
    assert.equal(expected.batches.length, 3);
    const shown = await listed(page);
    assert.deepEqual(shown, expected.batches.map((b) => [b.first, b.rows, b.bytes]));
    assert.deepEqual(shown.map(([, n]) => n), [5000, 5000, report.valid - 10_000]);
    const lines = await page.locator("#batch-list li.batch").allTextContents();
    assert.match(lines[1], /^Request 2rows 5,001–10,000 \(5,000\)[\d,.]+ kB/);
    const summary = await page.locator("#batch-summary").textContent();
    assert.match(summary, new RegExp(`^3 requests for ${report.valid.toLocaleString("en-US")} rows`));
    assert.ok(summary.includes(`${expected.days} day of the daily quota (25,000 entities)`), summary);
    assert.ok(summary.includes(`${expected.minSeconds} s of sending at 2 requests a second`), summary);
    await screenshot(page, "batches.png");

    // The second request's body: exactly the Node build's, as compact as it was measured.
    const second = page.locator('#batch-list li[data-batch="1"] button');
    assert.equal(await second.getAttribute("aria-label"), "Download request 2 of 3 (rows 5,001–10,000)");
    const body = await downloadText(page, () => second.click());
    assert.equal(body.name, "contact_details-request-2-of-3.json");
    assert.deepStrictEqual(JSON.parse(body.text), JSON.parse(JSON.stringify(expected.batches[1].body)));
    assert.equal(Buffer.byteLength(body.text, "utf8"), expected.batches[1].bytes);
    await page.waitForFunction(() => document.getElementById("batch-status").textContent === "Saved contact_details-request-2-of-3.json.");

    // All three as one .zip: each file the Node build's body, named as the single downloads.
    const [zipDownload] = await Promise.all([page.waitForEvent("download"), page.locator("#batch-zip").click()]);
    assert.equal(zipDownload.suggestedFilename(), "contact_details-requests-3.zip");
    const files = unzip(await readFile(await zipDownload.path()));
    assert.deepEqual(files.map((f) => f.name), [1, 2, 3].map((i) => `contact_details-request-${i}-of-3.json`));
    files.forEach((f, i) => assert.deepStrictEqual(JSON.parse(f.text), JSON.parse(JSON.stringify(expected.batches[i].body)), f.name));

    // 0.0001 MB (100 bytes): the first row sent fits no body; the message names its row in the file.
    await page.fill("#batch-mb", "0.0001");
    await page.locator("#batch-mb").press("Enter");
    await waitForPlan(page, "too-large");
    assert.throws(() => lib.planBatches(report, { maxRows: 5000, maxBytes: 100 }), (err) => err.code === "row_too_large" && err.params.row === 0);
    const firstSent = report.rows.find((r) => r.ok).index;
    const error = page.locator("#batch-error");
    assert.equal(await error.isVisible(), true);
    assert.equal(await error.getAttribute("role"), "alert");
    assert.match(await error.textContent(), new RegExp(`^Row ${firstSent + 1} of the file does not fit in a request on its own: it makes a body of [\\d,]+ bytes, more than the limit of 100 bytes`));
    assert.equal(await page.locator("#batch-list li").count(), 0);
    assert.equal(await page.getAttribute("#batch-mb", "aria-invalid"), "false");

    // Back to 5 MB: the three requests again.
    await page.fill("#batch-mb", "5");
    await page.locator("#batch-mb").press("Enter");
    await waitForPlan(page, "planned", "5000:5000000");
    assert.equal(await page.locator("#batch-error").isVisible(), false);
    assert.equal(await page.locator("#batch-list li.batch").count(), 3);
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});
