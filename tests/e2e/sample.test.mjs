// The shipped samples load at start (contacts) or on switching the import type (deals,
// appointments), and their counts and findings match what the library reports for them.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";

import { ROOT, assertClean, nodeApi, screenshot, shownText, stats, useDemo, waitForDone } from "./helpers.mjs";

const SAMPLES = path.join(ROOT, "www", "samples");
const lib = nodeApi();

const demo = useDemo();

/** The issue shown in the table for (row number, field, code); field null = row-level. */
function issue(page, rowIndex, field, code) {
  const row = page.locator(`#rows tbody tr[data-index="${rowIndex}"]`);
  return field === null
    ? row.locator(`td.col-status li.issue[data-code="${code}"]`)
    : row.locator(`td[data-field="${field}"] li.issue[data-code="${code}"]`);
}

/** The options the page starts with (its default settings and the sample custom fields). */
function defaultOptions() {
  return {
    defaultCountryCodes: ["DE", "AT", "CH"],
    unknownFields: "warn",
    customFields: JSON.parse(readFileSync(path.join(SAMPLES, "custom_fields.json"), "utf8")),
  };
}

describe("the shipped samples", () => {
  test("contacts: loaded at start, counts and findings as the library reports them", async () => {
    const { context, page, problems } = await demo.open();
    try {
      await waitForDone(page);
      const csv = lib.parseCsv(readFileSync(path.join(SAMPLES, "contacts.csv"), "utf8"));
      const expected = lib.validateImport({ type: "contact_details", payload: csv.rows }, defaultOptions());
      const warned = expected.rows.filter((r) => r.ok && r.warnings.length).length;
      assert.deepEqual(await stats(page), { total: expected.total, valid: expected.valid, invalid: expected.invalid, warned });
      assert.ok(expected.invalid >= 5 && expected.valid >= 5, "the sample has both valid and invalid rows");
      assert.equal(await page.locator("#rows tbody tr").count(), expected.total);

      // Every finding of the library is shown in its row, next to its cell (or in Status).
      for (const r of expected.rows) {
        for (const i of [...r.errors, ...r.warnings]) {
          const field = i.field !== null && csv.headers.includes(i.field) ? i.field : null;
          const el = issue(page, r.index, field, i.code);
          assert.equal(await el.count(), 1, `row ${r.index + 1}: ${i.code} at ${i.field}`);
          assert.match(await el.textContent(), new RegExp(escape(shownText(i.message))));
        }
      }

      // The findings the sample is there to show (row index, field, code).
      const wanted = [
        [1, "birthday", "invalid_date"],
        [5, "email", "invalid_email"],
        [6, null, "missing_identifier"],
        [9, "country_codes", "invalid_country_code"],
        [11, "whatsapp", "no_valid_phone"],
        [0, "kundennummer_alt", "unknown_field"],
        [0, "email_marketing_opt_in", "coerced_value"],
        [12, "birthday", "invalid_date"],
      ];
      for (const [row, field, code] of wanted) assert.equal(await issue(page, row, field, code).count(), 1, `${code} at ${field} in row ${row + 1}`);
      const codes = await page.locator("#findings li").evaluateAll((els) => els.map((e) => e.dataset.code));
      for (const code of ["invalid_date", "invalid_email", "missing_identifier", "invalid_country_code", "no_valid_phone", "unknown_field", "coerced_value"]) {
        assert.ok(codes.includes(code), `findings summary lists ${code}`);
      }

      // Normalised values: E.164 numbers from national and international forms, lower-case uuids.
      const sent = (row, field) => page.locator(`#rows tbody tr[data-index="${row}"] td[data-field="${field}"] .sent`).textContent();
      assert.match(await sent(0, "whatsapp"), /\+4915123456789/);
      assert.match(await sent(2, "whatsapp"), /\+41791234567/);
      assert.match(await sent(3, "whatsapp"), /\+31612345678/);
      assert.match(await sent(4, "sms"), /\+14155552671/);
      assert.match(await sent(7, "whatsapp"), /\+4930901820/); // the first number of the list is invalid
      assert.match(await sent(1, "id"), /3f2504e0-4f89-41d3-9a0c-0305e82c3301/); // preview in an invalid row

      // Only rows with errors.
      await page.locator("#only-errors").check();
      await page.waitForFunction((n) => document.querySelectorAll("#rows tbody tr").length === n, expected.invalid);
      assert.equal(await page.locator("#rows tbody tr.row-invalid").count(), expected.invalid);

      await page.locator("#only-errors").uncheck();
      await page.waitForFunction((n) => document.querySelectorAll("#rows tbody tr").length === n, expected.total);
      await screenshot(page, "sample-contacts.png");
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.screenshot({ path: path.join(ROOT, "test-results", "e2e", "sample-contacts-1280-viewport.png") });
      assertClean(assert, problems);
    } finally {
      await context.close();
    }
  });

  for (const [type, file, wanted] of [
    [
      "deal_details",
      "deals.json",
      [
        [2, null, "missing_contact_reference"],
        [3, "close_date", "invalid_date"],
        [3, null, "ambiguous_contact_reference"],
        [4, "contact_id", "invalid_uuid"],
        [5, "contact_id", "coerced_value"],
        [1, "amount", "coerced_value"],
      ],
    ],
    [
      "appointment_details",
      "appointments.json",
      [
        [1, "end_time", "end_before_start"],
        [2, "name", "required"],
        [3, "start_time", "timestamp_without_offset"],
        [4, "created_at", "read_only_field"],
        [5, null, "missing_contact_reference"],
        [6, "cancelled_at", "invalid_timestamp"],
      ],
    ],
  ]) {
    test(`${type}: switching the type loads ${file}`, async () => {
      const { context, page, problems } = await demo.open();
      try {
        await waitForDone(page);
        await page.selectOption("#import-type", type);
        await page.waitForFunction((f) => document.getElementById("source-name").textContent.startsWith(f), file);
        await waitForDone(page);
        const expected = lib.validateImportJson(readFileSync(path.join(SAMPLES, file), "utf8"), defaultOptions());
        const s = await stats(page);
        assert.deepEqual([s.total, s.valid, s.invalid], [expected.total, expected.valid, expected.invalid]);
        for (const [row, field, code] of wanted) {
          assert.ok(
            expected.rows[row].errors.concat(expected.rows[row].warnings).some((i) => i.code === code && (field === null || i.field === field)),
            `the library reports ${code} at ${field} in row ${row + 1}`,
          );
          const el = field === null ? page.locator(`#rows tbody tr[data-index="${row}"] li.issue[data-code="${code}"]`) : issue(page, row, field, code);
          assert.ok((await el.count()) >= 1, `${code} at ${field} in row ${row + 1}`);
        }
        // UUIDs are shown lower-cased as sent.
        const uuid = page.locator(`#rows tbody tr[data-index="${type === "deal_details" ? 1 : 0}"] td[data-field="${type === "deal_details" ? "contact_id" : "assignee_id"}"] .sent`);
        assert.match(await uuid.textContent(), /^→ [0-9a-f-]{36}$/);
        await screenshot(page, `sample-${type}.png`);
        assertClean(assert, problems);
      } finally {
        await context.close();
      }
    });
  }
});

test("keyboard: every control is reachable with Tab, and works from the keyboard", async () => {
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    const reached = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      reached.push(
        await page.evaluate(() => {
          const el = document.activeElement;
          return el.id || (el.matches("summary") ? `summary:${el.parentElement.id}` : el.className || el.tagName);
        }),
      );
    }
    for (const id of [
      "import-type",
      "choose-file",
      "load-sample",
      "paste-toggle",
      "download-body",
      "copy-body",
      "download-failed",
      "download-failed-xlsx",
      "batches-toggle",
      "summary:settings",
      "country-codes",
      "contact-list-id",
      "marketing-channels",
      "custom-fields",
      "apply-settings",
      "mapping-download",
      "map-select",
      "only-errors",
      "table-wrap",
    ]) {
      assert.ok(reached.includes(id), `Tab reaches ${id} (reached: ${reached.join(" ")})`);
    }
    // Space toggles the filter; Enter on the summary closes the settings.
    await page.focus("#only-errors");
    await page.keyboard.press("Space");
    await page.waitForFunction(() => [...document.querySelectorAll("#rows tbody tr")].every((tr) => tr.classList.contains("row-invalid")));
    await page.focus("#settings > summary");
    await page.keyboard.press("Enter");
    assert.equal(await page.locator("#settings").evaluate((d) => d.open), false);
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
