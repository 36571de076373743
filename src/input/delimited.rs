//! Delimited text (CSV, TSV, `;`-separated Excel exports) read a piece at a time: the
//! delimiter from the first lines, Excel's `sep=` line, the header row found past title rows,
//! then one row object per record. `csv-core` does the quoting rules and never fails.

use std::collections::{HashMap, HashSet};

use crate::csv_rows::list_separators;
use crate::report::{Issue, Problem};
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

use super::sink::RowSink;

/// Text held back to decide the delimiter: this many line breaks, or this many bytes.
const SNIFF_LINES: usize = 30;
const SNIFF_BYTES: usize = 64 * 1024;
/// Records looked at to find the header row below title rows.
const HEADER_WINDOW: usize = 10;
/// Delimiters tried, in the order that wins a tie.
const CANDIDATES: [u8; 4] = [b'\t', b';', b',', b'|'];

pub struct Delimited {
    delimiter: Option<u8>,
    tab_hint: bool,
    started: bool,
    sniff: String,
    reader: Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    nout: usize,
    nend: usize,
    in_record: bool,
    record_line: u64,
    quotes: u64,
    /// Line breaks consumed so far.
    lines: u64,
    prev_cr: bool,
    /// Records before the header row is decided: line and cells.
    early: Vec<(u64, Vec<String>)>,
    headers: Option<Vec<String>>,
    notices: Vec<Issue>,
}

impl Delimited {
    /// `delimiter`: the caller's; `tab_hint`: the file name says tab-separated.
    pub fn new(delimiter: Option<u8>, tab_hint: bool) -> Self {
        Delimited {
            delimiter,
            tab_hint,
            started: false,
            sniff: String::new(),
            reader: Reader::new(),
            out: vec![0; 1024],
            ends: vec![0; 64],
            nout: 0,
            nend: 0,
            in_record: false,
            record_line: 0,
            quotes: 0,
            lines: 0,
            prev_cr: false,
            early: Vec::new(),
            headers: None,
            notices: Vec::new(),
        }
    }

    pub fn delimiter(&self) -> Option<u8> {
        self.delimiter
    }

    pub fn headers(&self) -> &[String] {
        self.headers.as_deref().unwrap_or(&[])
    }

    pub fn take_notices(&mut self) -> Vec<Issue> {
        std::mem::take(&mut self.notices)
    }

    /// Reads decoded text; complete rows are appended to `rows`.
    pub fn push(&mut self, text: &str, rows: &mut dyn RowSink) {
        if !self.started {
            self.sniff.push_str(text);
            let breaks = self.sniff.bytes().filter(|&b| b == b'\n').count();
            if breaks < SNIFF_LINES && self.sniff.len() < SNIFF_BYTES {
                return;
            }
            self.start(rows);
            return;
        }
        self.feed(text.as_bytes(), false, rows);
    }

    /// The end of the text: the last record, and the header if there were fewer records than
    /// the header window.
    pub fn finish(&mut self, rows: &mut dyn RowSink) {
        if !self.started {
            self.start(rows);
        }
        self.feed(&[], true, rows);
        if self.headers.is_none() {
            self.decide_header(rows);
        }
    }

    fn start(&mut self, rows: &mut dyn RowSink) {
        self.started = true;
        let sniff = std::mem::take(&mut self.sniff);
        let mut text = sniff.as_str();
        if let Some((d, rest)) = separator_line(text) {
            if self.delimiter.is_none() {
                self.delimiter = Some(d);
            }
            self.notices.push(
                Problem::SeparatorLine {
                    delimiter: char::from(d).to_string(),
                }
                .notice(None),
            );
            self.count(&text.as_bytes()[..text.len() - rest.len()]);
            text = rest;
        }
        let d = self
            .delimiter
            .unwrap_or_else(|| detect_delimiter(text, self.tab_hint));
        self.delimiter = Some(d);
        self.reader = ReaderBuilder::new().delimiter(d).build();
        self.feed(text.as_bytes(), false, rows);
    }

    fn count(&mut self, bytes: &[u8]) {
        self.lines += super::count_breaks(bytes, &mut self.prev_cr);
    }

    fn feed(&mut self, mut input: &[u8], eof: bool, rows: &mut dyn RowSink) {
        loop {
            if !self.in_record {
                let skip = input
                    .iter()
                    .position(|&b| b != b'\r' && b != b'\n')
                    .unwrap_or(input.len());
                self.count(&input[..skip]);
                input = &input[skip..];
                if input.is_empty() {
                    return;
                }
                self.in_record = true;
                self.record_line = self.lines + 1;
                self.quotes = 0;
                self.nout = 0;
                self.nend = 0;
            }
            if input.is_empty() && !eof {
                return;
            }
            let (res, nin, nout, nend) = self.reader.read_record(
                input,
                &mut self.out[self.nout..],
                &mut self.ends[self.nend..],
            );
            let used = &input[..nin];
            self.quotes += memchr::memchr_iter(b'"', used).count() as u64;
            self.count(used);
            input = &input[nin..];
            self.nout += nout;
            self.nend += nend;
            match res {
                ReadRecordResult::InputEmpty => {
                    if input.is_empty() && !eof {
                        return;
                    }
                }
                ReadRecordResult::OutputFull => {
                    let len = self.out.len() * 2;
                    self.out.resize(len, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len() * 2;
                    self.ends.resize(len, 0);
                }
                ReadRecordResult::Record => {
                    if eof && self.quotes % 2 == 1 {
                        self.notices.push(
                            Problem::UnterminatedQuote {
                                line: self.record_line,
                            }
                            .notice(None),
                        );
                    }
                    self.in_record = false;
                    self.record(rows);
                }
                ReadRecordResult::End => {
                    self.in_record = false;
                    return;
                }
            }
        }
    }

    fn record(&mut self, rows: &mut dyn RowSink) {
        let mut from = 0;
        let ends = &self.ends[..self.nend];
        // The input is UTF-8 and csv-core splits only at ASCII bytes: the whole record is UTF-8
        // and every end is a character boundary.
        let record = std::str::from_utf8(
            self.out
                .get(..ends.last().copied().unwrap_or(0))
                .unwrap_or_default(),
        )
        .unwrap_or_default();
        let cells: Vec<&str> = ends
            .iter()
            .map(|&end| {
                let cell = record.get(from..end).unwrap_or_default();
                from = end;
                cell
            })
            .collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        let Some(headers) = &self.headers else {
            let owned = cells.iter().map(|c| (*c).to_owned()).collect();
            self.early.push((self.record_line, owned));
            if self.early.len() >= HEADER_WINDOW {
                self.decide_header(rows);
            }
            return;
        };
        emit(
            headers,
            self.record_line,
            &cells,
            list_separators(self.delimiter.unwrap_or(b',')),
            &mut self.notices,
            rows,
        );
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
                .notice(None),
            );
        }
        let Some((_, header)) = records.next() else {
            self.headers = Some(Vec::new());
            return;
        };
        let headers = self.unique_headers(header);
        let separators = list_separators(self.delimiter.unwrap_or(b','));
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
                    .notice(Some(&name)),
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
            .notice(None),
        );
    }
    rows.record(headers, cells, separators);
}

/// Excel's first line `sep=;` (sometimes quoted): the delimiter and the text after the line.
fn separator_line(text: &str) -> Option<(u8, &str)> {
    let line_end = text.find(['\r', '\n']).unwrap_or(text.len());
    let line = text[..line_end].trim().trim_matches('"');
    let rest = line
        .strip_prefix("sep=")
        .or_else(|| line.strip_prefix("SEP="))?;
    let &[d] = rest.as_bytes() else { return None };
    if d == b'"' || !d.is_ascii() {
        return None;
    }
    let mut after = &text[line_end..];
    after = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix(['\r', '\n']))
        .unwrap_or(after);
    Some((d, after))
}

/// The delimiter that splits the first lines most consistently: for each candidate, the count
/// per line (outside quotes) that most lines share, and how many share it. A `;` file whose
/// prices carry decimal commas has the same number of `;` on every line and a varying number of
/// `,` (none in the header), so `;` wins; a title line counts for none of them.
pub fn detect_delimiter(text: &str, tab_hint: bool) -> u8 {
    let mut per_line: Vec<[usize; 4]> = Vec::new();
    let mut counts = [0usize; 4];
    let mut quoted = false;
    let mut any = false;
    for b in text.bytes() {
        match b {
            b'"' => {
                quoted = !quoted;
                any = true;
            }
            b'\n' | b'\r' if !quoted => {
                if any {
                    per_line.push(counts);
                    if per_line.len() >= SNIFF_LINES {
                        break;
                    }
                }
                counts = [0; 4];
                any = false;
            }
            _ if quoted => {}
            _ => {
                any |= !b.is_ascii_whitespace() || b == b'\t';
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
        }
    }
    if any && per_line.len() < SNIFF_LINES {
        per_line.push(counts);
    }
    let mut best: Option<(usize, usize, usize)> = None;
    for i in 0..CANDIDATES.len() {
        let mut freq: Vec<(usize, usize)> = Vec::new();
        for line in &per_line {
            let n = line[i];
            if n == 0 {
                continue;
            }
            match freq.iter_mut().find(|(v, _)| *v == n) {
                Some((_, f)) => *f += 1,
                None => freq.push((n, 1)),
            }
        }
        let Some(&(mode, shared)) = freq.iter().max_by_key(|&&(v, f)| (f, v)) else {
            continue;
        };
        if best.is_none_or(|(_, s, m)| (shared, mode) > (s, m)) {
            best = Some((i, shared, mode));
        }
    }
    match best {
        Some((i, _, _)) => CANDIDATES[i],
        None if tab_hint => b'\t',
        None => b',',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n", false), b',');
        assert_eq!(
            detect_delimiter("Name;Preis\nA;12,50\nB;3,99\nC;1.234,00\n", false),
            b';'
        );
        assert_eq!(
            detect_delimiter("Name;Preis;Ort\nA;12,50;x\nB;3,99;y\n", false),
            b';'
        );
        assert_eq!(detect_delimiter("a\tb\n1\t2\n", false), b'\t');
        assert_eq!(
            detect_delimiter("Kundenliste\n\na|b|c\n1|2|3\n", false),
            b'|'
        );
        assert_eq!(detect_delimiter("name\nx\n", false), b',');
        assert_eq!(detect_delimiter("name\nx\n", true), b'\t');
        assert_eq!(detect_delimiter("\"a;b\",c\n\"1;2\",3\n", false), b',');
    }

    #[test]
    fn separator_lines() {
        assert_eq!(separator_line("sep=;\r\na;b"), Some((b';', "a;b")));
        assert_eq!(separator_line("\"sep=,\"\na,b"), Some((b',', "a,b")));
        assert_eq!(separator_line("sep=\na"), None);
        assert_eq!(separator_line("a;b\n"), None);
    }
}
