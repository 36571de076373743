// The check: rows from the file (read.mjs) through one ImportSession, a chunk at a time, in
// order. The valid rows go to `onValid`, the failed rows to the --failed file (the library's
// failedRows), and the findings are counted by level, code and field with a few example rows.
import { readFileSync, statSync } from "node:fs";
import { ImportSession, Validator, suggestMapping, failedRows } from "./library.mjs";
import { tableChunks } from "./read.mjs";
import { UsageError } from "./args.mjs";
import { Progress } from "./progress.mjs";
import { OutFile } from "./outfile.mjs";
import { t, num, lang } from "./messages.mjs";

/** An error of the input (a file that cannot be read, options the library refuses): exit 2. */
export class InputError extends Error {}

export function checkInputFile(file) {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new InputError(e.code === "ENOENT" ? t("notFound", { file }) : t("notReadable", { file, reason: e.code ?? e.message }));
  }
  if (!st.isFile()) throw new InputError(t("notReadable", { file, reason: "not a file" }));
  return st;
}

/**
 * The library's options from the command line. Its messages (findings, notices, mapping notes)
 * come in the command's language: --lang, else the environment's.
 */
export function libraryOptions(opts) {
  const o = { locale: lang() };
  if (opts.country) o.defaultCountryCodes = opts.country;
  if (opts.unknown) o.unknownFields = opts.unknown;
  if (opts.duplicates) o.duplicates = opts.duplicates;
  return o;
}

function readJsonFile(file, key) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new InputError(t(key, { file, reason: e.code === "ENOENT" ? "no such file" : e.message }));
  }
}

function libraryError(e, file) {
  if (e?.code === "invalid_options") return new InputError(t("optionsRejected", { message: e.message }));
  if (e?.code) return new InputError(t("readError", { file, code: e.code, message: e.message }));
  return e;
}

/**
 * A session, on the tables of `schema` (an OpenAPI document, --schema) when there is one, or exit
 * 2 with the library's message.
 */
function newSession(head, options, schema = null) {
  try {
    if (schema === null) return new ImportSession(head, options);
    const v = Validator.fromOpenApi(schema, options);
    try {
      return v.session(head);
    } finally {
      v.free();
    }
  } catch (e) {
    throw libraryError(e);
  }
}

/** The request-level errors the body's top-level fields already have (empty payload aside). */
function headErrors(head, options, schema) {
  const probe = newSession(head, options, schema);
  try {
    return probe.finish().errors.filter((e) => e.code !== "empty_payload");
  } finally {
    probe.free();
  }
}

export function requestErrorText(e) {
  return t("requestError", { code: e.code, field: e.field ? ` (${e.field})` : "", message: e.message });
}

/**
 * Reads and checks `opts.file`. `sink` may have: start(head, info), valid(rows) (async, the
 * valid rows of a chunk, in order), and gets the summary. Returns the report object.
 */
export async function runCheck(opts, sink = {}, { mapOnly = false, skip = null } = {}) {
  // keepLast drops a row when a later one has its external_id, which may be chunks later, after
  // the row went to the sink. So a first pass (nothing written) finds those rows, and the second
  // leaves them out: two reads of the file, memory bounded by the set of their indexes.
  if (opts.duplicates === "keepLast" && sink.valid && !mapOnly && skip === null) {
    const first = await runCheck({ ...opts, failed: null }, {}, { skip: new Set() });
    skip = new Set(first.late_dropped);
  }
  const stat = checkInputFile(opts.file);
  const options = libraryOptions(opts);
  // --schema: the API's OpenAPI description; the session and the mapping use its tables.
  let schema = null;
  if (opts.schema) {
    schema = readJsonFile(opts.schema, "schemaFile");
    try {
      Validator.fromOpenApi(schema, options).free();
    } catch (e) {
      throw new InputError(t("schemaFile", { file: opts.schema, reason: e.message }));
    }
  }
  let savedMapping = null;
  if (opts.mapping && opts.mapping !== "auto" && opts.mapping !== "none") savedMapping = readJsonFile(opts.mapping, "mappingFile");

  const state = {};
  const progress = new Progress();
  let session = null;
  let head = null;
  let mapping = null;
  let failedOut = null;
  let failedPart = "first";
  let failedHeaders = null;
  let failedDelimiter = ",";
  // --failed x.xlsx: a workbook is written whole, so its rows are kept until the end (Excel
  // takes at most 1,048,576 rows anyway); a CSV is written as the rows come.
  const failedXlsx = /\.xlsx$/i.test(opts.failed ?? "");
  const failedKept = [];
  const findings = new Map();
  let firstHeaders = [];
  let sample = [];
  const t0 = Date.now();

  function start(headers, rows, delimiter, workbook) {
    firstHeaders = headers;
    sample = rows.slice(0, 200);
    head = {};
    const bodyFields = state.table?.notices.find((n) => n.code === "body_fields_not_read")?.params?.body;
    if (bodyFields) Object.assign(head, bodyFields);
    if (opts.type) {
      if (head.type !== undefined && String(head.type).toLowerCase() !== opts.type)
        throw new UsageError(t("typeConflict", { type: opts.type, bodyType: JSON.stringify(head.type) }));
      head.type = opts.type;
    }
    if (head.type === undefined) throw new UsageError(t("typeRequired"));
    // The mapping: a saved one, the library's suggestion (default for tables: delimited text and
    // workbooks), or none (default for JSON, whose keys are the API's).
    const mode = opts.mapping ?? (delimiter || workbook || mapOnly ? "auto" : "none");
    if (savedMapping) mapping = savedMapping;
    else if (mode === "auto" && headers.length) {
      const { mapping: _m, ...suggestOptions } = options;
      const type = String(head.type).toLowerCase();
      try {
        if (schema === null) mapping = suggestMapping(headers, type, { ...suggestOptions, sample });
        else {
          const v = Validator.fromOpenApi(schema, suggestOptions);
          try {
            mapping = v.suggestMapping(headers, type, sample);
          } finally {
            v.free();
          }
        }
      } catch (e) {
        throw libraryError(e, opts.file);
      }
    }
    if (mapOnly) return;
    if (mapping) options.mapping = mapping;
    const errors = headErrors(head, options, schema);
    if (errors.length) throw new InputError(errors.map(requestErrorText).join("\n"));
    session = newSession(head, options, schema);
    failedHeaders = headers;
    failedDelimiter = delimiter ?? ",";
    if (opts.failed) failedOut = new OutFile(opts.failed);
    sink.start?.(head, { mapping });
  }

  function count(report) {
    for (const [level, list] of [["error", report.errors], ["warning", report.warnings]]) {
      for (const f of list) {
        const key = `${level}\0${f.code}\0${f.field ?? ""}`;
        let e = findings.get(key);
        if (!e) findings.set(key, (e = { level, code: f.code, field: f.field ?? null, count: 0, rows: [], message: f.message }));
        e.count++;
        if (e.rows.length < 3) e.rows.push(report.index + 1);
      }
    }
  }

  try {
    for await (const { rows, headers, delimiter, workbook } of tableChunks(opts.file, { state })) {
      if (!head) {
        start(headers, rows, delimiter, workbook);
        if (mapOnly) break;
      }
      if (!rows.length) continue;
      let reports;
      try {
        reports = session.push(rows);
      } catch (e) {
        throw libraryError(e, opts.file);
      }
      const valid = [];
      const failed = [];
      for (let i = 0; i < reports.length; i++) {
        const r = reports[i];
        count(r);
        if (r.ok && !r.dropped && !skip?.has(r.index)) valid.push(r.row);
        else if (!r.ok) failed.push({ index: r.index, ok: false, row: rows[i], errors: r.errors });
      }
      if (valid.length && sink.valid) await sink.valid(valid);
      if (failed.length && failedOut && failedXlsx) failedKept.push(...failed);
      else if (failed.length && failedOut) {
        await failedOut.write(failedRows(failed, { delimiter: failedDelimiter, headers: failedHeaders, part: failedPart }));
        failedPart = "next";
      }
      progress.update(t("progressRows", { rows: num(session.total) }), state.bytes / stat.size);
    }
  } catch (e) {
    progress.done();
    await failedOut?.abort();
    if (e instanceof UsageError || e instanceof InputError) throw e;
    throw libraryError(e, opts.file);
  }
  progress.done();
  if (!head) start(firstHeaders, [], null, false);

  const table = state.table ?? { notices: [], broken: false };
  const readAs = table.format
    ? { format: table.format, encoding: table.encoding, delimiter: table.delimiter, sheet: table.sheet }
    : null;
  const notices = table.notices.filter((n) => n.code !== "body_fields_not_read");
  if (mapOnly) return { file: opts.file, type: head.type, read_as: readAs, headers: firstHeaders, mapping, notices, broken: table.broken };

  const summary = session.finish();
  session.free();
  if (failedOut) {
    if (summary.invalid > 0 && failedXlsx) {
      await failedOut.write(failedRows(failedKept, { format: "xlsx", headers: failedHeaders, sheet: t("failedSheet") }));
    }
    if (summary.invalid > 0) await failedOut.close();
    else await failedOut.abort();
  }
  const sorted = [...findings.values()].sort((a, b) => b.count - a.count || (a.level < b.level ? -1 : 1));
  const mu = process.resourceUsage();
  return {
    command: opts.command,
    file: opts.file,
    type: head.type,
    read_as: readAs,
    mapping: mapping ?? null,
    ok: summary.ok,
    total: summary.total,
    valid: summary.valid,
    invalid: summary.invalid,
    dropped: summary.dropped ?? 0,
    late_dropped: (summary.droppedRows ?? []).map((d) => d.index),
    errors: summary.errors,
    warnings: summary.warnings,
    notices,
    broken: table.broken,
    findings: sorted,
    request: summary.request,
    failed_file: failedOut && summary.invalid > 0 ? opts.failed : null,
    seconds: Number(((Date.now() - t0) / 1000).toFixed(2)),
    peak_rss_mib: Math.round(mu.maxRSS / 1024),
  };
}
