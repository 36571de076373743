// The validation worker: reads the file, checks it in chunks with ImportSession and keeps the
// results compactly, so the page thread only ever renders one page of rows.
//
// What is kept per run (for a 100,000-row file):
//   rows         the rows as read (needed for the table and the failed-rows CSV)
//   status       one byte per row: 1 valid, 2 valid with warnings, 3 invalid
//   errorRows    the indexes of the invalid rows (for the "only rows with errors" filter)
//   reasons      one string per invalid row (its errors, for the failed-rows CSV)
//   validJson    the normalised valid rows as JSON text, one string per chunk (the body payload)
// Full row reports (messages, normalised values) are not kept: a page of 100 rows is checked
// again with a Validator built from the same options when it is shown, which takes a few ms
// and gives the same reports the session gave.
//
// Messages in:  load, validate, page, export       Messages out: ready, reading, loaded, progress,
//               (each carries the id it answers)                 done, page, export, failed, fatal

import init, { parseCsv, ImportSession, Validator, version } from "/pkg/web/mateo_import.js";

/** Rows between progress messages (and chances for page requests to run in between). */
const CHUNK_ROWS = 2000;
/** Rows per ImportSession.push: a push's JSON text under V8's large-object size (128 KB) is
 * freed without a full collection, which made pushes of 250 rows ~20% faster than 2,000 in
 * Node (BENCHMARKS.md, "Chunk size"). The worker still yields only every CHUNK_ROWS rows:
 * setTimeout is clamped to 4 ms once nested, and 400 yields would cost more than they give. */
const PUSH_ROWS = 250;
/** Records per parseCsv call when reading a CSV file. */
const CSV_CHUNK_RECORDS = 5000;
/** File notices shown at most (a broken file could have one per line). */
const MAX_NOTICES = 50;
const TYPES = ["contact_details", "deal_details", "appointment_details"];
/** The column the failed-rows CSV adds; dropped again when such a file is uploaded. */
const ERRORS_COLUMN = "errors";

const STATUS_VALID = 1;
const STATUS_WARNINGS = 2;
const STATUS_INVALID = 3;

const post = (message) => self.postMessage(message);

const ready = init().then(
  () => post({ kind: "ready", version: version() }),
  (err) => {
    post({ kind: "fatal", message: `The WebAssembly module could not be loaded: ${describe(err)}` });
    throw err;
  },
);
ready.catch(() => {}); // reported above; each message then fails with the reason

/** The data as read: { loadId, name, format, delimiter, rows, columns, head, notices }. */
let data = null;
/** The current (or last finished) validation run. */
let run = null;
/** The id of the load in progress. */
let loading = 0;

self.addEventListener("message", (event) => {
  const msg = event.data;
  ready
    .then(() => handle(msg))
    .catch((err) => post({ kind: "failed", request: msg.kind, id: msg.id, code: err?.code ?? null, message: describe(err) }));
});

async function handle(msg) {
  switch (msg.kind) {
    case "load":
      return load(msg);
    case "validate":
      return validate(msg);
    case "page":
      return page(msg);
    case "export":
      return exportRun(msg);
    default:
      throw new Error(`unknown message ${msg.kind}`);
  }
}

function describe(err) {
  if (err && typeof err === "object" && "message" in err) return String(err.message);
  return String(err);
}

// ---------------------------------------------------------------------------------------------
// Reading

async function load({ id, source }) {
  cancelRun();
  data = null;
  loading = id;
  let text;
  let name = source.name ?? "input";
  if (source.file) {
    name = source.file.name;
    text = await source.file.text();
  } else if (source.url) {
    const res = await fetch(source.url);
    if (!res.ok) throw new Error(`${source.url}: HTTP ${res.status}`);
    text = await res.text();
  } else {
    text = String(source.text ?? "");
  }
  if (loading !== id) return; // a newer load started while this file was read
  const format = source.format ?? sniffFormat(name, text);
  const parsed = format === "json" ? readJson(text) : await readCsv(text, id);
  if (!parsed || loading !== id) return;
  data = { loadId: id, name, format, bytes: text.length, ...parsed };
  post({
    kind: "loaded",
    id,
    name,
    format,
    bytes: data.bytes,
    delimiter: data.delimiter ?? null,
    total: data.rows.length,
    columns: data.columns,
    head: data.head,
    notices: data.notices,
  });
}

function sniffFormat(name, text) {
  const lower = name.toLowerCase();
  if (lower.endsWith(".json")) return "json";
  if (/\.(csv|tsv|txt)$/.test(lower)) return "csv";
  const first = text.trimStart()[0];
  return first === "{" || first === "[" ? "json" : "csv";
}

/** A JSON file: a whole POST /import body, or just the array of rows. */
function readJson(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw Object.assign(new Error(`The file is not valid JSON: ${describe(err)}`), { code: "invalid_json" });
  }
  let rows;
  let head = null;
  const notices = [];
  if (Array.isArray(value)) {
    rows = value;
  } else if (value && typeof value === "object") {
    const { payload, ...rest } = value;
    head = rest;
    if (Array.isArray(payload)) {
      rows = payload;
    } else {
      rows = [];
      notices.push({ level: "error", code: "payload_not_array", message: "The JSON body has no `payload` array: there are no rows to check." });
    }
  } else {
    throw Object.assign(new Error("The JSON must be an import body ({\"type\": …, \"payload\": […]}) or an array of rows."), {
      code: "invalid_json",
    });
  }
  return { rows, head, columns: columnsOf(rows), notices };
}

/** The keys of the rows, in the order they first appear. */
function columnsOf(rows) {
  const seen = new Set();
  for (const row of rows) {
    if (row && typeof row === "object" && !Array.isArray(row)) {
      for (const key in row) if (Object.hasOwn(row, key)) seen.add(key);
    }
  }
  return [...seen];
}

/**
 * A CSV file, read with the library's parseCsv in pieces of CSV_CHUNK_RECORDS records (each
 * piece gets the header line in front). The result is the same as one parseCsv call on the
 * whole text; pieces keep the wasm memory small and let the page show how far reading got.
 */
async function readCsv(text, id) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Empty lines before the header are skipped, as parseCsv skips them; they stay in headerText
  // (in front of every piece) so that line numbers still count them.
  let first = 0;
  while (text.charCodeAt(first) === 10 || text.charCodeAt(first) === 13) first++;
  const headerEnd = recordEnd(text, first, null);
  const headerText = text.slice(0, headerEnd);
  const header = parseCsv(headerText);
  const delimiter = header.delimiter;
  const notices = header.errors.map((issue) => ({ level: "error", ...issue }));
  let rows = [];
  const headerLines = countNewlines(headerText, 0, headerText.length);
  let lines = headerLines;
  let start = headerEnd;
  let lastPost = 0;
  while (start < text.length) {
    let end = start;
    for (let k = 0; k < CSV_CHUNK_RECORDS && end < text.length; k++) end = recordEnd(text, end, delimiter);
    const piece = parseCsv(headerText + (/[\r\n]$/.test(headerText) ? "" : "\n") + text.slice(start, end));
    for (const row of piece.rows) rows.push(row);
    const offset = lines - headerLines;
    for (const issue of piece.errors) {
      if (issue.code === "csv_duplicate_header") continue; // reported once, from the header
      notices.push({ level: "error", ...issue, message: issue.message.replace(/\bline (\d+)/, (_, n) => `line ${Number(n) + offset}`) });
    }
    lines += countNewlines(text, start, end);
    start = end;
    if (performance.now() - lastPost > 100) {
      lastPost = performance.now();
      post({ kind: "reading", id, done: start, total: text.length, rows: rows.length });
      await nextTask();
      if (loading !== id) return null; // a newer load started
    }
  }
  let headers = header.headers;
  if (headers.includes(ERRORS_COLUMN)) {
    // A failed-rows file from this page, fixed and uploaded again: its reasons are not data.
    headers = headers.filter((h) => h !== ERRORS_COLUMN);
    for (const row of rows) delete row[ERRORS_COLUMN];
    notices.push({
      level: "info",
      code: "errors_column_ignored",
      message: `The "${ERRORS_COLUMN}" column (added by "Download failed rows") is not data: it was left out.`,
    });
  }
  if (notices.length > MAX_NOTICES) {
    const more = notices.length - MAX_NOTICES;
    notices.length = MAX_NOTICES;
    notices.push({ level: "error", code: "csv_more_problems", message: `… and ${more} more problems with the file.` });
  }
  // Cells beyond the header get column_N keys; show those columns too.
  const extra = columnsOf(rows).filter((k) => !headers.includes(k));
  return { rows, head: null, delimiter, columns: [...headers, ...extra], notices };
}

/**
 * Where the CSV record starting at `i` ends (just after its line break), following the quoting
 * rules of the csv crate: a quote opens a quoted field only at the start of a field, `""` inside
 * is a quote, and outside quotes \n, \r\n or \r end the record. With no delimiter known yet
 * (the header line), any of , ; tab | starts a field.
 */
function recordEnd(text, i, delimiter) {
  const n = text.length;
  let fieldStart = true;
  const isDelimiter = delimiter === null ? (c) => c === 44 || c === 59 || c === 9 || c === 124 : (c) => c === delimiter.charCodeAt(0);
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 && fieldStart) {
      // A quoted field: up to the closing quote.
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return n;
        if (text.charCodeAt(q + 1) === 34) i = q + 2;
        else {
          i = q + 1;
          break;
        }
      }
      fieldStart = false;
      continue;
    }
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
    fieldStart = isDelimiter(c);
    i++;
  }
  return n;
}

/** Line breaks in text[from, to): \n, \r\n or a lone \r, as parseCsv counts lines. */
function countNewlines(text, from, to) {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) count++;
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// Validating

function cancelRun() {
  if (!run) return;
  run.cancelled = true;
  run.validator?.free();
  run.validator = null;
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

async function validate({ id, importType, options, head }) {
  cancelRun();
  if (!data) throw new Error("nothing loaded");
  const total = data.rows.length;
  const body = { ...head, type: importType };
  let session;
  let validator;
  try {
    session = new ImportSession(body, options);
    validator = TYPES.includes(importType) ? new Validator(options) : null;
  } catch (err) {
    session?.free();
    throw err;
  }
  const r = {
    id,
    importType,
    cancelled: false,
    validator,
    total,
    done: 0,
    valid: 0,
    invalid: 0,
    warned: 0,
    status: new Uint8Array(total),
    errorRows: [],
    reasons: new Map(),
    validJson: [],
    findings: new Map(),
    summary: null,
    started: performance.now(),
    ms: 0,
  };
  run = r;
  post(progressMessage(r));
  try {
    for (let start = 0; start < total; start += CHUNK_ROWS) {
      const end = Math.min(total, start + CHUNK_ROWS);
      for (let at = start; at < end; at += PUSH_ROWS) {
        record(r, session.push(data.rows.slice(at, Math.min(end, at + PUSH_ROWS))));
      }
      r.done = end;
      post(progressMessage(r));
      // Let page requests (and a newer run) in between chunks.
      await nextTask();
      if (r.cancelled) return;
    }
    r.summary = session.finish();
  } finally {
    session.free();
  }
  r.ms = performance.now() - r.started;
  post({ ...progressMessage(r), kind: "done", summary: r.summary, ms: Math.round(r.ms) });
}

function record(r, reports) {
  const valid = [];
  for (const rep of reports) {
    const i = rep.index;
    if (rep.ok) {
      r.valid++;
      r.status[i] = rep.warnings.length ? STATUS_WARNINGS : STATUS_VALID;
      valid.push(JSON.stringify(rep.row));
    } else {
      r.invalid++;
      r.status[i] = STATUS_INVALID;
      r.errorRows.push(i);
      r.reasons.set(i, rep.errors.map(formatIssue).join(" | "));
    }
    if (rep.warnings.length) r.warned++;
    for (const issue of rep.errors) countFinding(r, "error", issue);
    for (const issue of rep.warnings) countFinding(r, "warning", issue);
  }
  if (valid.length) r.validJson.push(valid.join(",\n    "));
}

function formatIssue(issue) {
  return issue.field == null ? issue.message : `${issue.field}: ${issue.message}`;
}

function countFinding(r, severity, issue) {
  const key = `${severity}\u0000${issue.code}`;
  let f = r.findings.get(key);
  if (!f) {
    f = { severity, code: issue.code, count: 0, fields: new Set() };
    r.findings.set(key, f);
  }
  f.count++;
  if (f.fields.size < 6) f.fields.add(issue.field ?? "(row)");
}

function progressMessage(r) {
  const findings = [...r.findings.values()]
    .map((f) => ({ severity: f.severity, code: f.code, count: f.count, fields: [...f.fields] }))
    .sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === "error" ? -1 : 1));
  return {
    kind: "progress",
    id: r.id,
    done: r.done,
    total: r.total,
    valid: r.valid,
    invalid: r.invalid,
    warned: r.warned,
    findings,
  };
}

// ---------------------------------------------------------------------------------------------
// One page of rows, checked again for its full reports

function page({ id, runId, page: wanted, pageSize, onlyErrors }) {
  const r = run;
  if (!r || r.id !== runId || !data) return;
  const available = onlyErrors ? r.errorRows.length : r.done;
  const pages = Math.max(1, Math.ceil(available / pageSize));
  const p = Math.min(Math.max(0, wanted), pages - 1);
  const rows = [];
  for (let k = p * pageSize; k < Math.min(available, (p + 1) * pageSize); k++) {
    const index = onlyErrors ? r.errorRows[k] : k;
    const original = data.rows[index];
    const report = r.validator
      ? r.validator.validateRow(r.importType, original)
      : { ok: r.status[index] !== STATUS_INVALID, row: original, errors: [], warnings: [] };
    const preview = report.ok ? null : previewOf(r, original, report);
    rows.push({ index, original, ok: report.ok, row: report.row, preview, errors: report.errors, warnings: report.warnings });
  }
  post({ kind: "page", id, runId, page: p, pages, available, complete: r.summary !== null, rows, columns: data.columns });
}

/**
 * For an invalid row, the normalised values of its other fields: the row is checked again
 * without the fields that have errors, and if that passes, its normalised row is the preview
 * (what would be sent once those fields are fixed). Not tried when `country_codes` has an error,
 * since leaving it out would change how the phone numbers are read.
 */
function previewOf(r, original, report) {
  if (!r.validator || !original || typeof original !== "object" || Array.isArray(original)) return null;
  const bad = new Set(report.errors.map((e) => e.field).filter((f) => f != null));
  if (bad.size === 0 || bad.has("country_codes")) return null;
  const rest = { ...original };
  for (const f of bad) delete rest[f];
  const again = r.validator.validateRow(r.importType, rest);
  return again.ok ? again.row : null;
}

// ---------------------------------------------------------------------------------------------
// Output

function exportRun({ id, runId, what }) {
  const r = run;
  if (!r || r.id !== runId || !r.summary) throw new Error("the check has not finished yet");
  if (what === "body" || what === "body-text") {
    if (!r.summary.request) throw new Error("the request has errors, so there is no body to send");
    if (r.valid === 0) throw new Error("no row is valid, so there is nothing to send");
    const parts = bodyParts(r);
    const name = `mateo-import-${r.importType}.json`;
    if (what === "body-text") post({ kind: "export", id, what, text: parts.join("") });
    else post({ kind: "export", id, what, name, blob: new Blob(parts, { type: "application/json" }) });
    return;
  }
  if (what === "failed") {
    const base = data.name.replace(/\.[^.]*$/, "") || "import";
    post({ kind: "export", id, what, name: `${base}-failed-rows.csv`, blob: new Blob(failedCsvParts(r), { type: "text/csv" }) });
    return;
  }
  throw new Error(`unknown export ${what}`);
}

/** The POST /import body: the checked top-level fields, then `payload` with the valid rows. */
function bodyParts(r) {
  const fields = Object.entries(r.summary.request).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`);
  const parts = ["{\n", ...fields, '  "payload": [\n    '];
  r.validJson.forEach((chunk, i) => parts.push(i ? ",\n    " : "", chunk));
  parts.push("\n  ]\n}\n");
  return parts;
}

/** The invalid rows with their original columns plus `errors`, as CSV. */
function failedCsvParts(r) {
  const delimiter = data.format === "csv" && data.delimiter ? data.delimiter : ",";
  const columns = data.columns.filter((c) => c !== ERRORS_COLUMN);
  const line = (cells) => cells.map((c) => csvCell(c, delimiter)).join(delimiter) + "\r\n";
  const parts = [line([...columns, ERRORS_COLUMN])];
  let batch = "";
  for (const i of r.errorRows) {
    const row = data.rows[i];
    const cells =
      row && typeof row === "object" && !Array.isArray(row)
        ? columns.map((c) => cellText(row[c]))
        : columns.map((_, k) => (k === 0 ? JSON.stringify(row) : ""));
    batch += line([...cells, r.reasons.get(i) ?? ""]);
    if (batch.length > 1 << 20) {
      parts.push(batch);
      batch = "";
    }
  }
  parts.push(batch);
  return parts;
}

/** A value as a CSV cell: lists joined with "; " (which the CSV reader splits again). */
function cellText(v) {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v.join("; ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function csvCell(text, delimiter) {
  if (text === "") return text;
  const needsQuotes = text.includes(delimiter) || /["\r\n]/.test(text) || text !== text.trim();
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}
