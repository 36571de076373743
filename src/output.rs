//! What leaves the library after the check: the valid rows split into request bodies within
//! the API's limits, and the failed rows as a file a person fixes in Excel and drops again.

use serde_json::{Map, Value};

use crate::report::{Issue, Problem};

/// The API's limits (its documentation): two requests a second, 25,000 imported entities a day.
pub const DAILY_ENTITIES: usize = 25_000;
pub const REQUESTS_PER_SECOND: usize = 2;

/// The columns `failed_rows` adds; `readTable` recognises them and leaves them out, so a fixed
/// file reads as the original did.
pub const ROW_COLUMN: &str = "mateo_row";
pub const REASONS_COLUMN: &str = "mateo_errors";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchLimits {
    pub max_rows: usize,
    /// Bytes of a body's JSON text (UTF-8).
    pub max_bytes: usize,
}

impl Default for BatchLimits {
    /// 5,000 rows and 5 MB: the API documents no size limit; these keep each request well under
    /// what HTTP servers and proxies accept by default and a day's quota in five requests.
    fn default() -> Self {
        BatchLimits {
            max_rows: 5_000,
            max_bytes: 5_000_000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Batch {
    /// Position of its first row among the rows to send.
    pub first: usize,
    pub rows: usize,
    /// Bytes of the body's JSON text.
    pub bytes: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub batches: Vec<Batch>,
    pub rows: usize,
    /// Days the daily quota needs for every row (at least 1 when there is a row).
    pub days: usize,
    /// Seconds the requests need at the API's rate (not counting the server's time).
    pub min_seconds: usize,
}

/// Splits rows of the given JSON sizes, in order, into bodies of at most `limits.max_rows` rows
/// and `limits.max_bytes` bytes each, every body with the top-level fields of `head_bytes`
/// bytes (the body's text without its rows: `{"type":…,"payload":[]}`). A row that does not fit
/// into a body on its own is an error naming it, never a loop.
pub fn plan_batches(
    row_bytes: impl IntoIterator<Item = usize>,
    head_bytes: usize,
    limits: BatchLimits,
) -> Result<Plan, Problem> {
    let max_rows = limits.max_rows.max(1);
    let mut batches: Vec<Batch> = Vec::new();
    let mut rows = 0;
    for (i, bytes) in row_bytes.into_iter().enumerate() {
        if head_bytes + bytes > limits.max_bytes {
            return Err(Problem::RowTooLarge {
                row: i,
                bytes: head_bytes + bytes,
                max_bytes: limits.max_bytes,
            });
        }
        match batches.last_mut() {
            // A comma before every row but the first.
            Some(b) if b.rows < max_rows && b.bytes + 1 + bytes <= limits.max_bytes => {
                b.rows += 1;
                b.bytes += 1 + bytes;
            }
            _ => batches.push(Batch {
                first: i,
                rows: 1,
                bytes: head_bytes + bytes,
            }),
        }
        rows += 1;
    }
    Ok(Plan {
        min_seconds: batches.len().saturating_sub(1) / REQUESTS_PER_SECOND,
        batches,
        rows,
        days: rows.div_ceil(DAILY_ENTITIES),
    })
}

/// The JSON size of a body's top-level fields with an empty payload.
pub fn head_bytes(head: &Map<String, Value>) -> usize {
    let mut body = head.clone();
    body.insert("payload".into(), Value::Array(Vec::new()));
    serde_json::to_string(&body).map_or(0, |s| s.len())
}

/// The JSON size of one row.
pub fn row_bytes(row: &Value) -> usize {
    serde_json::to_string(row).map_or(0, |s| s.len())
}

/// One failed row: its position, its cells as read, its reasons (see [`reasons`]).
pub struct FailedRow<'a> {
    pub index: usize,
    pub cells: Option<&'a Map<String, Value>>,
    pub reasons: String,
}

/// The reasons column of one row: `code (field): message`, joined with ` | `.
pub fn reasons<'a>(
    errors: impl IntoIterator<Item = (&'a str, Option<&'a str>, &'a str)>,
) -> String {
    errors
        .into_iter()
        .map(|(code, field, message)| match field {
            Some(f) => format!("{code} ({f}): {message}"),
            None => format!("{code}: {message}"),
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// [`reasons`] of a row report's errors.
pub fn issue_reasons(errors: &[Issue]) -> String {
    reasons(
        errors
            .iter()
            .map(|e| (e.code, e.field.as_deref(), e.message.as_str())),
    )
}

/// A cell as text: list cells joined so that reading the file again splits them the same way
/// (`;` is a list separator in every delimiter's list), other JSON values as their JSON text.
fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// The columns of the failed rows: `headers` first (the file's, in order), then any other key
/// in order of first appearance.
fn columns(rows: &[FailedRow<'_>], headers: &[String]) -> Vec<String> {
    let mut out: Vec<String> = headers.to_vec();
    let mut seen: std::collections::HashSet<String> = out.iter().cloned().collect();
    for r in rows {
        for k in r.cells.into_iter().flat_map(|m| m.keys()) {
            if seen.insert(k.clone()) {
                out.push(k.clone());
            }
        }
    }
    out
}

/// The failed rows as CSV that opens cleanly in Excel: UTF-8 with a BOM, CRLF, quoted where
/// needed, `delimiter` between cells (`;` for German Excel). The row number (1-based) first,
/// the reasons last; `readTable` leaves both columns out when the fixed file is read again.
/// A cell starting with `=`, `+`, `-` or `@` is written as it is, so the file reads back to
/// exactly the original cells; Excel may show such a cell as a formula.
pub fn failed_rows_csv(rows: &[FailedRow<'_>], headers: &[String], delimiter: u8) -> String {
    write_csv(rows, &columns(rows, headers), delimiter, true)
}

/// [`failed_rows_csv`] in parts, for rows that come a chunk at a time: the first part (`first`)
/// with the BOM and the header line, the others without; every part has exactly the columns
/// `headers` (give the file's headers to each), so the parts join into one file.
pub fn failed_rows_csv_part(
    rows: &[FailedRow<'_>],
    headers: &[String],
    delimiter: u8,
    first: bool,
) -> String {
    write_csv(rows, headers, delimiter, first)
}

fn write_csv(rows: &[FailedRow<'_>], columns: &[String], delimiter: u8, first: bool) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    if first {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(header_record(columns));
    }
    for r in rows {
        let _ = w.write_record(record(r, columns));
    }
    let bytes = w.into_inner().unwrap_or_default();
    let mut out = String::from(if first { "\u{FEFF}" } else { "" });
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}

fn header_record(columns: &[String]) -> Vec<String> {
    let mut header = vec![ROW_COLUMN.to_owned()];
    header.extend(columns.iter().cloned());
    header.push(REASONS_COLUMN.to_owned());
    header
}

/// One failed row's cells in the order of `columns`, between its row number and its reasons.
fn record(r: &FailedRow<'_>, columns: &[String]) -> Vec<String> {
    let mut record = Vec::with_capacity(columns.len() + 2);
    record.push((r.index + 1).to_string());
    for c in columns {
        record.push(
            r.cells
                .and_then(|m| m.get(c))
                .map(cell_text)
                .unwrap_or_default(),
        );
    }
    record.push(r.reasons.clone());
    record
}

/// The failed rows as a grid of texts, the header row first: the same columns and cells as
/// [`failed_rows_csv`], for a spreadsheet writer (the `.xlsx` of `failedRows`).
pub fn failed_rows_grid(rows: &[FailedRow<'_>], headers: &[String]) -> Vec<Vec<String>> {
    let columns = columns(rows, headers);
    let mut grid = Vec::with_capacity(rows.len() + 1);
    grid.push(header_record(&columns));
    grid.extend(rows.iter().map(|r| record(r, &columns)));
    grid
}

/// The failed rows as an `.xlsx` workbook of one sheet named `sheet`: the cells of
/// [`failed_rows_grid`], every one text in a text column, the header row bold and frozen;
/// `workbook_too_large` beyond Excel's limits (see [`crate::xlsx::write_xlsx`]).
pub fn failed_rows_xlsx(
    rows: &[FailedRow<'_>],
    headers: &[String],
    sheet: &str,
) -> Result<Vec<u8>, Problem> {
    crate::xlsx::write_xlsx(sheet, &failed_rows_grid(rows, headers))
}

/// Files (name, bytes) as one stored `.zip`, in this order (the request bodies of a plan, say):
/// `zip_too_large` beyond what a zip without ZIP64 holds (65,535 files, 4 GiB).
pub fn zip_files(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, Problem> {
    let entries: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, data)| (name.as_str(), data.as_slice()))
        .collect();
    crate::zip::stored_zip(&entries).map_err(Problem::from)
}

/// The failed rows as a JSON array of objects: `mateo_row`, the cells, `mateo_errors`.
pub fn failed_rows_json(rows: &[FailedRow<'_>]) -> String {
    let items: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut m = Map::new();
            m.insert(ROW_COLUMN.into(), Value::from(r.index + 1));
            if let Some(cells) = r.cells {
                for (k, v) in cells {
                    m.insert(k.clone(), v.clone());
                }
            }
            m.insert(REASONS_COLUMN.into(), Value::String(r.reasons.clone()));
            Value::Object(m)
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_at_the_row_and_byte_limits() {
        let limits = BatchLimits {
            max_rows: 3,
            max_bytes: 100,
        };
        let plan = plan_batches([10; 7], 20, limits).unwrap();
        assert_eq!(
            plan.batches
                .iter()
                .map(|b| (b.first, b.rows))
                .collect::<Vec<_>>(),
            [(0, 3), (3, 3), (6, 1)]
        );
        assert_eq!(plan.batches[0].bytes, 20 + 3 * 10 + 2);
        // By bytes: 20 + 30 + 1 = 51 fits, 20 + 30 + 1 + 31 = 82 fits, the third does not.
        let plan = plan_batches(
            [30, 30, 30, 30],
            20,
            BatchLimits {
                max_rows: 10,
                max_bytes: 82,
            },
        )
        .unwrap();
        assert_eq!(
            plan.batches.iter().map(|b| b.rows).collect::<Vec<_>>(),
            [2, 2]
        );
        assert!(plan.batches.iter().all(|b| b.bytes <= 82));
        // A row larger than a body can be: an error naming it.
        let err = plan_batches([10, 200, 10], 20, limits).unwrap_err();
        assert_eq!(err.code(), "row_too_large");
        assert_eq!(
            plan_batches(std::iter::repeat_n(1, 60_000), 10, BatchLimits::default())
                .unwrap()
                .days,
            3
        );
        assert_eq!(
            plan_batches([], 10, BatchLimits::default())
                .unwrap()
                .batches
                .len(),
            0
        );
    }
}
