#!/usr/bin/env node
// mateo-import on the command line: check, map, split and send import files with the package's
// own reading, mapping, checking, batching and failed-rows functions (see the README's
// "Command line"). Exit codes: 0 every row valid (and sent), 1 some rows invalid, 2 usage or
// input errors, 3 `send` stopped before every batch was accepted (run it again to resume).
import { writeFileSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { parse, langArg, UsageError } from "./args.mjs";
import { t, setLang, defaultLang, num } from "./messages.mjs";
import { runCheck, InputError, requestErrorText } from "./check.mjs";
import { checkLines, checkExit } from "./report.mjs";
import { OutFile } from "./outfile.mjs";
import { BatchWriter, prepareDir, batchFiles } from "./batches.mjs";
import { sendDir } from "./send.mjs";

function print(opts, line = "") {
  if (!opts.json) process.stdout.write(line + "\n");
}

/** check: the report, the body (--out, streamed: rows as they come) and the failed rows. */
async function check(opts) {
  let out = null;
  let first = true;
  const sink = {
    start() {
      if (opts.out) out = new OutFile(opts.out);
      return out?.write('{"payload":[');
    },
    async valid(rows) {
      if (!out) return;
      let text = "";
      for (const row of rows) {
        text += (first ? "" : ",") + JSON.stringify(row);
        first = false;
      }
      await out.write(text);
    },
  };
  let r;
  try {
    r = await runCheck(opts, sink);
  } catch (e) {
    await out?.abort();
    throw e;
  }
  let bodyWritten = false;
  if (out) {
    if (r.request && r.valid > 0) {
      let tail = "]";
      for (const [k, v] of Object.entries(r.request)) tail += `,${JSON.stringify(k)}:${JSON.stringify(v)}`;
      await out.write(tail + "}\n");
      await out.close();
      bodyWritten = true;
    } else await out.abort();
  }
  r.out = bodyWritten ? opts.out : null;
  for (const line of checkLines(r)) print(opts, line);
  if (bodyWritten) print(opts, t("wroteBody", { valid: num(r.valid), file: opts.out }));
  else if (opts.out) print(opts, t("noBodyWritten", { file: opts.out, reason: r.errors.length ? t("unusable") : t("noValidRows") }));
  if (r.failed_file) print(opts, t("wroteFailed", { invalid: num(r.invalid), file: r.failed_file }));
  if (opts.json) process.stdout.write(JSON.stringify(r, null, 2) + "\n");
  return checkExit(r);
}

/** map: the mapping the library suggests for the file's headers (or the saved one), shown and saved. */
async function map(opts) {
  const r = await runCheck(opts, {}, { mapOnly: true });
  if (opts.out && r.mapping) writeFileSync(opts.out, JSON.stringify(r.mapping, null, 2) + "\n");
  if (opts.json) {
    process.stdout.write(JSON.stringify({ command: "map", ...r, out: opts.out ?? null }, null, 2) + "\n");
    return 0;
  }
  const cols = r.mapping?.columns ?? [];
  print(opts, t("mappingHeader", { type: r.type, columns: cols.length }));
  const width = Math.min(40, Math.max(0, ...cols.map((c) => c.header.length)));
  for (const c of cols) {
    const to = c.field ?? t("notSent");
    const why = c.reason ? `  [${c.reason}${c.confidence != null ? ` ${c.confidence}` : ""}${c.dateOrder ? `, ${c.dateOrder}` : ""}]` : "";
    print(opts, `  ${c.header.padEnd(width)}  →  ${to}${why}`);
  }
  if (opts.out && r.mapping) print(opts, t("wroteMapping", { file: opts.out }));
  return 0;
}

/** split: the valid rows as batch bodies in --out-dir (batch-00001.json, …). */
async function split(opts, { dir = opts.outDir, clear = false } = {}) {
  if (!clear && prepareDir(dir).length) throw new UsageError(t("outDirNotEmpty", { dir }));
  if (clear) prepareDir(dir, { clear: true });
  const writer = new BatchWriter(dir, { maxRows: opts.maxRows, maxBytes: opts.maxBytes });
  let r;
  try {
    r = await runCheck(opts, writer);
  } catch (e) {
    writer.abort();
    throw e;
  }
  if (!r.request) {
    writer.abort();
    r.batches = { batches: 0, rows: 0, days: 0, minSeconds: 0, dir };
  } else {
    r.batches = { ...writer.finish(r.request), dir };
  }
  for (const line of checkLines(r)) print(opts, line);
  if (r.failed_file) print(opts, t("wroteFailed", { invalid: num(r.invalid), file: r.failed_file }));
  const b = r.batches;
  print(opts, t("wroteBatches", { batches: num(b.batches), rows: num(b.rows), dir, days: b.days, seconds: b.minSeconds }));
  return r;
}

/** send: FILE is checked and split into FILE's batch directory first; DIR is sent as it is. */
async function send(opts) {
  let st;
  try {
    st = statSync(opts.file);
  } catch {
    throw new InputError(t("notFound", { file: opts.file }));
  }
  let checked = null;
  let dir = opts.file;
  if (!st.isDirectory()) {
    // The batches of a file: written next to the journal, the same on every run (same hashes).
    const journal = opts.journal ?? `${opts.file}.mateo-send.jsonl`;
    opts.journal = journal;
    dir = `${journal.replace(/\.jsonl$/, "")}.batches`;
    checked = await split(opts, { dir, clear: true });
    print(opts);
    // Nothing is sent from a broken file or a request that cannot go, nor when no row is valid.
    if (!checked.request || checked.batches.batches === 0 || checkExit(checked) === 2) {
      if (opts.json) process.stdout.write(JSON.stringify({ command: "send", check: checked, send: null }, null, 2) + "\n");
      return checkExit(checked) === 2 ? 2 : 1;
    }
  }
  const report = await sendDir(dir, opts, (line) => print(opts, line));
  if (opts.json) process.stdout.write(JSON.stringify({ command: "send", check: checked, send: report }, null, 2) + "\n");
  if (!report.complete) return 3;
  if ((checked && checked.invalid > 0) || report.failed_count > 0) return 1;
  return 0;
}

async function main(argv) {
  setLang(langArg(argv) ?? defaultLang());
  // A reader that stops early (`… | head`) closes the pipe: what is left to print is not
  // wanted, the work still finishes and the exit code still says how it went.
  process.stdout.on("error", (e) => {
    if (e?.code !== "EPIPE") throw e;
  });
  // Ctrl-C: the journal is already on disk (each line fsynced); say how to go on.
  process.once("SIGINT", () => {
    process.stderr.write(`\nmateo-import: ${t("interrupted")}\n`);
    process.exit(130);
  });
  let opts;
  try {
    opts = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`mateo-import: ${t("error")}: ${e.message}\n`);
    if (e.showUsage) process.stderr.write(`\n${t("usage")}\n`);
    return 2;
  }
  if (opts.command === "help") {
    process.stdout.write(t("usage") + "\n");
    return 0;
  }
  // With --json, an error is a report too (stdout), besides the message (stderr).
  const fail = (message) => {
    process.stderr.write(`mateo-import: ${t("error")}: ${message}\n`);
    if (opts.json) process.stdout.write(JSON.stringify({ command: opts.command, file: opts.file, error: message }, null, 2) + "\n");
    return 2;
  };
  try {
    if (opts.command === "check") return await check(opts);
    if (opts.command === "map") return await map(opts);
    if (opts.command === "split") {
      const r = await split(opts);
      if (opts.json) process.stdout.write(JSON.stringify(r, null, 2) + "\n");
      return checkExit(r);
    }
    return await send(opts);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) return fail(e.message);
    // A file that cannot be written (--out, --failed, --out-dir, the journal).
    if (["ENOSPC", "EACCES", "EPERM", "ENOENT", "EISDIR", "ENOTDIR", "EROFS"].includes(e?.code)) return fail(e.message);
    // An error of the library's about the input (it names its code).
    if (typeof e?.code === "string" && /^[a-z_]+$/.test(e.code)) return fail(`${opts.file}: ${e.code}: ${e.message}`);
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`mateo-import: internal error: ${e?.stack ?? e}\n`);
    process.exitCode = 70;
  },
);
