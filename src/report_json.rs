//! Row reports as JSON text, written directly: the text that crosses to JavaScript for every row
//! of a large import.
//!
//! serde_json's serializer examines strings a byte at a time, which in wasm was the largest
//! single cost of a report (~8% of a 100k-row `validateImport`). Here plain runs of a string are
//! skipped eight bytes at a time, and non-ASCII characters are written as `\uXXXX` escapes in
//! the same pass (ASCII text is copied into a one-byte JS string without UTF-8 decoding; see
//! `json_text::to_ascii_string`). The text means exactly what serde_json's would: the tests
//! compare both, parsed, for generated reports.

use serde_json::{Map, Value};

use crate::report::{Issue, RowReport};

mod params;

/// `[report, …]` as JSON text, ASCII only.
pub fn row_reports(reports: &[RowReport]) -> String {
    let mut out = Vec::with_capacity(reports.len() * 320 + 2);
    list(&mut out, *b"[]", reports, row_report);
    // Only ASCII was written, so this never falls back.
    String::from_utf8(out).unwrap_or_default()
}

/// `items` written by `write`, comma-separated, between the two `brackets`.
fn list<T>(
    out: &mut Vec<u8>,
    brackets: [u8; 2],
    items: impl IntoIterator<Item = T>,
    mut write: impl FnMut(&mut Vec<u8>, T),
) {
    out.push(brackets[0]);
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(brackets[1]);
}

/// The fields in the order of `RowReport`'s `Serialize`.
fn row_report(out: &mut Vec<u8>, r: &RowReport) {
    out.extend_from_slice(b"{\"index\":");
    unsigned(out, r.index as u64);
    out.extend_from_slice(if r.ok {
        b",\"ok\":true"
    } else {
        b",\"ok\":false"
    });
    out.extend_from_slice(b",\"row\":");
    match (&r.row, &r.given) {
        (Some(row), _) => object(out, row),
        (None, Some(text)) => ascii(out, text),
        (None, None) => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"errors\":");
    issues(out, &r.errors);
    out.extend_from_slice(b",\"warnings\":");
    issues(out, &r.warnings);
    if r.dropped {
        out.extend_from_slice(b",\"dropped\":true");
    }
    out.push(b'}');
}

/// A finding's data as an object (`{}` for a finding without any), written by serde straight
/// from the `Problem` into the text ([`params::write`]; serde_json's text for a shape that
/// writer leaves aside), ASCII like the rest of this writer.
fn params(out: &mut Vec<u8>, problem: &crate::report::Problem) {
    if !problem.has_data() {
        return out.extend_from_slice(b"{}");
    }
    if params::write(out, problem).is_ok() {
        return;
    }
    match serde_json::to_vec(&crate::report::Params(problem)) {
        Ok(bytes) if bytes.is_ascii() => out.extend_from_slice(&bytes),
        Ok(bytes) => ascii(out, &String::from_utf8_lossy(&bytes)),
        Err(_) => out.extend_from_slice(b"{}"),
    }
}

/// JSON text as ASCII: non-ASCII characters, which JSON text holds only inside strings, as
/// `\uXXXX` escapes.
fn ascii(out: &mut Vec<u8>, text: &str) {
    if text.is_ascii() {
        return out.extend_from_slice(text.as_bytes());
    }
    for ch in text.chars() {
        if ch.is_ascii() {
            out.push(ch as u8);
        } else {
            unicode_escape(out, ch);
        }
    }
}

fn issues(out: &mut Vec<u8>, issues: &[Issue]) {
    list(out, *b"[]", issues, |out, issue| {
        out.extend_from_slice(b"{\"code\":");
        string(out, issue.code);
        out.extend_from_slice(b",\"field\":");
        match &issue.field {
            Some(field) => string(out, field),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"message\":");
        string(out, &issue.message);
        out.extend_from_slice(b",\"params\":");
        params(out, &issue.problem);
        out.push(b'}');
    });
}

pub(crate) fn object(out: &mut Vec<u8>, map: &Map<String, Value>) {
    list(out, *b"{}", map, |out, (key, v)| {
        string(out, key);
        out.push(b':');
        value(out, v);
    });
}

fn value(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                unsigned(out, u);
            } else if let Some(i) = n.as_i64() {
                out.push(b'-');
                unsigned(out, i.unsigned_abs());
            } else {
                // A float: serde_json's own text of it (the shortest that reads back the same).
                out.extend_from_slice(n.to_string().as_bytes());
            }
        }
        Value::String(s) => string(out, s),
        Value::Array(items) => list(out, *b"[]", items, value),
        Value::Object(map) => object(out, map),
    }
}

fn unsigned(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(decimal(n, &mut [0; 20]));
}

/// The decimal digits of `n`, written into the end of `buf` (without `fmt`'s machinery, which
/// costs more than the rest of a small write).
pub(crate) fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[at..]
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The bytes of `w` that need more than a copy (a control character, `"`, `\` or a byte of a
/// non-ASCII character), as their high bits. The lowest set bit is exact, the first such byte in
/// memory; above it a bit may be set for a plain byte (the classic "has a zero byte" test
/// borrows into the next byte), so only the lowest is read.
fn escape_mask(w: u64) -> u64 {
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
    let quote = has_zero(w ^ (ONES * u64::from(b'"')));
    let backslash = has_zero(w ^ (ONES * u64::from(b'\\')));
    below_space | quote | backslash | (w & HIGHS)
}

/// How many bytes at the start of `b` are whole words of eight plain bytes; `b.len()` when all
/// of `b` is plain (its last bytes tested as a word padded with a plain byte).
fn plain_words(b: &[u8]) -> usize {
    let mut words = b.chunks_exact(8);
    let mut plain = 0;
    for w in words.by_ref() {
        match <[u8; 8]>::try_from(w) {
            Ok(w) if escape_mask(u64::from_le_bytes(w)) == 0 => plain += 8,
            _ => return plain,
        }
    }
    if tail_mask(words.remainder()) == 0 {
        b.len()
    } else {
        plain
    }
}

/// [`escape_mask`] of the last bytes of a string (fewer than eight), as a word padded with a
/// plain byte.
fn tail_mask(tail: &[u8]) -> u64 {
    let mut padded = [b'a'; 8];
    if let Some(start) = padded.get_mut(..tail.len()) {
        start.copy_from_slice(tail);
    }
    escape_mask(u64::from_le_bytes(padded))
}

/// The index of the first byte at or after `from` that needs more than a copy (see
/// [`escape_mask`]), or `b.len()`: eight bytes at a time, the last ones as a word padded with a
/// plain byte.
fn next_special(b: &[u8], from: usize) -> usize {
    let at = |i: usize, mask: u64| i + (mask.trailing_zeros() / 8) as usize;
    let mut i = from;
    while let Some(w) = b.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        let mask = escape_mask(u64::from_le_bytes(w));
        if mask != 0 {
            return at(i, mask);
        }
        i += 8;
    }
    match tail_mask(b.get(i..).unwrap_or_default()) {
        0 => b.len(),
        mask => at(i, mask),
    }
}

/// `ch` as JSON's `\uXXXX` escape (a surrogate pair above U+FFFF).
pub(crate) fn unicode_escape(out: &mut Vec<u8>, ch: char) {
    let mut units = [0u16; 2];
    for unit in ch.encode_utf16(&mut units) {
        out.extend_from_slice(b"\\u");
        for shift in [12, 8, 4, 0] {
            out.push(HEX[usize::from((*unit >> shift) & 0xf)]);
        }
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A JSON string, ASCII only: the escapes serde_json writes, and `\uXXXX` (a surrogate pair
/// above U+FFFF) for every non-ASCII character.
pub(crate) fn string(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    // `plain_words` rather than `next_special`, which would also answer "is it all plain":
    // for the many short keys and values of every row, its simpler loop measured cheaper
    // (BENCHMARKS.md, session 14).
    let plain = plain_words(b);
    out.reserve(b.len() + 2);
    out.push(b'"');
    if plain == b.len() {
        // Most strings (keys, codes, field names, numbers): one copy, no byte steps.
        out.extend_from_slice(b);
    } else {
        escaped(out, s, next_special(b, plain));
    }
    out.push(b'"');
}

/// The inside of a JSON string whose first byte to escape is at `first`: the plain runs
/// between those bytes are found a word at a time and copied whole. Kept out of line, so the
/// plain path above stays small.
#[inline(never)]
fn escaped(out: &mut Vec<u8>, s: &str, first: usize) {
    let b = s.as_bytes();
    let mut copied = 0;
    let mut i = first;
    while let Some(&c) = b.get(i) {
        out.extend_from_slice(b.get(copied..i).unwrap_or_default());
        let short = match c {
            b'"' => b'"',
            b'\\' => b'\\',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            0x08 => b'b',
            0x0c => b'f',
            _ => 0,
        };
        if short != 0 {
            // Two bytes pushed: cheaper than a copy call for so few.
            out.push(b'\\');
            out.push(short);
            copied = i + 1;
        } else if c < 0x20 {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(c >> 4)]);
            out.push(HEX[usize::from(c & 0xf)]);
            copied = i + 1;
        } else {
            // `i` is at the first byte of a character: the scan stops only on character starts.
            let Some(ch) = s.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            unicode_escape(out, ch);
            copied = i + ch.len_utf8();
        }
        i = next_special(b, copied);
    }
    out.extend_from_slice(b.get(copied..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::report::Problem;

    fn same_as_serde(reports: &[RowReport]) {
        let text = row_reports(reports);
        assert!(text.is_ascii(), "{text}");
        let ours: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(ours, serde_json::to_value(reports).unwrap(), "{text}");
    }

    /// A row kept as its text is written as that text (ASCII); its value is the row
    /// materialised.
    #[test]
    fn rows_kept_as_text() {
        let text = r#"{"title": "Straße ☃ 😀", "value":1.50}"#;
        let mut report = RowReport {
            index: 0,
            ok: true,
            row: None,
            given: Some(text.into()),
            errors: vec![],
            warnings: vec![],
            dropped: false,
        };
        let written = row_reports(std::slice::from_ref(&report));
        assert!(written.is_ascii(), "{written}");
        report.materialise();
        assert_eq!(report.row.as_ref().map(|r| r.len()), Some(2));
        let ours: Value = serde_json::from_str(&written).unwrap();
        assert_eq!(ours, serde_json::to_value([&report]).unwrap());
    }

    /// A finding with params (duplicates, mapping) is written as serde writes it.
    #[test]
    fn issues_with_params() {
        use crate::report::Problem;
        let report = RowReport {
            index: 3,
            ok: true,
            row: None,
            given: None,
            errors: vec![Problem::MissingIdentifier.at(None)],
            warnings: vec![Problem::DuplicateExternalId {
                value: "Zoë \"1\"".into(),
                first_row: 0,
            }
            .at(Some("external_id"))],
            dropped: false,
        };
        let ours: serde_json::Value =
            serde_json::from_str(&row_reports(std::slice::from_ref(&report))).unwrap();
        assert_eq!(ours, serde_json::to_value([&report]).unwrap());
        assert_eq!(ours[0]["warnings"][0]["params"]["first_row"], 0);
    }

    #[test]
    fn strings_of_every_kind() {
        let mut strings: Vec<String> = (0u32..0x100)
            .filter_map(char::from_u32)
            .map(|c| format!("{c}"))
            .collect();
        strings.extend(
            [
                "",
                "plain",
                "exactly8",
                "sixteen bytes ok",
                "a\"b\\c",
                "tab\there\nnew\rline",
                "\u{0}\u{1f}\u{7f}",
                "Zoë Ångström",
                "😀 emoji at 8 😀",
                "日本語のテキスト",
                "\u{ffff}\u{10000}\u{10ffff}",
                "long plain run before a quote........\"",
                "é1234567é1234567",
                "1234567\"",
                "12345678\\",
                "\u{2028}\u{2029}",
            ]
            .map(String::from),
        );
        let mut row = Map::new();
        for (i, s) in strings.iter().enumerate() {
            row.insert(format!("{s}{i}"), Value::String(s.clone()));
        }
        let report = RowReport {
            index: 7,
            ok: true,
            row: Some(row),
            given: None,
            errors: Vec::new(),
            warnings: vec![Problem::Required.at(Some("ünïcode \"field\""))],
            dropped: false,
        };
        same_as_serde(&[report]);
    }

    #[test]
    fn values_and_reports_of_every_shape() {
        let row = json!({
            "n": [0, 1, -1, 42, -9_007_199_254_740_993i64, u64::MAX, i64::MIN, 1.5, -0.25, 1e300, 5e-324],
            "b": [true, false, null], "nested": {"a": [[], {}], "b": {"c": "d"}}, "empty": "",
        });
        let Value::Object(row) = row else {
            unreachable!()
        };
        same_as_serde(&[]);
        same_as_serde(&[
            RowReport {
                index: usize::MAX,
                ok: false,
                row: Some(row.clone()),
                given: None,
                errors: vec![
                    Problem::Required.at(Some("x")),
                    Problem::MissingIdentifier.at(None),
                ],
                warnings: vec![Problem::ReadOnlyField { field: "id".into() }.at(Some("id"))],
                dropped: false,
            },
            RowReport::rejected(1, Problem::RowNotObject { got: "a string" }),
            RowReport {
                index: 0,
                ok: true,
                row: Some(Map::new()),
                given: None,
                errors: Vec::new(),
                warnings: Vec::new(),
                dropped: false,
            },
        ]);
    }

    /// The word test finds the first special byte at every position, whatever follows it (the
    /// bytes one above a special one would be flagged by a borrow), and nothing in plain bytes.
    #[test]
    fn word_test_finds_the_first_special_byte() {
        let specials = [0u8, 0x1f, b'"', b'\\', 0x80, 0xff, 0xc3];
        for special in specials {
            for at in 0..8 {
                for after in [b'a', b'#', b']', b'!', 0x01, b'"', 0x20] {
                    let mut w = [after; 8];
                    w[..at].copy_from_slice(&b"abcdefgh"[..at]);
                    w[at] = special;
                    assert_eq!(
                        next_special(&w, 0),
                        at,
                        "{special:#x} at {at} before {after:#x}"
                    );
                    // The same in the padded tail.
                    assert_eq!(
                        next_special(&w[..=at], 0),
                        at,
                        "{special:#x} at {at} (tail)"
                    );
                }
            }
        }
        for plain in [b' ', b'!', b'#', b'[', b']', b'~', 0x7f, b'0'] {
            assert_eq!(escape_mask(u64::from_le_bytes([plain; 8])), 0, "{plain:#x}");
            assert_eq!(next_special(&[plain; 13], 0), 13, "{plain:#x}");
        }
        assert_eq!(next_special(b"12345678901\"", 3), 11);
        assert_eq!(next_special(b"", 0), 0);
    }
}
