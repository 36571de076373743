//! The wasm-bindgen facade: converts at the boundary and calls the core; no business rules here.
//!
//! JS values cross as JSON text: `JSON.stringify` is native and fast, gives exactly what the
//! server would receive (Dates as ISO strings, `undefined` and functions dropped), and fails
//! cleanly on cycles and BigInt instead of recursing. Results go back through `JSON.parse`,
//! which makes plain objects and never calls a `__proto__` setter.

use std::cell::RefCell;

use js_sys::{Error, JSON};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::converted::{Converted, Nulled, Step};
use crate::report::Problem;
use crate::schema::ImportType;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
export type ImportType = "contact_details" | "deal_details" | "appointment_details";
export interface CustomFieldDefinition {
  key: string;
  type: "string" | "datetime" | "boolean" | "number" | "date" | "string_list";
  entity?: "contact" | "deal" | "appointment";
  [other: string]: unknown;
}
export interface Options {
  /** Regions tried for rows without `country_codes`, e.g. ["DE", "AT"]. */
  defaultCountryCodes?: string[];
  /** Row keys no table knows: "warn" (keep, default), "error" or "strip". */
  unknownFields?: "warn" | "error" | "strip";
  /** Custom field definitions as `GET /custom_field` returns them. */
  customFields?: CustomFieldDefinition[];
  /** Marketing channel keys (values: accepted, declined, requested). */
  marketingChannels?: (string | { key: string })[];
  /** Columns of a file to fields: applied to every row of its type before it is checked. */
  mapping?: Mapping;
  /** Rows the server would merge (same external_id, a shared handle): "warn" (default), "error", or keep one row per external_id: "keepFirst" / "keepLast" (the others are dropped from the body). */
  duplicates?: "warn" | "error" | "keepFirst" | "keepLast" | "off";
  /** The language of messages: "en" (default) or "de" (a tag such as "de-AT" works too). Codes and params are the same in both. */
  locale?: "en" | "de" | string;
}
export interface Issue {
  /** A stable code: one of `codes()` (the build writes them into `Code`). */
  code: Code; field: string | null; message: string;
  /** The finding's data (the values, the expected kinds, the rows named, …): the same in every language; `{}` for a finding without data. */
  params: Record<string, unknown>;
}
export interface ReadOptions {
  /** The file's name: used where the bytes leave the format open (`.tsv`, `.ndjson`). */
  fileName?: string;
  format?: "csv" | "xlsx" | "xls" | "ods" | "json" | "ndjson";
  /** Overrides the BOM and the guess: utf-8, windows-1252 (latin1), utf-16le, utf-16be. */
  encoding?: string;
  /** One ASCII character; found from the first lines when not given. */
  delimiter?: string;
  sheet?: string | number;
  /** The language of the notices' messages: "en" (default) or "de". */
  locale?: "en" | "de" | string;
}
export interface Table {
  format: string; encoding: string | null; delimiter: string | null;
  sheet: string | null; sheets: string[]; headers: string[];
  rows: Record<string, unknown>[];
  /** What was guessed or changed while reading, each with `params`. */
  notices: Issue[];
  /** A notice says the rows are not what the file meant (`unterminated_quote`: every line after the quote was read into one cell): show the rows, send none of them. */
  broken: boolean;
}
/** A row report; `R` the row's type when you know it (e.g. `RowReport<ContactRow>`). */
export interface RowReport<R = Record<string, unknown>> {
  /** The normalised row to send when ok; the row as given when not. */
  index: number; ok: boolean; row: R | Record<string, unknown> | null;
  errors: Issue[]; warnings: Issue[];
  /** A valid row left out of the body: another row with its external_id is sent instead (duplicates: "keepFirst" / "keepLast"). */
  dropped?: true;
}
/** An import's report; `R` its rows' type when you know it (e.g. `ImportReport<ContactRow>`). */
export interface ImportReport<R = Record<string, unknown>> {
  ok: boolean; errors: Issue[]; warnings: Issue[];
  /** valid: rows in the body; invalid: rows with errors; dropped: valid rows left out as duplicates. */
  total: number; valid: number; invalid: number; dropped?: number;
  rows: RowReport<R>[];
  /** The body to send: the valid rows only. Its `payload` holds the same objects as the valid
   * rows' `row` (not copies). Null when a request-level error makes it unusable or no row is valid. */
  request: (Record<string, unknown> & { payload: R[] }) | null;
}
export interface CsvRows {
  rows: Record<string, unknown>[]; headers: string[]; delimiter: string; errors: Issue[];
}
export interface ColumnMapping {
  header: string;
  /** The API field, or null: the column is not sent. */
  field: string | null;
  /** 1 exact API name, 0.95 a known synonym, up to 0.8 a similar name, 0.6 the values alone. */
  confidence: number;
  /** exact, synonym, fuzzy, sample, phone_values, weaker, not_uuid, none (or what a loaded mapping says). */
  reason: string;
  /** The reason in words, in the options' language (suggestions only). */
  note?: string;
  dateOrder?: "DMY" | "MDY" | "YMD";
}
export interface Batch {
  /** Position of its first row among the rows sent. */
  first: number; rows: number;
  /** Bytes of the body's JSON text (UTF-8). */
  bytes: number;
  /** The request body: the top-level fields and these rows (the caller's own objects). */
  body: Record<string, unknown>;
}
export interface BatchPlan {
  batches: Batch[]; rows: number;
  /** Days the API's daily quota (25,000 entities) needs for every row. */
  days: number;
  /** Seconds the requests need at 2 per second, not counting the server's time. */
  minSeconds: number;
  limits: { maxRows: number; maxBytes: number; dailyEntities: number; requestsPerSecond: number };
}
/** Plain JSON: save it, load it, give it back as `Options.mapping`. */
export interface Mapping { type: ImportType; columns: ColumnMapping[] }
export interface SessionSummary {
  ok: boolean; errors: Issue[]; warnings: Issue[];
  total: number; valid: number; invalid: number; dropped?: number;
  /** Rows a push returned as valid that are left out of the body after all (keepLast): remove them from the rows you kept. */
  droppedRows?: { index: number; warning: Issue }[];
  /** The checked body without `payload`; null when a request-level error makes it unusable or no row is valid (as ImportReport.request). */
  request: Record<string, unknown> | null;
}
/** Where one import type's table came from. */
export interface TableSource {
  source: "embedded" | "openapi";
  /** The document's definition used: `deal_details`, else `deal`, .... */
  definition: string | null;
  /** Fields of the table, before custom fields and marketing channels. */
  fields: number;
  /** Unknown keys are always kept with a warning (the embedded deal table). */
  open: boolean;
}
/** The schema a Validator uses: the embedded tables or an OpenAPI description. */
export interface SchemaSource {
  source: "embedded" | "openapi";
  /** The document's `info.title` / `info.version`. */
  title: string | null; version: string | null;
  /** The document's `swagger` / `openapi` version. */
  spec: string | null;
  tables: Record<ImportType, TableSource>;
  /** The load findings (also `Validator.schemaIssues`), each with `params`. */
  issues: Issue[];
}
export interface PhoneCandidate {
  input: string; ok: boolean;
  /** Why it did not win, in the options' language. */
  reason: string | null;
  /** The same as data: `{ code: "blank" | "not_text" | "not_tried" | "no_country_code" | "invalid" | "invalid_in" | "invalid_per_region", … }`. */
  why?: Record<string, unknown> & { code: string };
}
export interface PhoneResolution {
  ok: boolean; e164: string | null; index: number | null; region: string | null;
  type: string | null; candidates: PhoneCandidate[];
  /** The winning entry's other reading when it has two (see `phone_ambiguous`). */
  ambiguous?: string;
}
"#;

/// A JS `Error` with a stable `code` property.
pub(crate) fn js_error(code: &str, message: &str) -> JsValue {
    let err = Error::new(message);
    let _ = js_sys::Reflect::set(&err, &"code".into(), &code.into());
    err.into()
}

pub(crate) fn problem_error(p: Problem) -> JsValue {
    said_error(&p, &p.to_string())
}

/// An `Error` for `p` with `message` (in the language asked for), its `code` and its `params`.
pub(crate) fn said_error(p: &Problem, message: &str) -> JsValue {
    let err = js_error(p.code(), message);
    if let Ok(params) = to_js(&crate::report::Params(p)) {
        let _ = js_sys::Reflect::set(&err, &"params".into(), &params);
    }
    err
}

#[wasm_bindgen]
extern "C" {
    /// A JS array, for the two `Array.prototype` methods below.
    #[wasm_bindgen(js_name = Array)]
    type ArrayMethods;

    /// `Array.prototype.slice` itself (not whatever `this.slice` is), with an exception from a
    /// proxy trap or getter returned as an error instead of thrown through wasm.
    #[wasm_bindgen(method, final, catch, js_class = "Array", js_name = slice)]
    fn slice_or_error(this: &ArrayMethods, start: u32, end: u32) -> Result<js_sys::Array, JsValue>;

    /// `Array.prototype.push(...items)`: a chunk of report rows in one call.
    #[wasm_bindgen(method, final, variadic, js_class = "Array", js_name = push)]
    fn push_all(this: &ArrayMethods, items: &js_sys::Array) -> u32;

    /// The platform's UTF-8 encoder (browsers, Node; wasm-bindgen's glue needs it too).
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(
        this: &TextEncoder,
        text: &js_sys::JsString,
        into: &js_sys::Uint8Array,
    ) -> EncodeResult;
    type EncodeResult;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeResult) -> u32;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
    /// Where `js_text` encodes, kept across calls: a new buffer per string was memory outside
    /// V8's heap that made its collector run more often (contacts 15% slower).
    static ENCODED: RefCell<js_sys::Uint8Array> = RefCell::new(js_sys::Uint8Array::new_with_length(0));
}

/// A JS string of at most `PIECE_UNITS` as a Rust one: encoded by `TextEncoder` into a kept
/// buffer and copied in as bytes, two native passes instead of wasm-bindgen's loop over the
/// characters, which took a sixth of a deal check (BENCHMARKS.md, session 10). Lone surrogates
/// become U+FFFD, as with wasm-bindgen's own conversion.
fn js_text(text: &js_sys::JsString) -> String {
    // Three UTF-8 bytes at most per UTF-16 unit. The buffer grows by powers of two, up to what
    // a piece needs, so a page that only converts short strings never holds the 768 KB.
    let need = text.length().saturating_mul(3);
    let bytes = ENCODED.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        if buffer.length() < need {
            let size = need.next_power_of_two().min(PIECE_UNITS * 3).max(need);
            *buffer = js_sys::Uint8Array::new_with_length(size);
        }
        let written = ENCODER.with(|e| e.encode_into(text, &buffer)).written();
        buffer.subarray(0, written).to_vec()
    });
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// JS value → JSON text → `serde_json::Value`. `undefined` (and anything JSON drops) is `None`.
pub(crate) fn to_json(value: &JsValue) -> Result<Option<Value>, String> {
    if value.is_undefined() {
        return Ok(None);
    }
    #[cfg(feature = "swb")]
    {
        serde_wasm_bindgen::from_value::<Value>(value.clone())
            .map(Some)
            .map_err(|e| e.to_string())
    }
    #[cfg(not(feature = "swb"))]
    {
        stringified(value)?
            .map(|text| crate::json_text::parse(&text).map_err(|e| e.to_string()))
            .transpose()
    }
}

/// The `JSON.stringify` text of `value`; `None` for what JSON drops (`undefined`, a function,
/// a symbol). The one conversion of [`to_json`], [`to_json_noting`] and [`rows_text`].
fn stringified(value: &JsValue) -> Result<Option<String>, String> {
    let text = JSON::stringify(value).map_err(|e| describe_js_error(&e))?;
    Ok(text.is_string().then(|| utf8_text(&text)))
}

#[cfg_attr(feature = "swb", allow(dead_code))]
fn describe_js_error(e: &JsValue) -> String {
    e.dyn_ref::<Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the value cannot be converted to JSON".into())
}

/// A string argument. Taken as `JsValue` rather than `&str`: wasm-bindgen's own string conversion
/// reads `.length` of whatever it is given, so a number or boolean reached the allocator with a
/// bogus length and trapped (`RuntimeError: memory access out of bounds`), and `undefined` threw
/// a TypeError without a `code`. Anything but a string is an `invalid_type` error.
pub(crate) fn string_arg(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value
        .dyn_ref::<js_sys::JsString>()
        .map(utf8_text)
        .ok_or_else(|| js_error("invalid_type", &format!("{name} must be a string")))
}

/// Strings longer than this (UTF-16 units) are copied into wasm memory a piece at a time: the
/// encoder's buffer (three bytes a unit, kept across calls) stays at most 768 KB, and a chunk of
/// 250 rows is one piece.
const PIECE_UNITS: u32 = 1 << 18;

/// A JS string as a `String`, reserving little more wasm memory than it takes. wasm-bindgen's
/// conversion reserves three bytes per UTF-16 unit as soon as one character is not ASCII, so a
/// 24 MB JSON file with a few accented names took 72 MB of wasm memory for a moment (and wasm
/// memory never shrinks). Here pieces of `PIECE_UNITS` are encoded one after another into a
/// string reserved for the whole (one byte per unit and an eighth more, grown only if the text
/// needs it): the same text, as each piece is cut between characters.
fn utf8_text(s: &js_sys::JsString) -> String {
    let units = s.length();
    if units <= PIECE_UNITS {
        return js_text(s);
    }
    let estimate = |units: u32| units as usize + units as usize / 8;
    let mut out = String::with_capacity(estimate(units));
    let mut start = 0;
    while start < units {
        let mut end = start.saturating_add(PIECE_UNITS).min(units);
        // Not between the halves of a surrogate pair: each alone would become U+FFFD.
        if end < units && (0xD800..0xDC00).contains(&(s.char_code_at(end - 1) as u32)) {
            end -= 1;
        }
        let piece = js_text(&s.slice(start, end));
        if out.capacity() - out.len() < piece.len() {
            // The rest at the bytes per unit seen so far, and an eighth more: one or two
            // reservations even for text of three-byte characters (CJK), not one per piece.
            let seen = out.len() + piece.len();
            let rest = (units - end) as usize * seen / end as usize;
            out.reserve_exact(piece.len() + rest + rest / 8);
        }
        out.push_str(&piece);
        start = end;
    }
    out
}

pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    #[cfg(feature = "swb")]
    {
        value
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| js_error("internal", &e.to_string()))
    }
    #[cfg(not(feature = "swb"))]
    {
        let text = crate::json_text::to_ascii_string(value)
            .map_err(|e| js_error("internal", &e.to_string()))?;
        JSON::parse(&text)
    }
}

thread_local! {
    /// The validator behind the free functions when no options are given: built once, and its
    /// phone cache serves every call.
    static DEFAULT: RefCell<crate::Validator> = RefCell::new(crate::Validator::default());
}

/// Runs `f` with the shared default validator. Should it still be borrowed (only possible after
/// a trap, e.g. out of memory, left the previous call unfinished), a fresh one serves instead, so
/// one trap does not disable the free functions for the rest of the page's life.
fn with_default<R>(f: impl FnOnce(&mut crate::Validator) -> R) -> R {
    DEFAULT.with(|cell| match cell.try_borrow_mut() {
        Ok(mut v) => f(&mut v),
        Err(_) => f(&mut crate::Validator::default()),
    })
}

/// Runs `f` with a validator for `options`: the shared default one, or a new one.
fn with_validator<R>(
    options: &JsValue,
    f: impl FnOnce(&mut crate::Validator) -> R,
) -> Result<R, JsValue> {
    if options.is_null() || options.is_undefined() {
        return Ok(with_default(f));
    }
    let mut v = options_from(options)?;
    Ok(f(&mut v))
}

pub(crate) fn options_from(options: &JsValue) -> Result<crate::Validator, JsValue> {
    let json = options_json(options)?;
    crate::Validator::from_options_json(&json).map_err(|e| options_error(&e, &json))
}

/// An options error thrown in the language the options ask for.
pub(crate) fn options_error(e: &crate::OptionsError, json: &Value) -> JsValue {
    let locale = crate::options::requested_locale(json);
    js_error(e.code(), &crate::messages::options_error(e, locale))
}

fn options_json(options: &JsValue) -> Result<Value, JsValue> {
    Ok(if options.is_null() || options.is_undefined() {
        Value::Null
    } else {
        to_json(options)
            .map_err(|e| js_error("invalid_options", &format!("invalid options: {e}")))?
            .unwrap_or(Value::Null)
    })
}

/// An import report as a JS object. The valid rows are sent across once: `request.payload` is
/// filled here with the very `rows[i].row` objects of the valid rows (the same objects, not
/// copies), which saves copying, serialising and parsing every valid row a second time (a third
/// of the text for a mostly valid file) and the memory of both copies.
fn report_to_js(
    (mut report, body): (crate::ImportReport, Option<crate::request::BodyHead>),
) -> Result<JsValue, JsValue> {
    // The rows through the direct writer; the rest (`rows: []` holding the key's place) as is.
    let reports = std::mem::take(&mut report.rows);
    let rows = reports_to_js(&reports)?;
    report_with_rows(
        &report,
        rows.unchecked_ref(),
        reports.iter().map(crate::RowReport::sent),
        body,
    )
}

/// `report` (its own `rows` empty) as a JS object holding `rows`, and `request` built from
/// them (see [`attach_body`]).
fn report_with_rows(
    report: &crate::ImportReport,
    rows: &js_sys::Array,
    ok: impl Iterator<Item = bool>,
    body: Option<crate::request::BodyHead>,
) -> Result<JsValue, JsValue> {
    let js = to_js(report)?;
    js_sys::Reflect::set(&js, &"rows".into(), rows)?;
    attach_body(&js, rows, ok, body)?;
    Ok(js)
}

/// Row reports as a JS array (see `report_json`).
fn reports_to_js(reports: &[crate::RowReport]) -> Result<JsValue, JsValue> {
    JSON::parse(&crate::report_json::row_reports(reports))
}

/// Sets `report.request` to the body, its `payload` the `row` of each row report whose flag in
/// `ok` is set.
fn attach_body(
    report: &JsValue,
    rows: &js_sys::Array,
    ok: impl Iterator<Item = bool>,
    body: Option<crate::request::BodyHead>,
) -> Result<(), JsValue> {
    let Some(body) = body else {
        return Ok(());
    };
    // `payload: null` holds the key's place, so the body keeps the caller's key order.
    let request = to_js(&body.with_payload(Value::Null))?;
    let row_key = JsValue::from_str("row");
    let payload = js_sys::Array::new();
    for (i, ok) in ok.enumerate() {
        if ok {
            payload.push(&js_sys::Reflect::get(&rows.get(i as u32), &row_key)?);
        }
    }
    js_sys::Reflect::set(&request, &"payload".into(), &payload)?;
    js_sys::Reflect::set(report, &"request".into(), &request)?;
    Ok(())
}

/// A request that JSON cannot express (cyclic, BigInt, a throwing getter) gets a report with
/// one `invalid_json` error rather than an exception: it is bad data, not a programming error.
fn request_report(
    v: &mut crate::Validator,
    request: &JsValue,
) -> (crate::ImportReport, Option<crate::request::BodyHead>) {
    match to_json_noting(request) {
        Ok(Some((json, nulled))) => {
            let (mut report, head) = v.validate_import_split(&json);
            // Under `payload`, a row's (when the report has the rows); anything else the body's.
            let payload = Step::Key("payload".into());
            let (rows, body): (Vec<&Nulled>, Vec<&Nulled>) = nulled
                .iter()
                .partition(|n| n.path.first() == Some(&payload) && n.path.len() >= 2);
            note_nulled(v, &mut report.warnings, body, 0);
            for n in rows {
                let Some(Step::Index(i)) = n.path.get(1) else {
                    continue;
                };
                if let Some(row) = report.rows.get_mut(*i as usize) {
                    note_nulled(v, &mut row.warnings, [n], 2);
                }
            }
            (report, head)
        }
        Ok(None) => v.validate_import_split(&Value::Null),
        Err(reason) => (
            crate::ImportReport::rejected(Problem::InvalidJson {
                reason,
                line: None,
                column: None,
            }),
            None,
        ),
    }
}

/// The report for a JS body: a chunk at a time when [`chunked_report`] can take it, else
/// converted whole.
fn import_report(v: &mut crate::Validator, request: &JsValue) -> Result<JsValue, JsValue> {
    chunked_report(v, request).unwrap_or_else(|| report_to_js(request_report(v, request)))
}

/// Rows per chunk of a payload converted and checked a chunk at a time (see
/// [`chunked_report`]); the core's chunk size, chosen for this boundary.
const CHUNK_ROWS: u32 = crate::validator::CHUNK_ROWS as u32;
/// Above this length (a sparse `new Array(2 ** 32 - 1)`, say) the body is converted whole, and
/// `JSON.stringify` refuses it, as it always did, instead of a walk through billions of holes.
const MAX_CHUNKED_ROWS: u32 = 10_000_000;

/// The report for a JS body, its payload converted `CHUNK_ROWS` rows at a time: wasm
/// memory holds one chunk's rows and reports (plus the phone cache) instead of the whole body
/// and the whole report, which for 100k rows took ~300 MiB of wasm memory that is never given
/// back, and made V8's garbage collector crawl while that memory grew.
///
/// `None` when the body is not a case where this is exactly what converting it whole would
/// give (see [`split_body`]), or when `JSON.stringify` refuses a chunk (a cycle, a BigInt, a
/// getter that throws): then the caller converts the body whole, which reports that.
fn chunked_report(v: &mut crate::Validator, request: &JsValue) -> Option<Result<JsValue, JsValue>> {
    let (head, payload, len, nulled) = split_body(request)?;
    let payload: &ArrayMethods = payload.unchecked_ref();
    let mut rows = JsRows::default();
    let mut start = 0u32;
    let result = v.validate_import_chunked(
        &head,
        || {
            if start >= len {
                return Ok(None);
            }
            let end = start.saturating_add(CHUNK_ROWS).min(len);
            // One call per chunk. `slice` reads each index as JSON.stringify does (a getter runs,
            // a hole stays a hole and becomes null in the text); a throwing proxy trap or getter
            // is an error here, and the whole-body path then reports it as JSON.stringify does.
            let chunk = payload.slice_or_error(start, end).map_err(|_| None)?;
            // A getter that shortened the array: JSON.stringify still reads `len` indexes, the
            // missing ones as null, so the chunk keeps its length (the tail as holes).
            if chunk.length() < end - start {
                chunk.set_length(end - start);
            }
            start = end;
            chunk_rows(&chunk).ok_or(None).map(Some)
        },
        |reports| rows.push(&reports).map_err(Some),
        || None,
    );
    match result {
        Ok(mut parts) => {
            note_nulled(v, &mut parts.0.warnings, &nulled, 0);
            Some(rows.into_report(parts))
        }
        Err(None) => None,
        Err(Some(e)) => Some(Err(e)),
    }
}

/// The `JSON.stringify` text of an array of rows. Where it refuses the whole (a cycle, a BigInt,
/// a getter that throws, nesting past the engine's stack), each row is converted on its own:
/// one refused is `null` in the text and listed with its place and the reason, so that it is
/// that row's `invalid_json` and the other rows are still checked. `None` for an array whose
/// every row converts but whose whole does not (its own `toJSON`, say), and for one of more
/// than [`ONE_BY_ONE_ROWS`] (a sparse `new Array(1e9)` whose text is too long for a string,
/// say): the caller reports it whole, as before.
///
/// With the text comes what the conversion met: the rows refused, and the values written as
/// `null` that were not null (see [`nulled_values`]), each row's under its place.
pub(crate) fn rows_text(rows: &js_sys::Array) -> Option<(String, Converted)> {
    if let Ok(text) = stringified(rows) {
        let text = text?;
        let nulled = nulled_values(rows, &text);
        let converted = Converted {
            refused: Vec::new(),
            nulled,
        };
        return Some((text, converted));
    }
    if rows.length() > ONE_BY_ONE_ROWS {
        return None;
    }
    let mut text = String::from("[");
    let mut converted = Converted::default();
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        match stringified(&row) {
            Ok(Some(row_text)) => {
                let place = Step::Index(u32::try_from(i).unwrap_or(u32::MAX));
                for mut n in nulled_values(&row, &row_text) {
                    n.path.insert(0, place.clone());
                    converted.nulled.push(n);
                }
                text.push_str(&row_text);
            }
            // undefined, a function, a symbol: null in an array, as JSON.stringify writes.
            Ok(None) => text.push_str("null"),
            Err(reason) => {
                text.push_str("null");
                converted.refused.push((i, reason));
            }
        }
    }
    text.push(']');
    (!converted.refused.is_empty()).then_some((text, converted))
}

#[cfg(not(feature = "swb"))]
#[wasm_bindgen(module = "/src/js/nulled_values.js")]
extern "C" {
    #[wasm_bindgen(js_name = nulledValues, catch)]
    fn nulled_values_js(root: &JsValue) -> Result<js_sys::Array, JsValue>;
}

/// The values `JSON.stringify` wrote as `null` in `text`, the text it made of `value`, that were
/// not null: NaN, ±Infinity, an invalid `Date`, `undefined` in a list (`src/js/nulled_values.js`).
/// Looked for only in a text that holds "null" (one more `JSON.stringify`, with a replacer), so
/// rows without a null cost nothing. A second conversion that throws (a getter that throws
/// the second time) finds nothing.
#[cfg(not(feature = "swb"))]
fn nulled_values(value: &JsValue, text: &str) -> Vec<Nulled> {
    if !text.contains("null") {
        return Vec::new();
    }
    let Ok(found) = nulled_values_js(value) else {
        return Vec::new();
    };
    found
        .iter()
        .filter_map(|entry| {
            let entry: &js_sys::Array = entry.dyn_ref()?;
            let path = entry
                .get(0)
                .dyn_ref::<js_sys::Array>()?
                .iter()
                .map(|step| match step.as_string() {
                    Some(key) => Step::Key(key),
                    None => Step::Index(step.as_f64().unwrap_or_default() as u32),
                })
                .collect();
            let what = entry.get(1).as_string()?;
            Some(Nulled { path, what })
        })
        .collect()
}

#[cfg(feature = "swb")]
fn nulled_values(_value: &JsValue, _text: &str) -> Vec<Nulled> {
    Vec::new()
}

/// [`to_json`], with the values it wrote as `null` that were not null (see [`nulled_values`]).
fn to_json_noting(value: &JsValue) -> Result<Option<(Value, Vec<Nulled>)>, String> {
    #[cfg(feature = "swb")]
    {
        Ok(to_json(value)?.map(|v| (v, Vec::new())))
    }
    #[cfg(not(feature = "swb"))]
    {
        if value.is_undefined() {
            return Ok(None);
        }
        let Some(text) = stringified(value)? else {
            return Ok(None);
        };
        let nulled = nulled_values(value, &text);
        crate::json_text::parse(&text)
            .map(|v| Some((v, nulled)))
            .map_err(|e| e.to_string())
    }
}

/// Adds the `sent_as_null` findings of `nulled` (paths from the thing converted, past `skip`
/// steps) to `issues`, in the validator's language.
fn note_nulled<'n>(
    v: &crate::Validator,
    issues: &mut Vec<crate::report::Issue>,
    nulled: impl IntoIterator<Item = &'n Nulled>,
    skip: usize,
) {
    issues.extend(nulled_issues(v, nulled, skip));
}

/// The `sent_as_null` findings of `nulled` in the validator's language (see [`note_nulled`]).
fn nulled_issues<'n>(
    v: &crate::Validator,
    nulled: impl IntoIterator<Item = &'n Nulled>,
    skip: usize,
) -> Vec<crate::report::Issue> {
    nulled
        .into_iter()
        .filter_map(|n| n.issue(skip))
        .map(|mut issue| {
            issue.localise(v.options().locale, None);
            issue
        })
        .collect()
}

/// The most rows [`rows_text`] converts one by one.
const ONE_BY_ONE_ROWS: u32 = 100_000;

/// A chunk of the payload for the core: its `JSON.stringify` text, from which the core reads
/// plain rows without building them (see [`rows_text`]).
fn chunk_rows(chunk: &js_sys::Array) -> Option<crate::validator::Chunk<'static>> {
    #[cfg(feature = "swb")]
    {
        match to_json(chunk) {
            Ok(Some(Value::Array(items))) => Some(crate::validator::Chunk::Values(items)),
            _ => None,
        }
    }
    #[cfg(not(feature = "swb"))]
    {
        let (text, converted) = rows_text(chunk)?;
        Some(crate::validator::Chunk::Array { text, converted })
    }
}

/// The report for a body given as JSON text, its rows parsed, checked and sent across
/// `CHUNK_ROWS` at a time: wasm memory holds the text and one chunk instead of the text, its
/// whole tree and the whole report's text (100k rows: 220 MiB, growing by 68 MiB on a second
/// pass, and a first call of 8–12 s while V8's collector chased the growing memory).
fn json_report(v: &mut crate::Validator, text: &str) -> Result<JsValue, JsValue> {
    let mut rows = JsRows::default();
    match v.validate_import_json_chunked(text, crate::validator::CHUNK_ROWS, true, |reports| {
        rows.push(&reports)
    })? {
        Some(parts) => rows.into_report(parts),
        None => report_to_js(v.validate_import_json_whole(text)),
    }
}

/// Appends the items of the JS array `items` to `array`, in one call.
pub(crate) fn append(array: &js_sys::Array, items: &JsValue) {
    array
        .unchecked_ref::<ArrayMethods>()
        .push_all(items.unchecked_ref());
}

/// The JS array of row reports of a chunked check, filled a chunk at a time.
#[derive(Default)]
struct JsRows {
    rows: js_sys::Array,
    ok: Vec<bool>,
}

impl JsRows {
    fn push(&mut self, reports: &[crate::RowReport]) -> Result<(), JsValue> {
        self.ok.extend(reports.iter().map(crate::RowReport::sent));
        let js = reports_to_js(reports)?;
        append(&self.rows, &js);
        Ok(())
    }

    /// The report (with no rows of its own) as a JS object holding these rows and its body.
    fn into_report(
        mut self,
        (mut report, body): (crate::ImportReport, Option<crate::request::BodyHead>),
    ) -> Result<JsValue, JsValue> {
        // Rows `keepLast` dropped after their chunk was converted: marked on the JS objects.
        for (index, warning) in std::mem::take(&mut report.late_drops) {
            let row = self.rows.get(index as u32);
            js_sys::Reflect::set(&row, &"dropped".into(), &JsValue::TRUE)?;
            let warnings = js_sys::Reflect::get(&row, &"warnings".into())?;
            warnings
                .unchecked_ref::<js_sys::Array>()
                .push(&to_js(&warning)?);
            if let Some(ok) = self.ok.get_mut(index) {
                *ok = false;
            }
        }
        report_with_rows(&report, &self.rows, self.ok.into_iter(), body)
    }
}

/// The head of a body as JSON, its payload, the payload's length, and the head's values written
/// as `null` (see [`split_body`]).
type SplitBody = (serde_json::Map<String, Value>, JsValue, u32, Vec<Nulled>);

/// A body worth checking in chunks, split into its head as JSON (with `payload: [null]` in its
/// place: the head check only looks at the payload's shape), the payload and its length.
///
/// Only a plain object (prototype `Object.prototype` or null, no `toJSON`) with an own,
/// enumerable array `payload` (no `toJSON`) of at least one and at most
/// `MAX_CHUNKED_ROWS` rows. Every step goes through `Reflect`, whose calls return an error
/// instead of throwing through wasm, so a revoked proxy or a throwing trap or getter means
/// `None`, and the whole-body path reports it as `JSON.stringify` does.
///
/// With them, the head's values `JSON.stringify` wrote as `null` (see [`nulled_values`]).
fn split_body(request: &JsValue) -> Option<SplitBody> {
    use js_sys::{Array, Object, Reflect};
    if !request.is_object() {
        return None;
    }
    let object: &Object = request.unchecked_ref();
    let proto = Reflect::get_prototype_of(request).ok()?;
    let object_proto = Reflect::get_prototype_of(&Object::new()).ok()?;
    if !(proto.is_null() || proto == object_proto) {
        return None;
    }
    let to_json_key = JsValue::from_str("toJSON");
    let payload_key = JsValue::from_str("payload");
    let enumerable = |key: &JsValue| -> Option<bool> {
        let descriptor = Reflect::get_own_property_descriptor(object, key).ok()?;
        Some(
            !descriptor.is_undefined()
                && Reflect::get(&descriptor, &"enumerable".into())
                    .ok()?
                    .is_truthy(),
        )
    };
    if !Reflect::get(request, &to_json_key).ok()?.is_undefined() || !enumerable(&payload_key)? {
        return None;
    }
    let payload = Reflect::get(request, &payload_key).ok()?;
    // A revoked proxy makes `Array.isArray` throw; `getPrototypeOf` reports it as an error first.
    if !payload.is_object() || Reflect::get_prototype_of(&payload).is_err() {
        return None;
    }
    if !Array::is_array(&payload) || !Reflect::get(&payload, &to_json_key).ok()?.is_undefined() {
        return None;
    }
    let len = Reflect::get(&payload, &"length".into()).ok()?.as_f64()?;
    if !(len >= 1.0 && len <= f64::from(MAX_CHUNKED_ROWS)) {
        return None;
    }
    // The head: own enumerable string keys in order, values read once, as JSON.stringify reads
    // them; defined (not assigned) so that a `__proto__` key stays a plain key.
    let head = Object::new();
    for key in Reflect::own_keys(request).ok()?.iter() {
        if !key.is_string() || !enumerable(&key)? {
            continue;
        }
        let value = if key == payload_key {
            Array::of1(&JsValue::NULL).into()
        } else {
            Reflect::get(request, &key).ok()?
        };
        let descriptor = Object::new();
        for (k, v) in [
            ("value", value),
            ("writable", JsValue::TRUE),
            ("enumerable", JsValue::TRUE),
            ("configurable", JsValue::TRUE),
        ] {
            Reflect::set(&descriptor, &k.into(), &v).ok()?;
        }
        Reflect::define_property(&head, &key, &descriptor).ok()?;
    }
    let Ok(Some((Value::Object(head), nulled))) = to_json_noting(&head) else {
        return None;
    };
    Some((head, payload, len as u32, nulled))
}

/// Checks a `POST /import` body. Throws only for invalid `options`.
#[wasm_bindgen(js_name = validateImport, unchecked_return_type = "ImportReport")]
pub fn validate_import(
    #[wasm_bindgen(unchecked_param_type = "unknown")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    with_validator(&options, |v| import_report(v, &request))?
}

/// Checks a `POST /import` body given as JSON text (the fast path for large files).
#[wasm_bindgen(js_name = validateImportJson, unchecked_return_type = "ImportReport")]
pub fn validate_import_json(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let text = string_arg(&text, "text")?;
    with_validator(&options, |v| json_report(v, &text))?
}

fn country_codes_from(codes: &JsValue) -> Result<Option<Vec<String>>, JsValue> {
    if codes.is_null() || codes.is_undefined() {
        return Ok(None);
    }
    let bad = || {
        js_error(
            "invalid_type",
            "countryCodes must be an array of strings, null or undefined",
        )
    };
    match to_json(codes).map_err(|_| bad())? {
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|i| i.as_str().map(str::to_owned).ok_or_else(bad))
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        _ => Err(bad()),
    }
}

/// Resolves one phone value (a string or a list) to the first valid number, as E.164.
/// Throws `invalid_country_code` for an unknown region and `invalid_type` for other shapes.
#[wasm_bindgen(js_name = resolvePhone, unchecked_return_type = "PhoneResolution")]
pub fn resolve_phone(
    #[wasm_bindgen(unchecked_param_type = "string | string[]")] candidates: JsValue,
    #[wasm_bindgen(js_name = countryCodes, unchecked_param_type = "string[] | null")]
    country_codes: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let country_codes = country_codes.unwrap_or(JsValue::UNDEFINED);
    // Without country codes the free function tries no region: only `+…` numbers can win.
    with_default(|v| phone_resolution(v, &candidates, &country_codes, false))
}

/// Shared by both `resolvePhone`s. `defaults_when_absent`: whether missing country codes mean
/// the validator's `defaultCountryCodes` (the class) or no region at all (the free function).
fn phone_resolution(
    v: &mut crate::Validator,
    candidates: &JsValue,
    country_codes: &JsValue,
    defaults_when_absent: bool,
) -> Result<JsValue, JsValue> {
    let codes = country_codes_from(country_codes)?;
    let value = to_json(candidates)
        .map_err(|e| js_error("invalid_type", &e))?
        .unwrap_or(Value::Null);
    let codes = match (&codes, defaults_when_absent) {
        (None, true) => None,
        (None, false) => Some(&[][..]),
        (Some(c), _) => Some(c.as_slice()),
    };
    to_js(&v.resolve_phone(&value, codes).map_err(problem_error)?)
}

/// A validator configured once (custom fields, default country codes) and reused; it keeps a
/// cache of phone parses across calls.
#[wasm_bindgen(js_name = Validator)]
pub struct JsValidator {
    pub(crate) inner: crate::Validator,
}

#[wasm_bindgen(js_class = Validator)]
impl JsValidator {
    /// Throws `invalid_options` when the options cannot be used.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Options | null")] options: Option<JsValue>,
    ) -> Result<JsValidator, JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        Ok(JsValidator {
            inner: options_from(&options)?,
        })
    }

    #[wasm_bindgen(js_name = validateImport, unchecked_return_type = "ImportReport")]
    pub fn validate_import(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "unknown")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        import_report(&mut self.inner, &request)
    }

    #[wasm_bindgen(js_name = validateImportJson, unchecked_return_type = "ImportReport")]
    pub fn validate_import_json(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        json_report(&mut self.inner, &string_arg(&text, "text")?)
    }

    /// Checks one row. Throws `unknown_import_type` for a type other than the three.
    #[wasm_bindgen(js_name = validateRow, unchecked_return_type = "RowReport")]
    pub fn validate_row(
        &mut self,
        #[wasm_bindgen(js_name = type, unchecked_param_type = "ImportType")] import_type: JsValue,
        #[wasm_bindgen(unchecked_param_type = "unknown")] row: JsValue,
    ) -> Result<JsValue, JsValue> {
        let import_type = string_arg(&import_type, "type")?;
        let t = ImportType::parse(&import_type).ok_or_else(|| {
            let p = Problem::UnknownImportType {
                got: format!("{import_type:?}"),
            };
            said_error(&p, &self.inner.message(&p))
        })?;
        let (row, nulled) = match to_json_noting(&row) {
            Ok(v) => v.unwrap_or((Value::Null, Vec::new())),
            Err(reason) => {
                return to_js(&crate::RowReport::rejected(
                    0,
                    Problem::InvalidJson {
                        reason,
                        line: None,
                        column: None,
                    },
                ))
            }
        };
        let mut report = self.inner.validate_row(t, &row, 0);
        note_nulled(&self.inner, &mut report.warnings, &nulled, 0);
        to_js(&report)
    }

    /// Resolves a phone value with this validator's default country codes (when `countryCodes`
    /// is null or undefined) and its parse cache.
    #[wasm_bindgen(js_name = resolvePhone, unchecked_return_type = "PhoneResolution")]
    pub fn resolve_phone(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | string[]")] candidates: JsValue,
        #[wasm_bindgen(js_name = countryCodes, unchecked_param_type = "string[] | null")]
        country_codes: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let country_codes = country_codes.unwrap_or(JsValue::UNDEFINED);
        phone_resolution(&mut self.inner, &candidates, &country_codes, true)
    }

    /// A validator on the field tables of the API's OpenAPI description (`GET` on the API
    /// root): `doc` as a parsed object or as its JSON text. Throws `invalid_schema` when the
    /// document cannot be used, `invalid_options` for the options.
    #[wasm_bindgen(js_name = fromOpenApi)]
    pub fn from_open_api(
        #[wasm_bindgen(unchecked_param_type = "object | string")] doc: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Options | null")] options: Option<JsValue>,
    ) -> Result<JsValidator, JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let json = options_json(&options)?;
        let locale = crate::options::requested_locale(&json);
        let schema = schema_from_js(&doc)
            .map_err(|p| said_error(&p, &crate::messages::message(&p, locale, None)))?;
        let inner = crate::Validator::from_options_json_with_schema(&json, &schema)
            .map_err(|e| options_error(&e, &json))?;
        Ok(JsValidator { inner })
    }

    /// What loading the schema found (`schema_unknown_format`, `schema_table_missing`); empty
    /// for the embedded tables.
    #[wasm_bindgen(getter, js_name = schemaIssues, unchecked_return_type = "Issue[]")]
    pub fn schema_issues(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.schema().issues())
    }

    /// Which tables are in use: `embedded` or `openapi` (with the document's title and version),
    /// per import type.
    #[wasm_bindgen(getter, js_name = schemaSource, unchecked_return_type = "SchemaSource")]
    pub fn schema_source(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.schema().source)
    }

    /// The fields a row of `type` may carry on this validator's tables (custom fields and
    /// marketing channels included; server-managed fields not), in key order.
    #[wasm_bindgen(js_name = fieldNames, unchecked_return_type = "string[]")]
    pub fn field_names(
        &self,
        #[wasm_bindgen(js_name = type, unchecked_param_type = "ImportType")] import_type: JsValue,
    ) -> Result<JsValue, JsValue> {
        let name = string_arg(&import_type, "type")?;
        let t = ImportType::parse(&name).ok_or_else(|| {
            let p = Problem::UnknownImportType {
                got: format!("{name:?}"),
            };
            said_error(&p, &self.inner.message(&p))
        })?;
        to_js(&self.inner.schema().rows(t).sendable().collect::<Vec<_>>())
    }

    /// An `ImportSession` on this validator's tables and options (its own duplicates tracker
    /// and phone cache). `body` as for `new ImportSession(body, options)`.
    pub fn session(
        &self,
        #[wasm_bindgen(unchecked_param_type = "unknown")] body: JsValue,
    ) -> Result<JsImportSession, JsValue> {
        JsImportSession::with_validator(self.inner.fresh(), &body)
    }
}

/// The schema of an OpenAPI description given as an object or as JSON text.
fn schema_from_js(doc: &JsValue) -> Result<crate::schema::Schema, Problem> {
    let too_large = || Problem::InvalidSchema {
        reason: "too_large",
        path: String::new(),
    };
    let text = match doc.dyn_ref::<js_sys::JsString>() {
        Some(s) => s.clone(),
        None => JSON::stringify(doc)
            .ok()
            .and_then(|t| t.dyn_into::<js_sys::JsString>().ok())
            .ok_or(Problem::InvalidSchema {
                reason: "not_json",
                path: String::new(),
            })?,
    };
    if text.length() as usize > crate::schema::MAX_DOC_BYTES {
        return Err(too_large());
    }
    crate::schema::Schema::from_openapi_text(&utf8_text(&text))
}

/// Reads CSV text into rows: the header gives the keys; `whatsapp`, `sms` and `country_codes`
/// cells holding several values (`;` or `|`, or `,` in a `;`-separated file) become arrays.
#[wasm_bindgen(js_name = parseCsv, unchecked_return_type = "CsvRows")]
pub fn parse_csv(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    // The rows go across a chunk at a time, as `json_report`'s do: all at once, a 10 MB file of
    // 100k rows took 189 MiB of wasm memory (13 MiB now) and 1.4-1.9 s on the first call (0.6 s).
    let text = string_arg(&text, "text")?;
    let rows = js_sys::Array::new();
    let csv = crate::csv_rows::parse_csv_chunked(&text, crate::validator::CHUNK_ROWS, |chunk| {
        append(&rows, &to_js(&chunk)?);
        Ok::<_, JsValue>(())
    })?;
    let js = to_js(&csv)?;
    js_sys::Reflect::set(&js, &"rows".into(), &rows)?;
    Ok(js)
}

/// An import checked in chunks: `push` rows as they are read, then `finish`. Memory stays
/// bounded by the chunk size.
#[wasm_bindgen(js_name = ImportSession)]
pub struct JsImportSession {
    inner: crate::ImportSession,
}

#[wasm_bindgen(js_class = ImportSession)]
impl JsImportSession {
    /// `body` is the import request without its payload (`type`, `contact_list_id`, …).
    /// Throws `invalid_options` when the options cannot be used.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "unknown")] body: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Options | null")] options: Option<JsValue>,
    ) -> Result<JsImportSession, JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        Self::with_validator(options_from(&options)?, &body)
    }

    fn with_validator(
        validator: crate::Validator,
        body: &JsValue,
    ) -> Result<JsImportSession, JsValue> {
        let (body, nulled) = match to_json_noting(body) {
            Ok(v) => v.unwrap_or((Value::Null, Vec::new())),
            Err(reason) => return Err(js_error("invalid_json", &reason)),
        };
        let warnings = nulled_issues(&validator, &nulled, 0);
        let mut inner = crate::ImportSession::new(validator, &body);
        inner.warn_head(warnings);
        Ok(JsImportSession { inner })
    }

    /// Checks a chunk of rows; returns their reports (indexes continue across chunks).
    /// Throws `payload_not_array` when `rows` is not an array.
    #[wasm_bindgen(unchecked_return_type = "RowReport[]")]
    pub fn push(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "unknown[]")] rows: JsValue,
    ) -> Result<JsValue, JsValue> {
        #[cfg(not(feature = "swb"))]
        {
            // The rows' JSON text, read by the core row by row (see `row_text`); a text that
            // is not an array is `payload_not_array` there too. `undefined`, and what
            // `JSON.stringify` refuses, get their answer below.
            if let Some(array) = rows.dyn_ref::<js_sys::Array>() {
                if let Some((text, converted)) = rows_text(array) {
                    let reports = self
                        .inner
                        .push_json_texts(&text, true, &converted)
                        .map_err(|p| self.error(p))?;
                    return reports_to_js(&reports);
                }
            }
        }
        match to_json(&rows) {
            Ok(Some(Value::Array(rows))) => reports_to_js(&self.inner.push_rows(rows)),
            Ok(other) => Err(self.error(Problem::PayloadNotArray {
                got: other.as_ref().map_or("undefined", crate::report::json_type),
            })),
            Err(reason) => Err(self.error(Problem::InvalidJson {
                reason,
                line: None,
                column: None,
            })),
        }
    }

    /// Same as `push`, with the rows as JSON array text.
    #[wasm_bindgen(js_name = pushJson, unchecked_return_type = "RowReport[]")]
    pub fn push_json(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = string_arg(&text, "text")?;
        let reports = self
            .inner
            .push_json_texts(&text, true, &Default::default())
            .map_err(|p| self.error(p))?;
        reports_to_js(&reports)
    }

    /// Rows checked so far.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> usize {
        self.inner.counts().0
    }

    /// Valid rows so far.
    #[wasm_bindgen(getter)]
    pub fn valid(&self) -> usize {
        self.inner.counts().1
    }

    #[wasm_bindgen(unchecked_return_type = "SessionSummary")]
    pub fn finish(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.finish())
    }
}

impl JsImportSession {
    /// A thrown error with the message in the session's language.
    fn error(&self, p: Problem) -> JsValue {
        said_error(&p, &self.inner.message(&p))
    }
}

/// Every code this library can emit.
#[wasm_bindgen(unchecked_return_type = "string[]")]
pub fn codes() -> Result<JsValue, JsValue> {
    to_js(&crate::ALL_CODES)
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
