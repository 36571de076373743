#!/usr/bin/env node
// Checks a large import file with the wasm package, in bounded memory.
//
// Superseded by the package's command, `npx mateo-import check FILE --type TYPE …` (cli/, see the
// README's "Command line"), which also maps, splits and sends. This script stays as an example
// of driving the API directly (docs/robustness.md and tests/js/mapping.test.mjs use it).
//
//   node examples/node/validate-file.mjs FILE --type contact_details \
//        [--country DE,AT] [--mapping auto|mapping.json] [--out body.json] [--failed failed.csv]
//        [--chunk 10000] [--quiet]
//
// FILE is what the library's TableReader reads: CSV or TSV in any encoding Excel writes (the
// header row gives the keys), a JSON `POST /import` body ({"type":…, "payload":[…]}), a JSON
// array of rows, NDJSON, or a workbook (.xlsx, .xls, .ods: read whole with the spreadsheet
// module). `--type` is required unless the JSON body has a `type`. `--mapping auto` maps the
// file's columns to the API's fields with the library's suggestions (printed to stderr);
// `--mapping FILE` uses a saved mapping (the JSON suggestMapping returns).
//
// The file's bytes are read as a stream; TableReader turns them into rows, which go through one
// ImportSession `--chunk` rows at a time. The valid rows are written to `--out` as they come
// (streamed JSON, never one big object), the failed rows to `--failed` as CSV with their error
// codes and messages. Memory is bounded by the chunk size for CSV, TSV and NDJSON of any size (a
// JSON document is read whole). Exit status: 0 all rows valid, 1 some invalid, 2 request-level
// error, an unreadable file or bad usage.
import { createRequire } from "node:module";
import { createReadStream, createWriteStream, readFileSync, rmSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";

// ------------------------------------------------------------------------------------------------
// The package. The nodejs glue keeps its wasm instance private; catch it on the way in so the
// wasm memory can be reported.
let wasmInstance = null;
const OriginalInstance = WebAssembly.Instance;
WebAssembly.Instance = function Instance(module, imports) {
  wasmInstance = new OriginalInstance(module, imports);
  return wasmInstance;
};
const require = createRequire(import.meta.url);
// MATEO_PKG: another built package directory (default: pkg/ of this repository).
const PKG = process.env.MATEO_PKG || "../../pkg";
const { ImportSession, TableReader, readTable, enableSpreadsheets, failedRows, suggestMapping } = require(PKG);
WebAssembly.Instance = OriginalInstance;
export const wasmMemoryBytes = () => wasmInstance?.exports.memory.buffer.byteLength ?? 0;

// ------------------------------------------------------------------------------------------------
// Arguments

function usage(message) {
  if (message) console.error(`error: ${message}`);
  console.error("usage: node examples/node/validate-file.mjs FILE --type TYPE [--country DE,AT] [--mapping auto|mapping.json] [--out body.json] [--failed failed.csv] [--chunk 10000] [--quiet]");
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { chunk: 10000, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === "--type") opts.type = value();
    else if (a === "--country") opts.country = value().split(/[,;| ]+/).filter(Boolean);
    else if (a === "--out") opts.out = value();
    else if (a === "--mapping") opts.mapping = value();
    else if (a === "--failed") opts.failed = value();
    else if (a === "--chunk") opts.chunk = Number(value());
    else if (a === "--quiet") opts.quiet = true;
    else if (a === "-h" || a === "--help") usage();
    else if (a.startsWith("--")) usage(`unknown option ${a}`);
    else if (!opts.file) opts.file = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!opts.file) usage("no input file");
  if (!(opts.chunk >= 1)) usage("--chunk must be a positive number");
  return opts;
}

// ------------------------------------------------------------------------------------------------
// Reading: the library's TableReader on the file's bytes (format, encoding, delimiter and header
// row found from the bytes), in pieces of 1 MiB; rows come out in chunks of `chunk`.

async function* tableChunks(file, chunk, onTable) {
  const reader = new TableReader({ fileName: path.basename(file) });
  let rows = [];
  let headers;
  let table = null;
  let workbook = false;
  try {
    for await (const piece of createReadStream(file, { highWaterMark: 1 << 20 })) {
      for (const row of reader.push(piece)) rows.push(row);
      while (rows.length >= chunk) yield { rows: rows.splice(0, chunk), headers: reader.headers, delimiter: reader.delimiter };
    }
    table = reader.finish();
    for (const row of table.rows) rows.push(row);
    headers = table.headers;
    onTable(table);
  } catch (e) {
    if (e?.code !== "unsupported_format") throw e;
    workbook = true;
  } finally {
    reader.free();
  }
  if (workbook) {
    // A workbook: the spreadsheet module reads it whole.
    enableSpreadsheets(require(`${PKG}/sheets/node/mateo_import_sheets.js`));
    table = readTable(readFileSync(file), { fileName: path.basename(file) });
    onTable(table);
    ({ rows, headers } = table);
  }
  while (rows.length) yield { rows: rows.splice(0, chunk), headers, delimiter: table?.delimiter };
}

// ------------------------------------------------------------------------------------------------
// Writers

class Out {
  constructor(file) {
    this.file = file;
    this.stream = file ? createWriteStream(file) : null;
    this.bytes = 0;
  }
  async write(text) {
    if (!this.stream) return;
    this.bytes += text.length;
    if (!this.stream.write(text)) await once(this.stream, "drain");
  }
  async close() {
    if (!this.stream) return;
    this.stream.end();
    await once(this.stream, "finish");
  }
}

// ------------------------------------------------------------------------------------------------

function mb(bytes) {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

export async function main(argv) {
  const opts = parseArgs(argv);
  const t0 = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - t0) / 1e9;
  const peak = { rss: 0, heap: 0, wasm: 0 };
  const sample = () => {
    const mu = process.memoryUsage();
    peak.rss = Math.max(peak.rss, mu.rss);
    peak.heap = Math.max(peak.heap, mu.heapUsed);
    peak.wasm = Math.max(peak.wasm, wasmMemoryBytes());
  };

  // The body without its payload: --type, or the top-level fields of a JSON body (known once the
  // table is read: a JSON document is read whole, so its rows come after it).
  let body = null;
  let table = null;
  let session = null;
  const options = opts.country ? { defaultCountryCodes: opts.country } : {};
  let mappingUsed = null;
  function startSession(headers = [], sample = []) {
    body = {};
    const head = table?.notices.find((n) => n.code === "body_fields_not_read")?.params.body;
    if (head) Object.assign(body, head);
    if (opts.type) {
      if (body.type !== undefined && body.type !== opts.type) usage(`--type ${opts.type} but the body says ${JSON.stringify(body.type)}`);
      body.type = opts.type;
    }
    if (body.type === undefined) usage("--type is required (the file has no type)");
    if (opts.mapping === "auto") {
      mappingUsed = suggestMapping(headers, body.type, { ...options, sample: sample.slice(0, 200) });
    } else if (opts.mapping) {
      try {
        mappingUsed = JSON.parse(readFileSync(opts.mapping, "utf8"));
      } catch (e) {
        usage(`--mapping ${opts.mapping}: ${e.message}`);
      }
    }
    if (mappingUsed) {
      options.mapping = mappingUsed;
      if (!opts.quiet) {
        for (const c of mappingUsed.columns) {
          const to = c.field ?? "(not sent)";
          console.error(`map: ${JSON.stringify(c.header)} -> ${to}${c.reason ? `  [${c.reason}${c.dateOrder ? `, ${c.dateOrder}` : ""}]` : ""}`);
        }
      }
    }
    try {
      session = new ImportSession(body, options);
    } catch (e) {
      usage(`${e.code}: ${e.message}`);
    }
  }

  const out = new Out(opts.out);
  const failed = new Out(opts.failed);
  let failedColumns = null;
  const codeCounts = new Map();
  const fileIssues = [];
  let first = true;
  let lastProgress = 0;
  await out.write('{"payload":[');

  // The failed rows: the library's failedRows, one part per chunk (the first with the header),
  // the cells as read, in the file's delimiter. The file's columns are known from the first chunk.
  let failedPart = "first";
  async function handle(reports, rows, headers, delimiter) {
    if (failedColumns === null) failedColumns = headers;
    let valid = "";
    const failedReports = [];
    for (let i = 0; i < reports.length; i++) {
      const r = reports[i];
      if (r.ok) {
        valid += (first ? "" : ",") + JSON.stringify(r.row);
        first = false;
      } else {
        for (const e of r.errors) codeCounts.set(e.code, (codeCounts.get(e.code) || 0) + 1);
        failedReports.push({ index: r.index, ok: false, row: rows[i], errors: r.errors });
      }
    }
    await out.write(valid);
    if (failedReports.length && opts.failed) {
      await failed.write(failedRows(failedReports, { delimiter: delimiter ?? ",", headers: failedColumns, part: failedPart }));
      failedPart = "next";
    }
  }

  function progress(force) {
    sample();
    if (opts.quiet || !session) return;
    const now = seconds();
    if (!force && now - lastProgress < 1) return;
    lastProgress = now;
    const { total, valid } = session;
    const line = `rows ${total.toLocaleString("en")}  valid ${valid.toLocaleString("en")}  invalid ${(total - valid).toLocaleString("en")}  ${Math.round(total / now).toLocaleString("en")} rows/s  rss ${mb(process.memoryUsage().rss)}  wasm ${mb(wasmMemoryBytes())}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
    else process.stderr.write(line + "\n");
  }

  try {
    for await (const { rows, headers, delimiter } of tableChunks(opts.file, opts.chunk, (t) => (table = t))) {
      if (!session) startSession(headers, rows);
      const reports = session.push(rows);
      await handle(reports, rows, headers, delimiter);
      progress(false);
    }
  } catch (e) {
    if (!e?.code) throw e;
    console.error(`${opts.file}: ${e.code}: ${e.message}`);
    return 2;
  }
  if (!session) startSession();
  for (const n of table.notices) if (n.code !== "body_fields_not_read") fileIssues.push(`${n.code}: ${n.message}`);

  const summary = session.finish();
  progress(true);
  session.free();
  if (!opts.quiet && process.stderr.isTTY) process.stderr.write("\n");

  // Close the body: the checked top-level fields after the payload.
  let bodyWritten = false;
  if (summary.request && summary.valid > 0) {
    let tail = "]";
    for (const [k, v] of Object.entries(summary.request)) tail += `,${JSON.stringify(k)}:${JSON.stringify(v)}`;
    await out.write(tail + "}\n");
    bodyWritten = true;
  }
  await out.close();
  await failed.close();
  if (opts.out && !bodyWritten) rmSync(opts.out, { force: true });

  const elapsed = seconds();
  sample();
  const report = {
    file: opts.file,
    read_as: { format: table.format, encoding: table.encoding, delimiter: table.delimiter, sheet: table.sheet },
    mapping: mappingUsed,
    total: summary.total,
    valid: summary.valid,
    invalid: summary.invalid,
    ok: summary.ok,
    errors: summary.errors,
    warnings: summary.warnings,
    row_error_codes: Object.fromEntries([...codeCounts].sort((a, b) => b[1] - a[1])),
    file_issues: fileIssues.length,
    seconds: Number(elapsed.toFixed(2)),
    rows_per_second: Math.round(summary.total / elapsed),
    peak_rss_mib: Math.round(peak.rss / 2 ** 20),
    peak_js_heap_mib: Math.round(peak.heap / 2 ** 20),
    wasm_memory_mib: Math.round(peak.wasm / 2 ** 20),
    out: bodyWritten ? opts.out : null,
    failed: opts.failed ?? null,
  };
  if (!opts.quiet) {
    for (const issue of fileIssues.slice(0, 5)) console.error(`file: ${issue}`);
    if (fileIssues.length > 5) console.error(`file: … and ${fileIssues.length - 5} more`);
    for (const e of summary.errors) console.error(`request error: ${e.code}${e.field ? ` (${e.field})` : ""}: ${e.message}`);
    if (opts.out && !bodyWritten) console.error(`no body written to ${opts.out}: ${summary.request ? "no valid row" : "the request is unusable"}`);
  }
  console.log(JSON.stringify(report, null, 2));
  return summary.errors.length ? 2 : summary.ok ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("validate-file.mjs")) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(2);
    },
  );
}
