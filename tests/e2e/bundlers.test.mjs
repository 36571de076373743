// The package through the bundlers a user would pick (README, "With a bundler"): a production
// build with Vite and a bundle with esbuild of the same small page, each opened in Chromium:
// the .wasm is found and the library answers as in Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, rmSync, symlinkSync, readFileSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";

import { ROOT, RESULTS, launchBrowser } from "./helpers.mjs";

const APP = path.join(ROOT, "tests", "bundlers", "app");
const EXPECTED = { valid: 1, whatsapp: "+4915123456789" };
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

/** A project directory: the app's files and `node_modules/mateo-import` pointing at pkg/. */
function project(name) {
  const dir = path.join(RESULTS, "bundlers", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  cpSync(APP, dir, { recursive: true });
  symlinkSync(path.join(ROOT, "pkg"), path.join(dir, "node_modules", "mateo-import"), "dir");
  return dir;
}

/** Serves `dir` on a free port. */
function serve(dir) {
  const server = createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!file.startsWith(dir) || !existsSync(file)) return res.writeHead(404).end();
    const f = file.endsWith("/") ? path.join(file, "index.html") : file;
    res.writeHead(200, { "content-type": TYPES[path.extname(f)] ?? "application/octet-stream" }).end(readFileSync(f));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function openAndRead(dir) {
  const server = await serve(dir);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    await page.waitForFunction(() => document.getElementById("out").textContent !== "waiting", null, { timeout: 30_000 });
    assert.deepEqual(errors, []);
    return JSON.parse(await page.textContent("#out"));
  } finally {
    await browser.close();
    server.close();
  }
}

test("Vite production build: the .wasm emitted and found, top-level await init()", async () => {
  const dir = project("vite");
  const { build } = await import("vite");
  await build({
    root: dir,
    logLevel: "silent",
    configFile: false,
    optimizeDeps: { exclude: ["mateo-import"] },
    build: { outDir: path.join(dir, "dist"), target: "es2022", emptyOutDir: true },
  });
  assert.deepEqual(await openAndRead(path.join(dir, "dist")), EXPECTED);
});

test("esbuild bundle: the .wasm through the file loader, its URL given to init()", async () => {
  const dir = project("esbuild");
  const esbuild = await import("esbuild");
  const out = path.join(dir, "dist");
  await esbuild.build({
    absWorkingDir: dir,
    entryPoints: [path.join(dir, "main-esbuild.js")],
    bundle: true,
    format: "esm",
    target: "es2022",
    loader: { ".wasm": "file" },
    outfile: path.join(out, "main.js"),
    logLevel: "silent",
  });
  cpSync(path.join(dir, "index.html"), path.join(out, "index.html"));
  assert.deepEqual(await openAndRead(out), EXPECTED);
});
