// The validation worker: reads the file, checks it in chunks with ImportSession and keeps the
// results compactly, so the page thread only ever renders one page of rows.
//
// What is kept per run (for a 100,000-row file):
//   rows         the rows as read (needed for the table and the failed-rows CSV)
//   status       one byte per row: 1 valid, 2 valid with warnings, 3 invalid
//   errorRows    the indexes of the invalid rows (for the "only rows with errors" filter)
//   failed       the errors of each invalid row (for the failed-rows file)
//   validJson    the normalised valid rows as JSON text, one string per chunk (the body payload)
//   validIndex   the row index of each row in validJson's chunks (to take out the rows that
//                duplicates: "keepLast" drops once the whole file is checked)
//   validRows    the same rows parsed, once the body is split into requests (planBatches takes
//                objects; made on the first plan only, since most runs are never split)
// Full row reports (messages, normalised values) are not kept: a page of 100 rows is checked
// again with a Validator built from the same options when it is shown, which takes a few ms
// and gives the same reports the session gave.
//
// Messages in:  load, suggest, validate, page,     Messages out: ready, reading, loaded, mapping,
//               plan, export, schema (each carries    progress, done, page, plan, export, schema,
//               the id it answers)                    failed, fatal
//
// The schema: `schema` with the text of an OpenAPI description (or null for the built-in
// tables) is checked with Validator.fromOpenApi and kept; every later run uses it.
//
// The mapping (which API field each column goes to) is the page's: it asks for a suggestion
// after a load and gives the chosen mapping back inside the options of each validate, so the
// session and the page's Validator apply the same one.

import { translate } from "./i18n.js";
import { otherRowOf } from "./findings.js";
import init, { TableReader, ImportSession, Validator, enableSpreadsheets, failedRows, planBatches, readTable, suggestMapping, version, zipFiles } from "/pkg/web/mateo_import.js";

/** Rows between progress messages (and chances for page requests to run in between). */
const CHUNK_ROWS = 2000;
/** Rows per ImportSession.push: a push's JSON text under V8's large-object size (128 KB) is
 * freed without a full collection, which made pushes of 250 rows ~20% faster than 2,000 in
 * Node (BENCHMARKS.md, "Chunk size"). The worker still yields only every CHUNK_ROWS rows:
 * setTimeout is clamped to 4 ms once nested, and 400 yields would cost more than they give. */
const PUSH_ROWS = 250;
/** File notices shown at most (a broken file could have one per line). */
const MAX_NOTICES = 50;
const TYPES = ["contact_details", "deal_details", "appointment_details"];
/** Rows the mapping suggestion looks at (date order, e-mail and UUID columns without a name). */
const SAMPLE_ROWS = 200;
/** Example values shown per column in the mapping panel. */
const EXAMPLES = 3;

const STATUS_VALID = 1;
const STATUS_WARNINGS = 2;
const STATUS_INVALID = 3;

const post = (message) => self.postMessage(message);

const ready = init().then(
  () => post({ kind: "ready", version: version() }),
  (err) => {
    post({ kind: "fatal", code: "wasm_failed", detail: describe(err) });
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
/** The page's language ("en", "de"): each message says it; the worker's own words follow it. */
let locale = "en";
const t = (key, params) => translate(locale, key, params);
/** The API's OpenAPI description in use, as JSON text; null: the built-in tables. */
let schemaText = null;

self.addEventListener("message", (event) => {
  const msg = event.data;
  if (msg.locale === "en" || msg.locale === "de") locale = msg.locale;
  ready
    .then(() => handle(msg))
    .catch((err) => post({ kind: "failed", request: msg.kind, id: msg.id, code: err?.code ?? null, message: describe(err) }));
});

async function handle(msg) {
  switch (msg.kind) {
    case "load":
      return load(msg);
    case "suggest":
      return suggest(msg);
    case "validate":
      return validate(msg);
    case "page":
      return page(msg);
    case "plan":
      return planRequests(msg);
    case "export":
      return exportRun(msg);
    case "schema":
      return setSchema(msg);
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

/** Bytes handed to the library's TableReader at a time (progress and page requests run in between). */
const READ_PIECE = 1 << 20;
/** Table notices that mean data may be wrong; the others say what was guessed or left out. */
const ERROR_NOTICES = new Set(["csv_extra_cells", "unterminated_quote", "undecodable_bytes", "invalid_json_line", "not_a_row"]);

/** The spreadsheet module (pkg/sheets, ~400 KB gzip): loaded the first time a workbook comes. */
let sheetsReady = null;
function loadSheets() {
  sheetsReady ??= import("/pkg/sheets/web/mateo_import_sheets.js").then(async (sheets) => {
    await sheets.default();
    enableSpreadsheets(sheets);
  });
  sheetsReady.catch(() => (sheetsReady = null));
  return sheetsReady;
}

/**
 * Reads the file's bytes with the library (TableReader: format, encoding, delimiter, header row
 * found from the bytes; `read` overrides them) a piece at a time. A workbook is read whole with
 * readTable once the spreadsheet module is loaded.
 */
async function load({ id, source, read = {} }) {
  cancelRun();
  data = null;
  loading = id;
  let bytes;
  let name = source.name ?? "input";
  if (source.file) {
    name = source.file.name;
    bytes = new Uint8Array(await source.file.arrayBuffer());
  } else if (source.url) {
    const res = await fetch(source.url);
    if (!res.ok) throw new Error(`${source.url}: HTTP ${res.status}`);
    bytes = new Uint8Array(await res.arrayBuffer());
  } else {
    bytes = new TextEncoder().encode(String(source.text ?? ""));
  }
  if (loading !== id) return; // a newer load started while this file was read
  // `read.locale`: the language of the file's notices.
  const options = { fileName: name, ...read };
  if (source.format) options.format = source.format;
  let rows = [];
  let table;
  try {
    ({ rows, table } = await readText(bytes, options, id));
  } catch (err) {
    if (err?.code !== "unsupported_format") throw err;
    post({ kind: "reading", id, done: 0, total: bytes.length, rows: 0, what: "spreadsheet" });
    await loadSheets();
    if (loading !== id) return;
    table = readTable(bytes, options);
    rows = table.rows;
    table.rows = [];
  }
  if (!table) return; // a newer load started
  for (const row of table.rows) rows.push(row);
  let head = null;
  const notices = [];
  for (const n of table.notices) {
    if (n.code === "body_fields_not_read") head = n.params.body; // a whole POST /import body: its top-level fields
    else notices.push({ level: ERROR_NOTICES.has(n.code) ? "error" : "warning", ...n });
  }
  // A failed-rows file of this page, fixed and dropped again: the library leaves its row
  // numbers and reasons out (failed_rows_columns_ignored).
  const headers = table.headers;
  if (notices.length > MAX_NOTICES) {
    const more = notices.length - MAX_NOTICES;
    notices.length = MAX_NOTICES;
    notices.push({ level: "error", code: "csv_more_problems", message: t("notice.moreProblems", { n: more }) });
  }
  // Cells beyond the header get column_N keys; show those columns too.
  const extra = columnsOf(rows).filter((k) => !headers.includes(k));
  const readAs = { format: table.format, encoding: table.encoding, delimiter: table.delimiter, sheet: table.sheet, sheets: table.sheets };
  data = { loadId: id, name, format: table.format, bytes: bytes.length, rows, head, delimiter: table.delimiter, columns: [...headers, ...extra], notices };
  post({
    kind: "loaded",
    id,
    name,
    format: data.format,
    bytes: data.bytes,
    delimiter: data.delimiter,
    readAs,
    total: rows.length,
    columns: data.columns,
    head,
    notices,
    broken: table.broken,
  });
}

/** A text file through TableReader in pieces; null when a newer load started meanwhile. */
async function readText(bytes, options, id) {
  const reader = new TableReader(options);
  const rows = [];
  try {
    let lastPost = 0;
    for (let start = 0; start < bytes.length; start += READ_PIECE) {
      for (const row of reader.push(bytes.subarray(start, start + READ_PIECE))) rows.push(row);
      if (performance.now() - lastPost > 100) {
        lastPost = performance.now();
        post({ kind: "reading", id, done: start, total: bytes.length, rows: rows.length });
        await nextTask();
        if (loading !== id) return { rows, table: null }; // a newer load started
      }
    }
    return { rows, table: reader.finish() };
  } finally {
    reader.free();
  }
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

// ---------------------------------------------------------------------------------------------
// Mapping

/**
 * The library's suggestion for the loaded columns and a few example values of each. `identity`:
 * the keys are already the API's names (a JSON body, a shipped sample), so every column goes to
 * its own name; the suggestion then only tells which names are fields of the type ("exact").
 */
function suggest({ id, loadId, importType, options, identity }) {
  if (!data || data.loadId !== loadId) return; // a newer load is under way
  const sample = data.rows.slice(0, SAMPLE_ROWS);
  let mapping;
  if (identity) {
    const known = suggestOn(data.columns, importType, options, null);
    mapping = {
      type: importType,
      columns: known.columns.map((c) => {
        const exact = c.field === c.header && c.reason === "exact";
        // "as given" is the page's own reason (it has the words for it); "exact" keeps the library's note.
        return exact ? { header: c.header, field: c.header, confidence: 1, reason: "exact", note: c.note } : { header: c.header, field: c.header, confidence: 0, reason: "as given" };
      }),
    };
  } else {
    mapping = suggestOn(data.columns, importType, options, sample);
  }
  const examples = {};
  for (const column of data.columns) examples[column] = examplesOf(sample, column);
  post({ kind: "mapping", id, loadId, importType, identity: Boolean(identity), mapping, examples });
}

/** The first few distinct non-blank values of a column, as text. */
function examplesOf(rows, column) {
  const seen = new Set();
  for (const row of rows) {
    if (!row || typeof row !== "object" || Array.isArray(row)) continue;
    const text = cellText(row[column]).trim();
    if (text) seen.add(text.length > 40 ? `${text.slice(0, 39)}…` : text);
    if (seen.size >= EXAMPLES) break;
  }
  return [...seen];
}

// ---------------------------------------------------------------------------------------------
// The schema

/** Checks and keeps an OpenAPI description (text; null: back to the built-in tables), and says
 * which schema is in use. A description that cannot be used throws (invalid_schema) and the
 * schema in use stays as it was. */
function setSchema({ id, text }) {
  const v = text === null ? new Validator({ locale }) : Validator.fromOpenApi(text, { locale });
  try {
    // The fields a column can go to, by type (the page's own list stands for the built-in tables).
    const fields = text === null ? null : Object.fromEntries(TYPES.map((t) => [t, v.fieldNames(t)]));
    post({ kind: "schema", id, source: v.schemaSource, fields });
  } finally {
    v.free();
  }
  schemaText = text;
}

/** suggestMapping on the tables in use: the built-in ones, or the description's. */
function suggestOn(columns, importType, options, sample) {
  if (schemaText === null) return suggestMapping(columns, importType, sample ? { ...options, sample } : options);
  const v = Validator.fromOpenApi(schemaText, options);
  try {
    return v.suggestMapping(columns, importType, sample ?? null);
  } finally {
    v.free();
  }
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
  if (!data) throw new Error(t("worker.notLoaded"));
  const total = data.rows.length;
  const body = { ...head, type: importType };
  let session;
  let validator;
  try {
    validator = schemaText === null ? new Validator(options) : Validator.fromOpenApi(schemaText, options);
    session = validator.session(body);
  } catch (err) {
    validator?.free();
    throw err;
  }
  if (!TYPES.includes(importType)) {
    validator.free();
    validator = null;
  }
  const r = {
    id,
    importType,
    mapping: options.mapping ?? null,
    cancelled: false,
    validator,
    total,
    done: 0,
    valid: 0,
    invalid: 0,
    warned: 0,
    status: new Uint8Array(total),
    errorRows: [],
    /** Findings across rows (duplicates), by row: a page re-checks one row at a time and would
     * not see them. */
    crossRow: new Map(),
    /** The later rows whose duplicate findings name a row, by that row. */
    linkedFrom: new Map(),
    /** The errors of each invalid row, by row index (for the failed-rows file). */
    failed: new Map(),
    validJson: [],
    validIndex: [],
    validRows: null,
    /** The last split into requests: { maxRows, maxBytes, plan } (its bodies hold validRows). */
    split: null,
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
    dropLate(r, r.summary.droppedRows ?? []);
  } finally {
    session.free();
  }
  r.ms = performance.now() - r.started;
  post({ ...progressMessage(r), kind: "done", summary: r.summary, ms: Math.round(r.ms) });
}

/** Between the rows of a validJson chunk (a row's JSON text has no line break of its own). */
const ROW_SEPARATOR = ",\n    ";

function record(r, reports) {
  const valid = [];
  const validIndex = [];
  for (const rep of reports) {
    const i = rep.index;
    if (rep.ok) {
      if (!rep.dropped) r.valid++; // the rows sent, as the library's summary counts them
      r.status[i] = rep.warnings.length ? STATUS_WARNINGS : STATUS_VALID;
      // A row left out as a duplicate (duplicates: keepFirst/keepLast) is valid but not sent.
      if (!rep.dropped) {
        valid.push(JSON.stringify(rep.row));
        validIndex.push(i);
      }
    } else {
      r.invalid++;
      r.status[i] = STATUS_INVALID;
      r.errorRows.push(i);
      r.failed.set(i, rep.errors);
    }
    // Valid rows with warnings (as the table's status says); a row with errors counts there.
    if (rep.ok && rep.warnings.length) r.warned++;
    for (const issue of rep.errors) countFinding(r, "error", issue);
    for (const issue of rep.warnings) countFinding(r, "warning", issue);
    keepCrossRow(r, rep, "errors");
    keepCrossRow(r, rep, "warnings");
  }
  if (valid.length) {
    r.validJson.push(valid.join(ROW_SEPARATOR));
    r.validIndex.push(validIndex);
  }
}

/**
 * The rows `keepLast` left out after their push was recorded (a later push had their
 * external_id): out of the body, and their warning shown with them like the other findings
 * across rows.
 */
function dropLate(r, dropped) {
  if (!dropped.length) return;
  const late = new Set(dropped.map((d) => d.index));
  r.validJson = r.validJson.map((chunk, c) => {
    const indexes = r.validIndex[c];
    if (!indexes.some((i) => late.has(i))) return chunk;
    const rows = chunk.split(ROW_SEPARATOR);
    r.validIndex[c] = indexes.filter((i) => !late.has(i));
    return rows.filter((_, k) => !late.has(indexes[k])).join(ROW_SEPARATOR);
  });
  r.validJson = r.validJson.filter((_, c) => r.validIndex[c].length > 0);
  r.validIndex = r.validIndex.filter((indexes) => indexes.length > 0);
  for (const { index, warning } of dropped) {
    r.valid--;
    if (r.status[index] === STATUS_VALID) r.warned++;
    r.status[index] = STATUS_WARNINGS;
    countFinding(r, "warning", warning);
    if (!r.crossRow.has(index)) r.crossRow.set(index, { errors: [], warnings: [] });
    r.crossRow.get(index).warnings.push(warning);
  }
}

/** The findings that name another row (params `first_row`, `other_row`, `kept_row`). */
const CROSS_ROW = new Set(["duplicate_external_id", "shared_handle", "duplicate_dropped"]);

function keepCrossRow(r, rep, list) {
  for (const issue of rep[list]) {
    if (!CROSS_ROW.has(issue.code) || typeof otherRowOf(issue) !== "number") continue;
    if (!r.crossRow.has(rep.index)) r.crossRow.set(rep.index, { errors: [], warnings: [] });
    r.crossRow.get(rep.index)[list].push(issue);
    const other = otherRowOf(issue);
    if (!r.linkedFrom.has(other)) r.linkedFrom.set(other, []);
    const later = r.linkedFrom.get(other);
    if (later.length < 20 && !later.includes(rep.index)) later.push(rep.index);
  }
}

function countFinding(r, severity, issue) {
  const key = `${severity}\u0000${issue.code}`;
  let f = r.findings.get(key);
  if (!f) {
    f = { severity, code: issue.code, count: 0, fields: new Set() };
    r.findings.set(key, f);
  }
  f.count++;
  if (f.fields.size < 6) f.fields.add(issue.field ?? null); // null: the row itself (the page says it)
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
    const cross = r.crossRow.get(index);
    const errors = cross ? [...report.errors, ...cross.errors] : report.errors;
    const warnings = cross ? [...report.warnings, ...cross.warnings] : report.warnings;
    const ok = report.ok && errors.length === report.errors.length;
    const linked = r.linkedFrom.get(index) ?? [];
    rows.push({ index, original, ok, row: report.row, preview, errors, warnings, linked });
  }
  post({ kind: "page", id, runId, page: p, pages, available, complete: r.summary !== null, rows, columns: data.columns });
}

/**
 * For an invalid row, the normalised values of its other fields: the row is checked again
 * without the columns that feed the fields with errors, and if that passes, its normalised row
 * is the preview (what would be sent once those fields are fixed). Not tried when
 * `country_codes` has an error, since leaving it out would change how the phone numbers are read.
 */
function previewOf(r, original, report) {
  if (!r.validator || !original || typeof original !== "object" || Array.isArray(original)) return null;
  const bad = new Set(report.errors.map((e) => e.field).filter((f) => f != null));
  if (bad.size === 0 || bad.has("country_codes")) return null;
  const rest = { ...original };
  // Findings name API fields; without a mapping the columns have those names.
  const fedBy = (field) => (r.mapping ? r.mapping.columns.filter((c) => c.field === field).map((c) => c.header) : [field]);
  for (const f of bad) for (const column of fedBy(f)) delete rest[column];
  const again = r.validator.validateRow(r.importType, rest);
  return again.ok ? again.row : null;
}

// ---------------------------------------------------------------------------------------------
// Splitting the body into requests

/** The finished run whose body can be sent, or an error saying why there is none. */
function sendableRun(runId) {
  const r = run;
  if (!r || r.id !== runId || !r.summary) throw new Error(t("worker.notFinished"));
  if (r.summary.errors.length) throw new Error(t("worker.requestErrors"));
  if (!r.summary.request) throw new Error(t("worker.noValid"));
  return r;
}

/**
 * The library's split of the body (the checked top-level fields and the valid rows) for these
 * limits, kept for the batch downloads: its bodies hold the run's row objects, so keeping it
 * costs only the batch list. Throws planBatches' errors (row_too_large, invalid_options).
 */
function splitOf(r, maxRows, maxBytes) {
  if (r.split && r.split.maxRows === maxRows && r.split.maxBytes === maxBytes) return r.split.plan;
  r.split = null;
  // One parse of the kept JSON text: the rows exactly as the body download writes them.
  r.validRows ??= JSON.parse(`[${r.validJson.join(",")}]`);
  const plan = planBatches({ ...r.summary.request, payload: r.validRows }, { maxRows, maxBytes });
  r.split = { maxRows, maxBytes, plan };
  return plan;
}

/**
 * How the body splits for the page: the counts and each batch's place and size, without the
 * bodies (the page only renders; a body goes out when its download is asked for). A row that
 * fits no body is answered as `tooLarge`, with its row number in the file, which is what a
 * person can find (planBatches counts among the rows sent).
 */
function planRequests({ id, runId, maxRows, maxBytes }) {
  const r = sendableRun(runId);
  let p;
  try {
    p = splitOf(r, maxRows, maxBytes);
  } catch (err) {
    if (err?.code !== "row_too_large") throw err;
    const sent = err.params.row;
    post({ kind: "plan", id, runId, maxRows, maxBytes, tooLarge: { sent, index: fileIndexOf(r, sent), bytes: err.params.bytes, maxBytes: err.params.max_bytes } });
    return;
  }
  const batches = p.batches.map((b) => ({ first: b.first, rows: b.rows, bytes: b.bytes }));
  post({ kind: "plan", id, runId, maxRows, maxBytes, rows: p.rows, days: p.days, minSeconds: p.minSeconds, limits: p.limits, batches });
}

/** The file's row index of the `sent`-th valid row (the rows sent are the valid ones, in order). */
function fileIndexOf(r, sent) {
  let k = -1;
  for (let i = 0; i < r.done; i++) if (r.status[i] !== STATUS_INVALID && ++k === sent) return i;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Output

async function exportRun({ id, runId, what, maxRows, maxBytes, batch }) {
  const r = run;
  if (!r || r.id !== runId || !r.summary) throw new Error(t("worker.notFinished"));
  if (what === "batch") {
    sendableRun(runId);
    const p = splitOf(r, maxRows, maxBytes);
    const b = p.batches[batch];
    if (!b) throw new Error(t("worker.noRequest", { n: batch + 1 }));
    // Compact, as planBatches measured it: the file's size is the request's.
    const name = `${r.importType}-request-${batch + 1}-of-${p.batches.length}.json`;
    post({ kind: "export", id, what, name, blob: new Blob([JSON.stringify(b.body)], { type: "application/json" }) });
    return;
  }
  if (what === "zip") {
    // Every request's body, named as the single downloads are, in one stored .zip.
    sendableRun(runId);
    const p = splitOf(r, maxRows, maxBytes);
    const n = p.batches.length;
    // Each body is made into text when zipFiles reads it (after its count check), one at a time.
    const files = p.batches.map((b, i) => ({ name: `${r.importType}-request-${i + 1}-of-${n}.json`, get data() { return JSON.stringify(b.body); } }));
    let zip;
    try {
      zip = zipFiles(files);
    } catch (e) {
      if (e.code === "zip_too_large" && e.params.what === "the number of files") throw new Error(t("worker.zipTooMany", { n, max: e.params.limit }));
      throw e;
    }
    post({ kind: "export", id, what, name: `${r.importType}-requests-${n}.zip`, blob: new Blob([zip], { type: "application/zip" }) });
    return;
  }
  if (what === "body" || what === "body-text") {
    sendableRun(runId);
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
  if (what === "failed-xlsx") {
    const base = data.name.replace(/\.[^.]*$/, "") || "import";
    const bytes = failedRows(failedReports(r), { format: "xlsx", headers: data.columns, sheet: t("worker.failedSheet") });
    post({ kind: "export", id, what, name: `${base}-failed-rows.xlsx`, blob: new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }) });
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

/**
 * The invalid rows as the library's failed-rows CSV: their cells as read, a row number and the
 * reasons (the report's messages, in the language they were checked in); the input's delimiter
 * (`;` for other inputs when the page is in German, as Excel there expects). Dropped here again,
 * it reads back to the same rows.
 */
function failedCsvParts(r) {
  const delimiter = data.format === "csv" && data.delimiter ? data.delimiter : locale === "de" ? ";" : ",";
  return [failedRows(failedReports(r), { delimiter, headers: data.columns })];
}

/** The invalid rows as row reports for failedRows: the cells as read, the errors. */
function failedReports(r) {
  return r.errorRows.map((i) => ({ index: i, ok: false, row: data.rows[i], errors: r.failed.get(i) ?? [] }));
}

/** A value as text (list cells joined with "; ", which the reader splits again). */
function cellText(v) {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v.join("; ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
