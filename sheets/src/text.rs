//! Cell values to the text a person sees, and the grid they are collected in.

use calamine::ExcelDateTime;
use serde_json::Value as Json;

use crate::{params, too_large, Limits, Notice, SheetError};

/// A cell value as calamine gives it, borrowed.
pub(crate) enum Value<'a> {
    Str(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    DateTime(ExcelDateTime),
    DateTimeIso(&'a str),
    DurationIso(&'a str),
    Error(String),
}

/// What of a cell's number format is applied to its number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NumFmt {
    /// Shown as the plain number.
    General,
    /// A format of digit placeholders only, such as `00000` or `"0"0000000000`: whole numbers
    /// are padded with zeros to `min_digits`, between the literal `prefix` and `suffix`.
    Digits {
        min_digits: usize,
        prefix: String,
        suffix: String,
    },
    /// `0%`, `0.00%`: the number times 100 with `%`.
    Percent,
}

impl NumFmt {
    /// Reads the first section of an Excel number format code.
    pub(crate) fn parse(code: &str) -> NumFmt {
        let section = first_section(code);
        let s = section.trim();
        if s.is_empty() || s.eq_ignore_ascii_case("general") {
            return NumFmt::General;
        }
        if let Some(p) = s.strip_suffix('%') {
            let ok = match p.split_once('.') {
                Some((a, b)) => a == "0" && !b.is_empty() && b.chars().all(|c| c == '0'),
                None => p == "0",
            };
            return if ok { NumFmt::Percent } else { NumFmt::General };
        }
        // literal* placeholder+ literal*
        let mut prefix = String::new();
        let mut suffix = String::new();
        let mut zeros = 0usize;
        let mut placeholders = 0usize;
        let mut state = 0u8; // 0 prefix, 1 digits, 2 suffix
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            let literal = match c {
                '0' | '#' => {
                    if state == 2 {
                        return NumFmt::General;
                    }
                    state = 1;
                    placeholders += 1;
                    if c == '0' {
                        zeros += 1;
                    }
                    None
                }
                '"' => {
                    let mut lit = String::new();
                    let mut closed = false;
                    for d in chars.by_ref() {
                        if d == '"' {
                            closed = true;
                            break;
                        }
                        lit.push(d);
                    }
                    if !closed {
                        return NumFmt::General;
                    }
                    Some(lit)
                }
                '\\' => match chars.next() {
                    Some(d) => Some(d.to_string()),
                    None => return NumFmt::General,
                },
                _ => return NumFmt::General,
            };
            if let Some(lit) = literal {
                if state == 0 {
                    prefix.push_str(&lit);
                } else {
                    state = 2;
                    suffix.push_str(&lit);
                }
            }
        }
        if placeholders == 0 || (zeros < 2 && prefix.is_empty() && suffix.is_empty()) {
            return NumFmt::General;
        }
        NumFmt::Digits {
            min_digits: zeros.min(30),
            prefix,
            suffix,
        }
    }

    fn apply(&self, v: f64) -> String {
        match self {
            NumFmt::General => format_number(v),
            NumFmt::Percent => {
                let t = format_number(v * 100.0);
                if t.is_empty() {
                    t
                } else {
                    format!("{t}%")
                }
            }
            NumFmt::Digits {
                min_digits,
                prefix,
                suffix,
            } => {
                // Only whole numbers: a format would round the others, which loses information.
                if v.fract() != 0.0 || !v.is_finite() || v.abs() >= 1e15 {
                    return format_number(v);
                }
                let digits = format!("{:0width$}", v.abs() as u64, width = *min_digits);
                let sign = if v < 0.0 { "-" } else { "" };
                format!("{sign}{prefix}{digits}{suffix}")
            }
        }
    }
}

/// The first section of a format code (up to the first `;` outside quotes), without
/// `[...]` colour and condition parts.
fn first_section(code: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            out.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' if !quoted => {
                out.push(c);
                escaped = true;
            }
            '"' => {
                quoted = !quoted;
                out.push(c);
            }
            ';' if !quoted => break,
            '[' if !quoted => bracket = true,
            ']' if !quoted && bracket => bracket = false,
            _ if bracket => {}
            _ => out.push(c),
        }
    }
    out
}

/// A number as text: never in exponent notation, whole numbers without `.0`, other numbers as
/// the shortest decimal that reads back as the same number, at most 15 significant digits (the
/// precision Excel shows; `0.1 + 0.2` is `0.3`, not `0.30000000000000004`). `""` for NaN and
/// infinities, which no spreadsheet cell holds.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    if v == 0.0 {
        return "0".into();
    }
    // Display for f64 is the shortest round-trip decimal and never uses an exponent.
    let s = v.to_string();
    if significant_digits(&s) <= 15 {
        return s;
    }
    let e = format!("{:.14e}", v);
    let Some((mantissa, exp)) = e.split_once('e') else {
        return s;
    };
    let Ok(exp) = exp.parse::<i64>() else {
        return s;
    };
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let point = exp + 1; // digits before the decimal point
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if point <= 0 {
        out.push_str("0.");
        for _ in 0..(-point) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let p = usize::try_from(point).unwrap_or(usize::MAX);
        if p >= digits.len() {
            out.push_str(&digits);
            for _ in digits.len()..p {
                out.push('0');
            }
        } else {
            let (a, b) = digits.split_at(p);
            out.push_str(a);
            out.push('.');
            out.push_str(b);
        }
    }
    if out.contains('.') {
        while out.ends_with('0') {
            out.pop();
        }
        if out.ends_with('.') {
            out.pop();
        }
    }
    out
}

fn significant_digits(s: &str) -> usize {
    let digits: Vec<u8> = s.bytes().filter(|b| b.is_ascii_digit()).collect();
    let first = digits.iter().position(|b| *b != b'0');
    let last = digits.iter().rposition(|b| *b != b'0');
    match (first, last) {
        (Some(f), Some(l)) => l - f + 1,
        _ => 0,
    }
}

/// The column letters of a 0-based column: 0 → `A`, 26 → `AA`.
pub fn column_name(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// An A1-style reference of 0-based row and column.
pub(crate) fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), u64::from(row) + 1)
}

fn two(n: u8) -> String {
    format!("{n:02}")
}

fn excel_datetime(d: &ExcelDateTime) -> String {
    let v = d.as_f64();
    if d.is_duration() {
        if !v.is_finite() {
            return String::new();
        }
        let total_ms = (v.abs() * 86_400_000.0).round() as u64;
        let (h, rest) = (total_ms / 3_600_000, total_ms % 3_600_000);
        let (m, rest) = (rest / 60_000, rest % 60_000);
        let (s, ms) = (rest / 1000, rest % 1000);
        let sign = if v < 0.0 { "-" } else { "" };
        return if ms == 0 {
            format!("{sign}PT{h}H{m}M{s}S")
        } else {
            format!("{sign}PT{h}H{m}M{s}.{ms:03}S")
        };
    }
    // Outside Excel's dates (it shows ####): keep the number rather than a clamped date.
    if !(0.0..2_958_466.0).contains(&v) {
        return format_number(v);
    }
    let (y, mo, da, h, mi, s, ms) = d.to_ymd_hms_milli();
    let time = if ms != 0 {
        format!("{}:{}:{}.{ms:03}", two(h), two(mi), two(s))
    } else {
        format!("{}:{}:{}", two(h), two(mi), two(s))
    };
    if v < 1.0 {
        // A time of day without a date (Excel's day 0 is no real date).
        return time;
    }
    let date = format!("{y:04}-{}-{}", two(mo), two(da));
    if h == 0 && mi == 0 && s == 0 && ms == 0 {
        date
    } else {
        format!("{date}T{time}")
    }
}

/// ODS dates come as ISO 8601 already; drop a zero fraction of seconds.
fn iso_datetime(s: &str) -> String {
    let t = s.trim();
    if let Some((head, frac)) = t.rsplit_once('.') {
        if head.contains('T') && !frac.is_empty() && frac.bytes().all(|b| b == b'0') {
            return head.to_string();
        }
    }
    t.to_string()
}

/// Cells collected while reading, with the limits checked as they come.
pub(crate) struct Grid {
    cells: Vec<(u32, u32, String)>,
    max_row: u32,
    max_col: u32,
    max_cells: u64,
    max_columns: u64,
    errors: usize,
    /// Per column: how many cells of digits only have each length, and the whole-number cells
    /// shown as the plain number (where Excel drops a leading zero). See [`Grid::zero_notices`].
    digits: std::collections::BTreeMap<u32, Digits>,
}

/// One column's cells of digits only (see [`Grid::zero_notices`]).
#[derive(Default)]
struct Digits {
    /// Cells of 1..=15 digits, by length.
    by_len: [u32; 16],
    /// Whole-number cells in the General format: (row, text), the first 1,000.
    numbers: Vec<(u32, String)>,
    number_count: usize,
}

impl Grid {
    pub(crate) fn new(limits: &Limits) -> Grid {
        Grid {
            cells: Vec::new(),
            max_row: 0,
            max_col: 0,
            max_cells: limits.max_cells,
            max_columns: limits.max_columns,
            errors: 0,
            digits: Default::default(),
        }
    }

    pub(crate) fn put(
        &mut self,
        row: u32,
        col: u32,
        value: Value<'_>,
        fmt: &NumFmt,
        notices: &mut Vec<Notice>,
    ) -> Result<(), SheetError> {
        let plain_number = match value {
            Value::Int(i) => *fmt == NumFmt::General && i > 0,
            Value::Float(f) => *fmt == NumFmt::General && f > 0.0 && f.fract() == 0.0,
            _ => false,
        };
        let text = match value {
            Value::Str(s) => s.to_string(),
            Value::Int(i) => match fmt {
                NumFmt::General => i.to_string(),
                f => f.apply(i as f64),
            },
            Value::Float(f) => fmt.apply(f),
            Value::Bool(b) => b.to_string(),
            Value::DateTime(d) => excel_datetime(&d),
            Value::DateTimeIso(s) => iso_datetime(s),
            Value::DurationIso(s) => s.trim().to_string(),
            Value::Error(e) => {
                self.errors += 1;
                let r = cell_ref(row, col);
                if self.errors <= 1000 {
                    notices.push(Notice {
                        code: "cell_error",
                        message: format!("Cell {r} shows the error {e}; it was read as empty."),
                        params: params(vec![("cell", Json::from(r)), ("error", Json::from(e))]),
                    });
                }
                return Ok(());
            }
        };
        if text.is_empty() {
            return Ok(());
        }
        let cols = u64::from(col) + 1;
        if cols > self.max_columns {
            return Err(too_large("the number of columns", self.max_columns, cols));
        }
        self.max_row = self.max_row.max(row);
        self.max_col = self.max_col.max(col);
        let area = (u64::from(self.max_row) + 1) * (u64::from(self.max_col) + 1);
        if area > self.max_cells {
            return Err(too_large(
                "the number of cells (rows × columns from A1)",
                self.max_cells,
                area,
            ));
        }
        let len = text.len();
        if (1..=15).contains(&len) && text.bytes().all(|b| b.is_ascii_digit()) {
            let d = self.digits.entry(col).or_default();
            if let Some(n) = d.by_len.get_mut(len) {
                *n += 1;
            }
            if plain_number {
                d.number_count += 1;
                if d.numbers.len() < 1000 {
                    d.numbers.push((row, text.clone()));
                }
            }
        }
        self.cells.push((row, col, text));
        Ok(())
    }

    /// A `leading_zeros_lost` notice for each column where number cells have fewer digits than
    /// most of the column's cells of digits only (`1067` among `10115`, `80331`, `01069`): a
    /// number cannot keep a leading zero, so Excel dropped it when the value was typed or
    /// imported (a German postcode `01067`, a number `0151…`). Only said, never changed: an
    /// Austrian postcode has four digits too. The usual length is that of at least two cells and
    /// half the column's cells of digits only, and at least 5 (postcodes, phone numbers, ids:
    /// not quantities); a number one digit shorter is noted.
    pub(crate) fn zero_notices(&self, notices: &mut Vec<Notice>) {
        for (col, d) in &self.digits {
            let total: u32 = d.by_len.iter().sum();
            let Some((usual, &count)) = d.by_len.iter().enumerate().max_by_key(|(_, n)| **n) else {
                continue;
            };
            if usual < 5 || count < 2 || count * 2 < total {
                continue;
            }
            let short: Vec<&(u32, String)> = d
                .numbers
                .iter()
                .filter(|(_, text)| text.len() + 1 == usual)
                .collect();
            let Some((row, value)) = short.first() else {
                continue;
            };
            let more = d.number_count > d.numbers.len();
            let cell = cell_ref(*row, *col);
            let column = column_name(*col);
            notices.push(Notice {
                code: "leading_zeros_lost",
                message: format!(
                    "column {column}: {}{} cell(s) hold a number of {} digits where the column's values have {usual} ({value} in {cell}); Excel drops a leading zero from a number, so it may have been 0{value} (a postcode, say): format the column as text and type the value again",
                    short.len(),
                    if more { "+" } else { "" },
                    usual - 1,
                ),
                params: params(vec![
                    ("column", Json::from(column)),
                    ("cells", Json::from(short.len() as u64)),
                    ("digits", Json::from(usual as u64)),
                    ("cell", Json::from(cell)),
                    ("value", Json::from(value.as_str())),
                ]),
            });
        }
    }

    pub(crate) fn into_rows(mut self) -> Vec<Vec<String>> {
        if self.cells.is_empty() {
            return vec![];
        }
        self.cells.sort_by_key(|c| (c.0, c.1));
        let mut rows: Vec<Vec<String>> = vec![Vec::new(); self.max_row as usize + 1];
        for (r, c, t) in self.cells {
            if let Some(row) = rows.get_mut(r as usize) {
                let c = c as usize;
                if row.len() <= c {
                    row.resize(c + 1, String::new());
                }
                if let Some(slot) = row.get_mut(c) {
                    *slot = t;
                }
            }
        }
        rows
    }

    /// Error cells beyond the first 1,000, each of which has its own `cell_error`: how many.
    pub(crate) fn more_errors_notice(&self, notices: &mut Vec<Notice>) {
        if self.errors > 1000 {
            let more = (self.errors - 1000) as u64;
            notices.push(Notice {
                code: "cell_error_more",
                message: format!("{more} more cells show an error; they were read as empty."),
                params: params(vec![("count", Json::from(more))]),
            });
        }
    }
}

/// `Some("HTML")` / `Some("CSV or plain")` when the bytes look like text rather than a
/// binary workbook.
pub(crate) fn looks_like_text(bytes: &[u8]) -> Option<&'static str> {
    let head = bytes.get(..bytes.len().min(2048))?;
    if head.is_empty() {
        return None;
    }
    let head = head
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(head);
    let lower: Vec<u8> = head
        .iter()
        .take(512)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let trimmed: &[u8] = {
        let start = lower
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(lower.len());
        lower.get(start..).unwrap_or(&[])
    };
    if trimmed.starts_with(b"<!doctype html")
        || trimmed.starts_with(b"<html")
        || trimmed.starts_with(b"<table")
        || (trimmed.starts_with(b"<?xml") && lower.windows(9).any(|w| w == b"workbook "))
    {
        return Some("HTML or XML");
    }
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Some("UTF-16");
    }
    let controls = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r'))
        .count();
    if controls == 0 {
        // UTF-8 or an 8-bit code page such as Windows-1252: text either way.
        return Some("CSV or plain");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(format_number(4915123456789.0), "4915123456789");
        assert_eq!(format_number(30901820.0), "30901820");
        assert_eq!(format_number(1234.5), "1234.5");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(1e20), "100000000000000000000");
        assert_eq!(format_number(1.5e-7), "0.00000015");
        assert_eq!(format_number(1234567890123456789.0), "1234567890123460000");
        assert_eq!(format_number(-2.5), "-2.5");
        assert_eq!(format_number(f64::NAN), "");
    }

    #[test]
    fn formats() {
        assert_eq!(NumFmt::parse("00000").apply(1067.0), "01067");
        assert_eq!(NumFmt::parse("00000").apply(10115.0), "10115");
        assert_eq!(NumFmt::parse("00000").apply(1067.5), "1067.5");
        assert_eq!(
            NumFmt::parse("\"0\"0000000000").apply(15123456789.0),
            "015123456789"
        );
        assert_eq!(NumFmt::parse("0"), NumFmt::General);
        assert_eq!(NumFmt::parse("#,##0.00"), NumFmt::General);
        assert_eq!(NumFmt::parse("0%").apply(0.07), "7%");
        assert_eq!(NumFmt::parse("0.00%").apply(0.125), "12.5%");
        assert_eq!(NumFmt::parse("[Red]00000;-00000").apply(42.0), "00042");
        assert_eq!(NumFmt::parse("General"), NumFmt::General);
        assert_eq!(NumFmt::parse("@"), NumFmt::General);
    }

    #[test]
    fn columns() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16383), "XFD");
        assert_eq!(cell_ref(4, 11), "L5");
    }
}
