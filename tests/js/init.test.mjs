// The browser build before `await init()`: a call says what to do (not "Cannot read properties
// of undefined"), with a code; after init the same call works.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

test("the web build before and after init()", async () => {
  const web = await import(path.join(root, "pkg/web/mateo_import.js"));
  const body = { type: "contact_details", payload: [{ external_id: "1" }] };
  assert.throws(() => web.validateImport(body), (e) => e.code === "not_initialized" && /await init\(\)/.test(e.message));
  assert.throws(() => new web.Validator(), (e) => e.code === "not_initialized");
  await web.default({ module_or_path: readFileSync(path.join(root, "pkg/web/mateo_import_bg.wasm")) });
  assert.equal(web.validateImport(body).valid, 1);
  // A second init is a no-op, as before.
  await web.default({ module_or_path: readFileSync(path.join(root, "pkg/web/mateo_import_bg.wasm")) });
  assert.equal(web.validateImport(body).valid, 1);
});
