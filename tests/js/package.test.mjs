// The built npm package in pkg/ (scripts/build.sh), loaded every way it is meant to be loaded:
// require('./pkg'), import of the Node ESM wrapper, resolution by package name through the
// "exports" map (CJS and ESM), and the web build (init with the wasm bytes) under Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pkgDir = path.join(root, "pkg");
const require = createRequire(import.meta.url);

if (!existsSync(path.join(pkgDir, "package.json"))) {
  throw new Error("pkg/ is not built: run scripts/build.sh (or make test)");
}

const VALID = { type: "contact_details", payload: [{ email: "a@b.de" }] };

function checkApi(m, how) {
  assert.equal(typeof m.validateImport, "function", `${how}: validateImport`);
  assert.equal(typeof m.validateImportJson, "function", `${how}: validateImportJson`);
  assert.equal(typeof m.resolvePhone, "function", `${how}: resolvePhone`);
  assert.equal(typeof m.Validator, "function", `${how}: Validator`);

  assert.equal(m.resolvePhone("+49 30 901820").e164, "+4930901820", how);
  assert.equal(m.resolvePhone("030 901820", ["DE"]).e164, "+4930901820", how);

  const report = m.validateImport(VALID);
  assert.equal(report.ok, true, `${how}: ${JSON.stringify(report)}`);
  assert.equal(report.valid, 1);
  assert.equal(m.validateImportJson(JSON.stringify(VALID)).ok, true, how);

  const bad = m.validateImport({ type: "deal_details", payload: [{ contact_id: "nope" }] });
  assert.equal(bad.ok, false, how);
  assert.ok(bad.rows[0].errors.some((e) => e.code === "invalid_uuid" && e.field === "contact_id"), how);

  const v = new m.Validator({ defaultCountryCodes: ["DE"] });
  assert.equal(v.validateRow("contact_details", { email: "a@b.de" }).ok, true, how);
  assert.equal(v.validateImport(42).ok, false, how);
  v.free();
}

test("require('./pkg') loads the Node CommonJS build", () => {
  const m = require(pkgDir);
  checkApi(m, "require(pkg)");
});

test("import of pkg/node/index.mjs (ESM wrapper)", async () => {
  const m = await import(pathToFileURL(path.join(pkgDir, "node/index.mjs")).href);
  checkApi(m, "import pkg/node/index.mjs");
  assert.equal(m.default.resolvePhone, m.resolvePhone, "default export is the CJS module");
  // Same module instance as require(): one wasm instance per process.
  assert.equal(m.resolvePhone, require(pkgDir).resolvePhone);
});

test("the web build works in Node after init(bytes)", async () => {
  const web = await import(pathToFileURL(path.join(pkgDir, "web/mateo_import.js")).href);
  assert.equal(typeof web.default, "function", "default export is init()");
  assert.throws(() => web.resolvePhone("+49 30 901820"), "calls before init() fail");
  const bytes = readFileSync(path.join(pkgDir, "web/mateo_import_bg.wasm"));
  await web.default({ module_or_path: bytes });
  checkApi(web, "web build");
});

test("package.json exports resolve by package name (require and import)", () => {
  const meta = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8"));
  assert.equal(meta.name, "mateo-import");
  assert.ok(meta.exports["."].node.import && meta.exports["."].node.require);
  assert.ok(meta.exports["."].default);

  const dir = mkdtempSync(path.join(tmpdir(), "mateo-import-pkg-"));
  try {
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(pkgDir, path.join(dir, "node_modules", "mateo-import"), "dir");
    const probe = (m) => JSON.stringify([m.resolvePhone("+49 30 901820").e164, m.validateImport(VALID).ok]);
    writeFileSync(
      path.join(dir, "a.cjs"),
      `const m = require("mateo-import"); console.log(JSON.stringify([m.resolvePhone("+49 30 901820").e164, m.validateImport(${JSON.stringify(VALID)}).ok]));\n`,
    );
    writeFileSync(
      path.join(dir, "b.mjs"),
      `import { resolvePhone, validateImport } from "mateo-import";\n` +
        `console.log(JSON.stringify([resolvePhone("+49 30 901820").e164, validateImport(${JSON.stringify(VALID)}).ok]));\n`,
    );
    const expected = probe(require(pkgDir));
    for (const file of ["a.cjs", "b.mjs"]) {
      const out = execFileSync(process.execPath, [file], { cwd: dir, encoding: "utf8" }).trim();
      assert.equal(out, expected, file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the packed tarball carries the README, the license and the spreadsheet module", () => {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: pkgDir, encoding: "utf8" });
  const files = JSON.parse(out)[0].files.map((f) => f.path);
  for (const f of ["README.md", "LICENSE", "package.json", "web/mateo_import_bg.wasm", "sheets/web/mateo_import_sheets_bg.wasm", "sheets/node/mateo_import_sheets.js"]) {
    assert.ok(files.includes(f), `${f} not in ${files.join(", ")}`);
  }
});

test("mateo-import/sheets resolves by package name, in CommonJS and ESM", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "mateo-sheets-"));
  try {
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(pkgDir, path.join(dir, "node_modules", "mateo-import"), "dir");
    writeFileSync(path.join(dir, "a.cjs"), "const s = require('mateo-import/sheets'); const m = require('mateo-import'); m.enableSpreadsheets(s); console.log(typeof s.readWorkbook);");
    assert.equal(execFileSync(process.execPath, [path.join(dir, "a.cjs")], { encoding: "utf8" }).trim(), "function");
    writeFileSync(path.join(dir, "b.mjs"), "import * as s from 'mateo-import/sheets'; console.log(typeof s.readWorkbook);");
    assert.equal(execFileSync(process.execPath, [path.join(dir, "b.mjs")], { encoding: "utf8" }).trim(), "function");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
