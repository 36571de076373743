//! JSON text as it arrives from JavaScript.
//!
//! `JSON.stringify` writes a lone UTF-16 surrogate (a broken emoji half, common in pasted
//! spreadsheet text) as a `\udXXX` escape, which strict JSON parsers such as serde_json reject,
//! and the whole request would fail over one character. Such escapes are replaced by `\ufffd`
//! (the replacement character) before parsing; well-formed pairs are left alone.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

fn hex4(b: &[u8]) -> Option<u16> {
    let s = std::str::from_utf8(b.get(..4)?).ok()?;
    u16::from_str_radix(s, 16).ok()
}

/// Parses JSON text from JavaScript, lone surrogates replaced first. The result is the
/// `serde_json::Value` that `serde_json::from_str` gives; only the objects are built differently
/// (see [`ExactValue`]).
pub fn parse(text: &str) -> serde_json::Result<Value> {
    serde_json::from_str::<ExactValue>(&fix_lone_surrogates(text)).map(|v| v.0)
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

/// A `serde_json::Value` whose objects are allocated at their final size.
///
/// serde_json builds an object by inserting into an empty map, which regrows its entries and
/// its hash index several times for a row of a dozen keys (most of the allocations of a parse).
/// Here an object's entries are first collected on a stack shared by all levels of nesting
/// (reused from parse to parse), then moved into a map of exactly that capacity. Duplicate keys
/// behave as in serde_json: the last value, at the first key's place.
struct ExactValue(Value);

thread_local! {
    static ENTRIES: RefCell<Vec<(String, Value)>> = const { RefCell::new(Vec::new()) };
}

impl<'de> Deserialize<'de> for ExactValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ExactVisitor).map(ExactValue)
    }
}

struct ExactVisitor;

impl<'de> Visitor<'de> for ExactVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Number::from_f64(f).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        ExactValue::deserialize(d).map(|v| v.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(ExactValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        // This object's entries go on top of the stack; nested objects push theirs above and
        // take them off again before this one continues.
        let start = ENTRIES.with(|e| e.borrow().len());
        let result = (|| {
            while let Some(key) = access.next_key::<String>()? {
                let ExactValue(value) = access.next_value()?;
                ENTRIES.with(|e| e.borrow_mut().push((key, value)));
            }
            Ok(())
        })();
        ENTRIES.with(|e| {
            let mut entries = e.borrow_mut();
            let from = start.min(entries.len());
            let mut map = Map::with_capacity(entries.len() - from);
            for (key, value) in entries.drain(from..) {
                map.insert(key, value);
            }
            // An object of a million keys must not keep its stack space for good.
            if entries.is_empty() && entries.capacity() > 1024 {
                entries.shrink_to(1024);
            }
            result.map(|()| Value::Object(map))
        })
    }
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

    /// The same `Value` as serde_json's own parse, key order, duplicates and numbers included;
    /// the same errors; and the entry stack is empty after a parse that failed half-way.
    #[test]
    fn parses_as_serde_json_does() {
        for text in [
            r#"{"b":1,"a":[{"x":null,"y":{"z":[1,2.5,-3,1e300,18446744073709551615]}},true],"b":2}"#,
            r#"[{},[],{"":""},"\u00e9",0.1,-0.0,12345678901234567890123]"#,
            r#"{"payload":[{"k":1,"k":{"k":[{"k":"v"}]}},{"a":"\ud83d\ude00"}]}"#,
            "null",
            "\"text\"",
        ] {
            let ours = parse(text).unwrap();
            let theirs: Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours, theirs, "{text}");
            assert_eq!(
                serde_json::to_string(&ours).unwrap(),
                serde_json::to_string(&theirs).unwrap()
            );
        }
        for bad in [
            r#"{"a":1,"b":[{"c":}]}"#,
            r#"{"a":{"b":{"c":1}"#,
            "[1,]",
            r#"{"a" 1}"#,
        ] {
            let ours = parse(bad).unwrap_err().to_string();
            let theirs = serde_json::from_str::<Value>(bad).unwrap_err().to_string();
            assert_eq!(ours, theirs, "{bad}");
            ENTRIES.with(|e| assert!(e.borrow().is_empty(), "{bad}: entries left"));
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert_eq!(
            parse(&deep).unwrap_err().to_string(),
            serde_json::from_str::<Value>(&deep)
                .unwrap_err()
                .to_string()
        );
    }
}
