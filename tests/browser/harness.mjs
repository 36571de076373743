// What the headless-Chromium suites share: Debian's /usr/bin/chromium driven by playwright-core
// (nothing is downloaded), a tiny static server on a free port for the built package and test
// files, and the reason to skip when something is missing.
//
//   CHROMIUM=/path ...     another Chromium binary
//   MATEO_PKG=/path/to/pkg another build of the package
import { createServer } from "node:http";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
export const pkgDir = process.env.MATEO_PKG || path.join(root, "pkg");

let playwright = null;
try {
  playwright = await import("playwright-core");
} catch {
  // reported as a skip
}

/** Why the browser suites cannot run here, or false. */
export const skip = !existsSync(executablePath)
  ? `${executablePath} not found (apt-get install chromium)`
  : !playwright
    ? "playwright-core not installed (npm ci)"
    : !existsSync(path.join(pkgDir, "web", "mateo_import.js"))
      ? "pkg/web is not built: run scripts/build.sh"
      : false;

const types = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

/** Serves `mounts` (URL prefix -> directory; "/pkg/" is always there) on 127.0.0.1; "/" is a blank page. */
function serve(mounts) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><meta charset=utf-8><title>test</title>");
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

/**
 * Starts the server with `mounts` (plus "/pkg/") and a page on its blank "/"; resolves to
 * { page, pageErrors, close }.
 */
export async function openPage(mounts = {}) {
  const server = await serve({ "/pkg/": pkgDir, ...mounts });
  const browser = await playwright.chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = await browser.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  return {
    page,
    pageErrors,
    close: async () => {
      await browser.close();
      server.close();
    },
  };
}
