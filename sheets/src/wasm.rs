//! JavaScript facade (wasm32 only).
//!
//! ```js
//! import init, { readWorkbook } from "./mateo_import_sheets.js";
//! await init();
//! try {
//!   const wb = readWorkbook(new Uint8Array(await file.arrayBuffer()), "xlsx", undefined);
//!   // wb: { format, sheets, sheet, cells: string[][], notices: [{ code, message, params }] }
//! } catch (e) {
//!   // e instanceof Error; e.code: "unreadable_file" | "sheet_not_found" | "workbook_too_large"
//!   //   | "invalid_argument"; e.params: object
//! }
//! ```

use js_sys::{Error, Reflect, Uint8Array, JSON};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use crate::{SheetError, SheetRef};

fn js_error(code: &str, message: &str, params: &Map<String, Value>) -> JsValue {
    let err = Error::new(message);
    let _ = Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    let p = serde_json::to_string(params)
        .ok()
        .and_then(|t| JSON::parse(&t).ok())
        .unwrap_or(JsValue::NULL);
    let _ = Reflect::set(&err, &JsValue::from_str("params"), &p);
    err.into()
}

fn from_sheet_error(e: &SheetError) -> JsValue {
    js_error(e.code, &e.message, &e.params)
}

fn invalid(message: &str) -> JsValue {
    js_error("invalid_argument", message, &Map::new())
}

/// `readWorkbook(bytes: Uint8Array, formatHint?: string, sheet?: string | number)`.
///
/// Returns `{ format, sheets, sheet, cells, notices }`; throws an `Error` with `code` and
/// `params` properties.
#[wasm_bindgen(js_name = readWorkbook)]
pub fn read_workbook(
    bytes: JsValue,
    format_hint: JsValue,
    sheet: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes: Uint8Array = if bytes.is_instance_of::<Uint8Array>() {
        bytes.unchecked_into()
    } else if bytes.is_instance_of::<js_sys::ArrayBuffer>() {
        Uint8Array::new(&bytes)
    } else {
        return Err(invalid("bytes must be a Uint8Array"));
    };
    let data = bytes.to_vec();
    let hint = if format_hint.is_undefined() || format_hint.is_null() {
        None
    } else {
        match format_hint.as_string() {
            Some(s) => Some(s),
            None => return Err(invalid("formatHint must be a string or undefined")),
        }
    };
    let sheet = if sheet.is_undefined() || sheet.is_null() {
        None
    } else if let Some(s) = sheet.as_string() {
        Some(SheetRef::Name(s))
    } else if let Some(n) = sheet.as_f64() {
        if n.fract() != 0.0 || !(0.0..=4_294_967_295.0).contains(&n) {
            return Err(invalid("sheet must be a sheet name or a 0-based index"));
        }
        Some(SheetRef::Index(n as usize))
    } else {
        return Err(invalid("sheet must be a string, a number or undefined"));
    };
    let wb =
        crate::read_workbook(&data, hint.as_deref(), sheet).map_err(|e| from_sheet_error(&e))?;
    drop(data);
    let text = serde_json::to_string(&wb.to_json())
        .map_err(|e| invalid(&format!("cannot serialise the result: {e}")))?;
    JSON::parse(&text)
}
