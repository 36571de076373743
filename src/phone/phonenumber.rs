//! The optional engine: the `phonenumber` crate (feature `engine-phonenumber`).
//!
//! Kept for comparison with the default engine on the differential corpus
//! (`tests/phone_corpus.rs`, `docs/phone-engines.md`); it is not Google's parser line for line and
//! agrees with the reference noticeably less often than `rlibphonenumber`.
//!
//! Two things are done on top of the plain crate:
//!
//! * **Regex cache.** Every metadata pattern of `phonenumber` is a `regex_cache::CachedRegex` that
//!   compiles on use into one shared LRU `RegexCache` of only 100 entries
//!   (`phonenumber::metadata::DATABASE.cache()`). The metadata has thousands of patterns, so the
//!   small cache thrashes and regexes are recompiled over and over. On first use the engine swaps
//!   the cache's content for a `RegexCache` large enough to hold every pattern, so each one is
//!   compiled once.
//! * **Input guards.** The crate has `unwrap`s and slicing that can panic, and a panic cannot be
//!   caught in wasm (`panic = "abort"`). Inputs are screened before they reach the parser (see
//!   [`screen`]) so that the known panicking shapes never get there.

use std::sync::{Mutex, Once};

use phonenumber::metadata::DATABASE;
use phonenumber::{country, ParseError, PhoneNumber, Type};
use regex_cache::RegexCache;

use super::engine::{NumberType, ParseFailure, PhoneEngine, ValidNumber};

/// Capacity of the regex cache installed by [`install_large_regex_cache`]: comfortably more than
/// the number of distinct patterns in the metadata (about 2,100), so nothing is ever evicted.
pub const REGEX_CACHE_CAPACITY: usize = 4096;

/// Longest input handed to the parser, in bytes. Google's libphonenumber refuses inputs longer
/// than 250 characters (`TOO_LONG`); anything past that is not a phone number anyway.
const MAX_INPUT_BYTES: usize = 250 * 4;
const MAX_INPUT_CHARS: usize = 250;

static INSTALL: Once = Once::new();

/// Replaces the 100-entry LRU behind `DATABASE.cache()` with a [`REGEX_CACHE_CAPACITY`]-entry one.
/// Idempotent; called by [`PhonenumberEngine`] before its first parse.
pub fn install_large_regex_cache() {
    INSTALL.call_once(|| {
        let cache = DATABASE.cache();
        let mut guard = lock(&cache);
        *guard = RegexCache::new(REGEX_CACHE_CAPACITY);
    });
}

/// Number of compiled regexes currently held by the `phonenumber` regex cache.
pub fn regex_cache_len() -> usize {
    let cache = DATABASE.cache();
    let guard = lock(&cache);
    guard.len()
}

fn lock(cache: &Mutex<RegexCache>) -> std::sync::MutexGuard<'_, RegexCache> {
    cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `phonenumber` 0.3.10 (metadata 9.0.33) with a large regex cache.
#[derive(Debug, Clone, Copy)]
pub struct PhonenumberEngine {
    large_cache: bool,
}

impl PhonenumberEngine {
    /// The engine, with the large regex cache installed.
    pub fn new() -> Self {
        install_large_regex_cache();
        PhonenumberEngine { large_cache: true }
    }

    /// The engine on the crate's stock 100-entry regex cache, for measuring what the large cache
    /// buys (`examples/engine_speed.rs`). Has no effect once any [`PhonenumberEngine::new`]
    /// engine has run in the process: the cache is global.
    #[doc(hidden)]
    pub fn with_stock_regex_cache() -> Self {
        PhonenumberEngine { large_cache: false }
    }
}

impl Default for PhonenumberEngine {
    fn default() -> Self {
        Self::new()
    }
}

fn region_id(region: &str) -> Option<country::Id> {
    // `Id` parses more codes than the metadata has; the parser `unwrap`s the metadata lookup, so
    // only regions that have metadata may be passed on.
    let id: country::Id = region.parse().ok()?;
    DATABASE.by_id(id.as_ref())?;
    Some(id)
}

/// Screens an input before it goes to `phonenumber::parse`. Returns the failure to report
/// instead of parsing, or `None` when the input is safe to parse.
///
/// * Inputs longer than Google's 250-character limit are refused (`TooLong`), as Google does.
/// * Control characters other than tab/newline are refused (`NotANumber`); they never belong to
///   a number and keep the byte-slicing paths of the crate on plain text.
/// * An input must hold at least one ASCII digit, or a letter for vanity numbers (`NotANumber`).
fn screen(candidate: &str) -> Option<ParseFailure> {
    if candidate.len() > MAX_INPUT_BYTES || candidate.chars().count() > MAX_INPUT_CHARS {
        return Some(ParseFailure::TooLong);
    }
    if candidate
        .chars()
        .any(|c| c.is_control() && c != '\t' && c != '\n' && c != '\r')
    {
        return Some(ParseFailure::NotANumber);
    }
    if !candidate.chars().any(|c| c.is_numeric()) {
        return Some(ParseFailure::NotANumber);
    }
    None
}

impl PhoneEngine for PhonenumberEngine {
    fn name(&self) -> &'static str {
        "phonenumber"
    }

    fn supports_region(&self, region: &str) -> bool {
        region_id(region).is_some()
    }

    fn parse_valid(
        &self,
        candidate: &str,
        region: Option<&str>,
    ) -> Result<ValidNumber, ParseFailure> {
        if self.large_cache {
            install_large_regex_cache();
        }
        let region = match region {
            Some(code) => Some(region_id(code).ok_or(ParseFailure::InvalidCountryCode)?),
            None => None,
        };
        if let Some(failure) = screen(candidate) {
            return Err(failure);
        }
        let number = phonenumber::parse(region, candidate).map_err(|e| match e {
            ParseError::NoNumber => ParseFailure::NotANumber,
            ParseError::InvalidCountryCode => ParseFailure::InvalidCountryCode,
            ParseError::TooShortAfterIdd => ParseFailure::TooShortAfterIdd,
            ParseError::TooShortNsn => ParseFailure::TooShort,
            ParseError::TooLong => ParseFailure::TooLong,
            ParseError::MalformedInteger(_) => ParseFailure::NotANumber,
        })?;
        if !number.is_valid() {
            return Err(ParseFailure::NotValid);
        }
        Ok(ValidNumber {
            e164: e164(&number),
            region: number.metadata(&DATABASE).map(|m| m.id().to_owned()),
            number_type: map_type(number.number_type(&DATABASE)),
        })
    }
}

/// E.164 without the crate's `Display` formatter, which returns `fmt::Error` (a panic inside
/// `to_string`) for a calling code it has no metadata for.
fn e164(number: &PhoneNumber) -> String {
    format!("+{}{}", number.code().value(), number.national())
}

fn map_type(t: Type) -> NumberType {
    match t {
        Type::FixedLine => NumberType::FixedLine,
        Type::Mobile => NumberType::Mobile,
        Type::FixedLineOrMobile => NumberType::FixedLineOrMobile,
        Type::TollFree => NumberType::TollFree,
        Type::PremiumRate => NumberType::PremiumRate,
        Type::SharedCost => NumberType::SharedCost,
        Type::Voip => NumberType::Voip,
        Type::PersonalNumber => NumberType::PersonalNumber,
        Type::Pager => NumberType::Pager,
        Type::Uan => NumberType::Uan,
        Type::Voicemail => NumberType::Voicemail,
        _ => NumberType::Unknown,
    }
}
