//! Records to rows: the header row found past empty and title rows among the first records,
//! unique header names, then one row per record. Shared by delimited text and workbook sheets.

use std::collections::{HashMap, HashSet};

use crate::output::{REASONS_COLUMN, ROW_COLUMN};
use crate::report::{Issue, Problem};

use super::sink::RowSink;

/// Records looked at to find the header row below title rows.
const HEADER_WINDOW: usize = 10;

pub struct Records {
    /// Records before the header row is decided: line and cells.
    early: Vec<(u64, Vec<String>)>,
    headers: Option<Vec<String>>,
    /// Separators of the values in list cells.
    separators: &'static [char],
    pub notices: Vec<Issue>,
}

impl Records {
    pub fn new(separators: &'static [char]) -> Self {
        Records {
            early: Vec::new(),
            headers: None,
            separators,
            notices: Vec::new(),
        }
    }

    /// The header row, without the columns left out.
    pub fn headers(&self) -> Vec<String> {
        self.headers
            .iter()
            .flatten()
            .filter(|h| !h.is_empty())
            .cloned()
            .collect()
    }

    /// One record: its line (or sheet row) and cells. Blank records are skipped.
    pub fn record(&mut self, line: u64, cells: &[&str], rows: &mut dyn RowSink) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        let Some(headers) = &self.headers else {
            let owned = cells.iter().map(|c| (*c).to_owned()).collect();
            self.early.push((line, owned));
            if self.early.len() >= HEADER_WINDOW {
                self.decide_header(rows);
            }
            return;
        };
        emit(
            headers,
            line,
            cells,
            self.separators,
            &mut self.notices,
            rows,
        );
    }

    /// The end: the header, if fewer records came than the window holds.
    pub fn finish(&mut self, rows: &mut dyn RowSink) {
        if self.headers.is_none() {
            self.decide_header(rows);
        }
    }

    /// The header is the first record at least half as full as the fullest of the first few
    /// (and with two cells, when any record has two): a title like "Kundenliste Messe 2026" in
    /// A1 above the table is not the header.
    fn decide_header(&mut self, rows: &mut dyn RowSink) {
        let early = std::mem::take(&mut self.early);
        let filled = |cells: &[String]| cells.iter().filter(|c| !c.trim().is_empty()).count();
        let widest = early.iter().map(|(_, c)| filled(c)).max().unwrap_or(0);
        let need = if widest >= 2 {
            widest.div_ceil(2).max(2)
        } else {
            1
        };
        let at = early
            .iter()
            .position(|(_, c)| filled(c) >= need)
            .unwrap_or(0);
        let mut records = early.into_iter();
        let skipped: Vec<(u64, Vec<String>)> = records.by_ref().take(at).collect();
        if !skipped.is_empty() {
            let text = skipped
                .iter()
                .map(|(_, c)| {
                    c.iter()
                        .map(|s| s.trim())
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join(" / ");
            self.notices.push(
                Problem::TitleRowsSkipped {
                    lines: skipped.iter().map(|(l, _)| *l).collect(),
                    text,
                }
                .at(None),
            );
        }
        let Some((_, header)) = records.next() else {
            self.headers = Some(Vec::new());
            return;
        };
        let mut headers = self.unique_headers(header);
        // A failed-rows file, fixed and dropped again: its row numbers and reasons are no data.
        let added: Vec<String> = headers
            .iter()
            .filter(|h| [ROW_COLUMN, REASONS_COLUMN].contains(&h.as_str()))
            .cloned()
            .collect();
        if !added.is_empty() {
            for h in &mut headers {
                if added.contains(h) {
                    h.clear();
                }
            }
            self.notices
                .push(Problem::FailedRowsColumnsIgnored { columns: added }.at(None));
        }
        let separators = self.separators;
        for (line, cells) in records {
            let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
            emit(&headers, line, &cells, separators, &mut self.notices, rows);
        }
        self.headers = Some(headers);
    }

    fn unique_headers(&mut self, raw: Vec<String>) -> Vec<String> {
        let mut seen = HashSet::with_capacity(raw.len());
        // The next suffix to try per name, so that many equal headers stay linear.
        let mut next: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::with_capacity(raw.len());
        for (i, h) in raw.into_iter().enumerate() {
            let h = h.trim();
            let base = if h.is_empty() {
                format!("column_{}", i + 1)
            } else {
                h.to_owned()
            };
            let mut name = base.clone();
            if seen.contains(&name) {
                let n = next.entry(base.clone()).or_insert(2);
                loop {
                    name = format!("{base} ({n})");
                    *n += 1;
                    if !seen.contains(&name) {
                        break;
                    }
                }
                self.notices.push(
                    Problem::DuplicateHeader {
                        header: base,
                        renamed: name.clone(),
                    }
                    .at(Some(&name)),
                );
            }
            seen.insert(name.clone());
            out.push(name);
        }
        out
    }
}

/// One data record to the sink, with a notice when it has more cells than the header.
fn emit(
    headers: &[String],
    line: u64,
    cells: &[&str],
    separators: &[char],
    notices: &mut Vec<Issue>,
    rows: &mut dyn RowSink,
) {
    if cells.len() > headers.len() && cells[headers.len()..].iter().any(|c| !c.trim().is_empty()) {
        notices.push(
            Problem::CsvExtraCells {
                line,
                cells: cells.len(),
                headers: headers.len(),
            }
            .at(None),
        );
    }
    rows.record(headers, cells, separators);
}
