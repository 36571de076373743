//! Dates and timestamps as Postgres reads `date` and `timestamp with time zone`, restricted to
//! the unambiguous ISO forms. Hand-written because the whole job is a few dozen lines and a date
//! crate would add weight to the wasm for nothing.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Why a text is not a date or timestamp: data, made into a message per language.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum DateError {
    NoSuchMonth {
        month: u32,
    },
    YearZero,
    NoSuchDay {
        year: i32,
        month: u32,
        day: u32,
    },
    /// Not `YYYY-MM-DD`. `day_first`: the ISO date a day-first reading (`25.12.1990`) gives;
    /// `ambiguous`: a month-first reading is a date too.
    NotIsoDate {
        day_first: Option<String>,
        ambiguous: bool,
    },
    NotTimestamp,
    BadFraction,
    NotTimeOfDay {
        hour: u32,
        minute: u32,
        second: u32,
    },
    BadOffset {
        offset: String,
    },
    /// The date part of a timestamp.
    TimestampDate {
        date: Box<DateError>,
    },
}

const EXPECTED_TIMESTAMP: &str = "expected an RFC 3339 timestamp such as 2024-05-01T14:30:00+02:00";

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::NoSuchMonth { month } => write!(f, "month {month:02} does not exist"),
            DateError::YearZero => f.write_str("year 0000 does not exist"),
            DateError::NoSuchDay { year, month, day } => {
                write!(f, "{year:04}-{month:02} has no day {day:02}")
            }
            DateError::NotIsoDate {
                day_first,
                ambiguous,
            } => {
                f.write_str("expected YYYY-MM-DD")?;
                match day_first {
                    Some(iso) if *ambiguous => write!(f, " (if it is day-first, {iso})"),
                    Some(iso) => write!(f, " (did you mean {iso}?)"),
                    None => Ok(()),
                }
            }
            DateError::NotTimestamp => f.write_str(EXPECTED_TIMESTAMP),
            DateError::BadFraction => write!(f, "{EXPECTED_TIMESTAMP} (bad fraction of a second)"),
            DateError::NotTimeOfDay {
                hour,
                minute,
                second,
            } => write!(f, "{hour:02}:{minute:02}:{second:02} is not a time of day"),
            DateError::BadOffset { offset } => {
                write!(f, "{EXPECTED_TIMESTAMP} (bad UTC offset {offset:?})")
            }
            DateError::TimestampDate { date } => write!(f, "{EXPECTED_TIMESTAMP} ({date})"),
        }
    }
}

/// Parses `YYYY-MM-DD`. The error says what was expected, with a suggestion for the
/// day-first forms spreadsheets produce (`25.12.1990`).
pub fn parse_date(s: &str) -> Result<Date, DateError> {
    let parts: Vec<&str> = s.split('-').collect();
    if let [y, m, d] = parts.as_slice() {
        if let (Some(year), Some(month), Some(day)) = (digits(y, 4), digits(m, 2), digits(d, 2)) {
            if !(1..=12).contains(&month) {
                return Err(DateError::NoSuchMonth { month });
            }
            if year == 0 {
                return Err(DateError::YearZero);
            }
            if day == 0 || day > days_in_month(year as i32, month) {
                return Err(DateError::NoSuchDay {
                    year: year as i32,
                    month,
                    day,
                });
            }
            return Ok(Date {
                year: year as i32,
                month,
                day,
            });
        }
    }
    let (day_first, ambiguous) = match suggest_day_first(s) {
        Some((iso, ambiguous)) => (Some(iso), ambiguous),
        None => (None, false),
    };
    Err(DateError::NotIsoDate {
        day_first,
        ambiguous,
    })
}

/// `25.12.1990` / `25/12/1990`: the ISO date when the day-first reading is a real date, and
/// whether the month-first reading is one too.
fn suggest_day_first(s: &str) -> Option<(String, bool)> {
    let parts: Vec<&str> = s.split(['.', '/']).collect();
    if let [d, m, y] = parts.as_slice() {
        let two = |x: &str| (1..=2).contains(&x.len()) && x.bytes().all(|b| b.is_ascii_digit());
        if two(d) && two(m) {
            if let (Ok(day), Ok(month), Some(year)) =
                (d.parse::<u32>(), m.parse::<u32>(), digits(y, 4))
            {
                let iso = format!("{year:04}-{month:02}-{day:02}");
                if parse_date(&iso).is_ok() {
                    let ambiguous = day <= 12 && month <= 12 && day != month;
                    return Some((iso, ambiguous));
                }
            }
        }
    }
    None
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    pub date: Date,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// Fraction of a second as written, without the dot (at most 9 digits).
    pub fraction: String,
    /// Offset east of UTC in minutes; 0 when none was written.
    pub offset_minutes: i32,
    pub had_offset: bool,
}

impl Timestamp {
    /// Canonical RFC 3339: `T`, seconds, `Z` for UTC, `±HH:MM` otherwise.
    pub fn to_rfc3339(&self) -> String {
        // Digit by digit rather than through `format!`, whose machinery was a tenth of the
        // instructions of an appointment row's check.
        let mut out = String::with_capacity(26 + self.fraction.len());
        let d = &self.date;
        padded(&mut out, d.year.unsigned_abs(), 4, d.year < 0);
        out.push('-');
        padded(&mut out, d.month, 2, false);
        out.push('-');
        padded(&mut out, d.day, 2, false);
        out.push('T');
        padded(&mut out, self.hour, 2, false);
        out.push(':');
        padded(&mut out, self.minute, 2, false);
        out.push(':');
        padded(&mut out, self.second, 2, false);
        if !self.fraction.is_empty() {
            out.push('.');
            out.push_str(&self.fraction);
        }
        if self.offset_minutes == 0 {
            out.push('Z');
        } else {
            out.push(if self.offset_minutes < 0 { '-' } else { '+' });
            let a = self.offset_minutes.unsigned_abs();
            padded(&mut out, a / 60, 2, false);
            out.push(':');
            padded(&mut out, a % 60, 2, false);
        }
        out
    }

    /// Seconds since 1970-01-01T00:00Z and nanoseconds, for ordering.
    pub fn instant(&self) -> (i64, u32) {
        let days = days_from_civil(self.date.year, self.date.month, self.date.day);
        let secs = days * 86_400 + (self.hour * 3600 + self.minute * 60 + self.second) as i64
            - self.offset_minutes as i64 * 60;
        let mut nanos = self.fraction.clone();
        while nanos.len() < 9 {
            nanos.push('0');
        }
        (secs, nanos.parse().unwrap_or(0))
    }
}

/// `n` in decimal, zero-padded to `width` digits (as `{:0width$}`; a minus sign first when
/// `negative`, as `{:05}` writes -0042 for a 4-digit width plus the sign).
fn padded(out: &mut String, n: u32, width: usize, negative: bool) {
    let mut buf = [0; 20];
    let digits = crate::report_json::decimal(u64::from(n), &mut buf);
    if negative {
        out.push('-');
    }
    for _ in digits.len()..width.saturating_sub(usize::from(negative)) {
        out.push('0');
    }
    out.extend(digits.iter().map(|&b| char::from(b)));
}

fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]][Z|±HH[:MM]|±HHMM]`, or a bare date (midnight).
pub fn parse_timestamp(s: &str) -> Result<Timestamp, DateError> {
    let in_date = |date| DateError::TimestampDate {
        date: Box::new(date),
    };
    if s.len() == 10 {
        let date = parse_date(s).map_err(in_date)?;
        return Ok(Timestamp {
            date,
            hour: 0,
            minute: 0,
            second: 0,
            fraction: String::new(),
            offset_minutes: 0,
            had_offset: false,
        });
    }
    if !s.is_ascii() || s.len() < 16 {
        return Err(DateError::NotTimestamp);
    }
    let (date_part, rest) = s.split_at(10);
    let date = parse_date(date_part).map_err(in_date)?;
    let rest = match rest.as_bytes()[0] {
        b'T' | b't' | b' ' => &rest[1..],
        _ => return Err(DateError::NotTimestamp),
    };
    // Split the clock from the offset at the first Z, + or -.
    let cut = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (clock, offset) = rest.split_at(cut);
    let (hms, fraction) = match clock.split_once(['.', ',']) {
        Some((a, f)) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            (a, f.to_owned())
        }
        Some(_) => return Err(DateError::BadFraction),
        None => (clock, String::new()),
    };
    let mut fields = hms.split(':');
    let (hour, minute, second) = match (fields.next(), fields.next(), fields.next(), fields.next())
    {
        (Some(h), Some(m), None, None) => (digits(h, 2), digits(m, 2), Some(0)),
        (Some(h), Some(m), Some(sec), None) => (digits(h, 2), digits(m, 2), digits(sec, 2)),
        _ => (None, None, None),
    };
    let (Some(hour), Some(minute), Some(second)) = (hour, minute, second) else {
        return Err(DateError::NotTimestamp);
    };
    if hour > 23 || minute > 59 || second > 59 {
        return Err(DateError::NotTimeOfDay {
            hour,
            minute,
            second,
        });
    }
    let (offset_minutes, had_offset) = match offset {
        "" => (0, false),
        "Z" | "z" => (0, true),
        o => (
            parse_offset(o).ok_or_else(|| DateError::BadOffset { offset: o.into() })?,
            true,
        ),
    };
    Ok(Timestamp {
        date,
        hour,
        minute,
        second,
        fraction,
        offset_minutes,
        had_offset,
    })
}

/// `±HH`, `±HHMM` or `±HH:MM`, at most ±23:59.
fn parse_offset(o: &str) -> Option<i32> {
    let sign = match o.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let body = &o[1..];
    let (h, m) = match body.len() {
        2 => (digits(body, 2)?, 0),
        4 => (digits(&body[..2], 2)?, digits(&body[2..], 2)?),
        5 if body.as_bytes()[2] == b':' => (digits(&body[..2], 2)?, digits(&body[3..], 2)?),
        _ => return None,
    };
    (h <= 23 && m <= 59).then_some(sign * (h * 60 + m) as i32)
}

#[cfg(test)]
mod tests {
    /// The hand-written RFC 3339 text is what `format!` wrote before.
    #[test]
    fn rfc3339_text_as_format_writes_it() {
        use super::{Date, Timestamp};
        for (year, month, day, h, m, sec, fraction, offset) in [
            (2024, 5, 1, 12, 0, 0, "", 0),
            (1, 1, 1, 0, 0, 0, "5", -1439),
            (9999, 12, 31, 23, 59, 60, "123456789", 840),
            (-42, 3, 9, 7, 5, 3, "000", 90),
            (12345, 10, 10, 10, 10, 10, "", -60),
        ] {
            let ts = Timestamp {
                date: Date { year, month, day },
                hour: h,
                minute: m,
                second: sec,
                fraction: fraction.to_owned(),
                offset_minutes: offset,
                had_offset: true,
            };
            let frac = if fraction.is_empty() {
                String::new()
            } else {
                format!(".{fraction}")
            };
            let off = if offset == 0 {
                "Z".to_owned()
            } else {
                let a = offset.unsigned_abs();
                format!(
                    "{}{:02}:{:02}",
                    if offset < 0 { '-' } else { '+' },
                    a / 60,
                    a % 60
                )
            };
            let want = format!("{}T{h:02}:{m:02}:{sec:02}{frac}{off}", ts.date);
            assert_eq!(ts.to_rfc3339(), want);
        }
    }

    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(parse_date("2023-02-29")
            .unwrap_err()
            .to_string()
            .contains("no day 29"));
        assert!(parse_date("2023-02-30").is_err());
        assert!(parse_date("1900-02-29").is_err());
        assert!(parse_date("2000-02-29").is_ok());
        assert!(parse_date("2023-13-01")
            .unwrap_err()
            .to_string()
            .contains("month 13"));
        assert!(parse_date("25.12.1990")
            .unwrap_err()
            .to_string()
            .contains("did you mean 1990-12-25?"));
        assert!(parse_date("05.12.1990")
            .unwrap_err()
            .to_string()
            .contains("if it is day-first, 1990-12-05"));
        assert!(parse_date("2023-1-01").is_err());
        assert!(parse_date("").is_err());
    }

    #[test]
    fn timestamps() {
        let t = parse_timestamp("2024-05-01 14:30+0200").unwrap();
        assert_eq!(t.to_rfc3339(), "2024-05-01T14:30:00+02:00");
        assert!(t.had_offset);
        let u = parse_timestamp("2024-05-01T12:30:00Z").unwrap();
        assert_eq!(t.instant(), u.instant());
        let n = parse_timestamp("2024-05-01T12:30:00.5").unwrap();
        assert!(!n.had_offset);
        assert_eq!(n.to_rfc3339(), "2024-05-01T12:30:00.5Z");
        assert!(n.instant() > u.instant());
        assert_eq!(
            parse_timestamp("2024-05-01").unwrap().to_rfc3339(),
            "2024-05-01T00:00:00Z"
        );
        for bad in [
            "2024-05-01T25:00:00Z",
            "2024-05-01T10:00:00+25:00",
            "yesterday",
            "2024-05-01T10",
            "2024-05-01T10:00:00.Z",
            "2024-02-30T10:00:00Z",
            "2024-05-01T10:00:00ü",
        ] {
            assert!(parse_timestamp(bad).is_err(), "{bad}");
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }
}
