// Files as people export them, dropped into the demo: the page reads their bytes with the
// library (readTable's TableReader in the worker), says what it read them as, and lets the
// person override the encoding and the delimiter.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { ROOT, assertClean, screenshot, stats, useDemo, waitForDone } from "./helpers.mjs";

const demo = useDemo();
const fixture = (name) => readFileSync(path.join(ROOT, "tests", "fixtures", "files", name));

async function drop(page, name, mimeType = "text/csv") {
  await page.setInputFiles("#file-input", { name, mimeType, buffer: fixture(name) });
  await page.waitForFunction((n) => document.getElementById("source-name").textContent === n, name);
  await waitForDone(page);
}

const cellTexts = (page, field) => page.locator(`#rows tbody td[data-field="${field}"] .value`).allTextContents();

test("German Excel CSV (Windows-1252) and Excel Unicode text: umlauts intact, what was guessed is shown", async () => {
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    await drop(page, "excel-de-title.csv");
    assert.match(await page.locator("#source-format").textContent(), /CSV, semicolon-separated · Windows-1252 · 3 rows/);
    assert.deepEqual(await cellTexts(page, "Nachname"), ["Müller", "Groß", "Öztürk"]);
    assert.deepEqual(await cellTexts(page, "Straße"), ["Hauptstraße 5", "Schloßallee 1", "Königsweg 12"]);
    assert.equal(await page.locator('#notices li[data-code="encoding_guessed"]').count(), 1);
    // The library quotes the option as `encoding`: shown as code, not with backticks.
    assert.equal(await page.locator('#notices li[data-code="encoding_guessed"] code').textContent(), "encoding");
    assert.doesNotMatch(await page.locator('#notices li[data-code="encoding_guessed"]').textContent(), /`/);
    assert.match(await page.locator('#notices li[data-code="title_rows_skipped"]').textContent(), /Kundenliste Messe 2026/);
    assert.equal((await stats(page)).total, 3);
    await screenshot(page, "files-excel-de.png");

    // Told it is UTF-8, the same bytes show U+FFFD and a notice saying so.
    await page.selectOption("#read-encoding", "utf-8");
    await page.waitForFunction(() => document.querySelector('#notices li[data-code="undecodable_bytes"]'));
    await waitForDone(page);
    assert.match((await cellTexts(page, "Nachname"))[0], /M\uFFFDller/);
    assert.equal(await page.locator("#read-encoding").inputValue(), "utf-8");
    // Back to detection.
    await page.selectOption("#read-encoding", "");
    await page.waitForFunction(() => document.querySelector('#notices li[data-code="encoding_guessed"]'));
    await waitForDone(page);
    assert.equal((await cellTexts(page, "Nachname"))[0], "Müller");

    // A wrong delimiter chosen by hand: one column.
    await page.selectOption("#read-delimiter", ",");
    await page.waitForFunction(() => document.getElementById("source-format").textContent.includes("comma-separated"));
    await waitForDone(page);
    await page.selectOption("#read-delimiter", "");
    await page.waitForFunction(() => document.getElementById("source-format").textContent.includes("semicolon-separated"));

    await drop(page, "excel-unicode.txt", "text/plain");
    assert.match(await page.locator("#source-format").textContent(), /CSV, tab-separated · UTF-16LE · 3 rows/);
    assert.deepEqual(await cellTexts(page, "Vorname"), ["Jürgen", "Anna-Lena", "Ömer"]);
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});

test("an .xlsx dropped: the spreadsheet module is loaded on demand, cells as Excel shows them, a sheet picker", async () => {
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    const wasmRequests = [];
    page.on("request", (r) => r.url().endsWith(".wasm") && wasmRequests.push(new URL(r.url()).pathname));
    await drop(page, "contacts.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert.deepEqual(wasmRequests, ["/pkg/sheets/web/mateo_import_sheets_bg.wasm"], "loaded only now");
    assert.match(await page.locator("#source-format").textContent(), /XLSX · sheet “Kontakte” · 2 rows/);
    assert.deepEqual(await cellTexts(page, "PLZ"), ["10115", "01067"]);
    assert.deepEqual(await cellTexts(page, "Mobil"), ["4915123456789", "4916098765432"]);
    assert.deepEqual(await cellTexts(page, "Geburtstag"), ["1990-12-25", "1985-02-01"]);
    assert.equal(await page.locator("#read-sheet-group").isVisible(), true);
    assert.deepEqual(await page.locator("#read-sheet option").allTextContents(), ["Kontakte", "Notizen"]);
    assert.equal(await page.locator("#read-delimiter").isDisabled(), true);
    await screenshot(page, "files-xlsx.png");
    await page.selectOption("#read-sheet", "Notizen");
    await page.waitForFunction(() => document.getElementById("source-format").textContent.includes("Notizen"));
    await waitForDone(page);
    assert.deepEqual(await cellTexts(page, "Notiz"), ["zweites Blatt"]);
    await drop(page, "contacts.ods", "application/vnd.oasis.opendocument.spreadsheet");
    assert.deepEqual(await cellTexts(page, "Nachname"), ["Müller", "Groß", "Öztürk"]);
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});

test("a workbook or a binary file gets a clear message, not rows of garbage", async () => {
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    await page.setInputFiles("#file-input", { name: "random.bin", mimeType: "application/octet-stream", buffer: fixture("random.bin") });
    await page.waitForFunction(() => document.body.dataset.phase === "error");
    assert.match(await page.locator("#status-text").textContent(), /binary data, not text/);
    assert.equal(await page.locator("#rows tbody tr").count(), 0);
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});
