//! Where the rows of a table go as they are read: a `Vec` of row objects (the Rust API), or
//! JSON text written directly from the cells (what the wasm facade sends across: no map and no
//! string per cell, then one `JSON.parse`, which builds the objects fastest).

use serde_json::Map;

use crate::csv_rows::{always_list, cell_value, list_parts, LIST_COLUMNS};
use crate::report_json::{object, string};

use super::Row;

pub trait RowSink {
    /// A record of delimited text: its cells by column (blank cells included; cells beyond the
    /// header are named `column_N`), and the separators of list cells in this file.
    fn record(&mut self, headers: &[String], cells: &[&str], separators: &[char]);
    /// A row already read as JSON.
    fn row(&mut self, row: Row);
}

/// A column the header stage left out (its name is empty: see `Records`).
fn left_out(headers: &[String], i: usize) -> bool {
    headers.get(i).is_some_and(String::is_empty)
}

fn column_name(i: usize) -> String {
    format!("column_{}", i + 1)
}

impl RowSink for Vec<Row> {
    fn record(&mut self, headers: &[String], cells: &[&str], separators: &[char]) {
        let mut row = Map::new();
        for (i, cell) in cells.iter().enumerate() {
            if cell.trim().is_empty() || left_out(headers, i) {
                continue;
            }
            let key = headers.get(i).cloned().unwrap_or_else(|| column_name(i));
            let value = cell_value(&key, cell, separators);
            row.insert(key, value);
        }
        self.push(row);
    }

    fn row(&mut self, row: Row) {
        self.push(row);
    }
}

/// A JSON array of row objects, ASCII only (as `json_text::to_ascii_string` writes it), the same
/// text as the `Vec<Row>` sink's rows would give.
#[derive(Default)]
pub struct JsonRows {
    text: Vec<u8>,
    count: usize,
    /// Per header: its JSON key text (with the colon) and whether it is a list column.
    keys: Vec<(Vec<u8>, bool, bool)>,
}

impl JsonRows {
    /// Rows written since the last `take`.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Bytes of text written since the last `take`.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The JSON array text of the rows so far; the sink starts again empty.
    pub fn take(&mut self) -> String {
        if self.count == 0 {
            self.text.clear();
            return "[]".to_owned();
        }
        self.text.push(b']');
        self.count = 0;
        let capacity = self.text.capacity();
        let text = std::mem::replace(&mut self.text, Vec::with_capacity(capacity));
        // Only ASCII was written.
        String::from_utf8(text).unwrap_or_default()
    }

    fn start_row(&mut self) {
        self.text.push(if self.count == 0 { b'[' } else { b',' });
        self.count += 1;
    }

    /// Writes the key of column `i`; says whether it is a list column, and one that is always a list.
    fn key(&mut self, headers: &[String], i: usize) -> (bool, bool) {
        if self.keys.len() != headers.len() {
            self.keys = headers.iter().map(|h| key_entry(h)).collect();
        }
        match self.keys.get(i) {
            Some((k, list, always)) => {
                self.text.extend_from_slice(k);
                (*list, *always)
            }
            None => {
                let (k, list, always) = key_entry(&column_name(i));
                self.text.extend_from_slice(&k);
                (list, always)
            }
        }
    }
}

fn key_entry(name: &str) -> (Vec<u8>, bool, bool) {
    let mut k = Vec::with_capacity(name.len() + 3);
    string(&mut k, name);
    k.push(b':');
    (k, LIST_COLUMNS.contains(&name), always_list(name))
}

impl RowSink for JsonRows {
    fn record(&mut self, headers: &[String], cells: &[&str], separators: &[char]) {
        self.start_row();
        self.text.push(b'{');
        let mut first = true;
        for (i, cell) in cells.iter().enumerate() {
            if cell.trim().is_empty() || left_out(headers, i) {
                continue;
            }
            if !first {
                self.text.push(b',');
            }
            first = false;
            let (list, always) = self.key(headers, i);
            if !list {
                string(&mut self.text, cell);
                continue;
            }
            let mut parts = list_parts(cell, separators);
            let one = parts.next();
            let two = parts.next();
            match (one, two) {
                (Some(p), None) if !always => string(&mut self.text, p),
                _ => {
                    self.text.push(b'[');
                    let all = one.into_iter().chain(two).chain(parts);
                    for (n, p) in all.enumerate() {
                        if n > 0 {
                            self.text.push(b',');
                        }
                        string(&mut self.text, p);
                    }
                    self.text.push(b']');
                }
            }
        }
        self.text.push(b'}');
    }

    fn row(&mut self, row: Row) {
        self.start_row();
        object(&mut self.text, &row);
    }
}
