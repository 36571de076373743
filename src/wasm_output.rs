//! The wasm facade of what leaves the library: `planBatches` and `failedRows` read the report's
//! rows, call [`crate::output`], and build the bodies from the caller's own row objects.

use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use crate::output::{self, BatchLimits, FailedRow};
use crate::report::Problem;
use crate::wasm::{js_error, problem_error, to_js, to_json};
use crate::wasm_table::issue_error;
use crate::zip;

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// `invalid_options` for options that are not an object (or null / undefined), or that hold a
/// key `what` does not take (a misspelt `maxrows` would otherwise be the default, unsaid).
fn known_options(options: &JsValue, what: &str, keys: &[&str]) -> Result<(), JsValue> {
    if options.is_null() || options.is_undefined() {
        return Ok(());
    }
    let Some(object) = options.dyn_ref::<js_sys::Object>() else {
        return Err(js_error(
            "invalid_options",
            &format!("the options of {what} must be an object"),
        ));
    };
    for key in js_sys::Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !keys.contains(&key.as_str()) {
            return Err(js_error(
                "invalid_options",
                &format!(
                    "{what} has no option {key:?} (it takes {})",
                    keys.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn limit(options: &JsValue, key: &str, default: usize) -> Result<usize, JsValue> {
    let v = get(options, key);
    if v.is_undefined() || v.is_null() {
        return Ok(default);
    }
    match v.as_f64() {
        Some(n) if n >= 1.0 && n.fract() == 0.0 && n <= 1e15 => Ok(n as usize),
        _ => Err(js_error(
            "invalid_options",
            &format!("{key} must be a whole number of at least 1"),
        )),
    }
}

/// Splits the body to send (an `ImportReport`'s `request`, or a body `{type, …, payload}`) into
/// request bodies of at most `maxRows` rows and `maxBytes` bytes of JSON, in order, each with
/// the body's top-level fields; says how many days the daily quota of 25,000 entities needs.
/// The bodies hold the caller's own row objects. A report with nothing to send (`request`
/// null) gives no batches. Throws `row_too_large` for a row that does not fit a body alone,
/// `invalid_options` for bad limits, `payload_not_array` for a body without a payload array.
#[wasm_bindgen(js_name = planBatches, unchecked_return_type = "BatchPlan")]
pub fn plan_batches(
    #[wasm_bindgen(unchecked_param_type = "ImportReport | Record<string, unknown>")]
    report: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ maxRows?: number, maxBytes?: number } | null")]
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    known_options(&options, "planBatches", &["maxRows", "maxBytes"])?;
    let defaults = BatchLimits::default();
    let limits = BatchLimits {
        max_rows: limit(&options, "maxRows", defaults.max_rows)?,
        max_bytes: limit(&options, "maxBytes", defaults.max_bytes)?,
    };
    let request = get(&report, "request");
    // A report whose `request` is null has nothing to send (no valid row, or a request-level
    // error): no batches. Anything else is a body, or a report that is not one.
    let is_report = js_sys::Array::is_array(&get(&report, "rows"));
    let has_request = request.is_object();
    let body = if has_request {
        request
    } else if is_report && request.is_null() {
        js_sys::Object::new().into()
    } else {
        report
    };
    let payload = if body.is_object() {
        get(&body, "payload")
    } else {
        JsValue::UNDEFINED
    };
    let empty = js_sys::Array::new();
    let rows = match payload.dyn_ref::<js_sys::Array>() {
        Some(rows) => rows,
        None if is_report && !has_request => &empty,
        None => {
            let got = match to_json(&payload) {
                _ if payload.is_undefined() => "no payload",
                Ok(Some(v)) => crate::report::json_type(&v),
                _ => "a value JSON cannot hold",
            };
            return Err(problem_error(Problem::PayloadNotArray { got }));
        }
    };
    let mut head = Map::new();
    let object: &js_sys::Object = body.unchecked_ref();
    for key in js_sys::Object::keys(object).iter() {
        let Some(k) = key.as_string() else { continue };
        if k != "payload" {
            let v = to_json(&get(&body, &k)).map_err(|e| js_error("invalid_json", &e))?;
            head.insert(k, v.unwrap_or(Value::Null));
        }
    }
    let head_bytes = output::head_bytes(&head);
    let mut sizes = Vec::with_capacity(rows.length() as usize);
    for row in rows.iter() {
        // JSON.stringify's length is UTF-16 units; the body's bytes are UTF-8.
        let v = to_json(&row).map_err(|e| js_error("invalid_json", &e))?;
        sizes.push(output::row_bytes(&v.unwrap_or(Value::Null)));
    }
    let plan =
        output::plan_batches(sizes, head_bytes, limits).map_err(|p| issue_error(&p.at(None)))?;
    let js = to_js(&plan)?;
    let batches = get(&js, "batches");
    let batches: &js_sys::Array = batches.unchecked_ref();
    for (b, info) in batches.iter().zip(&plan.batches) {
        let body_js = js_sys::Object::new();
        for (k, _) in &head {
            js_sys::Reflect::set(&body_js, &k.into(), &get(&body, k))?;
        }
        let end = (info.first + info.rows) as u32;
        js_sys::Reflect::set(
            &body_js,
            &"payload".into(),
            &rows.slice(info.first as u32, end),
        )?;
        js_sys::Reflect::set(&b, &"body".into(), &body_js)?;
    }
    js_sys::Reflect::set(
        &js,
        &"limits".into(),
        &to_js(&serde_json::json!({
            "maxRows": limits.max_rows, "maxBytes": limits.max_bytes,
            "dailyEntities": output::DAILY_ENTITIES, "requestsPerSecond": output::REQUESTS_PER_SECOND,
        }))?,
    )?;
    Ok(js)
}

/// The rows with errors of an `ImportReport` (or of an array of row reports, say a session's
/// pushes joined): their cells as read, a `mateo_row` column (1-based) first and a
/// `mateo_errors` column (code, field, message) last. CSV (default): UTF-8 with a BOM, CRLF,
/// `delimiter` (default `,`; `;` for German Excel), quoted where needed; `readTable` reads it
/// back to the same cells and leaves the two added columns out. `headers` orders the columns
/// (the file's headers: `Table.headers`). For rows that come in chunks, `part: "first"` then
/// `part: "next"` give pieces of one file, each with exactly the columns of `headers`.
#[wasm_bindgen(js_name = failedRows, unchecked_return_type = "string | Uint8Array")]
pub fn failed_rows(
    #[wasm_bindgen(unchecked_param_type = "ImportReport | RowReport[]")] report: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "{ format?: 'csv' | 'json' | 'xlsx', delimiter?: string, headers?: string[], part?: 'first' | 'next', sheet?: string } | null"
    )]
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    known_options(
        &options,
        "failedRows",
        &["format", "delimiter", "headers", "part", "sheet"],
    )?;
    let rows = if js_sys::Array::is_array(&report) {
        report
    } else {
        get(&report, "rows")
    };
    let Some(rows) = rows.dyn_ref::<js_sys::Array>() else {
        return Err(js_error(
            "invalid_type",
            "failedRows takes an ImportReport or an array of row reports",
        ));
    };
    struct Failed {
        index: usize,
        cells: Option<Map<String, Value>>,
        reasons: String,
    }
    let mut failed: Vec<Failed> = Vec::new();
    for r in rows.iter() {
        if get(&r, "ok").as_bool() != Some(false) {
            continue;
        }
        let index = get(&r, "index").as_f64().unwrap_or(0.0) as usize;
        let cells = match to_json(&get(&r, "row")) {
            Ok(Some(Value::Object(m))) => Some(m),
            _ => None,
        };
        let errors = match to_json(&get(&r, "errors")) {
            Ok(Some(Value::Array(items))) => items,
            _ => Vec::new(),
        };
        let reasons = output::reasons(errors.iter().map(|e| {
            (
                e.get("code").and_then(Value::as_str).unwrap_or(""),
                e.get("field").and_then(Value::as_str),
                e.get("message").and_then(Value::as_str).unwrap_or(""),
            )
        }));
        failed.push(Failed {
            index,
            cells,
            reasons,
        });
    }
    let rows: Vec<FailedRow> = failed
        .iter()
        .map(|f| FailedRow {
            index: f.index,
            cells: f.cells.as_ref(),
            reasons: f.reasons.clone(),
        })
        .collect();
    let format = get(&options, "format").as_string();
    let headers: Vec<String> = match to_json(&get(&options, "headers")) {
        Ok(Some(Value::Array(items))) => items
            .iter()
            .filter_map(|h| h.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    match format.as_deref() {
        None | Some("csv") => {}
        Some("json") => return Ok(output::failed_rows_json(&rows).into()),
        Some("xlsx") => {
            let sheet = get(&options, "sheet")
                .as_string()
                .unwrap_or_else(|| "Failed rows".into());
            let bytes = output::failed_rows_xlsx(&rows, &headers, &sheet)
                .map_err(|p| issue_error(&p.at(None)))?;
            return Ok(js_sys::Uint8Array::from(bytes.as_slice()).into());
        }
        Some(other) => {
            return Err(js_error(
                "invalid_options",
                &format!("format must be \"csv\", \"json\" or \"xlsx\", got {other:?}"),
            ))
        }
    }
    let delimiter = match get(&options, "delimiter").as_string() {
        None => b',',
        Some(d) => crate::input::delimiter_byte(&d)
            .ok_or_else(|| js_error("invalid_options", "delimiter must be one ASCII character"))?,
    };
    match get(&options, "part").as_string().as_deref() {
        None => Ok(output::failed_rows_csv(&rows, &headers, delimiter).into()),
        Some("first") => Ok(output::failed_rows_csv_part(&rows, &headers, delimiter, true).into()),
        Some("next") => Ok(output::failed_rows_csv_part(&rows, &headers, delimiter, false).into()),
        Some(other) => Err(js_error(
            "invalid_options",
            &format!("part must be \"first\" or \"next\", got {other:?}"),
        )),
    }
}

/// Bytes of a `Uint8Array` copied into wasm memory at a time to checksum it.
const CRC_PIECE: u32 = 1 << 20;

/// Files as one stored `.zip` (no compression), in the order given: each `{ name, data }`, the
/// name a path inside the zip (`/` separated, UTF-8), the data a string (written as UTF-8) or
/// bytes. The same files give the same bytes (one fixed date). Throws `zip_too_large` beyond
/// 65,535 files or 4 GiB, `invalid_type` for anything but such an array. The files stay in JS
/// memory: wasm memory holds one string, or 1 MiB of bytes, at a time.
#[wasm_bindgen(js_name = zipFiles)]
pub fn zip_files(
    #[wasm_bindgen(unchecked_param_type = "{ name: string, data: string | Uint8Array }[]")]
    files: JsValue,
) -> Result<js_sys::Uint8Array, JsValue> {
    let bad = || {
        js_error(
            "invalid_type",
            "zipFiles takes an array of { name, data }, each name a string and each data a string or a Uint8Array (text without lone surrogates)",
        )
    };
    let too_large = |t: zip::TooLarge| issue_error(&Problem::from(t).at(None));
    let items = files.dyn_ref::<js_sys::Array>().ok_or_else(bad)?;
    zip::check_file_count(items.length() as usize).map_err(too_large)?;
    let mut writer = zip::ZipWriter::new();
    // Headers (copied out of wasm memory) and the files' own bytes, joined at the end.
    let parts = js_sys::Array::new();
    let mut piece = Vec::new();
    // A lone surrogate would become U+FFFD on the way to UTF-8: refused, not changed.
    let whole_text = |v: &JsValue| {
        v.dyn_ref::<js_sys::JsString>()
            .filter(|s| s.is_valid_utf16())
            .and_then(|s| s.as_string())
    };
    for item in items.iter() {
        let name = whole_text(&get(&item, "name")).ok_or_else(bad)?;
        let data = get(&item, "data");
        let (header, bytes) = if let Some(text) = whole_text(&data) {
            let header = writer
                .header(&name, text.len(), zip::crc32(text.as_bytes()))
                .map_err(too_large)?;
            (header, js_sys::Uint8Array::from(text.as_bytes()))
        } else if let Some(b) = data.dyn_ref::<js_sys::Uint8Array>() {
            let len = b.length();
            let mut crc = u32::MAX;
            let mut at = 0;
            while at < len {
                let end = at.saturating_add(CRC_PIECE).min(len);
                piece.resize((end - at) as usize, 0);
                b.subarray(at, end).copy_to(&mut piece);
                crc = zip::crc32_update(crc, &piece);
                at = end;
            }
            let header = writer
                .header(&name, len as usize, !crc)
                .map_err(too_large)?;
            (header, b.clone())
        } else {
            return Err(bad());
        };
        parts.push(&js_sys::Uint8Array::from(header.as_slice()));
        parts.push(&bytes);
    }
    parts.push(&js_sys::Uint8Array::from(writer.finish().as_slice()));
    // Within 4 GiB: the writer refused anything larger.
    let total: u32 = parts
        .iter()
        .map(|p| p.unchecked_into::<js_sys::Uint8Array>().length())
        .fold(0u32, u32::saturating_add);
    let out = js_sys::Uint8Array::new_with_length(total);
    let mut at = 0u32;
    for p in parts.iter() {
        let p: js_sys::Uint8Array = p.unchecked_into();
        out.set(&p, at);
        at = at.saturating_add(p.length());
    }
    Ok(out)
}
