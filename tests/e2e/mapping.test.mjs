// The mapping step: a German Excel export's columns are matched to the API's fields (Vorname +
// Nachname into one full_name, Telefon + Mobil into one whatsapp list, a DMY birthday), the body
// is the Node build's under the page's mapping, a change by keyboard re-checks and is remembered
// for the next file with the same columns. And the page's list of target fields is the library's.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { assertClean, downloadText, nodeApi, ROOT, screenshot, stats, useDemo, waitForDone } from "./helpers.mjs";

const lib = nodeApi();
const demo = useDemo();
const FILE = "excel-de.csv";
const bytes = readFileSync(path.join(ROOT, "tests", "fixtures", "files", FILE));
const COUNTRIES = ["DE", "AT", "CH"];

async function drop(page) {
  await page.setInputFiles("#file-input", { name: FILE, mimeType: "text/csv", buffer: bytes });
  await page.waitForFunction((n) => document.getElementById("source-name").textContent === n, FILE);
  await waitForDone(page);
}

/** The panel as { header: field } ("" = not sent). */
const panel = (page) =>
  page.locator("#mapping-table select.map-select").evaluateAll((els) => Object.fromEntries(els.map((s) => [s.dataset.header, s.value])));

const body = async (page) => JSON.parse((await downloadText(page, () => page.locator("#download-body").click())).text);
const mapping = async (page) => JSON.parse((await downloadText(page, () => page.locator("#mapping-download").click())).text);

test("a German Excel export: columns matched, the body is the library's under the page's mapping, a change is kept", async () => {
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    assert.equal(await page.inputValue("#country-codes"), COUNTRIES.join(", "));
    await drop(page);

    assert.deepEqual(await panel(page), {
      Vorname: "full_name",
      Nachname: "full_name",
      "E-Mail": "email",
      Telefon: "whatsapp",
      Mobil: "whatsapp",
      Geburtstag: "birthday",
      Straße: "address_line1",
      PLZ: "zipcode",
      Ort: "city",
    });
    const birthday = page.locator('#mapping-table tr[data-header="Geburtstag"]');
    assert.match(await birthday.locator(".date-order").textContent(), /DMY/);
    assert.match(await birthday.locator(".map-match").textContent(), /95%\s*a known name for the field/);
    assert.deepEqual(await page.locator('#mapping-table tr[data-header="Nachname"] .example').allTextContents(), ["Müller", "Groß", "Öztürk"]);
    assert.match(await page.locator("#mapping-notes").textContent(), /Vorname \+ Nachname → one full_name/);
    assert.deepEqual(await stats(page), { total: 3, valid: 3, invalid: 0, warned: 3 });

    // The page's mapping, given to the Node build with the same rows, gives the same body.
    const m = await mapping(page);
    assert.equal(m.type, "contact_details");
    const rows = lib.readTable(bytes, { fileName: FILE }).rows;
    const expected = lib.validateImport({ type: "contact_details", payload: rows }, { defaultCountryCodes: COUNTRIES, mapping: m });
    const got = await body(page);
    assert.deepStrictEqual(got, expected.request);
    assert.equal(got.payload[0].full_name, "Jürgen Müller");
    assert.equal(got.payload[0].birthday, "1990-12-25");
    assert.equal(got.payload[2].whatsapp, "+49891234567");

    // The table: cells as read, the joined name once, findings at the columns of their field.
    const row0 = page.locator('#rows tbody tr[data-index="0"]');
    assert.equal(await row0.locator('td[data-field="Vorname"] .value').textContent(), "Jürgen");
    assert.equal(await row0.locator('td[data-field="Vorname"] .sent').textContent(), "→ Jürgen Müller");
    assert.match(await row0.locator('td[data-field="Vorname"] .sent-target').textContent(), /full_name ← Vorname \+ Nachname/);
    assert.match(await row0.locator('td[data-field="Nachname"] .sent').textContent(), /with Vorname in full_name/);
    assert.equal(await row0.locator('td[data-field="Geburtstag"] .sent').textContent(), "→ 1990-12-25");
    assert.equal(await row0.locator('td[data-field="Geburtstag"] li.issue[data-code="coerced_value"]').count(), 1);
    assert.equal(await page.locator('#rows tbody tr[data-index="2"] td[data-field="Telefon"] li.issue[data-code="not_mobile"]').count(), 1);
    assert.match(await page.locator('#rows thead th:has-text("Nachname") .th-target').textContent(), /→ full_name/);
    await page.locator("#mapping").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ROOT, "test-results", "e2e", "mapping-viewport.png") });
    await screenshot(page, "mapping.png");

    // Telefon → not sent, by keyboard alone.
    const telefon = page.locator('#mapping-table select[data-header="Telefon"]');
    await telefon.focus();
    await page.keyboard.press("Home");
    await waitForDone(page);
    assert.equal(await telefon.inputValue(), "");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.header), "Telefon", "the focus stays on the select");
    assert.equal(await page.locator('#mapping-table tr[data-header="Telefon"]').getAttribute("class"), "unmapped");
    assert.match(await page.locator("#mapping-status").textContent(), /8 of 9 columns sent · changed/);
    const changed = await mapping(page);
    assert.equal(changed.columns.find((c) => c.header === "Telefon").field, null);
    const expected2 = lib.validateImport({ type: "contact_details", payload: rows }, { defaultCountryCodes: COUNTRIES, mapping: changed });
    const got2 = await body(page);
    assert.deepStrictEqual(got2, expected2.request);
    assert.equal(got2.payload[2].whatsapp, undefined, "Ömer's only number was in Telefon");
    assert.equal(got2.payload[0].whatsapp, "+4915123456789");
    assert.match(await page.locator('#rows tbody tr[data-index="0"] td[data-field="Telefon"] .sent.removed').textContent(), /not sent/);
    assert.equal(await page.locator('#findings li[data-code="not_mobile"]').count(), 0);

    // Next visit, same columns: the change is restored; "Reset to suggestions" undoes it.
    await page.reload();
    await waitForDone(page);
    await drop(page);
    assert.match(await page.locator("#mapping-status").textContent(), /mapping restored/);
    assert.equal((await panel(page)).Telefon, "");
    assert.deepStrictEqual(await body(page), expected2.request);
    await page.locator("#mapping-reset").click();
    await waitForDone(page);
    assert.equal((await panel(page)).Telefon, "whatsapp");
    assert.deepStrictEqual(await body(page), expected.request);
    await page.reload();
    await waitForDone(page);
    await drop(page);
    assert.doesNotMatch(await page.locator("#mapping-status").textContent(), /restored/);
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});

test("the page's field lists are the library's: suggestMapping maps each name to itself, exactly", async () => {
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    const customFields = JSON.parse(await page.inputValue("#custom-fields"));
    for (const type of ["contact_details", "deal_details", "appointment_details"]) {
      if ((await page.inputValue("#import-type")) !== type) {
        await page.selectOption("#import-type", type);
        await page.waitForFunction((t) => document.querySelector("#mapping-table select.map-select") && document.getElementById("mapping").dataset.type === t, type);
        await waitForDone(page);
      }
      const options = await page.locator("#mapping-table select.map-select").first().locator("option").evaluateAll((els) => els.map((o) => ({ value: o.value, group: o.dataset.group })));
      const fields = options.filter((o) => o.group === "schema").map((o) => o.value);
      assert.ok(fields.length >= 3, `${type}: ${fields}`);
      const suggested = lib.suggestMapping(fields, type, { customFields });
      for (const c of suggested.columns) assert.deepEqual([c.header, c.field, c.reason], [c.header, c.header, "exact"], `${type}: ${c.header}`);
      // Nor is one missing: the list is the table's fields that the server does not manage.
      const table = JSON.parse(readFileSync(path.join(ROOT, "src", "schema", "fields.json"), "utf8"))[type].fields;
      assert.deepEqual(fields, Object.keys(table).filter((f) => !table[f].server), `${type}: the fields of src/schema/fields.json`);
      const known = new Set(fields);
      const custom = options.filter((o) => o.group === "custom").map((o) => o.value);
      for (const f of custom) assert.ok(!known.has(f));
      assert.deepEqual(
        lib.suggestMapping(custom, type, { customFields }).columns.map((c) => c.field),
        custom,
        `${type}: custom fields of the settings are targets`,
      );
    }
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});
