#!/usr/bin/env node
// Checks a large import file with the wasm package, in bounded memory.
//
//   node examples/node/validate-file.mjs FILE.(csv|json|jsonl) --type contact_details \
//        [--country DE,AT] [--out body.json] [--failed failed.csv] [--chunk 10000] [--quiet]
//
// FILE is a CSV file (header line = keys), a JSON `POST /import` body ({"type":…, "payload":[…]}),
// a JSON array of rows, or NDJSON (one row per line, .jsonl / .ndjson). `--type` is required unless
// the JSON body has a `type`.
//
// The file is read as a stream and cut into chunks of `--chunk` rows; each chunk goes through one
// ImportSession (`pushJson` for JSON: the rows never become JS objects here; `parseCsv` + `push`
// for CSV). The valid rows are written to `--out` as they come (streamed JSON, never one big
// object), the failed rows to `--failed` as CSV with their error codes and messages. Memory is
// bounded by the chunk size, whatever the file size. Exit status: 0 all rows valid, 1 some
// invalid, 2 request-level error or bad usage.
import { createRequire } from "node:module";
import { createReadStream, createWriteStream, rmSync } from "node:fs";
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
const { ImportSession, parseCsv } = require(process.env.MATEO_PKG || "../../pkg");
WebAssembly.Instance = OriginalInstance;
export const wasmMemoryBytes = () => wasmInstance?.exports.memory.buffer.byteLength ?? 0;

// ------------------------------------------------------------------------------------------------
// Arguments

function usage(message) {
  if (message) console.error(`error: ${message}`);
  console.error("usage: node examples/node/validate-file.mjs FILE.(csv|json|jsonl) --type TYPE [--country DE,AT] [--out body.json] [--failed failed.csv] [--chunk 10000] [--quiet]");
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
  const ext = path.extname(opts.file).toLowerCase();
  opts.format = ext === ".csv" || ext === ".tsv" || ext === ".txt" ? "csv" : ext === ".jsonl" || ext === ".ndjson" ? "ndjson" : "json";
  return opts;
}

// ------------------------------------------------------------------------------------------------
// Readers: each yields arrays of at most `chunk` rows (CSV: {rows (objects), line}; JSON: texts).

async function* textOf(file) {
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 });
  let first = true;
  for await (let piece of stream) {
    if (first && piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
    first = false;
    yield piece;
  }
}

/** CSV records (a newline inside quotes does not end a record), grouped in chunks. */
async function* csvChunks(file, chunk) {
  let header = null;
  let record = "";
  let quoted = false;
  let line = 1; // line of the record being read
  let startLine = 1;
  let records = [];
  let firstLine = 2;
  for await (const piece of textOf(file)) {
    let from = 0;
    for (let i = 0; i < piece.length; i++) {
      const c = piece.charCodeAt(i);
      if (c === 34 /* " */) quoted = !quoted;
      else if (c === 10 /* \n */) {
        line++;
        if (quoted) continue;
        record += piece.slice(from, i);
        from = i + 1;
        if (header === null) header = record;
        else {
          if (records.length === 0) firstLine = startLine;
          records.push(record);
        }
        record = "";
        startLine = line;
        if (records.length >= chunk) {
          yield { header, records, firstLine };
          records = [];
        }
      }
    }
    record += piece.slice(from);
  }
  if (record.length > 0) {
    if (header === null) header = record;
    else {
      if (records.length === 0) firstLine = startLine;
      records.push(record);
    }
  }
  if (header !== null && records.length > 0) yield { header, records, firstLine };
  if (header === null) yield { header: "", records: [], firstLine: 1 };
}

/**
 * A streaming splitter for a JSON body or array: top-level fields (other than `payload`) are kept
 * as text; the rows of `payload` (or of a top-level array) come out one element text at a time.
 * Strings and nesting are tracked, nothing is parsed, so no row becomes a JS object.
 */
export class JsonSplitter {
  constructor({ onField, onRow }) {
    this.onField = onField;
    this.onRow = onRow;
    this.depth = 0;
    this.inString = false;
    this.escape = false;
    this.top = null; // "object" | "array"
    this.key = null; // current top-level key (object)
    this.expectKey = false;
    this.keyText = null; // text of a top-level key being read (it may span pieces)
    this.capture = null; // text of the value being captured
    this.captureKind = null; // "field" | "row"
    this.inPayload = false;
  }

  push(piece) {
    let from = 0; // where the unsaved part of the capture (or key) starts in this piece
    for (let i = 0; i < piece.length; i++) {
      const c = piece[i];
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === "\\") this.escape = true;
        else if (c === '"') {
          this.inString = false;
          if (this.expectKey && this.depth === 1 && this.capture === null) {
            this.key = JSON.parse(this.keyText + piece.slice(from, i + 1));
            this.keyText = null;
            from = i + 1;
          }
        }
        continue;
      }
      if (c === " " || c === "\n" || c === "\r" || c === "\t") continue;
      // Start of a value to capture?
      const rowLevel = this.top === "array" ? 1 : 2;
      if (this.capture === null) {
        if (this.depth === rowLevel && (this.top === "array" || this.inPayload) && c !== "," && c !== "]") {
          this.capture = "";
          this.captureKind = "row";
          from = i;
          this.captureDepth = this.depth;
        } else if (this.top === "object" && this.depth === 1 && !this.expectKey && this.key !== null && this.key !== "payload" && c !== "," && c !== "}" && c !== ":") {
          this.capture = "";
          this.captureKind = "field";
          from = i;
          this.captureDepth = 1;
        }
      }
      if (c === '"') {
        this.inString = true;
        if (this.expectKey && this.depth === 1 && this.capture === null) {
          this.keyText = "";
          from = i;
        }
        continue;
      }
      if (c === "{" || c === "[") {
        if (this.depth === 0) {
          this.top = c === "{" ? "object" : "array";
          this.expectKey = this.top === "object";
        } else if (this.top === "object" && this.depth === 1 && this.key === "payload" && c === "[" && this.capture === null) {
          this.inPayload = true;
        }
        this.depth++;
        continue;
      }
      if (c === "}" || c === "]" || c === ",") {
        const closing = c !== ",";
        // End of a captured value at its own level.
        if (this.capture !== null && this.depth === this.captureDepth) {
          const text = (this.capture + piece.slice(from, i)).trim();
          if (this.captureKind === "row") this.onRow(text);
          else this.onField(this.key, text);
          this.capture = null;
        }
        if (closing) {
          this.depth--;
          if (this.inPayload && this.depth === 1) this.inPayload = false;
        }
        if (this.top === "object" && this.depth === 1 && c === ",") {
          this.expectKey = true;
          this.key = null;
        }
        continue;
      }
      if (c === ":" && this.top === "object" && this.depth === 1 && this.capture === null) {
        this.expectKey = false;
        continue;
      }
    }
    if (this.capture !== null) this.capture += piece.slice(from);
    else if (this.keyText !== null) this.keyText += piece.slice(from);
  }
}

async function readHead(file) {
  const fields = {};
  let top = null;
  const splitter = new JsonSplitter({ onField: (k, text) => (fields[k] = JSON.parse(text)), onRow: () => {} });
  // The head fields may come after the payload: one pass that skips the rows.
  for await (const piece of textOf(file)) {
    splitter.push(piece);
    top = splitter.top;
  }
  return { top, fields };
}

async function* jsonChunks(file, chunk) {
  let rows = [];
  const pending = [];
  const splitter = new JsonSplitter({
    onField: () => {},
    onRow: (text) => {
      rows.push(text);
      if (rows.length >= chunk) {
        pending.push(rows);
        rows = [];
      }
    },
  });
  for await (const piece of textOf(file)) {
    splitter.push(piece);
    while (pending.length) yield pending.shift();
  }
  if (rows.length) yield rows;
}

async function* ndjsonChunks(file, chunk) {
  let rows = [];
  let rest = "";
  for await (const piece of textOf(file)) {
    const lines = (rest + piece).split("\n");
    rest = lines.pop();
    for (const l of lines) {
      if (l.trim()) rows.push(l);
      if (rows.length >= chunk) {
        yield rows;
        rows = [];
      }
    }
  }
  if (rest.trim()) rows.push(rest);
  if (rows.length) yield rows;
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

function csvCell(v) {
  const s = v === undefined || v === null ? "" : Array.isArray(v) ? v.join("; ") : typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\r\n;]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
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

  // The body without its payload.
  let body = {};
  if (opts.format === "json") {
    const head = await readHead(opts.file);
    if (head.top === "object") body = head.fields;
    else if (head.top !== "array") usage(`${opts.file} is neither a JSON object nor a JSON array`);
  }
  if (opts.type) {
    if (body.type !== undefined && body.type !== opts.type) usage(`--type ${opts.type} but the body says ${JSON.stringify(body.type)}`);
    body.type = opts.type;
  }
  if (body.type === undefined) usage("--type is required (the file has no type)");
  const options = opts.country ? { defaultCountryCodes: opts.country } : undefined;
  let session;
  try {
    session = new ImportSession(body, options);
  } catch (e) {
    usage(`${e.code}: ${e.message}`);
  }

  const out = new Out(opts.out);
  const failed = new Out(opts.failed);
  let failedHeader = null;
  const codeCounts = new Map();
  const csvIssues = [];
  let first = true;
  let lastProgress = 0;
  await out.write('{"payload":[');

  async function handle(reports, cells) {
    let valid = "";
    let failedText = "";
    for (const r of reports) {
      if (r.ok) {
        valid += (first ? "" : ",") + JSON.stringify(r.row);
        first = false;
      } else {
        for (const e of r.errors) codeCounts.set(e.code, (codeCounts.get(e.code) || 0) + 1);
        const reasons = r.errors.map((e) => `${e.code}${e.field ? ` (${e.field})` : ""}: ${e.message}`).join(" | ");
        failedText += [r.index + 1, csvCell(r.errors.map((e) => e.code).join(" ")), csvCell(reasons), ...cells(r)].join(",") + "\n";
      }
    }
    await out.write(valid);
    if (failedText) await failed.write(failedText);
  }

  function progress(force) {
    sample();
    if (opts.quiet) return;
    const now = seconds();
    if (!force && now - lastProgress < 1) return;
    lastProgress = now;
    const { total, valid } = session;
    const line = `rows ${total.toLocaleString("en")}  valid ${valid.toLocaleString("en")}  invalid ${(total - valid).toLocaleString("en")}  ${Math.round(total / now).toLocaleString("en")} rows/s  rss ${mb(process.memoryUsage().rss)}  wasm ${mb(wasmMemoryBytes())}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
    else process.stderr.write(line + "\n");
  }

  if (opts.format === "csv") {
    let headers = null;
    for await (const { header, records, firstLine } of csvChunks(opts.file, opts.chunk)) {
      const parsed = parseCsv(header + "\n" + records.join("\n"));
      if (headers === null) {
        headers = parsed.headers;
        failedHeader = ["row", "error_codes", "errors", ...headers].map(csvCell).join(",") + "\n";
        await failed.write(failedHeader);
        for (const e of parsed.errors) if (e.code === "csv_duplicate_header" || /header/.test(e.message)) csvIssues.push(e.message);
      }
      for (const e of parsed.errors) {
        if (e.code === "csv_duplicate_header") continue;
        // Lines in the message count from the chunk's own header line.
        csvIssues.push(e.message.replace(/line (\d+)/, (_, n) => `line ${firstLine + Number(n) - 2}`));
      }
      if (parsed.rows.length === 0) continue;
      const reports = session.push(parsed.rows);
      await handle(reports, (r) => headers.map((h) => csvCell(r.row?.[h])));
      progress(false);
    }
  } else {
    await failed.write(["row", "error_codes", "errors", "json"].join(",") + "\n");
    const chunks = opts.format === "ndjson" ? ndjsonChunks(opts.file, opts.chunk) : jsonChunks(opts.file, opts.chunk);
    for await (const texts of chunks) {
      let reports;
      try {
        reports = session.pushJson(`[${texts.join(",")}]`);
      } catch (e) {
        // A chunk that is not JSON (a broken line in NDJSON): check its rows one by one.
        reports = [];
        for (const t of texts) {
          try {
            reports.push(...session.pushJson(`[${t}]`));
          } catch (err) {
            csvIssues.push(`unreadable row after row ${session.total}: ${err.code}: ${err.message}`);
          }
        }
      }
      await handle(reports, (r) => [csvCell(r.row === null ? null : JSON.stringify(r.row))]);
      progress(false);
    }
  }

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
    total: summary.total,
    valid: summary.valid,
    invalid: summary.invalid,
    ok: summary.ok,
    errors: summary.errors,
    warnings: summary.warnings,
    row_error_codes: Object.fromEntries([...codeCounts].sort((a, b) => b[1] - a[1])),
    file_issues: csvIssues.length,
    seconds: Number(elapsed.toFixed(2)),
    rows_per_second: Math.round(summary.total / elapsed),
    peak_rss_mib: Math.round(peak.rss / 2 ** 20),
    peak_js_heap_mib: Math.round(peak.heap / 2 ** 20),
    wasm_memory_mib: Math.round(peak.wasm / 2 ** 20),
    out: bodyWritten ? opts.out : null,
    failed: opts.failed ?? null,
  };
  if (!opts.quiet) {
    for (const issue of csvIssues.slice(0, 5)) console.error(`file: ${issue}`);
    if (csvIssues.length > 5) console.error(`file: … and ${csvIssues.length - 5} more`);
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
