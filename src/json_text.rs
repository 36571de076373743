//! JSON text as it arrives from JavaScript.
//!
//! `JSON.stringify` writes a lone UTF-16 surrogate (a broken emoji half, common in pasted
//! spreadsheet text) as a `\udXXX` escape, which strict JSON parsers such as serde_json reject,
//! and the whole request would fail over one character. Such escapes are replaced by `\ufffd`
//! (the replacement character) before parsing; well-formed pairs are left alone.
//!
//! JSON text going back to JavaScript is written in ASCII (see [`to_ascii_string`]).

use std::borrow::Cow;

fn hex4(b: &[u8]) -> Option<u16> {
    let s = std::str::from_utf8(b.get(..4)?).ok()?;
    u16::from_str_radix(s, 16).ok()
}

/// Parses JSON text from JavaScript, lone surrogates replaced first.
pub fn parse(text: &str) -> serde_json::Result<serde_json::Value> {
    serde_json::from_str(&fix_lone_surrogates(text))
}

/// Replaces escapes of lone surrogates with `\ufffd`.
pub fn fix_lone_surrogates(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    // Fast path: no `\u` escape of a surrogate at all (`match_indices` of a char is a memchr
    // scan).
    if !text.match_indices('\\').any(|(i, _)| {
        matches!(b.get(i + 1), Some(b'u' | b'U')) && matches!(b.get(i + 2), Some(b'd' | b'D'))
    }) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        // An escape: `\` plus one char, or `\uXXXX`.
        if b.get(i + 1) != Some(&b'u') {
            i += 2;
            continue;
        }
        let Some(unit) = hex4(&b[i + 2..]) else {
            i += 2;
            continue;
        };
        let is_high = (0xD800..0xDC00).contains(&unit);
        let is_low = (0xDC00..0xE000).contains(&unit);
        if is_high {
            let next_low = b.get(i + 6) == Some(&b'\\')
                && b.get(i + 7) == Some(&b'u')
                && hex4(&b[(i + 8).min(b.len())..]).is_some_and(|u| (0xDC00..0xE000).contains(&u));
            if next_low {
                i += 12;
                continue;
            }
        }
        if is_high || is_low {
            out.push_str(&text[copied..i]);
            out.push_str("\\ufffd");
            i += 6;
            copied = i;
        } else {
            i += 6;
        }
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// `serde_json::to_string` with every non-ASCII character written as a `\uXXXX` escape (a
/// surrogate pair above U+FFFF). The text means the same to `JSON.parse`, but an ASCII text
/// is decoded from wasm memory about four times faster (no UTF-8 decoding: V8 copies it into a
/// one-byte string), and one non-ASCII name would otherwise make a whole chunk's text a
/// two-byte string.
pub fn to_ascii_string<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    serde_json::to_string(value).map(escape_non_ascii)
}

/// JSON text with its non-ASCII characters escaped. Outside strings JSON is ASCII, so every
/// non-ASCII character is inside a string, where an escape means the same.
fn escape_non_ascii(text: String) -> String {
    if text.is_ascii() {
        return text;
    }
    let mut out = Vec::with_capacity(text.len() + text.len() / 8);
    for ch in text.chars() {
        if ch.is_ascii() {
            out.push(ch as u8);
        } else {
            crate::report_json::unicode_escape(&mut out, ch);
        }
    }
    // Only ASCII was written.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_text_means_the_same() {
        let v = serde_json::json!({
            "name": "Zoë Ångström 😀 — ok", "ctl": "a\u{1}\"\\b\n", "ascii": "plain",
            "ключ": ["日本", 1.5, null, true], "edge": "\u{7f}\u{80}\u{ffff}\u{10000}",
        });
        let text = to_ascii_string(&v).unwrap();
        assert!(text.is_ascii(), "{text}");
        assert!(
            text.contains(r"\u00eb") && text.contains(r"\ud83d\ude00"),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
        assert_eq!(
            to_ascii_string("plain").unwrap(),
            serde_json::to_string("plain").unwrap()
        );
    }

    #[test]
    fn lone_surrogates_become_replacement_chars() {
        assert!(matches!(
            fix_lone_surrogates(r#"{"a":"b"}"#),
            Cow::Borrowed(_)
        ));
        assert_eq!(fix_lone_surrogates(r#""x\ud800y""#), r#""x\ufffdy""#);
        assert_eq!(fix_lone_surrogates(r#""\udc00""#), r#""\ufffd""#);
        assert_eq!(
            fix_lone_surrogates(r#""\ud83d\ude00""#),
            r#""\ud83d\ude00""#
        );
        assert_eq!(fix_lone_surrogates(r#""\\ud800""#), r#""\\ud800""#);
        assert_eq!(
            fix_lone_surrogates(r#""\ud83d\ud83d\ude00""#),
            r#""\ufffd\ud83d\ude00""#
        );
        assert_eq!(fix_lone_surrogates(r#""\ud8"#), r#""\ud8"#);
        let v: serde_json::Value =
            serde_json::from_str(&fix_lone_surrogates(r#"["\uDBFF", "ok"]"#)).unwrap();
        assert_eq!(v[0], "\u{FFFD}");
    }
}
