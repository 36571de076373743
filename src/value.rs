//! One check-and-normalise function per field kind. Each takes the value as given and says what
//! to send instead ([`Normalised`]), pushing warnings for silent-but-lossy fixes.

use serde_json::{Number, Value};

use crate::report::{json_type, Problem};
use crate::time::{parse_date, parse_timestamp};

/// What to send in place of a value that passed its check.
///
/// `Keep` rather than a copy of the value: most values of a good file pass as they are, and the
/// row checker then moves (or, for a borrowed row, clones once) the value as given instead of
/// allocating an equal one.
#[derive(Debug, Clone, PartialEq)]
pub enum Normalised {
    /// The value as given.
    Keep,
    /// Drop the key (a blank value, a field that is never sent on).
    Drop,
    /// Send this instead.
    Set(Value),
}

impl Normalised {
    /// The value to send for `given`, or `None` to drop the key.
    pub fn into_value(self, given: &Value) -> Option<Value> {
        match self {
            Normalised::Keep => Some(given.clone()),
            Normalised::Drop => None,
            Normalised::Set(v) => Some(v),
        }
    }

    /// `normalised` as a string value, or `Keep` when it is `raw` unchanged.
    pub(crate) fn string(raw: &str, normalised: impl AsRef<str> + Into<String>) -> Self {
        if normalised.as_ref() == raw {
            Normalised::Keep
        } else {
            Normalised::Set(Value::String(normalised.into()))
        }
    }
}

/// What happened to one value.
pub type Checked = Result<Normalised, Problem>;

fn type_error(expected: &'static str, v: &Value) -> Problem {
    Problem::InvalidType {
        expected,
        got: json_type(v).to_owned(),
    }
}

fn blank(kind: &'static str, warnings: &mut Vec<Problem>) -> Checked {
    warnings.push(Problem::BlankRemoved { kind });
    Ok(Normalised::Drop)
}

/// Free text. Numbers and booleans (as JSON files from spreadsheets carry them) become strings.
pub fn text(v: &Value, warnings: &mut Vec<Problem>) -> Checked {
    match v {
        Value::String(_) => Ok(Normalised::Keep),
        Value::Number(_) | Value::Bool(_) => {
            let s = v.to_string();
            warnings.push(Problem::Coerced {
                value: s.clone(),
                kind: "text",
                normalised: format!("{s:?}"),
            });
            Ok(Normalised::Set(Value::String(s)))
        }
        _ => Err(type_error("a string", v)),
    }
}

/// UUID, any case in, lower case out. The forms Postgres also reads (no hyphens, braces) are
/// accepted with a warning.
pub fn uuid(v: &Value, warnings: &mut Vec<Problem>) -> Checked {
    let Value::String(raw) = v else {
        return Err(type_error("a UUID string", v));
    };
    let s = raw.trim();
    if s.is_empty() {
        return blank("UUID", warnings);
    }
    let bad = || Problem::InvalidUuid { value: raw.clone() };
    if is_canonical_uuid(s) {
        return Ok(
            if s.len() == raw.len() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
                Normalised::Keep
            } else {
                Normalised::Set(Value::String(s.to_ascii_lowercase()))
            },
        );
    }
    let inner = s
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .unwrap_or(s);
    let hex: String = inner.chars().filter(|c| *c != '-').collect();
    if hex.len() == 32
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
        && (inner == hex || is_canonical_uuid(inner))
    {
        let h = hex.to_ascii_lowercase();
        let out = format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        );
        warnings.push(Problem::Coerced {
            value: format!("{raw:?}"),
            kind: "UUID",
            normalised: format!("{out:?}"),
        });
        return Ok(Normalised::Set(Value::String(out)));
    }
    Err(bad())
}

fn is_canonical_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `YYYY-MM-DD`, a real calendar date.
pub fn date(v: &Value, warnings: &mut Vec<Problem>) -> Checked {
    let Value::String(raw) = v else {
        return Err(type_error("a date string (YYYY-MM-DD)", v));
    };
    let s = raw.trim();
    if s.is_empty() {
        return blank("date", warnings);
    }
    parse_date(s)
        .map(|d| Normalised::string(raw, d.to_string()))
        .map_err(|reason| Problem::InvalidDate {
            value: raw.clone(),
            reason,
        })
}

/// RFC 3339 / ISO 8601 timestamp. Without an offset the server assumes UTC: accepted with a
/// warning and sent with an explicit `Z`, so the normalised row is unambiguous.
pub fn timestamp(v: &Value, warnings: &mut Vec<Problem>) -> Checked {
    let Value::String(raw) = v else {
        return Err(type_error("a timestamp string (RFC 3339)", v));
    };
    let s = raw.trim();
    if s.is_empty() {
        return blank("timestamp", warnings);
    }
    let ts = parse_timestamp(s).map_err(|reason| Problem::InvalidTimestamp {
        value: raw.clone(),
        reason,
    })?;
    let out = ts.to_rfc3339();
    if !ts.had_offset {
        warnings.push(Problem::TimestampWithoutOffset {
            value: raw.clone(),
            normalised: out.clone(),
        });
    }
    Ok(Normalised::string(raw, out))
}

/// JSON booleans; the strings and numbers CSV files carry are coerced with a warning.
pub fn boolean(v: &Value, warnings: &mut Vec<Problem>) -> Checked {
    let parsed = match v {
        Value::Bool(_) => return Ok(Normalised::Keep),
        Value::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                return blank("boolean", warnings);
            }
            match t.to_ascii_lowercase().as_str() {
                "true" | "t" | "yes" | "y" | "1" => Some(true),
                "false" | "f" | "no" | "n" | "0" => Some(false),
                _ => None,
            }
        }
        Value::Number(n) if n.as_f64() == Some(1.0) => Some(true),
        Value::Number(n) if n.as_f64() == Some(0.0) => Some(false),
        _ => None,
    };
    match parsed {
        Some(b) => {
            warnings.push(Problem::Coerced {
                value: v.to_string(),
                kind: "boolean",
                normalised: b.to_string(),
            });
            Ok(Normalised::Set(Value::Bool(b)))
        }
        None => Err(type_error("a boolean (true or false)", v)),
    }
}

/// A Postgres `integer` (32-bit). Whole-number strings and floats are coerced with a warning.
pub fn integer(v: &Value, warnings: &mut Vec<Problem>) -> Checked {
    whole_number(
        v,
        warnings,
        i32::MIN.into(),
        i32::MAX.into(),
        "a 32-bit integer",
    )
}

/// A Postgres `bigint`: as [`integer`], in the 64-bit range.
pub fn big_integer(v: &Value, warnings: &mut Vec<Problem>) -> Checked {
    whole_number(
        v,
        warnings,
        i64::MIN.into(),
        i64::MAX.into(),
        "a 64-bit integer",
    )
}

fn whole_number(
    v: &Value,
    warnings: &mut Vec<Problem>,
    min: i128,
    max: i128,
    range: &'static str,
) -> Checked {
    let (n, coerced): (i128, bool) = match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                (i as i128, false)
            } else if let Some(u) = n.as_u64() {
                (u as i128, false)
            } else {
                match n.as_f64() {
                    Some(f) if f.fract() == 0.0 && f.abs() < 1e18 => (f as i128, true),
                    _ => return Err(type_error("a whole number", v)),
                }
            }
        }
        Value::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                return blank("integer", warnings);
            }
            let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
            if digits.is_empty() || digits.len() > 30 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(type_error("a whole number", v));
            }
            match t.parse::<i128>() {
                Ok(i) => (i, true),
                Err(_) => return Err(type_error("a whole number", v)),
            }
        }
        _ => return Err(type_error("a whole number", v)),
    };
    if n < min || n > max {
        return Err(Problem::OutOfRange {
            value: v.to_string(),
            kind: range,
        });
    }
    if coerced {
        warnings.push(Problem::Coerced {
            value: v.to_string(),
            kind: "integer",
            normalised: n.to_string(),
        });
    }
    let n = Number::from(n as i64);
    Ok(match v {
        Value::Number(given) if *given == n => Normalised::Keep,
        _ => Normalised::Set(Value::Number(n)),
    })
}

/// A custom `number` field: any finite JSON number; numeric strings are coerced with a warning.
pub fn number(v: &Value, warnings: &mut Vec<Problem>) -> Checked {
    match v {
        Value::Number(_) => Ok(Normalised::Keep),
        Value::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                return blank("number", warnings);
            }
            let plain = t
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
            match t
                .parse::<f64>()
                .ok()
                .filter(|f| plain && f.is_finite())
                .and_then(Number::from_f64)
            {
                Some(n) => {
                    let n = match (n.as_f64(), t.parse::<i64>()) {
                        (_, Ok(i)) => Number::from(i),
                        _ => n,
                    };
                    warnings.push(Problem::Coerced {
                        value: v.to_string(),
                        kind: "number",
                        normalised: n.to_string(),
                    });
                    Ok(Normalised::Set(Value::Number(n)))
                }
                None => Err(type_error("a number", v)),
            }
        }
        _ => Err(type_error("a number", v)),
    }
}

/// Whether `s` holds one of RFC 5322's "specials", which an unquoted address cannot hold (all
/// ASCII, so a byte scan finds them).
fn has_address_special(s: &str) -> bool {
    s.bytes().any(is_address_special)
}

fn is_address_special(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b',' | b';' | b':' | b'<' | b'>' | b'[' | b']' | b'\\' | b'"'
    )
}

/// White space or a control character anywhere in `s`. For ASCII text that is a byte below
/// `!` or DEL, which a byte scan finds without decoding characters.
fn has_space_or_control(s: &str) -> bool {
    if s.is_ascii() {
        s.bytes().any(|b| b <= b' ' || b == 0x7f)
    } else {
        s.chars().any(|c| c.is_whitespace() || c.is_control())
    }
}

/// Email: trimmed; one `@`, a local part, a domain with a dot, no spaces.
pub fn email(v: &Value, warnings: &mut Vec<Problem>) -> Checked {
    let Value::String(raw) = v else {
        return Err(type_error("an email string", v));
    };
    let s = raw.trim();
    if s.is_empty() {
        return blank("email", warnings);
    }
    let bad = |reason| Problem::InvalidEmail {
        value: raw.clone(),
        reason,
    };
    if has_space_or_control(s) {
        return Err(bad("it contains a space"));
    }
    let Some((local, domain)) = s.split_once('@') else {
        return Err(bad("it has no @"));
    };
    if domain.contains('@') {
        return Err(bad("it has more than one @"));
    }
    if local.is_empty() {
        return Err(bad("nothing before the @"));
    }
    // Quoted local parts are legal but never seen in contact data; refusing the specials keeps
    // markup and list separators (`a,b@x.de`) out of the email handle.
    if has_address_special(local) {
        return Err(bad("a character addresses cannot have before the @"));
    }
    if local.starts_with('.')
        || local.ends_with('.')
        || local.as_bytes().windows(2).any(|w| w == b"..")
    {
        return Err(bad("misplaced dot before the @"));
    }
    if !domain.contains('.') {
        return Err(bad("the domain has no dot"));
    }
    if domain
        .split('.')
        .any(|label| label.is_empty() || label.starts_with('-') || label.ends_with('-'))
    {
        return Err(bad("the domain is malformed"));
    }
    if has_address_special(domain) {
        return Err(bad("the domain has a character domains cannot have"));
    }
    Ok(Normalised::string(raw, s))
}

/// An enum value: exact, or a case-insensitive match normalised with a warning. For enums whose
/// values the docs list only in part, unknown values are kept with a warning.
pub fn enumeration(
    v: &Value,
    values: &[String],
    complete: bool,
    warnings: &mut Vec<Problem>,
) -> Checked {
    let Value::String(raw) = v else {
        return Err(type_error("a string", v));
    };
    if values.iter().any(|x| x == raw) {
        return Ok(Normalised::Keep);
    }
    let t = raw.trim();
    if t.is_empty() {
        return blank("enum value", warnings);
    }
    if let Some(hit) = values.iter().find(|x| x.eq_ignore_ascii_case(t)) {
        warnings.push(Problem::EnumCaseNormalised {
            value: raw.clone(),
            normalised: hit.clone(),
        });
        return Ok(Normalised::Set(Value::String(hit.clone())));
    }
    if complete {
        Err(Problem::InvalidEnum {
            value: raw.clone(),
            allowed: values.join(", "),
        })
    } else {
        warnings.push(Problem::UnrecognisedEnumValue {
            value: raw.clone(),
            known: values.join(", "),
        });
        Ok(Normalised::Keep)
    }
}

/// A custom `string_list`: an array of strings; a single string becomes a one-element list.
pub fn string_list(v: &Value, warnings: &mut Vec<Problem>) -> Checked {
    match v {
        Value::String(s) => {
            warnings.push(Problem::Coerced {
                value: format!("{s:?}"),
                kind: "list",
                normalised: format!("[{s:?}]"),
            });
            Ok(Normalised::Set(Value::Array(vec![v.clone()])))
        }
        Value::Array(items) if items.iter().all(Value::is_string) => Ok(Normalised::Keep),
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(_) => out.push(item.clone()),
                    Value::Number(_) | Value::Bool(_) => {
                        warnings.push(Problem::Coerced {
                            value: item.to_string(),
                            kind: "text",
                            normalised: format!("{:?}", item.to_string()),
                        });
                        out.push(Value::String(item.to_string()));
                    }
                    other => return Err(type_error("a list of strings", other)),
                }
            }
            Ok(Normalised::Set(Value::Array(out)))
        }
        _ => Err(type_error("a list of strings", v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte test of ASCII text is the character test.
    #[test]
    fn space_or_control_by_bytes_is_by_chars() {
        for b in 0..=0x7fu8 {
            let c = char::from(b);
            let s = format!("a{c}b");
            assert_eq!(
                has_space_or_control(&s),
                c.is_whitespace() || c.is_control(),
                "{b:#x}"
            );
        }
        assert!(has_space_or_control("ä\u{a0}b"));
        assert!(has_space_or_control("ä\u{85}b"));
        assert!(!has_space_or_control("ä@b.de"));
    }
}
