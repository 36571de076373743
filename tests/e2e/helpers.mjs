// Shared set-up for the end-to-end tests of the demo page (www/): the static server
// (scripts/serve.mjs on a free port), Debian's Chromium through playwright-core, and the
// expectations every test shares (no console errors, no dialogs).
//
// pkg/ must already be built (`make test` builds it first; or run scripts/build.sh).

import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";

import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const RESULTS = path.join(ROOT, "test-results", "e2e");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** The Node build of the library, to compare the page's output with. */
export function nodeApi() {
  const entry = path.join(ROOT, "pkg", "node", "mateo_import.js");
  if (!existsSync(entry)) throw new Error("pkg/node is missing: run scripts/build.sh (make test does) first");
  return createRequire(import.meta.url)(entry);
}

/** Starts scripts/serve.mjs on a free port; resolves to { url, stop }. */
export function startServer() {
  if (!existsSync(path.join(ROOT, "pkg", "web", "mateo_import.js"))) {
    throw new Error("pkg/web is missing: run scripts/build.sh (make test does) first");
  }
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "serve.mjs"), "--host", "127.0.0.1", "--port", "0"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`serve.mjs did not start:\n${out}`)), 15_000);
    const fail = (err) => {
      clearTimeout(timer);
      child.kill();
      reject(err);
    };
    child.on("exit", (code) => fail(new Error(`serve.mjs exited with ${code}:\n${out}`)));
    child.stderr.on("data", (d) => (out += d));
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({
        url: `http://127.0.0.1:${m[1]}/`,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}

export function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * One server and one browser for a test file: started before its tests, stopped after them.
 * Returns `open(options)`, which opens the demo page with `openPage`.
 */
export function useDemo() {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return { open: (options) => openPage(browser, server.url, options) };
}

/**
 * Opens the page in a fresh context and records what must never happen: console errors,
 * uncaught exceptions, dialogs (an XSS payload would open one), CSP violations.
 */
export async function openPage(browser, url, { viewport = { width: 1440, height: 900 }, permissions = [], locale } = {}) {
  // `locale` ("de-DE"): the browser's language (navigator.language), which the page follows.
  const context = await browser.newContext({ viewport, acceptDownloads: true, ...(locale ? { locale } : {}) });
  if (permissions.length) await context.grantPermissions(permissions, { origin: new URL(url).origin });
  const page = await context.newPage();
  const problems = { console: [], pageErrors: [], dialogs: [], failedRequests: [] };
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.console.push(msg.text());
  });
  page.on("pageerror", (err) => problems.pageErrors.push(String(err)));
  page.on("dialog", (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on("requestfailed", (req) => problems.failedRequests.push(`${req.url()}: ${req.failure()?.errorText}`));
  page.on("response", (res) => {
    if (res.status() >= 400) problems.failedRequests.push(`${res.url()}: HTTP ${res.status()}`);
  });
  await page.goto(url);
  return { context, page, problems };
}

/** Waits until the current check has finished (the progress bar is full and results are shown). */
export async function waitForDone(page, timeout = 30_000) {
  await page.waitForFunction(
    () => {
      const p = document.getElementById("progress");
      return (
        document.body.dataset.phase === "done" &&
        p.hasAttribute("value") &&
        p.value === p.max &&
        document.getElementById("rows").dataset.complete === "true"
      );
    },
    null,
    { timeout, polling: 100 },
  );
}

/** The four totals as numbers. */
export async function stats(page) {
  // Whole numbers, in either language's form (10,500 or 10.500).
  const read = async (id) => Number((await page.locator(`#${id}`).textContent()).replace(/[,.]/g, ""));
  return { total: await read("stat-total"), valid: await read("stat-valid"), invalid: await read("stat-invalid"), warned: await read("stat-warned") };
}

/** The download that `action` triggers, read as text. */
export async function downloadText(page, action) {
  const { name, bytes } = await downloadBytes(page, action);
  return { name, text: bytes.toString("utf8") };
}

/** A library message as the page shows it: its `code` spans as <code>, without the backticks. */
export const shownText = (message) => message.replace(/`([^`]*)`/g, "$1");

export async function downloadBytes(page, action) {
  const [download] = await Promise.all([page.waitForEvent("download"), action()]);
  const { readFile } = await import("node:fs/promises");
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

export async function screenshot(page, name) {
  mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Minimal RFC 4180 reader for checking the failed-rows CSV (quotes, doubled quotes, CRLF). */
export function readCsv(text, delimiter = ",") {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  const [headers, ...body] = rows;
  return body.map((cells) => Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? ""])));
}

/** Asserts that the page logged no errors, threw nothing and opened no dialog. */
export function assertClean(assert, problems) {
  assert.deepEqual(problems.pageErrors, [], "uncaught exceptions in the page");
  assert.deepEqual(problems.console, [], "console errors");
  assert.deepEqual(problems.dialogs, [], "dialogs opened");
  assert.deepEqual(problems.failedRequests, [], "failed requests");
}
