// The page's language (issue 16): opened with a German browser, the whole page is German, the
// library's findings too; the DE/EN switch turns everything English (the data read and checked
// again in that language) and is remembered over a reload. Numbers follow the language
// (25.000), and the failed-rows CSV of input without a delimiter of its own uses ";" in German.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { ROOT, assertClean, downloadText, nodeApi, readCsv, screenshot, shownText, useDemo, waitForDone } from "./helpers.mjs";

const SAMPLES = path.join(ROOT, "www", "samples");
const lib = nodeApi();
const demo = useDemo();

/** English words the German page must not show (in the page's own text or the library's). */
const ENGLISH = /\b(expected|is not|not a|valid|rows?|errors?|warnings?|checked|sent|the)\b/i;

function options(locale) {
  return {
    defaultCountryCodes: ["DE", "AT", "CH"],
    unknownFields: "warn",
    customFields: JSON.parse(readFileSync(path.join(SAMPLES, "custom_fields.json"), "utf8")),
    locale,
  };
}

/** The contacts sample as the library reports it in `locale`. */
function contacts(locale) {
  const csv = lib.parseCsv(readFileSync(path.join(SAMPLES, "contacts.csv"), "utf8"));
  return { csv, report: lib.validateImport({ type: "contact_details", payload: csv.rows }, options(locale)) };
}

/** Every finding of the library is in the table, with the library's message word for word. */
async function assertFindings(page, { csv, report }) {
  let n = 0;
  for (const r of report.rows) {
    for (const i of [...r.errors, ...r.warnings]) {
      const field = i.field !== null && csv.headers.includes(i.field) ? i.field : null;
      const row = page.locator(`#rows tbody tr[data-index="${r.index}"]`);
      const li = field === null ? row.locator(`td.col-status li.issue[data-code="${i.code}"]`) : row.locator(`td[data-field="${field}"] li.issue[data-code="${i.code}"]`);
      // `code` spans of the message are shown as <code>, without the backticks.
      assert.equal(await li.locator(".issue-message").textContent(), shownText(i.message), `row ${r.index + 1}: ${i.code}`);
      n++;
    }
  }
  assert.ok(n >= 10, "the sample has findings to compare");
}

/** The visible text the page writes itself (the header, the panels' headings, labels, buttons, status). */
const chrome = (page) =>
  page.evaluate(() =>
    [
      "h1",
      "#data-title",
      "label[for=import-type]",
      "#choose-file",
      "#load-sample",
      "#summary-title",
      "#status-text",
      ".stat-label",
      "#download-body",
      "#download-failed",
      "#mapping-title",
      "#mapping-status",
      "#settings summary",
      "#rows-title",
      "#page-info",
      "#rows thead th.col-status",
      ".legend",
    ]
      .flatMap((s) => [...document.querySelectorAll(s)].map((el) => el.textContent.trim()))
      .join(" | "),
  );

test("German browser: German page and findings; the switch to EN turns all of it English and is remembered", async () => {
  const { context, page, problems } = await demo.open({ locale: "de-DE" });
  try {
    await waitForDone(page);
    // German from the browser's language, before any choice.
    assert.equal(await page.evaluate(() => navigator.language), "de-DE");
    assert.equal(await page.getAttribute("html", "lang"), "de");
    assert.equal(await page.title(), "Mateo-Importprüfung");
    assert.equal(await page.getAttribute("#lang-de", "aria-pressed"), "true");
    assert.equal(await page.getAttribute("#lang-en", "aria-pressed"), "false");
    const de = await chrome(page);
    assert.match(de, /Daten \| Importtyp \| Datei auswählen … \| Beispiel laden \| Ergebnis/);
    assert.match(de, /Zeilen in [\d,]+ (ms|s) geprüft/);
    assert.doesNotMatch(de, ENGLISH, de);
    assert.equal(await page.getAttribute("#page-first", "aria-label"), "Erste Seite");
    assert.equal(await page.getAttribute("#country-codes", "value"), "DE, AT, CH");

    // The library's findings in German, exactly as the Node build gives them with locale "de".
    await assertFindings(page, contacts("de"));
    const messages = await page.locator("#rows li.issue .issue-message").allTextContents();
    assert.ok(messages.some((m) => m.includes("„")), "German quotes in the findings");
    for (const m of messages) assert.doesNotMatch(m, /\b(expected|is not|not a|must)\b/, m);
    const birthday = await page.locator('#rows tbody tr[data-index="1"] td[data-field="birthday"] li.issue[data-code="invalid_date"] .issue-message').textContent();
    assert.match(birthday, /„.*“/);
    // The mapping notes are the library's, in German (the sample keeps its names: "exact").
    const notes = await page.locator("#mapping-table td.map-match[data-reason=exact] .reason").allTextContents();
    assert.ok(notes.length >= 5);
    for (const note of notes) assert.doesNotMatch(note, ENGLISH, note);
    assert.match(await page.locator('#mapping-table tr[data-header="kundennummer_alt"] .reason').textContent(), /kein Feld dieses Typs/);
    // Figures with German grouping: the split's daily quota.
    await page.locator("#batches-toggle").click();
    await page.waitForFunction(() => document.getElementById("batches").dataset.state === "planned");
    assert.match(await page.locator("#batch-summary").textContent(), /^1 Anfrage für \d+ Zeilen.*1 Tag bei einem Tageskontingent von 25\.000 Einträgen/);
    await page.locator("#batches-toggle").click();
    await screenshot(page, "language-de.png");

    // JSON input (the deal sample) has no delimiter of its own: ";" in German.
    await page.selectOption("#import-type", "deal_details");
    await page.waitForFunction(() => document.getElementById("source-name").textContent.startsWith("deals.json"));
    await waitForDone(page);
    assert.match(await page.locator("#source-name").textContent(), /\(Beispiel\)$/);
    let failed = await downloadText(page, () => page.locator("#download-failed").click());
    assert.match(failed.text, /^\uFEFF?mateo_row;/);
    const germanRows = readCsv(failed.text, ";");
    assert.ok(germanRows.length >= 1 && germanRows.every((r) => r.mateo_errors.length > 0));
    assert.ok(germanRows.some((r) => r.mateo_errors.includes("„")), "the reasons are the German messages");

    // The switch, by keyboard: the page, the findings and the file are English now.
    await page.focus("#lang-en");
    await page.keyboard.press("Enter");
    await waitForDone(page);
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await page.title(), "Mateo import checker");
    assert.equal(await page.getAttribute("#lang-en", "aria-pressed"), "true");
    assert.equal(await page.getAttribute("#lang-de", "aria-pressed"), "false");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "lang-en", "the focus stays on the switch");
    assert.match(await page.locator("#source-name").textContent(), /^deals\.json \(sample\)$/);
    for (const m of await page.locator("#rows li.issue .issue-message").allTextContents()) assert.doesNotMatch(m, /[„“]/, m);
    failed = await downloadText(page, () => page.locator("#download-failed").click());
    assert.match(failed.text, /^\uFEFF?mateo_row,/);
    assert.ok(readCsv(failed.text).every((r) => !r.mateo_errors.includes("„")));

    await page.selectOption("#import-type", "contact_details");
    await page.waitForFunction(() => document.getElementById("source-name").textContent.startsWith("contacts.csv"));
    await waitForDone(page);
    const en = await chrome(page);
    assert.match(en, /Data \| Import type \| Choose file… \| Load sample \| Result/);
    assert.match(en, /Checked \d+ rows in/);
    assert.doesNotMatch(en, /[äöüß„]|Zeile|Fehler|geprüft/, en);
    await assertFindings(page, contacts("en"));
    assert.match(await page.locator('#mapping-table tr[data-header="kundennummer_alt"] .reason').textContent(), /no field of this type/);

    // The choice survives a reload, whatever the browser's language.
    await page.reload();
    await waitForDone(page);
    assert.equal(await page.evaluate(() => localStorage.getItem("mateo-import.language")), "en");
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await page.getAttribute("#lang-en", "aria-pressed"), "true");
    assert.match(await chrome(page), /Data \| Import type \| Choose file…/);
    await assertFindings(page, contacts("en"));

    // And back to German: the same page in German again.
    await page.locator("#lang-de").click();
    await waitForDone(page);
    assert.equal(await page.getAttribute("html", "lang"), "de");
    await assertFindings(page, contacts("de"));
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});

test("a German Excel export in German: notices, mapping notes and a choice in German; after the switch in English, the choice kept", async () => {
  const file = "excel-de.csv";
  const { context, page, problems } = await demo.open({ locale: "de-AT" });
  try {
    await waitForDone(page);
    assert.equal(await page.getAttribute("html", "lang"), "de");
    await page.setInputFiles("#file-input", { name: file, mimeType: "text/csv", buffer: readFileSync(path.join(ROOT, "tests", "fixtures", "files", file)) });
    await page.waitForFunction((n) => document.getElementById("source-name").textContent === n, file);
    await waitForDone(page);
    assert.match(await page.locator("#source-format").textContent(), /CSV, getrennt durch Semikolon · Windows-1252 · 3 Zeilen/);
    // The library's notice and notes, in German.
    const notice = await page.locator("#notices li").first().textContent();
    assert.match(notice, /Zeichenkodierung/);
    const vorname = page.locator('#mapping-table tr[data-header="Vorname"] .map-match');
    assert.match(await vorname.textContent(), /95\s?%\s*Ein bekannter Name für das Feld\./);
    assert.match(await page.locator("#mapping-notes").textContent(), /Vorname \+ Nachname → full_name \(mit Leerzeichen verbunden\)/);
    assert.match(await page.locator('#mapping-table tr[data-header="Geburtstag"] .date-order').textContent(), /TT\.MM\.JJJJ/);

    // Telefon → not sent: the page's own reason.
    await page.selectOption('#mapping-table select[data-header="Telefon"]', "");
    await waitForDone(page);
    const telefon = page.locator('#mapping-table tr[data-header="Telefon"] .map-match');
    assert.equal(await telefon.textContent(), "von Ihnen gewählt");
    assert.match(await page.locator("#mapping-status").textContent(), /^8 von 9 Spalten werden gesendet · geändert/);

    await page.locator("#lang-en").click();
    await waitForDone(page);
    assert.match(await page.locator("#source-format").textContent(), /CSV, semicolon-separated · Windows-1252 · 3 rows/);
    assert.doesNotMatch(await page.locator("#notices li").first().textContent(), /Zeichenkodierung/);
    assert.match(await page.locator("#notices li").first().textContent(), /encoding/);
    assert.match(await vorname.textContent(), /95%\s*a known name for the field/);
    assert.equal(await telefon.textContent(), "chosen by you");
    assert.equal(await page.inputValue('#mapping-table select[data-header="Telefon"]'), "");
    assert.match(await page.locator("#mapping-status").textContent(), /^8 of 9 columns sent · mapping restored/);
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});
