//! CSV files as import rows: the header row gives the keys, cells stay strings (the row checker
//! coerces booleans and numbers with a warning), and list columns become arrays.
//!
//! In the core rather than the page so that a browser form, a worker and a Node script read a
//! file the same way; the `csv` crate does the quoting rules.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::report::{Issue, Problem};

/// Columns whose cells may hold several values.
pub const LIST_COLUMNS: [&str; 3] = ["whatsapp", "sms", "country_codes"];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CsvRows {
    pub rows: Vec<Map<String, Value>>,
    pub headers: Vec<String>,
    /// The field delimiter found in the header line.
    pub delimiter: String,
    /// Problems with the file itself (not with row values): ragged lines, duplicate headers.
    pub errors: Vec<Issue>,
}

/// Picks `,`, `;`, tab or `|`: whichever occurs most in the first line outside quotes.
fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if quoted => {}
            b',' => counts[0] += 1,
            b';' => counts[1] += 1,
            b'\t' => counts[2] += 1,
            b'|' => counts[3] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t', b'|'];
    let best = (0..4).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

/// Separators of values inside one list cell, given the file's own delimiter.
fn list_separators(delimiter: u8) -> &'static [char] {
    match delimiter {
        b';' | b'\t' => &[';', '|', ','],
        b'|' => &[';', ','],
        _ => &[';', '|'],
    }
}

/// Reads CSV text into rows. Never fails: problems are listed in `errors`.
pub fn parse_csv(text: &str) -> CsvRows {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let delimiter = detect_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut errors = Vec::new();
    let mut records = reader.records();

    // The reader fails only on I/O errors and invalid UTF-8 (and, not being flexible, on ragged
    // lines): none can happen reading a `&str` with `flexible(true)`, so errors are skipped.
    let headers: Vec<String> = match records.next() {
        Some(Ok(r)) => r
            .iter()
            .enumerate()
            .map(|(i, h)| header_name(h, i))
            .collect(),
        _ => Vec::new(),
    };
    for (i, h) in headers.iter().enumerate() {
        if headers[..i].contains(h) {
            errors.push(Problem::CsvDuplicateHeader { header: h.clone() }.at(Some(h)));
        }
    }

    let separators = list_separators(delimiter);
    let mut rows = Vec::new();
    for record in records {
        let Ok(record) = record else { continue };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.len() > headers.len() {
            errors.push(
                Problem::CsvExtraCells {
                    line,
                    cells: record.len(),
                    headers: headers.len(),
                }
                .at(None),
            );
        }
        let mut row = Map::new();
        for (i, cell) in record.iter().enumerate() {
            if cell.trim().is_empty() {
                continue;
            }
            let key = headers
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("column_{}", i + 1));
            row.insert(key.clone(), cell_value(&key, cell, separators));
        }
        rows.push(row);
    }
    CsvRows {
        rows,
        headers,
        delimiter: (delimiter as char).to_string(),
        errors,
    }
}

fn header_name(raw: &str, i: usize) -> String {
    let h = raw.trim();
    if h.is_empty() {
        format!("column_{}", i + 1)
    } else {
        h.to_owned()
    }
}

fn cell_value(key: &str, cell: &str, separators: &[char]) -> Value {
    if !LIST_COLUMNS.contains(&key) {
        return Value::String(cell.to_owned());
    }
    let parts: Vec<Value> = cell
        .split(separators)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Value::String(p.to_owned()))
        .collect();
    if parts.len() == 1 && key != "country_codes" {
        parts.into_iter().next().unwrap_or(Value::Null)
    } else {
        Value::Array(parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn comma_file_with_list_cells() {
        let out = parse_csv("\u{FEFF}external_id,whatsapp,country_codes,note\nc1,\"0151 23456789; +43 664 1234567\",de|at,\"a, b\"\n,,,\nc2,+49 30 901820,,\n");
        assert_eq!(out.delimiter, ",");
        assert_eq!(
            out.headers,
            ["external_id", "whatsapp", "country_codes", "note"]
        );
        assert_eq!(out.rows.len(), 2);
        assert_eq!(
            Value::Object(out.rows[0].clone()),
            json!({"external_id":"c1","whatsapp":["0151 23456789","+43 664 1234567"],"country_codes":["de","at"],"note":"a, b"})
        );
        assert_eq!(
            Value::Object(out.rows[1].clone()),
            json!({"external_id":"c2","whatsapp":"+49 30 901820"})
        );
        assert!(out.errors.is_empty());
    }

    #[test]
    fn semicolon_file_lists_split_on_commas() {
        let out = parse_csv("email;sms\r\na@b.de;0151 1, 0151 2\r\nx@y.de;1;extra\r\n");
        assert_eq!(out.delimiter, ";");
        assert_eq!(out.rows[0]["sms"], json!(["0151 1", "0151 2"]));
        assert_eq!(out.rows[1]["column_3"], json!("extra"));
        assert_eq!(out.errors[0].code, "csv_extra_cells");
    }

    #[test]
    fn odd_files_do_not_fail() {
        for text in [
            "",
            "\n\n",
            "a",
            "\"unterminated",
            "a,a\n1,2",
            "\u{0}\u{1}",
            "a\n\"x\"y\"\n",
        ] {
            let out = parse_csv(text);
            assert!(out.rows.len() <= 2, "{text:?}");
        }
        assert_eq!(parse_csv("a,a\n1,2").errors[0].code, "csv_duplicate_header");
    }
}
