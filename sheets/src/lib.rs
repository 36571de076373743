//! Reads spreadsheet workbooks (.xlsx, .xls, .ods) into a plain grid of cell texts.
//!
//! The texts are what a person sees in the spreadsheet program, without losing information:
//! numbers never in exponent notation, zero-padded number formats applied (`01067`), dates as
//! ISO 8601, booleans as `true`/`false`, formulas as their cached values, error cells empty with a
//! notice. Hostile files are refused with [`SheetError`] (`workbook_too_large`,
//! `unreadable_file`) before they can take unbounded time or memory; no input makes this crate
//! panic on purpose (see `tests/read.rs` and the mutation test there).
//!
//! The reading itself is done by [calamine]; `guard` and `cfb` check what calamine would read
//! before it reads it.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    clippy::todo
)]

mod cfb;
mod guard;
mod text;
#[cfg(target_arch = "wasm32")]
mod wasm;

use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, SheetVisible, Xls, Xlsx};
use serde_json::{json, Map, Value};

pub use text::{column_name, format_number};

/// Which sheet to read: by its name or by its 0-based position in [`Workbook::sheets`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetRef {
    Name(String),
    Index(usize),
}

/// The sheet that was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    /// `"xlsx"`, `"xls"` or `"ods"`.
    pub format: &'static str,
    /// All sheet names, in the workbook's order.
    pub sheets: Vec<String>,
    /// The name of the sheet read.
    pub sheet: String,
    /// Rows of the sheet from row 1 / column A to the last non-empty cell; `""` for empty
    /// cells; trailing empty cells of a row are dropped (a row may be `[]`).
    pub cells: Vec<Vec<String>>,
    /// What was changed or noticed while reading (`cell_error`, `formula_without_value`,
    /// `hidden_sheets_skipped`).
    pub notices: Vec<Notice>,
}

/// Something changed or noticed while reading; `message` is English, `params` carry the data.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub code: &'static str,
    pub message: String,
    pub params: Map<String, Value>,
}

/// Why a workbook could not be read: `unreadable_file`, `sheet_not_found` or
/// `workbook_too_large`.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetError {
    pub code: &'static str,
    pub message: String,
    pub params: Map<String, Value>,
}

impl std::fmt::Display for SheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for SheetError {}

/// Bounds on what a workbook may make this crate do. [`Limits::default`] is what
/// [`read_workbook`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Cells of the sheet read: its declared dimension (xlsx, xls), the non-empty cells and the
    /// area from A1 to the last row and column must all stay within this. For .ods and .xls,
    /// which calamine reads whole, the cells of all sheets together.
    pub max_cells: u64,
    /// Columns of the sheet read (the used range from column A).
    pub max_columns: u64,
    /// Decompressed size of any one part of a zip (xlsx, ods) that is read.
    pub max_part_bytes: u64,
    /// Decompressed size of all XML parts of a zip together.
    pub max_total_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_cells: 10_000_000,
            max_columns: 100_000,
            max_part_bytes: 256 << 20,
            max_total_bytes: 1 << 30,
        }
    }
}

/// Reads one sheet of a workbook with the [`Limits::default`].
///
/// The format comes from the bytes (zip with `xl/` → xlsx, zip with the OpenDocument
/// spreadsheet mimetype → ods, OLE compound file → xls); `format_hint` (a file extension such
/// as `"xlsx"` or `".xls"`) is only used when the bytes leave it open. Without `sheet`, the first
/// visible worksheet is read.
pub fn read_workbook(
    bytes: &[u8],
    format_hint: Option<&str>,
    sheet: Option<SheetRef>,
) -> Result<Workbook, SheetError> {
    read_workbook_with_limits(bytes, format_hint, sheet, &Limits::default())
}

/// [`read_workbook`] with other limits.
pub fn read_workbook_with_limits(
    bytes: &[u8],
    format_hint: Option<&str>,
    sheet: Option<SheetRef>,
    limits: &Limits,
) -> Result<Workbook, SheetError> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        // Last line of defence on native targets: a panic inside a dependency on a file that
        // passed every check becomes `unreadable_file`. (On wasm32 panics abort; there the checks
        // in `guard` and `cfb` are all there is.)
        match std::panic::catch_unwind(|| read_inner(bytes, format_hint, sheet, limits)) {
            Ok(r) => r,
            Err(_) => Err(unreadable(
                "internal error while reading the file (a panic in the reader)",
                None,
            )),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        read_inner(bytes, format_hint, sheet, limits)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Xls,
    Ods,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }
}

const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

fn read_inner(
    bytes: &[u8],
    format_hint: Option<&str>,
    sheet: Option<SheetRef>,
    limits: &Limits,
) -> Result<Workbook, SheetError> {
    let hint = format_hint.and_then(hint_format);
    if bytes.starts_with(b"PK") {
        let zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
            Ok(z) => z,
            Err(e) => {
                let what = hint.filter(|f| *f != Format::Xls);
                return Err(unreadable(
                    &format!("not a complete zip archive ({e}); the file may be truncated"),
                    what,
                ));
            }
        };
        let format = guard::zip_format(&zip).or(hint.filter(|f| *f != Format::Xls));
        match format {
            Some(Format::Xlsx) => {
                guard::check_zip(&zip, limits, Format::Xlsx)?;
                guard::check_xlsx(zip, limits)?;
                read_xlsx(bytes, sheet, limits)
            }
            Some(Format::Ods) => {
                guard::check_zip(&zip, limits, Format::Ods)?;
                guard::check_ods(zip, limits)?;
                read_ods(bytes, sheet, limits)
            }
            _ => Err(unreadable(
                if guard::is_xlsb(&zip) {
                    "an Excel binary workbook (.xlsb), which is not supported; save it as .xlsx"
                } else {
                    "a zip archive that holds no spreadsheet (no xl/ folder, no OpenDocument \
                     spreadsheet mimetype)"
                },
                None,
            )),
        }
    } else if bytes.starts_with(OLE_MAGIC) {
        cfb::check_xls(bytes, limits)?;
        read_xls(bytes, sheet, limits)
    } else {
        let mut e = unreadable(
            "not a spreadsheet workbook (neither .xlsx, .xls nor .ods)",
            hint,
        );
        if let Some(kind) = text::looks_like_text(bytes) {
            // Many "Excel" exports from web applications are HTML or CSV with an .xls name.
            e.params.insert("looks_like".into(), Value::from(kind));
            e.message = format!(
                "not a spreadsheet workbook: the file is {kind} text (read it as CSV/text instead)"
            );
        }
        Err(e)
    }
}

fn hint_format(hint: &str) -> Option<Format> {
    let h = hint.trim().trim_start_matches('.').to_ascii_lowercase();
    let ext = h.rsplit('.').next().unwrap_or(&h);
    match ext {
        "xlsx" | "xlsm" | "xltx" | "xltm" => Some(Format::Xlsx),
        "xls" | "xlt" => Some(Format::Xls),
        "ods" | "ots" => Some(Format::Ods),
        _ => None,
    }
}

pub(crate) fn params(pairs: Vec<(&str, Value)>) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

pub(crate) fn unreadable(reason: &str, format: Option<Format>) -> SheetError {
    let mut p = params(vec![("reason", Value::from(reason))]);
    if let Some(f) = format {
        p.insert("format".into(), Value::from(f.name()));
    }
    SheetError {
        code: "unreadable_file",
        message: format!("The file cannot be read as a workbook: {reason}."),
        params: p,
    }
}

pub(crate) fn too_large(what: &str, limit: u64, found: u64) -> SheetError {
    SheetError {
        code: "workbook_too_large",
        message: format!(
            "The workbook is too large: {what} is {found}, more than the limit of {limit}."
        ),
        params: params(vec![
            ("limit", Value::from(limit)),
            ("found", Value::from(found)),
            ("what", Value::from(what)),
        ]),
    }
}

fn calamine_error(e: impl std::fmt::Display, format: Format) -> SheetError {
    let msg = e.to_string();
    if msg.contains("password protected") {
        let mut err = unreadable("the workbook is password-protected", Some(format));
        err.params.insert("encrypted".into(), Value::Bool(true));
        return err;
    }
    unreadable(&msg, Some(format))
}

/// Picks the sheet to read; returns its name and the notices about the choice.
fn choose_sheet(
    names: &[String],
    visible: &[bool],
    sheet: Option<SheetRef>,
) -> Result<(String, Vec<Notice>), SheetError> {
    let not_found = |s: Value| SheetError {
        code: "sheet_not_found",
        message: format!(
            "The workbook has no sheet {s}; its sheets are: {}.",
            names.join(", ")
        ),
        params: params(vec![("sheet", s), ("sheets", json!(names))]),
    };
    match sheet {
        Some(SheetRef::Name(n)) => {
            if let Some(found) = names.iter().find(|s| **s == n) {
                return Ok((found.clone(), vec![]));
            }
            // Same name apart from case and surrounding spaces, when that is unambiguous.
            let key = n.trim().to_lowercase();
            let close: Vec<&String> = names
                .iter()
                .filter(|s| s.trim().to_lowercase() == key)
                .collect();
            match close.as_slice() {
                [one] => Ok(((*one).clone(), vec![])),
                _ => Err(not_found(Value::from(n))),
            }
        }
        Some(SheetRef::Index(i)) => match names.get(i) {
            Some(n) => Ok((n.clone(), vec![])),
            None => Err(not_found(Value::from(i))),
        },
        None => {
            let first_visible = visible.iter().position(|v| *v);
            match (first_visible, names.first()) {
                (Some(i), _) => {
                    let name = names.get(i).cloned().unwrap_or_default();
                    let mut notices = vec![];
                    if i > 0 {
                        let hidden: Vec<&String> = names.iter().take(i).collect();
                        notices.push(Notice {
                            code: "hidden_sheets_skipped",
                            message: format!(
                                "The first visible sheet \"{name}\" was read; hidden sheets before \
                                 it were skipped: {}.",
                                hidden
                                    .iter()
                                    .map(|s| s.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                            params: params(vec![
                                ("sheet", Value::from(name.clone())),
                                ("hidden", json!(hidden)),
                            ]),
                        });
                    }
                    Ok((name, notices))
                }
                (None, Some(n)) => Ok((n.clone(), vec![])),
                (None, None) => Err(unreadable("the workbook has no sheets", None)),
            }
        }
    }
}

fn sheet_list<RS: std::io::Read + std::io::Seek, R: Reader<RS>>(
    wb: &R,
) -> (Vec<String>, Vec<bool>) {
    let meta = wb.sheets_metadata();
    let names = meta.iter().map(|s| s.name.clone()).collect();
    let visible = meta
        .iter()
        .map(|s| s.visible == SheetVisible::Visible && s.typ == calamine::SheetType::WorkSheet)
        .collect();
    (names, visible)
}

fn read_xlsx(
    bytes: &[u8],
    sheet: Option<SheetRef>,
    limits: &Limits,
) -> Result<Workbook, SheetError> {
    let mut wb: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| calamine_error(e, Format::Xlsx))?;
    let (names, visible) = sheet_list(&wb);
    let (name, mut notices) = choose_sheet(&names, &visible, sheet)?;
    let mut grid = text::Grid::new(limits);
    let mut missing_values: Vec<(u32, u32)> = vec![];
    {
        let mut reader = match wb.worksheet_cells_reader(&name) {
            Ok(r) => Some(r),
            // A chart sheet or dialog sheet: no cells.
            Err(calamine::XlsxError::NotAWorksheet(_)) => None,
            Err(e) => return Err(calamine_error(e, Format::Xlsx)),
        };
        if let Some(reader) = reader.as_mut() {
            let dim = reader.dimensions();
            guard::check_declared(dim.start, dim.end, limits)?;
            let mut formats: Vec<Option<text::NumFmt>> = vec![];
            while let Some((cell, style_id)) = reader
                .next_cell_with_style_id()
                .map_err(|e| calamine_error(e, Format::Xlsx))?
            {
                let (row, col) = cell.get_position();
                let fmt = match formats.get(style_id).cloned().flatten() {
                    Some(f) => f,
                    None => {
                        let f = reader
                            .styles()
                            .get(style_id)
                            .and_then(|s| s.number_format.as_ref())
                            .map(|n| text::NumFmt::parse(&n.format_code))
                            .unwrap_or(text::NumFmt::General);
                        if style_id < 65_536 {
                            if formats.len() <= style_id {
                                formats.resize(style_id + 1, None);
                            }
                            if let Some(slot) = formats.get_mut(style_id) {
                                *slot = Some(f.clone());
                            }
                        }
                        f
                    }
                };
                let value = match cell.get_value() {
                    DataRef::Empty => {
                        missing_values.push((row, col));
                        continue;
                    }
                    DataRef::String(s) => text::Value::Str(s),
                    DataRef::SharedString(s) => text::Value::Str(s),
                    DataRef::Int(i) => text::Value::Int(*i),
                    DataRef::Float(f) => text::Value::Float(*f),
                    DataRef::Bool(b) => text::Value::Bool(*b),
                    DataRef::DateTime(d) => text::Value::DateTime(*d),
                    DataRef::DateTimeIso(s) => text::Value::DateTimeIso(s),
                    DataRef::DurationIso(s) => text::Value::DurationIso(s),
                    DataRef::Error(e) => text::Value::Error(e.to_string()),
                };
                grid.put(row, col, value, &fmt, &mut notices)?;
            }
        }
    }
    if !missing_values.is_empty() {
        // Empty cells are common (styled but blank); only formulas without a stored result are
        // worth telling. Costs a second pass, only for sheets that have empty cells.
        formula_notices(&mut wb, &name, &missing_values, &mut notices)?;
    }
    grid.zero_notices(&mut notices);
    grid.more_errors_notice(&mut notices);
    Ok(Workbook {
        format: "xlsx",
        sheets: names,
        sheet: name,
        cells: grid.into_rows(),
        notices,
    })
}

fn formula_notices(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    missing: &[(u32, u32)],
    notices: &mut Vec<Notice>,
) -> Result<(), SheetError> {
    let wanted: std::collections::HashSet<(u32, u32)> = missing.iter().copied().collect();
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|e| calamine_error(e, Format::Xlsx))?;
    let mut found = 0usize;
    while let Some(cell) = reader
        .next_cell_with_formula()
        .map_err(|e| calamine_error(e, Format::Xlsx))?
    {
        let Some(formula) = cell.formula.as_deref() else {
            continue;
        };
        if !wanted.contains(&cell.pos) || formula.is_empty() {
            continue;
        }
        found += 1;
        if found > 100 {
            continue;
        }
        let r = text::cell_ref(cell.pos.0, cell.pos.1);
        notices.push(Notice {
            code: "formula_without_value",
            message: format!(
                "Cell {r} holds the formula ={formula} but the file has no computed value for \
                 it, so it was read as empty. Open and save the file in Excel or LibreOffice to \
                 store the results."
            ),
            params: params(vec![
                ("cell", Value::from(r)),
                ("formula", Value::from(format!("={formula}"))),
            ]),
        });
    }
    if found > 100 {
        notices.push(Notice {
            code: "formula_without_value_more",
            message: format!(
                "{} more cells hold formulas without a computed value.",
                found - 100
            ),
            params: params(vec![("count", Value::from(found - 100))]),
        });
    }
    Ok(())
}

fn read_range(
    range: &calamine::Range<Data>,
    limits: &Limits,
    notices: &mut Vec<Notice>,
) -> Result<Vec<Vec<String>>, SheetError> {
    let mut grid = text::Grid::new(limits);
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, d) in range.used_cells() {
        let row = r0.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
        let col = c0.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
        let value = match d {
            Data::Empty => continue,
            Data::String(s) => text::Value::Str(s),
            Data::Int(i) => text::Value::Int(*i),
            Data::Float(f) => text::Value::Float(*f),
            Data::Bool(b) => text::Value::Bool(*b),
            Data::DateTime(d) => text::Value::DateTime(*d),
            Data::DateTimeIso(s) => text::Value::DateTimeIso(s),
            Data::DurationIso(s) => text::Value::DurationIso(s),
            Data::Error(e) => text::Value::Error(e.to_string()),
        };
        grid.put(row, col, value, &text::NumFmt::General, notices)?;
    }
    grid.zero_notices(notices);
    grid.more_errors_notice(notices);
    Ok(grid.into_rows())
}

fn read_ods(
    bytes: &[u8],
    sheet: Option<SheetRef>,
    limits: &Limits,
) -> Result<Workbook, SheetError> {
    let mut wb: Ods<_> =
        Ods::new(Cursor::new(bytes)).map_err(|e| calamine_error(e, Format::Ods))?;
    let (names, visible) = sheet_list(&wb);
    let (name, mut notices) = choose_sheet(&names, &visible, sheet)?;
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| calamine_error(e, Format::Ods))?;
    let cells = read_range(&range, limits, &mut notices)?;
    Ok(Workbook {
        format: "ods",
        sheets: names,
        sheet: name,
        cells,
        notices,
    })
}

fn read_xls(
    bytes: &[u8],
    sheet: Option<SheetRef>,
    limits: &Limits,
) -> Result<Workbook, SheetError> {
    let mut wb: Xls<_> =
        Xls::new(Cursor::new(bytes)).map_err(|e| calamine_error(e, Format::Xls))?;
    let (names, visible) = sheet_list(&wb);
    let (name, mut notices) = choose_sheet(&names, &visible, sheet)?;
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| calamine_error(e, Format::Xls))?;
    let cells = read_range(&range, limits, &mut notices)?;
    Ok(Workbook {
        format: "xls",
        sheets: names,
        sheet: name,
        cells,
        notices,
    })
}

impl Workbook {
    /// The workbook as JSON: `{format, sheets, sheet, cells, notices: [{code, message, params}]}`.
    pub fn to_json(&self) -> Value {
        json!({
            "format": self.format,
            "sheets": self.sheets,
            "sheet": self.sheet,
            "cells": self.cells,
            "notices": self.notices.iter().map(|n| json!({
                "code": n.code, "message": n.message, "params": n.params,
            })).collect::<Vec<_>>(),
        })
    }
}
