//! Workbooks (`.xlsx`, `.xls`, `.ods`) as tables. The spreadsheet reader is a second wasm module
//! (`sheets/`, calamine: ~400 KB gzip, loaded only when a workbook is dropped); it gives a grid
//! of cell texts, and this module makes the table from it with the same header and row rules
//! as delimited text, and turns its notices and errors into this crate's findings.

use serde_json::{Map, Value};

use crate::csv_rows::list_separators;
use crate::report::{Issue, Problem, Unreadable};

use super::records::Records;
use super::sink::RowSink;
use super::{Format, Table};

/// One sheet of a workbook as the spreadsheet reader gives it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    pub format: Option<Format>,
    pub sheets: Vec<String>,
    pub sheet: String,
    /// Rows of cell texts, from row 1.
    pub cells: Vec<Vec<String>>,
    pub notices: Vec<Issue>,
}

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn texts(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items.iter().map(|i| text(Some(i))).collect(),
        _ => Vec::new(),
    }
}

fn number(v: Option<&Value>) -> u64 {
    v.and_then(Value::as_u64).unwrap_or(0)
}

/// A notice or an error of the spreadsheet reader as this crate's finding (its codes are this
/// crate's codes; an unknown one keeps its message).
pub fn workbook_issue(code: &str, message: &str, params: &Map<String, Value>) -> Issue {
    let p = |k: &str| params.get(k);
    let problem = match code {
        "unreadable_file" => Problem::UnreadableFile {
            reason: Unreadable::Workbook {
                detail: text(p("reason")),
            },
        },
        "sheet_not_found" => Problem::SheetNotFound {
            sheet: text(p("sheet")),
            sheets: texts(p("sheets")),
        },
        "workbook_too_large" => Problem::WorkbookTooLarge {
            what: text(p("what")),
            limit: number(p("limit")),
            found: number(p("found")),
        },
        "cell_error" => Problem::CellError {
            cell: text(p("cell")),
            error: text(p("error")),
        },
        "formula_without_value" => Problem::FormulaWithoutValue {
            cell: text(p("cell")),
            formula: text(p("formula")),
        },
        "cell_error_more" => Problem::MoreCellErrors {
            count: number(p("count")),
        },
        "formula_without_value_more" => Problem::MoreFormulasWithoutValue {
            count: number(p("count")),
        },
        "hidden_sheets_skipped" => Problem::HiddenSheetsSkipped {
            sheet: text(p("sheet")),
            hidden: texts(p("hidden")),
        },
        "leading_zeros_lost" => Problem::LeadingZerosLost {
            column: text(p("column")),
            cells: number(p("cells")),
            digits: number(p("digits")),
            cell: text(p("cell")),
            value: text(p("value")),
        },
        "" => Problem::UnreadableFile {
            reason: Unreadable::Workbook {
                detail: message.to_owned(),
            },
        },
        _ => Problem::UnreadableFile {
            reason: Unreadable::Workbook {
                detail: format!("{code}: {message}"),
            },
        },
    };
    problem.at(None)
}

impl Grid {
    /// From the spreadsheet module's answer: `{format, sheets, sheet, cells, notices}`.
    pub fn from_json(v: &Value) -> Result<Grid, Issue> {
        let bad = || {
            Problem::UnreadableFile {
                reason: Unreadable::WrongShape,
            }
            .at(None)
        };
        let obj = v.as_object().ok_or_else(bad)?;
        let cells = match obj.get("cells") {
            Some(Value::Array(rows)) => rows.iter().map(|r| texts(Some(r))).collect(),
            _ => return Err(bad()),
        };
        let notices = match obj.get("notices") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_object)
                .map(|n| {
                    let params = n
                        .get("params")
                        .and_then(Value::as_object)
                        .cloned()
                        .unwrap_or_default();
                    workbook_issue(&text(n.get("code")), &text(n.get("message")), &params)
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(Grid {
            format: obj
                .get("format")
                .and_then(Value::as_str)
                .and_then(Format::from_name),
            sheets: texts(obj.get("sheets")),
            sheet: text(obj.get("sheet")),
            cells,
            notices,
        })
    }
}

/// The table of a sheet: header row past title rows, one row per non-blank sheet row (the row
/// number is the notices' line), list cells split at `;`, `|` or `,`.
pub fn table_from_grid(grid: Grid, rows: &mut dyn RowSink) -> Table {
    let mut records = Records::new(list_separators(b';'));
    for (i, row) in grid.cells.iter().enumerate() {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        records.record(i as u64 + 1, &cells, rows);
    }
    records.finish(rows);
    let mut notices = grid.notices;
    notices.append(&mut records.notices);
    Table {
        format: grid.format.unwrap_or(Format::Xlsx).name(),
        encoding: None,
        delimiter: None,
        sheet: Some(grid.sheet),
        sheets: grid.sheets,
        headers: records.headers(),
        rows: Vec::new(),
        broken: super::broken(&notices),
        notices,
    }
}
