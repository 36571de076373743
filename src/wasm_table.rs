//! The wasm facade of file reading: `readTable` and `TableReader` convert bytes and options,
//! call [`crate::input`], and send the rows across a chunk at a time.

use std::cell::RefCell;

use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::input::{localised, Format, Grid, JsonRows, ReadOptions, Row, RowSink, SheetRef};
use crate::messages::Locale;
use crate::report::{Issue, Problem};
use crate::wasm::{append, js_error, to_js, to_json};

/// Bytes handed to the reader at a time by `readTable`: wasm memory holds one piece and the
/// rows it completes, not the whole file twice.
const PIECE_BYTES: u32 = 1 << 20;

/// A thrown `Error` with the issue's `code`, and its `params`.
pub(crate) fn issue_error(issue: &Issue) -> JsValue {
    crate::wasm::said_error(&issue.problem, &issue.message)
}

fn read_options(options: &JsValue) -> Result<ReadOptions, JsValue> {
    let json = match to_json(options) {
        Ok(v) => v.unwrap_or(Value::Null),
        Err(reason) => return Err(js_error("invalid_read_option", &reason)),
    };
    ReadOptions::from_json(&json).map_err(|p| issue_error(&p.at(None)))
}

/// A `Uint8Array` (a Node `Buffer` is one) or an `ArrayBuffer`.
fn bytes_arg(value: &JsValue) -> Result<js_sys::Uint8Array, JsValue> {
    if let Some(a) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(a.clone());
    }
    if let Some(b) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(js_sys::Uint8Array::new(b));
    }
    Err(problem_error_issue(Problem::InvalidReadOption {
        option: "bytes",
        value: "expected a Uint8Array (the file's bytes, not its text)".into(),
    }))
}

fn problem_error_issue(p: Problem) -> JsValue {
    issue_error(&p.at(None))
}

/// JSON text of this many bytes is parsed and appended at a time: under V8's large-object size
/// (128 KB), so each chunk's string is freed without a full collection.
const FLUSH_BYTES: usize = 96 * 1024;

/// Rows written as JSON text by the core and parsed into a JS array a chunk at a time.
struct JsRowSink {
    rows: js_sys::Array,
    text: JsonRows,
    error: Option<JsValue>,
}

impl JsRowSink {
    fn new() -> Self {
        JsRowSink {
            rows: js_sys::Array::new(),
            text: JsonRows::default(),
            error: None,
        }
    }

    fn flush(&mut self) {
        if self.text.is_empty() || self.error.is_some() {
            return;
        }
        match js_sys::JSON::parse(&self.text.take()) {
            Ok(chunk) => append(&self.rows, &chunk),
            Err(e) => self.error = Some(e),
        }
    }

    fn flush_if_full(&mut self) {
        if self.text.len() >= FLUSH_BYTES {
            self.flush();
        }
    }

    /// The rows, once everything is flushed.
    fn into_rows(mut self) -> Result<js_sys::Array, JsValue> {
        self.flush();
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.rows),
        }
    }
}

impl RowSink for JsRowSink {
    fn record(&mut self, headers: &[String], cells: &[&str], separators: &[char]) {
        self.text.record(headers, cells, separators);
        self.flush_if_full();
    }

    fn row(&mut self, row: Row) {
        self.text.row(row);
        self.flush_if_full();
    }
}

thread_local! {
    /// `readWorkbook` of the spreadsheet module, once `enableSpreadsheets` was given it.
    static SHEETS: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Lets `readTable` read workbooks (`.xlsx`, `.xls`, `.ods`) with the spreadsheet module
/// (`mateo-import/sheets`, about 400 KB gzip, so a page loads it only when a workbook is
/// dropped): pass the module (or any object whose `readWorkbook` is its function). Writing an
/// `.xlsx` (`failedRows`) needs no module.
#[wasm_bindgen(js_name = enableSpreadsheets)]
pub fn enable_spreadsheets(
    #[wasm_bindgen(unchecked_param_type = "{ readWorkbook: Function }")] module: JsValue,
) -> Result<(), JsValue> {
    let f = js_sys::Reflect::get(&module, &"readWorkbook".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| {
            problem_error_issue(Problem::InvalidReadOption {
                option: "module",
                value: "expected the mateo-import/sheets module (an object with readWorkbook)"
                    .into(),
            })
        })?;
    SHEETS.with(|s| *s.borrow_mut() = Some(f));
    Ok(())
}

/// An error thrown by the spreadsheet module, as this crate's finding.
fn sheets_error(e: &JsValue, locale: Locale) -> JsValue {
    let get = |k: &str| js_sys::Reflect::get(e, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let code = get("code").as_string().unwrap_or_default();
    let message = get("message")
        .as_string()
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the spreadsheet reader failed".into());
    let params = match to_json(&get("params")) {
        Ok(Some(Value::Object(m))) => m,
        _ => serde_json::Map::new(),
    };
    issue_error(&localised(
        crate::input::workbook_issue(&code, &message, &params),
        locale,
    ))
}

/// A workbook through the spreadsheet module, then the same header and row rules as text.
fn read_workbook(
    bytes: &js_sys::Uint8Array,
    format: Format,
    options: &ReadOptions,
) -> Result<JsValue, JsValue> {
    let locale = options.locale;
    let f = SHEETS.with(|s| s.borrow().clone()).ok_or_else(|| {
        let p = Problem::UnsupportedFormat {
            format: format.name(),
        };
        issue_error(&localised(p.at(None), locale))
    })?;
    let sheet = match &options.sheet {
        Some(SheetRef::Name(n)) => JsValue::from_str(n),
        Some(SheetRef::Index(i)) => JsValue::from(*i as f64),
        None => JsValue::UNDEFINED,
    };
    let answer = f
        .call3(
            &JsValue::NULL,
            bytes,
            &JsValue::from_str(format.name()),
            &sheet,
        )
        .map_err(|e| sheets_error(&e, locale))?;
    let json = match to_json(&answer) {
        Ok(v) => v.unwrap_or(Value::Null),
        Err(reason) => Value::String(reason),
    };
    let grid = Grid::from_json(&json).map_err(|e| issue_error(&localised(e, locale)))?;
    let mut sink = JsRowSink::new();
    let table = crate::input::workbook_table(grid, &mut sink, options);
    let js = to_js(&table)?;
    js_sys::Reflect::set(&js, &"rows".into(), &sink.into_rows()?.into())?;
    Ok(js)
}

/// Reads a file's bytes into a table: format, encoding and delimiter are found from the bytes
/// (the options override them). Workbooks need `enableSpreadsheets` first. Throws an `Error` with `code` (`unsupported_format`,
/// `unreadable_file`, `unknown_encoding`, `invalid_read_option`) and `params` when the file
/// cannot be read as a table.
#[wasm_bindgen(js_name = readTable, unchecked_return_type = "Table")]
pub fn read_table(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ReadOptions | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let options = read_options(&options)?;
    let bytes = bytes_arg(&bytes)?;
    let head = bytes.subarray(0, bytes.length().min(8192)).to_vec();
    if let Some(format) =
        crate::input::workbook_format(&head, &options).map_err(|e| issue_error(&e))?
    {
        return read_workbook(&bytes, format, &options);
    }
    let mut reader = crate::input::TableReader::new(options).map_err(|e| issue_error(&e))?;
    let mut sink = JsRowSink::new();
    let len = bytes.length();
    let mut start = 0;
    while start < len {
        let end = start.saturating_add(PIECE_BYTES).min(len);
        let piece = bytes.subarray(start, end).to_vec();
        reader
            .push_into(&piece, &mut sink)
            .map_err(|e| issue_error(&e))?;
        start = end;
    }
    let table = reader.finish_into(&mut sink).map_err(|e| issue_error(&e))?;
    let js = to_js(&table)?;
    js_sys::Reflect::set(&js, &"rows".into(), &sink.into_rows()?.into())?;
    Ok(js)
}

/// Reads a file a piece at a time, for CSV, TSV and NDJSON of any size: `push` each piece of
/// bytes and take the rows it completed, then `finish`.
#[wasm_bindgen(js_name = TableReader)]
pub struct JsTableReader {
    inner: crate::input::TableReader,
}

#[wasm_bindgen(js_class = TableReader)]
impl JsTableReader {
    /// Throws `unknown_encoding` or `invalid_read_option` for options it cannot use.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ReadOptions | null")] options: Option<JsValue>,
    ) -> Result<JsTableReader, JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let options = read_options(&options)?;
        let inner = crate::input::TableReader::new(options).map_err(|e| issue_error(&e))?;
        Ok(JsTableReader { inner })
    }

    /// The rows these bytes completed (none until the format, delimiter and header row are
    /// known). Throws like `readTable` when the file cannot be read as a table.
    #[wasm_bindgen(unchecked_return_type = "Record<string, unknown>[]")]
    pub fn push(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
    ) -> Result<JsValue, JsValue> {
        let bytes = bytes_arg(&bytes)?.to_vec();
        let mut sink = JsRowSink::new();
        self.inner
            .push_into(&bytes, &mut sink)
            .map_err(|e| issue_error(&e))?;
        Ok(sink.into_rows()?.into())
    }

    /// The header row once it is known (empty before).
    #[wasm_bindgen(getter, unchecked_return_type = "string[]")]
    pub fn headers(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.headers())
    }

    /// The delimiter of a delimited text once it is known (null before, and for JSON).
    #[wasm_bindgen(getter, unchecked_return_type = "string | null")]
    pub fn delimiter(&self) -> JsValue {
        self.inner.delimiter().map_or(JsValue::NULL, JsValue::from)
    }

    /// What the file was read as, its headers and notices; `rows` holds only the rows the end
    /// of the file completed (usually the last line, when it has no line break).
    #[wasm_bindgen(unchecked_return_type = "Table")]
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let mut sink = JsRowSink::new();
        let table = self
            .inner
            .finish_into(&mut sink)
            .map_err(|e| issue_error(&e))?;
        let js = to_js(&table)?;
        js_sys::Reflect::set(&js, &"rows".into(), &sink.into_rows()?.into())?;
        Ok(js)
    }
}
