// The API schema control: an OpenAPI description loaded from a file or pasted makes the page
// check against the live tables (the deal sample's `stage`, a string custom field of the sample
// settings, becomes the description's enum column: the API's own field wins), says which schema
// is in use and what loading found; a description that cannot be used is explained and
// changes nothing; "Use built-in tables" goes back.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { ROOT, assertClean, useDemo, waitForDone } from "./helpers.mjs";

const demo = useDemo();
const DOC = path.join(ROOT, "tests", "fixtures", "openapi", "postgrest-swagger2.json");

test("API schema: load a description file, paste a broken one, go back to the built-in tables", async () => {
  const { context, page, problems } = await demo.open();
  try {
    await waitForDone(page);
    await page.selectOption("#import-type", "deal_details");
    await waitForDone(page);
    const stageEnum = 'td[data-field="stage"] li.issue[data-code="invalid_enum"]';
    assert.equal(await page.locator(stageEnum).count(), 0, "built-in tables: stage is free text");
    assert.match(await page.locator("#schema-status").textContent(), /built-in tables/);

    await page.setInputFiles("#schema-file", DOC);
    await page.waitForFunction(() => /Mateo API 12\.2\.3/.test(document.getElementById("schema-status").textContent));
    await waitForDone(page);
    const status = await page.locator("#schema-status").textContent();
    assert.match(status, /OpenAPI 2\.0, file postgrest-swagger2\.json/);
    assert.match(status, /Deals: deal_details, 24 fields/);
    assert.equal(await page.locator("#schema-issues li").count(), 6);
    assert.equal(await page.locator('#schema-issues li[data-code="schema_unknown_format"]').count(), 6);
    assert.ok((await page.locator(stageEnum).count()) > 0, "live tables: stage is an enum (negotiation is none of its values)");
    assert.equal(await page.locator("#schema-reset").isDisabled(), false);

    // A broken description: explained, the loaded one stays in use.
    await page.locator("#schema-paste-toggle").click();
    await page.fill("#schema-text", '{"swagger": "2.0", "definitions": {"deal_details": {"$ref": "#/definitions/deal_details"}}}');
    await page.locator("#schema-apply").click();
    await page.waitForFunction(() => !document.getElementById("schema-error").hidden);
    assert.match(await page.locator("#schema-error").textContent(), /ref_cycle/);
    assert.match(await page.locator("#schema-status").textContent(), /still the description loaded before/);

    await page.locator("#schema-reset").click();
    await page.waitForFunction(() => /In use: the built-in tables/.test(document.getElementById("schema-status").textContent));
    await waitForDone(page);
    assert.equal(await page.locator(stageEnum).count(), 0, "back to the built-in tables");
    assert.equal(await page.locator("#schema-issues").isHidden(), true);
    assertClean(assert, problems);
  } finally {
    await context.close();
  }
});
