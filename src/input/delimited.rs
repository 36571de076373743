//! Delimited text (CSV, TSV, `;`-separated Excel exports) read a piece at a time: the
//! delimiter from the first lines, Excel's `sep=` line, the header row found past title rows,
//! then one row object per record. `csv-core` does the quoting rules and never fails.

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

use crate::csv_rows::list_separators;
use crate::report::{Issue, Problem};

use super::records::Records;
use super::sink::RowSink;

/// Text held back to decide the delimiter: this many line breaks, or this many bytes.
const SNIFF_LINES: usize = 30;
const SNIFF_BYTES: usize = 64 * 1024;
/// Delimiters tried, in the order that wins a tie.
const CANDIDATES: [u8; 4] = [b'\t', b';', b',', b'|'];

pub struct Delimited {
    delimiter: Option<u8>,
    tab_hint: bool,
    started: bool,
    sniff: String,
    /// Line feeds in `sniff`.
    sniff_lines: usize,
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
    records: Records,
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
            sniff_lines: 0,
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
            records: Records::new(list_separators(b',')),
            notices: Vec::new(),
        }
    }

    pub fn delimiter(&self) -> Option<u8> {
        self.delimiter
    }

    pub fn headers(&self) -> Vec<String> {
        self.records.headers()
    }

    pub fn take_notices(&mut self) -> Vec<Issue> {
        let mut notices = std::mem::take(&mut self.notices);
        notices.append(&mut self.records.notices);
        notices
    }

    /// Reads decoded text; complete rows are appended to `rows`.
    pub fn push(&mut self, text: &str, rows: &mut dyn RowSink) {
        if !self.started {
            self.sniff.push_str(text);
            // Only the new text is counted: many small pushes must not rescan what is held.
            self.sniff_lines += memchr::memchr_iter(b'\n', text.as_bytes()).count();
            if self.sniff_lines < SNIFF_LINES && self.sniff.len() < SNIFF_BYTES {
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
        self.records.finish(rows);
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
                .at(None),
            );
            self.count(&text.as_bytes()[..text.len() - rest.len()]);
            text = rest;
        }
        let d = self
            .delimiter
            .unwrap_or_else(|| detect_delimiter(text, self.tab_hint));
        self.delimiter = Some(d);
        self.records = Records::new(list_separators(d));
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
                            .at(None),
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
        self.records.record(self.record_line, &cells, rows);
    }
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
