//! JSON files: an array of row objects, a whole import body (its `payload`), or NDJSON (one
//! object per line, read a line at a time). Values keep their JSON types; the list-cell rule
//! applies to string cells of list columns as in CSV.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::csv_rows::{cell_value, list_separators};
use crate::report::{json_type, Issue, Problem};

use super::sink::RowSink;

/// Keys in order of first appearance, over all rows.
#[derive(Default)]
pub struct Columns {
    names: Vec<String>,
    seen: HashSet<String>,
}

impl Columns {
    pub fn names(&self) -> &[String] {
        &self.names
    }

    fn add(&mut self, row: &Map<String, Value>) {
        for k in row.keys() {
            if !self.seen.contains(k) {
                self.seen.insert(k.clone());
                self.names.push(k.clone());
            }
        }
    }
}

/// One element of the file as a row, or a notice saying why it is not one.
fn element(
    value: Value,
    position: u64,
    unit: &'static str,
    columns: &mut Columns,
    notices: &mut Vec<Issue>,
) -> Option<Map<String, Value>> {
    match value {
        Value::Object(mut row) => {
            let separators = list_separators(b',');
            for (k, v) in row.iter_mut() {
                if let Value::String(s) = v {
                    let split = cell_value(k, s, separators);
                    if !split.is_string() {
                        *v = split;
                    }
                }
            }
            columns.add(&row);
            Some(row)
        }
        other => {
            notices.push(
                Problem::NotARow {
                    unit,
                    position,
                    got: json_type(&other),
                }
                .at(None),
            );
            None
        }
    }
}

/// A whole JSON text: the rows, or why the file cannot be read.
pub fn read_json(
    text: &str,
    columns: &mut Columns,
    notices: &mut Vec<Issue>,
    rows: &mut dyn RowSink,
) -> Result<(), Problem> {
    let value: Value = serde_json::from_str(text).map_err(|e| Problem::UnreadableFile {
        reason: crate::report::Unreadable::NotJson {
            detail: e.to_string(),
            line: e.line(),
            column: e.column(),
        },
    })?;
    let elements = match value {
        Value::Array(items) => items,
        Value::Object(mut body) => match body.remove("payload") {
            Some(Value::Array(items)) => {
                if !body.is_empty() {
                    let fields = body.keys().cloned().collect();
                    notices.push(Problem::BodyFieldsNotRead { fields, body }.at(None));
                }
                items
            }
            Some(payload) => {
                body.insert("payload".into(), payload);
                vec![Value::Object(body)]
            }
            None => vec![Value::Object(body)],
        },
        other => {
            return Err(Problem::UnreadableFile {
                reason: crate::report::Unreadable::NotRows {
                    got: json_type(&other),
                },
            })
        }
    };
    for (i, v) in elements.into_iter().enumerate() {
        if let Some(row) = element(v, i as u64 + 1, "element", columns, notices) {
            rows.row(row);
        }
    }
    Ok(())
}

/// NDJSON, a line at a time.
#[derive(Default)]
pub struct Ndjson {
    partial: String,
    line: u64,
    pub columns: Columns,
    pub notices: Vec<Issue>,
}

impl Ndjson {
    pub fn push(&mut self, text: &str, rows: &mut dyn RowSink) {
        let mut rest = text;
        while let Some(at) = rest.find('\n') {
            let (line, after) = rest.split_at(at);
            rest = &after[1..];
            if self.partial.is_empty() {
                self.line(line, rows);
            } else {
                let mut whole = std::mem::take(&mut self.partial);
                whole.push_str(line);
                self.line(&whole, rows);
            }
        }
        self.partial.push_str(rest);
    }

    pub fn finish(&mut self, rows: &mut dyn RowSink) {
        let last = std::mem::take(&mut self.partial);
        if !last.trim().is_empty() {
            self.line(&last, rows);
        }
    }

    fn line(&mut self, line: &str, rows: &mut dyn RowSink) {
        self.line += 1;
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(v) => {
                if let Some(row) =
                    element(v, self.line, "line", &mut self.columns, &mut self.notices)
                {
                    rows.row(row);
                }
            }
            Err(e) => self.notices.push(
                Problem::InvalidJsonLine {
                    line: self.line,
                    reason: e.to_string(),
                }
                .at(None),
            ),
        }
    }
}
