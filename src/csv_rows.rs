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

/// Picks `,`, `;`, tab or `|`: whichever occurs most in the first line outside quotes (the
/// first that is not empty: the csv reader skips empty lines, so that one is the header).
fn detect_delimiter(text: &str) -> u8 {
    let text = text.trim_start_matches(['\r', '\n']);
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
pub(crate) fn list_separators(delimiter: u8) -> &'static [char] {
    match delimiter {
        b';' | b'\t' => &[';', '|', ','],
        b'|' => &[';', ','],
        _ => &[';', '|'],
    }
}

/// Reads CSV text into rows. Never fails: problems are listed in `errors`.
pub fn parse_csv(text: &str) -> CsvRows {
    let mut rows = Vec::new();
    let result = parse_csv_chunked(text, usize::MAX, |chunk| {
        rows.extend(chunk);
        Ok::<_, std::convert::Infallible>(())
    });
    match result {
        Ok(csv) => CsvRows { rows, ..csv },
        Err(never) => match never {},
    }
}

/// [`parse_csv`] handing the rows to `emit` `chunk_rows` at a time instead of keeping them (the
/// wasm facade sends each chunk across as it comes, so wasm memory holds the text and one
/// chunk); the `CsvRows` it returns has no rows. An error from `emit` stops it.
pub fn parse_csv_chunked<E>(
    text: &str,
    chunk_rows: usize,
    mut emit: impl FnMut(Vec<Map<String, Value>>) -> Result<(), E>,
) -> Result<CsvRows, E> {
    let chunk_rows = chunk_rows.max(1);
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
    // A set, not a scan of the headers before each: a header of 100,000 columns took 13 s.
    let mut seen = std::collections::HashSet::with_capacity(headers.len());
    for h in &headers {
        if !seen.insert(h.as_str()) {
            errors.push(Problem::CsvDuplicateHeader { header: h.clone() }.at(Some(h)));
        }
    }

    let mut lines = Lines {
        text: text.as_bytes(),
        at: 0,
        line: 1,
    };
    let separators = list_separators(delimiter);
    let mut rows = Vec::new();
    for record in records {
        let Ok(record) = record else { continue };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() > headers.len() {
            let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
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
        if rows.len() >= chunk_rows {
            emit(std::mem::take(&mut rows))?;
        }
    }
    if !rows.is_empty() {
        emit(std::mem::take(&mut rows))?;
    }
    Ok(CsvRows {
        rows: Vec::new(),
        headers,
        delimiter: (delimiter as char).to_string(),
        errors,
    })
}

/// Line numbers of records, counted from the text. The `csv` crate's own record positions lie
/// before the line break that ends the previous record and before any empty lines it skipped,
/// so its line numbers were one short after an empty line and in every CRLF file.
struct Lines<'a> {
    text: &'a [u8],
    /// Bytes up to here are counted: `line` is the line at `at`.
    at: usize,
    line: u64,
}

impl Lines<'_> {
    /// The line where the record reported at byte `position` starts. Positions must not
    /// decrease from one call to the next (records come in order).
    fn line_at(&mut self, position: u64) -> u64 {
        let mut start = usize::try_from(position)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.at {
            // A line break is `\n`, `\r\n` or a lone `\r` (the csv crate reads all three).
            let counted = &self.text[self.at..start];
            let breaks = counted
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && counted.get(i + 1) != Some(&b'\n')))
                .count();
            self.line += breaks as u64;
            self.at = start;
        }
        self.line
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

pub(crate) fn cell_value(key: &str, cell: &str, separators: &[char]) -> Value {
    if !LIST_COLUMNS.contains(&key) {
        return Value::String(cell.to_owned());
    }
    let parts: Vec<Value> = list_parts(cell, separators)
        .map(|p| Value::String(p.to_owned()))
        .collect();
    if parts.len() == 1 && !always_list(key) {
        parts.into_iter().next().unwrap_or(Value::Null)
    } else {
        Value::Array(parts)
    }
}

/// The values of a list cell: split at the separators, trimmed, blanks left out.
pub(crate) fn list_parts<'a>(
    cell: &'a str,
    separators: &'a [char],
) -> impl Iterator<Item = &'a str> + 'a {
    cell.split(separators)
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// A list column whose single value is still a list (`country_codes` is one in the API).
pub(crate) fn always_list(key: &str) -> bool {
    key == "country_codes"
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

    /// The line of a notice is the line the record starts on, with CRLF or LF line breaks,
    /// empty and blank lines, and quoted line breaks before it.
    #[test]
    fn notices_name_the_right_line() {
        for (text, line) in [
            ("a;b\n1;2\n3;4;5\n", 3),
            ("a;b\r\n1;2\r\n3;4;5\r\n", 3),
            ("a;b\n1;2\n\n3;4;5\n", 4),
            ("a;b\r\n1;2\r\n\r\n\r\n3;4;5", 5),
            ("a;b\r\n1;2\r\n;\r\n3;4;5\r\n", 4),
            ("a;b\n\"x\ny\";2\n3;4;5\n", 4),
            ("a;b\r3;4;5\r", 2),
            ("\n\na;b\n3;4;5", 4),
        ] {
            let out = parse_csv(text);
            let messages: Vec<&str> = out.errors.iter().map(|e| e.message.as_str()).collect();
            assert_eq!(messages.len(), 1, "{text:?}");
            assert!(
                messages[0].starts_with(&format!("line {line} has 3 cells")),
                "{text:?}: {messages:?}"
            );
        }
    }

    /// In chunks of any size, the rows in order and the same notices as in one piece.
    #[test]
    fn chunked_equals_whole() {
        let text = "a;b;whatsapp\n1;2;x|y\n;;\n3\n4;5;6;7\n\"8\n9\";;\n10;11;12\n";
        let whole = parse_csv(text);
        assert_eq!(whole.rows.len(), 5);
        for chunk in [0, 1, 2, 3, 5, 6] {
            let mut pieces = Vec::new();
            let rest = parse_csv_chunked::<()>(text, chunk, |rows| {
                assert!(!rows.is_empty() && rows.len() <= chunk.max(1));
                pieces.push(rows);
                Ok(())
            })
            .unwrap();
            assert!(rest.rows.is_empty());
            assert_eq!(
                CsvRows {
                    rows: pieces.concat(),
                    ..rest
                },
                whole,
                "{chunk}"
            );
        }
        let mut calls = 0;
        let stopped = parse_csv_chunked(text, 2, |_| {
            calls += 1;
            Err("stop")
        });
        assert_eq!((stopped, calls), (Err("stop"), 1));
    }

    /// A header of 100,000 columns (and 20,000 equal ones) in linear time.
    #[test]
    fn very_wide_header() {
        let n = 100_000;
        let text = format!(
            "{}\n{}",
            (0..n)
                .map(|i| format!("c{i}"))
                .collect::<Vec<_>>()
                .join(","),
            vec!["x"; n].join(",")
        );
        let out = parse_csv(&text);
        assert_eq!((out.headers.len(), out.rows[0].len()), (n, n));
        assert_eq!(parse_csv(&vec!["a"; 20_000].join(",")).errors.len(), 19_999);
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
