//! JSON text as it arrives from JavaScript.
//!
//! `JSON.stringify` writes a lone UTF-16 surrogate (a broken emoji half, common in pasted
//! spreadsheet text) as a `\udXXX` escape, which strict JSON parsers such as serde_json reject,
//! and the whole request would fail over one character. Such escapes are replaced by `\ufffd`
//! (the replacement character) before parsing; well-formed pairs are left alone.

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

#[cfg(test)]
mod tests {
    use super::*;

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
