//! The phone-list resolver: `whatsapp` / `sms` values, as the import server reads them.
//!
//! Semantics (the server's, as documented on the Create Import page): take the candidates in
//! order; for each, try each region of `country_codes` in order (no region when the list is
//! empty, so only `+…` numbers can succeed); the first parse that the engine says is a valid
//! number wins and becomes E.164.

pub mod engine;
#[cfg(feature = "engine-phonenumber")]
pub mod phonenumber;
pub mod rlib;

use std::borrow::Cow;
use std::collections::HashMap;

use foldhash::fast::RandomState;

use serde::Serialize;

pub use engine::{NumberType, ParseFailure, PhoneEngine, ValidNumber};
pub use rlib::RlibEngine;

/// One entry of a phone list, as the resolver receives it. Borrowed from the row when it is a
/// string there (no copy per entry), owned when it was made (a number's digits).
#[derive(Debug, Clone, PartialEq)]
pub enum Candidate<'a> {
    Text(Cow<'a, str>),
    /// An entry that is not a string (its JSON type), e.g. an object inside the list.
    NotText(&'static str),
}

impl Candidate<'_> {
    /// The entry as reports show it.
    pub(crate) fn input(&self) -> Cow<'_, str> {
        match self {
            Candidate::Text(s) => Cow::Borrowed(s),
            Candidate::NotText(kind) => Cow::Owned(format!("<{kind}>")),
        }
    }
}

/// What happened to one candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateOutcome {
    pub input: String,
    pub ok: bool,
    /// Why the entry did not win, in the caller's language.
    pub reason: Option<String>,
    /// The same as data: `{code, …}` (see [`MissReason`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<MissReason>,
}

/// The result of resolving one phone list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhoneResolution {
    pub ok: bool,
    pub e164: Option<String>,
    /// Position of the winning entry in the list as given (blanks counted).
    pub index: Option<usize>,
    /// Region of the winning number (`"001"` for non-geographic numbers).
    pub region: Option<String>,
    /// libphonenumber's type of the winning number.
    #[serde(rename = "type")]
    pub number_type: Option<NumberType>,
    pub candidates: Vec<CandidateOutcome>,
    /// The other reading of the winning entry when it has two (`4915123456789` in DE: the
    /// server's `+494915123456789`, or `+4915123456789` with a `+` a spreadsheet dropped): the
    /// row check makes that the error `phone_ambiguous`. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ambiguous: Option<String>,
}

/// Why one entry of a phone list did not give the number: data, made into a message per
/// language (`crate::messages`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum MissReason {
    /// Not a string: its JSON type.
    NotText {
        got: &'static str,
    },
    Blank,
    /// An earlier entry is valid.
    NotTried,
    /// A national number and no region to read it in.
    NoCountryCode,
    /// The engine's verdict without a region (`+…` numbers).
    Invalid {
        failure: ParseFailure,
    },
    /// The same verdict in every region tried.
    InvalidIn {
        failure: ParseFailure,
        regions: Vec<String>,
    },
    /// Different verdicts per region, in the order tried.
    InvalidPerRegion {
        failures: Vec<RegionFailure>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionFailure {
    pub region: String,
    pub failure: ParseFailure,
}

impl std::fmt::Display for MissReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MissReason::NotText { got } => write!(f, "not a string ({got})"),
            MissReason::Blank => f.write_str("blank"),
            MissReason::NotTried => f.write_str("not tried: an earlier entry is valid"),
            MissReason::NoCountryCode => {
                f.write_str("no country code: write it as +… or give country_codes")
            }
            MissReason::Invalid { failure } => f.write_str(failure.phrase()),
            MissReason::InvalidIn { failure, regions } => {
                write!(f, "{} (tried {})", failure.phrase(), regions.join(", "))
            }
            MissReason::InvalidPerRegion { failures } => {
                for (i, r) in failures.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{}: {}", r.region, r.failure.phrase())?;
                }
                Ok(())
            }
        }
    }
}

/// One entry of a phone list that did not give the number, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhoneMiss {
    pub input: String,
    pub why: MissReason,
}

/// Splits `country_codes` into the upper-cased codes the engine knows and the ones it does not.
pub fn check_country_codes<'a>(
    engine: &dyn PhoneEngine,
    codes: impl IntoIterator<Item = &'a str>,
) -> (Vec<String>, Vec<String>) {
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for raw in codes {
        let code = raw.trim().to_ascii_uppercase();
        if code.len() == 2
            && code.bytes().all(|b| b.is_ascii_uppercase())
            && engine.supports_region(&code)
        {
            if !known.contains(&code) {
                known.push(code);
            }
        } else {
            unknown.push(raw.to_owned());
        }
    }
    (known, unknown)
}

/// Memo of engine answers per (candidate, region), so a number repeated across rows — the usual
/// case in real files — is parsed once. Bounded so a hostile file cannot grow it without end.
///
/// On a large file the cache is most of a validator's memory, so entries are compact: the region
/// and the candidate share one key string, an answer keeps its E.164 form and region in one boxed
/// string, and lookups build the key in a reused buffer (a hit allocates only the answer it
/// returns). Candidates longer than [`ParseCache::MAX_CANDIDATE_LEN`] are parsed but not kept:
/// no phone number is written that long, and such junk (a pasted paragraph, a 1 MB cell) would
/// otherwise make the cache's size unbounded in bytes.
#[derive(Default)]
pub struct ParseCache {
    map: HashMap<Box<str>, CachedAnswer, RandomState>,
    /// Key buffer: see [`ParseCache::key`].
    key: String,
}

/// An engine answer as the cache keeps it.
enum CachedAnswer {
    /// `text` is the E.164 form followed by the region (when there is one).
    Valid {
        text: Box<str>,
        e164_len: usize,
        has_region: bool,
        number_type: NumberType,
    },
    Invalid(ParseFailure),
}

impl CachedAnswer {
    fn new(answer: &Result<ValidNumber, ParseFailure>) -> Self {
        match answer {
            Ok(valid) => {
                let region = valid.region.as_deref();
                let mut text = String::with_capacity(valid.e164.len() + region.map_or(0, str::len));
                text.push_str(&valid.e164);
                text.push_str(region.unwrap_or(""));
                CachedAnswer::Valid {
                    text: text.into_boxed_str(),
                    e164_len: valid.e164.len(),
                    has_region: region.is_some(),
                    number_type: valid.number_type,
                }
            }
            Err(failure) => CachedAnswer::Invalid(*failure),
        }
    }

    fn answer(&self) -> Result<ValidNumber, ParseFailure> {
        match self {
            CachedAnswer::Valid {
                text,
                e164_len,
                has_region,
                number_type,
            } => {
                // `e164_len` is the end of the E.164 string pushed first: always a char boundary.
                let (e164, region) = (
                    text.get(..*e164_len).unwrap_or_default(),
                    text.get(*e164_len..).unwrap_or_default(),
                );
                Ok(ValidNumber {
                    e164: e164.to_owned(),
                    region: has_region.then(|| region.to_owned()),
                    number_type: *number_type,
                })
            }
            CachedAnswer::Invalid(failure) => Err(*failure),
        }
    }
}

impl ParseCache {
    const MAX_ENTRIES: usize = 200_000;
    /// Longest candidate (in bytes) whose answer is kept.
    pub const MAX_CANDIDATE_LEN: usize = 64;

    pub fn new() -> Self {
        Self::default()
    }

    /// Parses (candidate, region), or answers from the cache.
    ///
    /// The key is built in the reused buffer: `-` without a region; with one, its length, `:`
    /// and the region (the length makes the split unambiguous, so no two pairs share a key);
    /// then the candidate, or the engine's canonical text of it, which is what gets parsed.
    fn parse(
        &mut self,
        engine: &dyn PhoneEngine,
        candidate: &str,
        region: Option<&str>,
    ) -> Result<ValidNumber, ParseFailure> {
        self.key.clear();
        match region {
            Some(r) => {
                // `write!` would cost more than the lookup itself.
                let mut buf = [0; 20];
                let digits = crate::report_json::decimal(r.len() as u64, &mut buf);
                self.key.extend(digits.iter().map(|&d| char::from(d)));
                self.key.push(':');
                self.key.push_str(r);
            }
            None => self.key.push('-'),
        }
        let start = self.key.len();
        if !engine.canonical_into(candidate, &mut self.key) {
            // Not copied when it cannot be kept anyway (a 50 MB cell, say).
            if candidate.len() > Self::MAX_CANDIDATE_LEN {
                return engine.parse_valid(candidate, region);
            }
            self.key.push_str(candidate);
        }
        let text = &self.key[start..];
        if text.len() > Self::MAX_CANDIDATE_LEN {
            return engine.parse_valid(text, region);
        }
        if let Some(hit) = self.map.get(self.key.as_str()) {
            return hit.answer();
        }
        let result = engine.parse_valid(text, region);
        if self.map.len() >= Self::MAX_ENTRIES {
            self.map.clear();
        }
        self.map
            .insert(self.key.as_str().into(), CachedAnswer::new(&result));
        result
    }
}

/// The server's rule itself: the first entry valid in one of the regions wins, as
/// `(its index, the number)`. Every entry tried before (all of them, when none wins) is
/// reported to `missed` with the reason. Shared by [`resolve`], which describes every entry,
/// and the row check, which needs only the number or the reasons.
pub(crate) fn first_valid<'c, 'a>(
    engine: &dyn PhoneEngine,
    cache: &mut ParseCache,
    candidates: &'c [Candidate<'a>],
    regions: &[String],
    mut missed: impl FnMut(&'c Candidate<'a>, MissReason),
) -> Option<(usize, ValidNumber)> {
    for (i, candidate) in candidates.iter().enumerate() {
        let text = match candidate {
            Candidate::NotText(kind) => {
                missed(candidate, MissReason::NotText { got: kind });
                continue;
            }
            Candidate::Text(t) => t.as_ref(),
        };
        if is_blank(text) {
            missed(candidate, MissReason::Blank);
            continue;
        }
        match try_regions(engine, cache, text, regions) {
            Ok(valid) => return Some((i, valid)),
            Err(why) => missed(candidate, why),
        }
    }
    None
}

/// Resolves a phone list. `regions` must already be checked with [`check_country_codes`].
pub fn resolve(
    engine: &dyn PhoneEngine,
    cache: &mut ParseCache,
    candidates: &[Candidate],
    regions: &[String],
    locale: crate::messages::Locale,
) -> PhoneResolution {
    let mut outcomes = Vec::with_capacity(candidates.len());
    let winner = first_valid(engine, cache, candidates, regions, |candidate, miss| {
        outcomes.push(CandidateOutcome {
            input: candidate.input().into_owned(),
            ok: false,
            reason: Some(crate::messages::phone_reason(&miss, locale)),
            why: Some(miss),
        })
    });
    match winner {
        Some((index, valid)) => {
            let ambiguous = match &candidates[index] {
                Candidate::Text(text) => lost_plus_reading(engine, cache, text, &valid),
                Candidate::NotText(_) => None,
            };
            outcomes.push(CandidateOutcome {
                input: candidates[index].input().into_owned(),
                ok: true,
                reason: None,
                why: None,
            });
            outcomes.extend(candidates[index + 1..].iter().map(|c| CandidateOutcome {
                input: c.input().into_owned(),
                ok: false,
                reason: Some(crate::messages::phone_reason(&MissReason::NotTried, locale)),
                why: Some(MissReason::NotTried),
            }));
            PhoneResolution {
                ok: true,
                e164: Some(valid.e164),
                index: Some(index),
                region: valid.region,
                number_type: Some(valid.number_type),
                candidates: outcomes,
                ambiguous,
            }
        }
        None => PhoneResolution {
            ok: false,
            e164: None,
            index: None,
            region: None,
            number_type: None,
            candidates: outcomes,
            ambiguous: None,
        },
    }
}

/// The other reading of a number the server read as national although its digits begin with
/// the calling code of the region it was read in (`4915123456789` in DE: `+494915123456789`,
/// or `+4915123456789` with the `+` a spreadsheet drops from a number cell). `Some` only when
/// both readings are valid numbers and differ: then no one can tell which was meant.
pub(crate) fn lost_plus_reading(
    engine: &dyn PhoneEngine,
    cache: &mut ParseCache,
    text: &str,
    national: &ValidNumber,
) -> Option<String> {
    // Most entries start with `+` or `0`: no copy for them.
    if !matches!(text.trim_start().as_bytes().first(), Some(b'1'..=b'9')) {
        return None;
    }
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '-' | '.' | '/' | '(' | ')'))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.starts_with('0') {
        return None;
    }
    let code = national
        .e164
        .strip_prefix('+')?
        .strip_suffix(digits.as_str())?;
    if code.is_empty() || !digits.starts_with(code) {
        return None;
    }
    let international = cache.parse(engine, &format!("+{digits}"), None).ok()?;
    (international.e164 != national.e164).then_some(international.e164)
}

/// Blank means nothing but white space (including the invisible marks spreadsheets leave).
pub(crate) fn is_blank(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
    })
}

fn try_regions(
    engine: &dyn PhoneEngine,
    cache: &mut ParseCache,
    text: &str,
    regions: &[String],
) -> Result<ValidNumber, MissReason> {
    if regions.is_empty() {
        return cache.parse(engine, text, None).map_err(|f| match f {
            ParseFailure::InvalidCountryCode if !text.trim_start().starts_with('+') => {
                MissReason::NoCountryCode
            }
            failure => MissReason::Invalid { failure },
        });
    }
    let mut failures: Vec<(&str, ParseFailure)> = Vec::with_capacity(regions.len());
    for region in regions {
        match cache.parse(engine, text, Some(region)) {
            Ok(valid) => return Ok(valid),
            Err(f) => failures.push((region, f)),
        }
    }
    Err(describe_failures(&failures))
}

fn describe_failures(failures: &[(&str, ParseFailure)]) -> MissReason {
    let first = failures[0].1;
    if failures.iter().all(|(_, f)| *f == first) {
        return MissReason::InvalidIn {
            failure: first,
            regions: failures.iter().map(|(r, _)| (*r).to_owned()).collect(),
        };
    }
    MissReason::InvalidPerRegion {
        failures: failures
            .iter()
            .map(|(r, f)| RegionFailure {
                region: (*r).to_owned(),
                failure: *f,
            })
            .collect(),
    }
}
