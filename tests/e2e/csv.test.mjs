// A CSV upload with list cells: the downloaded request body is exactly what the Node build of
// the library gives for the same file, options and the page's column mapping (parseCsv +
// validateImport with `mapping`), and the failed-rows
// CSV holds every invalid row, its original cells and its reasons, and reads back to the same rows.

import assert from "node:assert/strict";
import { test } from "node:test";

import { createRequire } from "node:module";
import { assertClean, downloadBytes, downloadText, nodeApi, readCsv, stats, useDemo, waitForDone } from "./helpers.mjs";

const lib = nodeApi();

const demo = useDemo();

const CUSTOM_FIELDS = [
  { id: "3c0b8a6f-4e3d-4c2b-b0a9-8a7f6e5d4c32", name: "Customer since", description: null, type: "date", key: "customer_since", entity: "contact" },
  { id: "4d1c9b7a-5f4e-4d3c-a1b0-9b8a7f6e5d43", name: "VIP", description: null, type: "boolean", key: "vip", entity: "contact" },
];

/**
 * A ;-separated file as German Excel writes it (BOM, CRLF), with list cells separated by , and |,
 * quoted cells holding the delimiter, quotes and line breaks, and an unknown column. Over 10,000
 * rows, so the page reads it in several pieces; odd rows sit at the piece boundaries.
 */
function buildCsv() {
  const header = ["external_id", "full_name", "email", "whatsapp", "sms", "country_codes", "birthday", "customer_since", "vip", "notiz"];
  const lines = [header.join(";")];
  const odd = {
    4998: ["K-4998", '"Anna ""Anni"" Schmidt"', "anna@example.de", '"0151 23456789, +49 30 901820"', "", "DE", "1988-03-14", "2020-01-02", "ja", '"Zeile 1\r\nZeile 2; mit Semikolon"'],
    4999: ["K-4999", "Lukas Gruber", "lukas@example.at", '"0664 1234567 | 0043 1 5121234"', "", '"AT, DE"', "25.12.1990", "", "", '"a ""quoted"" note\nover lines"'],
    5000: ["K-5000", '"  leading and trailing spaces  "', "sophie@example.ch", "+41 79 123 45 67", "044 668 18 00", "CH", "1979-07-02", "02.01.2020", "true", ""],
    5001: ["", "Nobody Known", "", "", "", "", "", "", "", "kein Identifikator"],
    10000: ["K-10000", "Daan de Vries", "daan(at)example.nl", '"06 12345678 | +31 20 794 7000"', "", "NL", "1992-11-30", "", "1", ""],
  };
  const countries = [
    ["DE", (i) => `0151 ${String(20000000 + i).slice(-8)}`],
    ["AT", (i) => `+43 664 ${String(1000000 + i).slice(-7)}`],
    ["CH", (i) => `079 ${String(1000000 + i).slice(-7)}`],
    ["NL", (i) => `06 ${String(10000000 + i).slice(-8)}`],
    ["US", (i) => `(415) 555-${String(1000 + (i % 9000)).padStart(4, "0")}`],
  ];
  for (let i = 0; i < 10500; i++) {
    if (odd[i]) {
      lines.push(odd[i].join(";"));
      continue;
    }
    const [cc, num] = countries[i % countries.length];
    const [cc2, num2] = countries[(i * 7 + 3) % countries.length];
    const whatsapp = i % 3 === 0 ? `"${num(i)}, ${num2(i + 1)}"` : i % 3 === 1 ? `${num(i)} | ${num2(i + 7)}` : num(i);
    const codes = cc === cc2 ? cc : `"${cc}, ${cc2}"`;
    const email = i % 97 === 0 ? `user${i}@example` : `user${i}@example.com`;
    const birthday = i % 89 === 0 ? `${(i % 28) + 1}.03.1980` : `19${50 + (i % 50)}-0${(i % 9) + 1}-1${i % 10}`;
    lines.push([`K-${i}`, `Person ${i}`, email, whatsapp, i % 5 === 0 ? num2(i + 2) : "", codes, birthday, "", i % 4 === 0 ? "false" : "", i % 11 === 0 ? "Notiz" : ""].join(";"));
  }
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

test("a CSV upload: the body equals the Node API's, the failed rows come back with their reasons", async () => {
  const csvText = buildCsv();
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);

    // Settings first (each change re-checks the sample), then the file.
    await page.fill("#country-codes", "DE, NL");
    await page.locator('input[name="unknown-fields"][value="strip"]').check();
    await page.fill("#custom-fields", JSON.stringify(CUSTOM_FIELDS, null, 2));
    await page.fill("#contact-list-id", "6F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9");
    await page.locator("#apply-settings").click();
    await waitForDone(page);

    await page.setInputFiles("#file-input", { name: "kontakte.csv", mimeType: "text/csv", buffer: Buffer.from(csvText, "utf8") });
    await page.waitForFunction(() => document.getElementById("source-name").textContent === "kontakte.csv");
    await waitForDone(page, 60_000);

    const options = { defaultCountryCodes: ["DE", "NL"], unknownFields: "strip", customFields: CUSTOM_FIELDS };
    const parsed = lib.parseCsv(csvText);
    assert.equal(parsed.delimiter, ";");
    assert.deepEqual(parsed.errors, []);
    // The file really has list cells, and the page read it in several pieces.
    assert.ok(parsed.rows.filter((r) => Array.isArray(r.whatsapp)).length > 5000);
    assert.ok(parsed.rows.length > 10_000);
    // The columns already have the API's names: each goes to its own field, the note column to
    // none, and the dotted birthdays are read day first.
    const mapping = JSON.parse((await downloadText(page, () => page.locator("#mapping-download").click())).text);
    assert.deepEqual(
      mapping.columns.map((c) => [c.header, c.field]),
      parsed.headers.map((h) => [h, h === "notiz" ? null : h]),
    );
    assert.equal(mapping.columns.find((c) => c.header === "birthday").dateOrder, "DMY");
    const expected = lib.validateImport(
      { type: "contact_details", contact_list_id: "6F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9", payload: parsed.rows },
      { ...options, mapping },
    );
    assert.ok(expected.invalid > 100 && expected.valid > 9000, `${expected.valid} valid, ${expected.invalid} invalid`);
    const s = await stats(page);
    assert.deepEqual([s.total, s.valid, s.invalid], [expected.total, expected.valid, expected.invalid]);

    // The request body: exactly the library's.
    const body = await downloadText(page, () => page.locator("#download-body").click());
    assert.equal(body.name, "mateo-import-contact_details.json");
    assert.deepStrictEqual(JSON.parse(body.text), expected.request);
    assert.equal(JSON.parse(body.text).contact_list_id, "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");

    // The failed rows: every invalid row, its cells as read, and all its errors.
    const failed = await downloadText(page, () => page.locator("#download-failed").click());
    assert.equal(failed.name, "kontakte-failed-rows.csv");
    const failedRows = readCsv(failed.text, ";");
    const invalid = expected.rows.filter((r) => !r.ok);
    assert.equal(failedRows.length, invalid.length);
    assert.deepEqual(Object.keys(failedRows[0]), ["mateo_row", ...parsed.headers, "mateo_errors"]);
    invalid.forEach((r, k) => {
      assert.equal(failedRows[k].mateo_row, String(r.index + 1));
      const reasons = failedRows[k].mateo_errors;
      for (const e of r.errors) assert.ok(reasons.includes(e.message), `row ${r.index + 1}: ${e.message} in ${reasons}`);
      assert.equal(failedRows[k].external_id, parsed.rows[r.index].external_id ?? "");
    });
    // Read back by the library, the failed-rows file gives the same rows, the added columns
    // left out.
    const again = lib.readTable(Buffer.from(failed.text, "utf8"));
    assert.deepEqual(again.rows, invalid.map((r) => parsed.rows[r.index]));
    assert.deepEqual(again.headers, parsed.headers);

    // The same rows as a workbook (the spreadsheet module, loaded for it): text cells that read
    // back to the same rows.
    const xlsx = await downloadBytes(page, () => page.locator("#download-failed-xlsx").click());
    assert.equal(xlsx.name, "kontakte-failed-rows.xlsx");
    lib.enableSpreadsheets(createRequire(import.meta.url)("../../pkg/sheets/node/mateo_import_sheets.js"));
    const book = lib.readTable(xlsx.bytes);
    assert.equal(book.format, "xlsx");
    assert.deepEqual(book.headers, parsed.headers);
    assert.deepEqual(book.rows, invalid.map((r) => parsed.rows[r.index]));

    // Uploaded again, the errors column is left out and the same rows fail.
    await page.setInputFiles("#file-input", { name: "kontakte-failed-rows.csv", mimeType: "text/csv", buffer: Buffer.from(failed.text, "utf8") });
    await page.waitForFunction(() => document.getElementById("source-name").textContent === "kontakte-failed-rows.csv");
    await waitForDone(page);
    assert.equal(await page.locator('#notices li[data-code="failed_rows_columns_ignored"]').count(), 1);
    const s2 = await stats(page);
    assert.deepEqual([s2.total, s2.valid, s2.invalid], [invalid.length, 0, invalid.length]);
    assert.equal(await page.locator('#rows thead th:text-is("mateo_errors")').count(), 0);
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});

test("a JSON body pasted in: its type and flags fill the settings, the body (downloaded or copied) is the library's", async () => {
  const { context, page, problems } = await demo.open({ permissions: ["clipboard-read", "clipboard-write"] });
  try {
    await waitForDone(page);
    const request = {
      type: "appointment_details",
      allow_appointment_reassignment: true,
      payload: [
        { id: "7C9E6679-7425-40DE-944B-E07FC1F90AE7", name: "Erstberatung", contact_external_id: "K-1", start_time: "2024-06-03 09:00", end_time: "2024-06-03T12:45:00+02:00" },
        { id: "f47ac10b-58cc-4372-a567-0e02b2c3d479", name: "", contact_id: "not-a-uuid" },
      ],
    };
    await page.locator("#paste-toggle").click();
    await page.fill("#paste-text", JSON.stringify(request));
    await page.locator("#paste-run").click();
    await page.waitForFunction(() => document.getElementById("source-name").textContent === "pasted JSON");
    await waitForDone(page);
    assert.equal(await page.inputValue("#import-type"), "appointment_details");
    assert.equal(await page.locator("#reassign").isChecked(), true);
    const customFields = JSON.parse(await page.inputValue("#custom-fields"));
    const expected = lib.validateImport(request, { defaultCountryCodes: ["DE", "AT", "CH"], customFields });
    const body = await downloadText(page, () => page.locator("#download-body").click());
    assert.deepStrictEqual(JSON.parse(body.text), expected.request);
    assert.equal(JSON.parse(body.text).payload[0].start_time, "2024-06-03T09:00:00Z");
    await page.locator("#copy-body").click();
    await page.waitForFunction(() => document.getElementById("action-status").textContent.startsWith("Copied"));
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), body.text);
    const row2 = page.locator('#rows tbody tr[data-index="1"]');
    assert.equal(await row2.locator('td[data-field="contact_id"] li.issue[data-code="invalid_uuid"]').count(), 1);
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});

test("a CSV read in pieces names the lines of its notices as one parseCsv call does (CRLF, CR, quoted breaks)", async () => {
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    for (const [name, br, lead] of [["crlf.csv", "\r\n", ""], ["cr.csv", "\r", ""], ["lead.csv", "\n", "\n\r\n"]]) {
      // 12,000 rows (three pieces of the page's reader), a blank line and a quoted line break
      // early on, extra cells in rows of the second and third piece.
      const lines = ["external_id,full_name"];
      for (let i = 0; i < 12_000; i++) {
        if (i === 10) lines.push("");
        const name = i === 20 ? `"two${br}lines"` : `P ${i}`;
        lines.push(i === 6_000 || i === 11_111 ? `K-${i},${name},extra` : `K-${i},${name}`);
      }
      // lead: empty lines before the header, which parseCsv skips (and counts).
      const text = lead + lines.join(br) + br;
      const parsed = lib.parseCsv(text);
      const expected = parsed.errors.map((e) => e.message);
      assert.equal(parsed.rows.length, 12_000);
      assert.deepEqual(parsed.headers, ["external_id", "full_name"]);
      assert.equal(expected.length, 2);
      assert.match(expected[0], new RegExp(`^line ${6004 + (lead ? 2 : 0)} `)); // header, blank line, the quoted break
      await page.setInputFiles("#file-input", { name, mimeType: "text/csv", buffer: Buffer.from(text, "utf8") });
      await page.waitForFunction((n) => document.getElementById("source-name").textContent === n, name);
      await waitForDone(page, 60_000);
      const shown = await page.locator('#notices li[data-code="csv_extra_cells"] span:last-child').allTextContents();
      assert.deepEqual(shown, expected, name);
      assert.equal((await stats(page)).total, 12_000, name);
    }
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});
