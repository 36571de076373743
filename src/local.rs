//! Values as people write them in German and English lists, read into the API's forms: dates
//! (`25.12.1990`, `12/25/1990` by the column's order), booleans (`ja`, `x`), numbers with a
//! decimal comma, country names. Each conversion is said by the caller in a finding.

use crate::time::parse_date;

/// The order of day, month and year in a column's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum DateOrder {
    #[serde(rename = "DMY")]
    Dmy,
    #[serde(rename = "MDY")]
    Mdy,
    #[serde(rename = "YMD")]
    Ymd,
}

impl DateOrder {
    pub fn from_name(s: &str) -> Option<DateOrder> {
        match s {
            "DMY" => Some(DateOrder::Dmy),
            "MDY" => Some(DateOrder::Mdy),
            "YMD" => Some(DateOrder::Ymd),
            _ => None,
        }
    }
}

/// What a date text reads as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalDate {
    /// Already `YYYY-MM-DD` (nothing to convert).
    Iso,
    /// One reading, in ISO form.
    Converted(String),
    /// Day and month could be either: both readings, day-first first.
    Ambiguous(Vec<String>),
    /// Not a date in any order.
    Not,
}

/// Header text compared as: lower case, umlauts spelled out, accents dropped, every run of
/// other characters one space.
pub fn normalise_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'á' | 'à' | 'â' | 'å' | 'ã' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ó' | 'ò' | 'ô' | 'õ' | 'ø' => "o",
            'ú' | 'ù' | 'û' => "u",
            'ç' => "c",
            'ñ' => "n",
            _ if c.is_alphanumeric() => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                continue;
            }
            _ => {
                space = true;
                continue;
            }
        };
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push_str(mapped);
    }
    out
}

fn two_digit_year(y: u32) -> u32 {
    // Birthdays and recent dates: 00-29 are 20xx, 30-99 are 19xx.
    if y < 30 {
        2000 + y
    } else {
        1900 + y
    }
}

fn iso(y: u32, m: u32, d: u32) -> Option<String> {
    let s = format!("{y:04}-{m:02}-{d:02}");
    parse_date(&s).ok().map(|_| s)
}

fn numbers(s: &str, sep: char) -> Option<(u32, u32, u32, usize)> {
    let parts: Vec<&str> = s.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str| {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    Some((num(a)?, num(b)?, num(c)?, c.len()))
}

/// A date as written in a list, read with the column's order (if any).
pub fn read_date(raw: &str, order: Option<DateOrder>) -> LocalDate {
    let s = raw.trim();
    // A date-time from a spreadsheet at midnight, or ISO already.
    let s = s.strip_suffix("T00:00:00").unwrap_or(s);
    if parse_date(s).is_ok() {
        return if s == raw {
            LocalDate::Iso
        } else {
            LocalDate::Converted(s.to_owned())
        };
    }
    let year = |y: u32, len: usize| if len == 2 { two_digit_year(y) } else { y };
    // 25.12.1990, 25.12.90: day first wherever dots are used.
    if let Some((d, m, y, len)) = numbers(s, '.') {
        if len == 2 || len == 4 {
            return iso(year(y, len), m, d).map_or(LocalDate::Not, LocalDate::Converted);
        }
    }
    for sep in ['/', '-'] {
        let Some((a, b, c, len)) = numbers(s, sep) else {
            continue;
        };
        if a > 31 {
            // 1990/12/25
            return iso(a, b, c).map_or(LocalDate::Not, LocalDate::Converted);
        }
        if len != 2 && len != 4 {
            return LocalDate::Not;
        }
        let y = year(c, len);
        let dmy = iso(y, b, a);
        let mdy = iso(y, a, b);
        return match (order, dmy, mdy) {
            (Some(DateOrder::Dmy), Some(d), _) => LocalDate::Converted(d),
            (Some(DateOrder::Mdy), _, Some(m)) => LocalDate::Converted(m),
            (Some(_), _, _) => LocalDate::Not,
            (None, Some(d), Some(m)) if d != m => LocalDate::Ambiguous(vec![d, m]),
            (None, Some(d), _) => LocalDate::Converted(d),
            (None, None, Some(m)) => LocalDate::Converted(m),
            (None, None, None) => LocalDate::Not,
        };
    }
    LocalDate::Not
}

/// The order a column's sample settles: dots mean day first; a slash date whose first part is
/// over 12 is day first, whose second part is over 12 month first; ISO is year first.
pub fn infer_date_order<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<DateOrder> {
    let mut dmy = false;
    let mut mdy = false;
    let mut ymd = false;
    for v in values {
        let v = v.trim();
        if parse_date(v.get(..10).unwrap_or(v)).is_ok() {
            ymd = true;
        } else if numbers(v, '.').is_some() {
            dmy = true;
        } else if let Some((a, b, _, _)) = numbers(v, '/').or_else(|| numbers(v, '-')) {
            if a > 12 && a <= 31 {
                dmy = true;
            } else if b > 12 && a <= 12 {
                mdy = true;
            }
        }
    }
    match (dmy, mdy, ymd) {
        (true, false, _) => Some(DateOrder::Dmy),
        (false, true, _) => Some(DateOrder::Mdy),
        (false, false, true) => Some(DateOrder::Ymd),
        _ => None,
    }
}

/// `ja`/`nein`, `wahr`/`falsch`, `x` (a ticked cell), `j`/`n`, `y`/`n`, and what
/// `value::boolean` already reads. `None`: not a boolean.
pub fn read_boolean(s: &str) -> Option<bool> {
    match normalise_name(s).as_str() {
        "ja" | "j" | "wahr" | "x" | "y" | "yes" | "true" | "1" | "an" | "on" => Some(true),
        "nein" | "n" | "falsch" | "no" | "false" | "0" | "aus" | "off" => Some(false),
        _ => None,
    }
}

/// A number with a decimal comma (`12,5`, `1.234,50`) or a decimal point with thousands commas
/// (`1,234.50`). `None` when the text is no such number or is plain (nothing to convert).
pub fn read_decimal(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.parse::<f64>().is_ok() || !t.bytes().any(|b| b == b',') {
        return None;
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    if !body
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    let last_comma = body.rfind(',')?;
    let last_dot = body.rfind('.');
    let text = if last_dot.is_some_and(|d| d > last_comma) {
        // 1,234.50: commas group thousands.
        body.replace(',', "")
    } else {
        // 1.234,50: dots group thousands, the comma is the decimal mark.
        body.replace('.', "").replacen(',', ".", 1)
    };
    if text.contains(',') {
        return None;
    }
    let n: f64 = text.parse().ok()?;
    Some(if neg { -n } else { n })
}

/// Country names and codes people write in a country column, German and English, and the
/// ISO 3166-1 alpha-2 code each means. Keys are normalised as headers are.
const COUNTRIES: &[(&str, &str)] = &[
    ("deutschland", "DE"),
    ("germany", "DE"),
    ("de", "DE"),
    ("d", "DE"),
    ("deu", "DE"),
    ("brd", "DE"),
    ("oesterreich", "AT"),
    ("austria", "AT"),
    ("at", "AT"),
    ("a", "AT"),
    ("aut", "AT"),
    ("schweiz", "CH"),
    ("switzerland", "CH"),
    ("suisse", "CH"),
    ("svizzera", "CH"),
    ("ch", "CH"),
    ("che", "CH"),
    ("liechtenstein", "LI"),
    ("li", "LI"),
    ("fl", "LI"),
    ("luxemburg", "LU"),
    ("luxembourg", "LU"),
    ("lu", "LU"),
    ("niederlande", "NL"),
    ("netherlands", "NL"),
    ("holland", "NL"),
    ("nl", "NL"),
    ("belgien", "BE"),
    ("belgium", "BE"),
    ("be", "BE"),
    ("frankreich", "FR"),
    ("france", "FR"),
    ("fr", "FR"),
    ("italien", "IT"),
    ("italy", "IT"),
    ("italia", "IT"),
    ("it", "IT"),
    ("spanien", "ES"),
    ("spain", "ES"),
    ("espana", "ES"),
    ("es", "ES"),
    ("polen", "PL"),
    ("poland", "PL"),
    ("pl", "PL"),
    ("tschechien", "CZ"),
    ("czechia", "CZ"),
    ("czech republic", "CZ"),
    ("cz", "CZ"),
    ("daenemark", "DK"),
    ("denmark", "DK"),
    ("dk", "DK"),
    ("schweden", "SE"),
    ("sweden", "SE"),
    ("se", "SE"),
    ("norwegen", "NO"),
    ("norway", "NO"),
    ("no", "NO"),
    ("grossbritannien", "GB"),
    ("vereinigtes koenigreich", "GB"),
    ("united kingdom", "GB"),
    ("uk", "GB"),
    ("gb", "GB"),
    ("england", "GB"),
    ("irland", "IE"),
    ("ireland", "IE"),
    ("ie", "IE"),
    ("portugal", "PT"),
    ("pt", "PT"),
    ("ungarn", "HU"),
    ("hungary", "HU"),
    ("hu", "HU"),
    ("kroatien", "HR"),
    ("croatia", "HR"),
    ("hr", "HR"),
    ("tuerkei", "TR"),
    ("turkey", "TR"),
    ("tuerkiye", "TR"),
    ("tr", "TR"),
    ("usa", "US"),
    ("vereinigte staaten", "US"),
    ("united states", "US"),
    ("us", "US"),
];

/// The ISO code of a country as written in a list.
pub fn country_code(s: &str) -> Option<&'static str> {
    let key = normalise_name(s);
    COUNTRIES
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, code)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(read_date("1990-12-25", None), LocalDate::Iso);
        assert_eq!(
            read_date("25.12.1990", None),
            LocalDate::Converted("1990-12-25".into())
        );
        assert_eq!(
            read_date("25.12.90", None),
            LocalDate::Converted("1990-12-25".into())
        );
        assert_eq!(
            read_date("1.2.05", None),
            LocalDate::Converted("2005-02-01".into())
        );
        assert_eq!(read_date("30.02.1990", None), LocalDate::Not);
        assert_eq!(
            read_date("12/25/1990", None),
            LocalDate::Converted("1990-12-25".into())
        );
        assert_eq!(
            read_date("25/12/1990", None),
            LocalDate::Converted("1990-12-25".into())
        );
        assert_eq!(
            read_date("01/02/1990", None),
            LocalDate::Ambiguous(vec!["1990-02-01".into(), "1990-01-02".into()])
        );
        assert_eq!(
            read_date("01/02/1990", Some(DateOrder::Mdy)),
            LocalDate::Converted("1990-01-02".into())
        );
        assert_eq!(
            read_date("01/02/1990", Some(DateOrder::Dmy)),
            LocalDate::Converted("1990-02-01".into())
        );
        assert_eq!(
            read_date("05/05/1990", None),
            LocalDate::Converted("1990-05-05".into())
        );
        assert_eq!(
            read_date("1990/12/25", None),
            LocalDate::Converted("1990-12-25".into())
        );
        assert_eq!(
            read_date("2020-03-01T00:00:00", None),
            LocalDate::Converted("2020-03-01".into())
        );
        assert_eq!(read_date("soon", None), LocalDate::Not);
        assert_eq!(
            infer_date_order(["01/02/1990", "25/12/1990"]),
            Some(DateOrder::Dmy)
        );
        assert_eq!(
            infer_date_order(["01/02/1990", "12/25/1990"]),
            Some(DateOrder::Mdy)
        );
        assert_eq!(infer_date_order(["01/02/1990"]), None);
        assert_eq!(infer_date_order(["25.12.1990"]), Some(DateOrder::Dmy));
        assert_eq!(infer_date_order(["1990-12-25"]), Some(DateOrder::Ymd));
    }

    #[test]
    fn booleans_numbers_countries_names() {
        assert_eq!(read_boolean("Ja"), Some(true));
        assert_eq!(read_boolean("x"), Some(true));
        assert_eq!(read_boolean("nein"), Some(false));
        assert_eq!(read_boolean("vielleicht"), None);
        assert_eq!(read_decimal("1.234,50"), Some(1234.5));
        assert_eq!(read_decimal("12,5"), Some(12.5));
        assert_eq!(read_decimal("-0,25"), Some(-0.25));
        assert_eq!(read_decimal("1,234.50"), Some(1234.5));
        assert_eq!(read_decimal("12.5"), None);
        assert_eq!(read_decimal("1,2,3"), None);
        assert_eq!(country_code("Österreich"), Some("AT"));
        assert_eq!(country_code(" Deutschland "), Some("DE"));
        assert_eq!(country_code("Schweiz"), Some("CH"));
        assert_eq!(country_code("Atlantis"), None);
        assert_eq!(normalise_name("E-Mail-Adresse"), "e mail adresse");
        assert_eq!(normalise_name("  Straße / Nr. "), "strasse nr");
        assert_eq!(normalise_name("Kunden-Nr."), "kunden nr");
    }
}
