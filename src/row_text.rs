//! A payload row read straight from its JSON text, for the bulk paths.
//!
//! Most rows of a good deal or appointment file have only plain keys and scalar values, need no
//! change and have nothing to report. Parsed into a serde_json map, each such row costs a
//! map, a string per key and per value, and then the same again to write it back for
//! JavaScript (BENCHMARKS.md, session 10). Here a row whose text holds only plain keys and
//! scalars is read into a list of `(key, value)` that borrows the keys from the text and reuses
//! the value strings of earlier rows; the row checker (`RowChecker::check_row_texts`) runs the one
//! `findings` over it, and a row that comes out as given keeps its text instead of a map.
//!
//! The reader accepts a strict subset of JSON that serde_json reads to the same keys and
//! values: no escapes (a string holding a `\` is left to serde_json), no nesting, no repeated
//! key (serde_json's map keeps the last value at the first key's place), numbers in plain
//! decimal notation read by serde_json itself. Anything else goes to serde_json as before.

use serde_json::{Map, Value};

/// Rows with more keys than this are left to serde_json: the lookups here are linear.
const MAX_KEYS: usize = 32;

/// One row's entries, borrowed from its text (the keys) or made from it (the values, in
/// strings kept from earlier rows).
#[derive(Default)]
pub(crate) struct TextRow<'t> {
    /// The row as read, before any value is made: a row that turns out to need serde_json
    /// costs no copy.
    tokens: Vec<(&'t str, Token<'t>)>,
    entries: Vec<(&'t str, Value)>,
    spare: Vec<String>,
}

/// A scalar as it stands in the text.
#[derive(Clone, Copy)]
enum Token<'t> {
    Str(&'t str),
    Num(&'t str),
    Bool(bool),
    Null,
}

impl<'t> TextRow<'t> {
    /// Reads `text` (one JSON object) into the entries. False when it needs serde_json: not
    /// an object of plain keys and scalar values (see the module's comment).
    #[cfg(test)]
    pub fn read(&mut self, text: &'t str) -> bool {
        self.release();
        self.tokens.clear();
        self.accepts(text).is_some_and(|row| self.load(row))
    }

    /// Reads `text` into tokens kept for [`TextRow::load`], without making its values: the
    /// tokens' place, or `None` when it needs serde_json. A chunk's rows are read this way
    /// first, each once, and loaded when checked.
    pub fn accepts(&mut self, text: &'t str) -> Option<std::ops::Range<usize>> {
        let start = self.tokens.len();
        // One quick pass first: most rows that need serde_json (a phone list, an escape) say
        // so with one byte, before any token is read.
        let b = text.as_bytes();
        let nested_or_escaped = b
            .get(skip_ws(b, 0) + 1..)
            .is_some_and(|rest| memchr::memchr3(b'[', b'{', b'\\', rest).is_some());
        if nested_or_escaped || self.scan(text, start).is_none() {
            self.tokens.truncate(start);
            return None;
        }
        Some(start..self.tokens.len())
    }

    /// Makes the entries of a row [`TextRow::accepts`] took (the earlier row's entries are
    /// released first). False, entries empty, if a number does not read (never, for the
    /// numbers `accepts` takes).
    pub fn load(&mut self, row: std::ops::Range<usize>) -> bool {
        self.release();
        for &(key, token) in self.tokens.get(row).unwrap_or_default() {
            let value = match token {
                Token::Str(s) => {
                    let mut owned = self.spare.pop().unwrap_or_default();
                    owned.clear();
                    owned.push_str(s);
                    Value::String(owned)
                }
                Token::Num(n) => match serde_json::from_str(n) {
                    Ok(n) => Value::Number(n),
                    Err(_) => {
                        self.release();
                        return false;
                    }
                },
                Token::Bool(b) => Value::Bool(b),
                Token::Null => Value::Null,
            };
            self.entries.push((key, value));
        }
        true
    }

    /// Appends the tokens of `text` (one object) after `start`.
    fn scan(&mut self, text: &'t str, start: usize) -> Option<()> {
        let b = text.as_bytes();
        let mut at = skip_ws(b, 0);
        if *b.get(at)? != b'{' {
            return None;
        }
        at = skip_ws(b, at + 1);
        if *b.get(at)? == b'}' {
            return (skip_ws(b, at + 1) == b.len()).then_some(());
        }
        loop {
            let (key, end) = string(text, at)?;
            let row = self.tokens.get(start..).unwrap_or_default();
            if row.len() == MAX_KEYS || row.iter().any(|(k, _)| *k == key) {
                return None;
            }
            at = skip_ws(b, end);
            if *b.get(at)? != b':' {
                return None;
            }
            at = skip_ws(b, at + 1);
            let (token, end) = token(text, at)?;
            self.tokens.push((key, token));
            at = skip_ws(b, end);
            match *b.get(at)? {
                b',' => at = skip_ws(b, at + 1),
                b'}' => return (skip_ws(b, at + 1) == b.len()).then_some(()),
                _ => return None,
            }
        }
    }

    /// The entries as a map (the value strings move into it).
    pub fn take_map(&mut self) -> Map<String, Value> {
        let mut map = Map::with_capacity(self.entries.len());
        for (k, v) in self.entries.drain(..) {
            map.insert(k.to_owned(), v);
        }
        map
    }

    /// Empties the entries, keeping their strings for the next row.
    pub fn release(&mut self) {
        for (_, v) in self.entries.drain(..) {
            if let Value::String(s) = v {
                self.spare.push(s);
            }
        }
    }
}

impl crate::row::RowView for TextRow<'_> {
    fn entries(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.entries.iter().map(|(k, v)| (*k, v))
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
}

/// The scalar at `at` and where it ends.
fn token(text: &str, at: usize) -> Option<(Token<'_>, usize)> {
    let b = text.as_bytes();
    let word = |w: &[u8], t: Token<'static>| {
        b.get(at..at + w.len())
            .filter(|s| *s == w)
            .map(|_| (t, at + w.len()))
    };
    match *b.get(at)? {
        b'"' => string(text, at).map(|(s, end)| (Token::Str(s), end)),
        b't' => word(b"true", Token::Bool(true)),
        b'f' => word(b"false", Token::Bool(false)),
        b'n' => word(b"null", Token::Null),
        b'-' | b'0'..=b'9' => {
            let end = number_end(b, at)?;
            Some((Token::Num(text.get(at..end)?), end))
        }
        _ => None,
    }
}

fn skip_ws(b: &[u8], mut at: usize) -> usize {
    while matches!(b.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// The content of the string starting at `at` (its opening quote) and the index after its
/// closing quote; `None` for a string with an escape or a control character (serde_json reads
/// the first and rejects the second), or no string there.
fn string(text: &str, at: usize) -> Option<(&str, usize)> {
    let b = text.as_bytes();
    if *b.get(at)? != b'"' {
        return None;
    }
    let start = at + 1;
    let len = b
        .get(start..)?
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
    let end = start + len;
    // Quotes, backslashes and control characters are ASCII, so `end` is a char boundary.
    (b[end] == b'"').then(|| (&text[start..end], end + 1))
}

/// Where a number in plain decimal notation (`-?(0|[1-9][0-9]*)(\.[0-9]+)?`, at most 17
/// digits) starting at `at` ends; `None` for anything else (exponents, long numbers: serde_json
/// alone decides how those read).
fn number_end(b: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    let digits = |i: usize| {
        b.get(i..)
            .map_or(0, |s| s.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let int = digits(i);
    if int == 0 || (int > 1 && b[i] == b'0') {
        return None;
    }
    i += int;
    let mut count = int;
    if b.get(i) == Some(&b'.') {
        let frac = digits(i + 1);
        if frac == 0 {
            return None;
        }
        i += 1 + frac;
        count += frac;
    }
    if count > 17 || matches!(b.get(i), Some(b'e' | b'E' | b'.' | b'0'..=b'9')) {
        return None;
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::row::RowView;

    /// What the reader makes of `text`, as serde_json's value; `None` when it declines.
    fn read(text: &str) -> Option<Value> {
        let mut row = TextRow::default();
        row.read(text).then(|| Value::Object(row.take_map()))
    }

    #[test]
    fn reads_plain_rows_as_serde_json_does() {
        for text in [
            r#"{}"#,
            r#" { "a" : "x" , "b":1,"c":-2.50,"d":true,"e":false,"f":null,"g":"" } "#,
            r#"{"title":"Straße 5 – ünïcödé ☃","value":0,"n":0.125,"m":-0}"#,
            r#"{"big":12345678901234567}"#,
        ] {
            let ours = read(text).unwrap_or_else(|| panic!("declined {text}"));
            let theirs: Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn declines_what_it_does_not_read_exactly() {
        for text in [
            r#"{"a":"x\"y"}"#,
            r#"{"a\u0041":1}"#,
            "{\"a\":\"tab\there\"}",
            r#"{"a":[1]}"#,
            r#"{"a":{"b":1}}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"a":1e3}"#,
            r#"{"a":01}"#,
            r#"{"a":1.}"#,
            r#"{"a":.5}"#,
            r#"{"a":-}"#,
            r#"{"a":123456789012345678}"#,
            r#"{"a":tru}"#,
            r#"{"a":nul}"#,
            r#"{"a":1,}"#,
            r#"{"a":1} x"#,
            r#"{"a" 1}"#,
            r#"{"a":1"#,
            r#"{"a":"unterminated}"#,
            r#"[1]"#,
            r#""s""#,
            "",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }

    /// Random objects from pieces that are and are not in the subset this reads: whatever it
    /// accepts, serde_json reads to the same value.
    #[test]
    fn agrees_with_serde_json_on_random_texts() {
        const KEYS: &[&str] = &[
            "\"a\"",
            "\"b\"",
            "\"title\"",
            "\"a\\u0062\"",
            "\"ü\"",
            "\"\"",
            "a",
            "\"a",
        ];
        const VALUES: &[&str] = &[
            "\"x\"",
            "\"\"",
            "\" ü ☃ \"",
            "\"a\\\"b\"",
            "\"\\ud800\"",
            "1",
            "-0",
            "0.5",
            "-12.25",
            "1e2",
            "00",
            "1.",
            "99999999999999999",
            "123456789012345678",
            "true",
            "false",
            "null",
            "tru",
            "[]",
            "{}",
            "[1,2]",
            "\"unterminated",
            "-",
            "+1",
            "NaN",
        ];
        const GLUE: &[&str] = &["", " ", "\n", ",", ":", "\t"];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut accepted = 0;
        for _ in 0..20_000 {
            let mut text =
                String::from(["{", " {", "[", ""][next(4).min(3) * usize::from(next(8) == 0)]);
            let entries = next(5);
            for i in 0..entries {
                if i > 0 {
                    text.push_str(if next(20) == 0 {
                        GLUE[next(GLUE.len())]
                    } else {
                        ","
                    });
                }
                text.push_str(KEYS[next(KEYS.len())]);
                text.push_str(if next(20) == 0 {
                    GLUE[next(GLUE.len())]
                } else {
                    ":"
                });
                text.push_str(VALUES[next(VALUES.len())]);
            }
            text.push_str(["}", "} ", "", "}}"][if next(10) == 0 { next(4) } else { 0 }]);
            let theirs: Option<Value> = serde_json::from_str(&text).ok();
            if let Some(ours) = read(&text) {
                accepted += 1;
                assert_eq!(Some(ours), theirs, "{text}");
            }
        }
        assert!(accepted > 1_000, "only {accepted} accepted");
    }

    /// A chunk's rows are read first and loaded later: each row's tokens stay where they were,
    /// a declined row leaves none, and a repeated key is looked for within its own row only.
    #[test]
    fn rows_read_first_load_later() {
        let mut row = TextRow::default();
        let first = row.accepts(r#"{"a":"one","n":1.5}"#).unwrap();
        assert_eq!(row.accepts(r#"{"a":[1]}"#), None);
        assert_eq!(row.accepts(r#"{"a":1,"a":2}"#), None);
        let second = row.accepts(r#"{"a":"two","b":null}"#).unwrap();
        assert_eq!((first.len(), second.len(), second.start), (2, 2, 2));
        assert!(row.load(second));
        assert_eq!(row.get("a"), Some(&Value::from("two")));
        assert!(row.load(first));
        assert_eq!(
            Value::Object(row.take_map()),
            serde_json::json!({"a": "one", "n": 1.5})
        );
    }

    #[test]
    fn declines_rows_of_more_keys_than_it_looks_up_linearly() {
        let text = |n: usize| {
            let keys: Vec<String> = (0..n).map(|i| format!("\"k{i}\":{i}")).collect();
            format!("{{{}}}", keys.join(","))
        };
        assert!(read(&text(MAX_KEYS)).is_some());
        assert_eq!(read(&text(MAX_KEYS + 1)), None);
    }

    #[test]
    fn reuses_value_strings_and_looks_up_keys() {
        let mut row = TextRow::default();
        assert!(row.read(r#"{"a":"one","b":2}"#));
        assert_eq!(row.get("a"), Some(&Value::from("one")));
        assert_eq!(row.get("c"), None);
        assert!(row.read(r#"{"c":"two"}"#));
        assert_eq!(
            row.entries().collect::<Vec<_>>(),
            [("c", &Value::from("two"))]
        );
        assert!(!row.read(r#"{"c":[1]}"#));
        assert_eq!(row.entries().count(), 0);
    }
}
