// Start-up in headless Chromium: from just before `import()` of the web build to the first
// `validateImport` result (import of the glue + `await init()` (fetch, compile, instantiate the
// .wasm) + the first call), measured inside the page (bench/web/startup.html).
//
//   node bench/startup-web.mjs [--pkg DIR] [--runs 7] [--json OUT]
//
// Every run uses a new browser context (empty HTTP and code caches). The files are served by a
// small static server on 127.0.0.1 from the repository root (.wasm as application/wasm, so the
// streaming compile path is used, as on a real site).
import { createServer } from "node:http";
import { createReadStream, existsSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { createRequire } from "node:module";
import { parseArgs, median, pkgDir, fmt, ROOT } from "./lib.mjs";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const args = parseArgs();
const dir = pkgDir(args);
const RUNS = Number(args.runs ?? 7);
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

const server = createServer((req, res) => {
  const path = resolve(ROOT, "." + decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!path.startsWith(ROOT + sep) || !existsSync(path) || !statSync(path).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream", "cache-control": "no-store" });
  createReadStream(path).pipe(res);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const port = server.address().port;
const glue = "/" + relative(ROOT, join(dir, "web", "mateo_import.js")).split(sep).join("/");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const runs = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/bench/web/startup.html?pkg=${encodeURIComponent(glue)}`);
    const r = await page.waitForFunction(() => window.__result, null, { timeout: 120000 }).then((h) => h.jsonValue());
    await context.close();
    if (r.error) throw new Error(r.error);
    runs.push(r);
  }
} finally {
  await browser.close();
  server.close();
}
const m = (k) => median(runs.map((r) => r[k]));
const out = { pkg: dir, runs: RUNS, importGlue: m("importGlue"), init: m("init"), first: m("first"), total: m("total"), second: m("second"), all: runs };
console.log(
  `chromium import ${fmt(m("importGlue"))} ms + init ${fmt(m("init"))} ms + first result ${fmt(m("first"))} ms = ${fmt(m("total"))} ms` +
    ` (median of ${RUNS} fresh contexts; second call ${fmt(m("second"), 2)} ms; totals ${runs.map((r) => fmt(r.total, 0)).join(" ")})`,
);
if (args.json) {
  mkdirSync(dirname(args.json), { recursive: true });
  writeFileSync(args.json, JSON.stringify(out, null, 2));
}
