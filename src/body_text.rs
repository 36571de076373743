//! An import body read from JSON text with its payload rows left as text.
//!
//! Parsed whole, a 100k-row body is a tree of some 200 MB in wasm memory next to its text, and
//! the memory V8 sees growing that fast makes its collector crawl (BENCHMARKS.md, "Known
//! performance problem"). Here the top level is only split: the fields beside `payload` are
//! parsed, and each row is kept as the slice of text that holds it, to be parsed when its chunk
//! is checked.
//!
//! The split reads only the structure (strings, brackets, separators); serde_json still parses
//! every piece, so a text is split only if it is JSON, and the pieces mean what the whole
//! would. Whatever the split does not accept (not an object, broken JSON) goes to the whole-text
//! path, which reports it as before.

use serde_json::{Map, Value};

/// The deepest nesting serde_json reads (brackets of the whole text, counted from the
/// outside): a top-level field nested deeper leaves the text to the whole-text path, which
/// rejects it. A row is split however deep it is: parsed alone, one nested deeper than
/// serde_json reads is that row's `invalid_json`, and the other rows are still checked.
const MAX_DEPTH: usize = 127;

/// A body split by [`split_body`].
#[derive(Debug)]
pub(crate) struct BodyText<'a> {
    /// The top-level fields in the text's order. A non-empty array `payload` is here as
    /// `[null]`, which keeps the key's place and is enough for the request check (it looks only
    /// at the payload's shape); its rows are in `rows`.
    pub head: Map<String, Value>,
    /// The text of each row of an array `payload` (empty for any other payload).
    pub rows: Vec<&'a str>,
}

/// Splits the text of an object body. `None` when it is not an object or not JSON.
pub(crate) fn split_body(text: &str) -> Option<BodyText<'_>> {
    let mut s = Scanner { text, at: 0 };
    let mut head = Map::new();
    let mut rows = Vec::new();
    s.expect(b'{')?;
    if s.peek()? == b'}' {
        s.at += 1;
    } else {
        loop {
            if s.peek()? != b'"' {
                return None;
            }
            let key: String = serde_json::from_str(s.value(1, MAX_DEPTH)?).ok()?;
            s.expect(b':')?;
            // A repeated payload is left to the whole-text path: the rows it replaces would
            // never be parsed, so nothing would say whether they are JSON.
            if key == "payload" && head.contains_key("payload") {
                return None;
            }
            let value = if key == "payload" && s.peek()? == b'[' {
                rows = s.elements()?;
                Value::Array(if rows.is_empty() {
                    vec![]
                } else {
                    vec![Value::Null]
                })
            } else {
                serde_json::from_str(s.value(1, MAX_DEPTH)?).ok()?
            };
            // A repeated key replaces the earlier value in its place, as serde_json's map does.
            head.insert(key, value);
            match s.peek()? {
                b',' => s.at += 1,
                b'}' => {
                    s.at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    s.skip_whitespace();
    (s.at == text.len()).then_some(BodyText { head, rows })
}

/// The texts of the elements of a JSON array text (a chunk of rows, as `JSON.stringify` writes
/// it), nested as deep as they may be in a body. `None` when it is not such an array.
pub(crate) fn split_array(text: &str) -> Option<Vec<&str>> {
    let mut s = Scanner { text, at: 0 };
    s.skip_whitespace();
    let items = s.elements()?;
    s.skip_whitespace();
    (s.at == text.len()).then_some(items)
}

/// A cursor over JSON text that finds where values end without reading them.
struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn skip_whitespace(&mut self) {
        while matches!(
            self.bytes().get(self.at),
            Some(b' ' | b'\t' | b'\n' | b'\r')
        ) {
            self.at += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes().get(self.at).copied()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// The text of the next value (after whitespace). Its extent only: a string runs to its
    /// closing quote, an array or object to its matching bracket, anything else to the next
    /// separator. Whether it is a valid value is for serde_json to say. `None` past the end of
    /// the text or beyond `max_depth` with the `enclosing` brackets around it.
    fn value(&mut self, enclosing: usize, max_depth: usize) -> Option<&'a str> {
        self.skip_whitespace();
        let start = self.at;
        match *self.bytes().get(start)? {
            b'"' => self.skip_string()?,
            b'[' | b'{' => self.skip_nested(enclosing, max_depth)?,
            _ => {
                while !matches!(
                    self.bytes().get(self.at),
                    None | Some(
                        b',' | b']'
                            | b'}'
                            | b':'
                            | b'"'
                            | b'['
                            | b'{'
                            | b' '
                            | b'\t'
                            | b'\n'
                            | b'\r'
                    )
                ) {
                    self.at += 1;
                }
                if self.at == start {
                    return None;
                }
            }
        }
        // Every stop is just before or after an ASCII byte, so on a char boundary.
        self.text.get(start..self.at)
    }

    /// From an opening quote to just after its closing quote.
    fn skip_string(&mut self) -> Option<()> {
        self.at += 1;
        loop {
            match self.bytes().get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
    }

    /// From an opening bracket to just after the bracket that closes it (of either kind:
    /// a mismatch is left for serde_json to reject).
    fn skip_nested(&mut self, enclosing: usize, max_depth: usize) -> Option<()> {
        let mut depth = enclosing;
        loop {
            match self.bytes().get(self.at)? {
                b'"' => self.skip_string()?,
                b'[' | b'{' => {
                    depth += 1;
                    if depth > max_depth {
                        return None;
                    }
                    self.at += 1;
                }
                b']' | b'}' => {
                    depth -= 1;
                    self.at += 1;
                    if depth == enclosing {
                        return Some(());
                    }
                }
                _ => self.at += 1,
            }
        }
    }

    /// The texts of an array's elements, from its opening bracket to after its closing one.
    fn elements(&mut self) -> Option<Vec<&'a str>> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(items);
        }
        loop {
            items.push(self.value(2, usize::MAX)?);
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The body as serde_json reads it, from the split.
    fn joined(body: &BodyText<'_>) -> Value {
        let mut head = body.head.clone();
        if let Some(Value::Array(p)) = head.get_mut("payload") {
            if !p.is_empty() {
                *p = body
                    .rows
                    .iter()
                    .map(|r| serde_json::from_str(r).unwrap())
                    .collect();
            }
        }
        Value::Object(head)
    }

    #[test]
    fn splits_what_serde_json_reads() {
        let texts = [
            r#"{}"#,
            r#" { } "#,
            r#"{"type":"contact_details","payload":[{"a":1},{"b":"x"}]}"#,
            "\n{\r\n \"payload\" :\t[ {\"s\": \"a]}\\\"[{,\"} , [1,[2,{}]] ,null,true, -1.5e3 ,\"\"] , \"type\":\"deal_details\"}\n",
            r#"{"payload":[],"type":1}"#,
            r#"{"payload":{"not":"rows"}}"#,
            r#"{"payload":"text"}"#,
            r#"{"x":[1,2],"payload":[3],"x":{}}"#,
            r#"{"pay\u006coad":[{"k":"\u00e9 Zoë 😀"}]}"#,
            r#"{"payload":[{"k":"\\"},"\\\\",{"\"":"]"}]}"#,
        ];
        for text in texts {
            let body = split_body(text).unwrap_or_else(|| panic!("{text}"));
            let whole: Value = serde_json::from_str(text).unwrap();
            assert_eq!(joined(&body), whole, "{text}");
        }
        let body = split_body(r#"{"x":1,"payload":[1, {"a" : 2}],"x":null}"#).unwrap();
        assert_eq!(body.rows, ["1", r#"{"a" : 2}"#]);
        assert_eq!(
            Value::Object(body.head),
            json!({"x": null, "payload": [null]})
        );
    }

    #[test]
    fn leaves_the_rest_to_the_whole_text_path() {
        let texts = [
            "",
            " ",
            "[]",
            "null",
            "1",
            r#""s""#,
            "{",
            "}",
            r#"{"a"}"#,
            r#"{"a":}"#,
            r#"{"a":1,}"#,
            r#"{"a":1 "b":2}"#,
            r#"{"a":1}x"#,
            r#"{"a":1}{}"#,
            r#"{a:1}"#,
            r#"{"payload":[1,]}"#,
            r#"{"payload":[,1]}"#,
            r#"{"payload":[1 2]}"#,
            r#"{"payload":[1"#,
            r#"{"payload":["x]}"#,
            r#"{"payload":[{]}"#,
            r#"{"a":tru}"#,
            r#"{"a":"\"}"#,
            "{\"a\":\"x\\",
        ];
        for text in texts {
            assert!(split_body(text).is_none(), "{text:?}");
            // The rows (if any) are the only part not yet read; none of these is JSON anyway.
            assert!(serde_json::from_str::<Value>(text).is_err() || !text.starts_with('{'));
        }
    }

    /// A top-level field as deep as serde_json reads in the whole text is split; one level
    /// more is left to the whole-text path. Rows are split however deep (each is parsed alone,
    /// and one too deep is that row's error).
    #[test]
    fn nesting_limit_is_that_of_the_whole_text_for_the_head() {
        let nest = |d: usize| format!("{}{}", "[".repeat(d), "]".repeat(d));
        for (row_depth, head_depth) in [(125, 126), (126, 126), (125, 127), (400, 1)] {
            let text = format!(
                r#"{{"x": {}, "payload": [{}]}}"#,
                nest(head_depth),
                nest(row_depth)
            );
            let head_ok =
                serde_json::from_str::<Value>(&format!(r#"{{"x": {}}}"#, nest(head_depth)));
            let split = split_body(&text);
            assert_eq!(split.is_some(), head_ok.is_ok(), "{row_depth} {head_depth}");
            if let Some(split) = split {
                assert_eq!(split.rows, [nest(row_depth)]);
            }
        }
        let rows = format!("[{}, 1]", nest(500));
        assert_eq!(split_array(&rows).map(|r| r.len()), Some(2));
    }

    /// Every prefix and every one-byte change of a body: the split, where it succeeds and its
    /// rows all parse, gives exactly what serde_json reads from the whole text, and it succeeds
    /// whenever the whole text is an object.
    #[test]
    fn agrees_with_serde_json_on_damaged_texts() {
        let text = r#"{"type": "contact_details", "payload": [{"email": "a@b.de", "tags": ["x", {"y": "]\"}"}]}, null, 12.5e-1, "s\\"], "contact_list_id": true}"#;
        let mut cases: Vec<String> = (0..=text.len()).map(|n| text[..n].to_owned()).collect();
        for i in 0..text.len() {
            for b in [
                b' ', b'"', b',', b'[', b']', b'{', b'}', b':', b'\\', b'1', b'x',
            ] {
                let mut bytes = text.as_bytes().to_vec();
                bytes[i] = b;
                cases.extend(String::from_utf8(bytes).ok());
            }
        }
        for case in cases {
            let whole = serde_json::from_str::<Value>(&case);
            match split_body(&case) {
                Some(body) => {
                    let rows: Result<Vec<Value>, _> =
                        body.rows.iter().map(|r| serde_json::from_str(r)).collect();
                    match (rows, &whole) {
                        (Ok(_), Ok(whole)) => assert_eq!(&joined(&body), whole, "{case}"),
                        (Ok(_), Err(e)) => panic!("split a text that is not JSON: {case} ({e})"),
                        (Err(_), _) => assert!(whole.is_err(), "{case}"),
                    }
                }
                None => assert!(!matches!(whole, Ok(Value::Object(_))), "{case}"),
            }
        }
    }
}
