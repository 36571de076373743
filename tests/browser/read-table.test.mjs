// The file-reading cases (tests/js/read-table-cases.mjs) in headless Chromium: Debian's
// /usr/bin/chromium driven by playwright-core, the web build and the fixture files served by a
// tiny static server on a free port. The same cases run in Node (tests/js/read-table.test.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { CASES } from "../js/read-table-cases.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const pkgDir = process.env.MATEO_PKG || path.join(root, "pkg");

let playwright = null;
try {
  playwright = await import("playwright-core");
} catch {
  // reported as a skip below
}
const skip = !existsSync(executablePath)
  ? `${executablePath} not found (apt-get install chromium)`
  : !playwright
    ? "playwright-core not installed (npm ci)"
    : !existsSync(path.join(pkgDir, "web", "mateo_import.js"))
      ? "pkg/web is not built: run scripts/build.sh"
      : false;

const mounts = { "/pkg/": pkgDir, "/tests/js/": path.join(root, "tests", "js"), "/files/": path.join(root, "tests", "fixtures", "files") };
const types = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };

function serve() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><meta charset=utf-8><title>read-table</title>");
      return;
    }
    const prefix = Object.keys(mounts).find((p) => url.pathname.startsWith(p));
    const file = prefix && path.resolve(mounts[prefix], "." + decodeURIComponent(url.pathname.slice(prefix.length - 1)));
    if (!file || !file.startsWith(mounts[prefix] + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

let server, browser, page;
const pageErrors = [];

before(async () => {
  if (skip) return;
  server = await serve();
  const { port } = server.address();
  browser = await playwright.chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  page = await browser.newPage();
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.evaluate(async () => {
    const m = await import("/pkg/web/mateo_import.js");
    await m.default();
    const sheets = await import("/pkg/sheets/web/mateo_import_sheets.js");
    await sheets.default();
    const cases = await import("/tests/js/read-table-cases.mjs");
    const files = {};
    for (const name of cases.FILES) files[name] = new Uint8Array(await (await fetch(`/files/${name}`)).arrayBuffer());
    Object.assign(window, { __m: m, __sheets: sheets, __cases: cases.CASES, __files: files });
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

for (let i = 0; i < CASES.length; i++) {
  test(`headless Chromium: ${CASES[i][0]}`, { skip }, async () => {
    const failure = await page.evaluate((i) => {
      try {
        window.__cases[i][1](window.__m, window.__files, window.__sheets);
        return null;
      } catch (e) {
        return String(e && e.stack ? e.stack : e);
      }
    }, i);
    assert.equal(failure, null);
    assert.deepEqual(pageErrors, []);
  });
}
