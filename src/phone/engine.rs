//! The seam between the resolver and a phone-number library.
//!
//! The resolver only needs "parse this candidate, optionally with a default region; is the result
//! a valid number, and if so what is its E.164 form, region and type". Keeping that behind one
//! small trait lets the default engine (`rlibphonenumber`) and the optional one (`phonenumber`)
//! be swapped and compared on the same corpus.

use std::fmt;

/// What kind of number a valid parse is, as libphonenumber classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberType {
    FixedLine,
    Mobile,
    FixedLineOrMobile,
    TollFree,
    PremiumRate,
    SharedCost,
    Voip,
    PersonalNumber,
    Pager,
    Uan,
    Voicemail,
    Unknown,
}

/// A candidate the engine parsed and judged valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidNumber {
    pub e164: String,
    /// ISO 3166-1 alpha-2 region of the number, or `"001"` for non-geographic numbers.
    pub region: Option<String>,
    pub number_type: NumberType,
}

/// Why one parse of one candidate did not give a valid number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParseFailure {
    /// Nothing in the text looks like a phone number.
    NotANumber,
    /// A `+`/IDD number with an unknown calling code, or a national number with no region to
    /// read it in.
    InvalidCountryCode,
    /// Too few digits after the international prefix.
    TooShortAfterIdd,
    /// Too few digits for any number.
    TooShort,
    /// Too many digits for any number.
    TooLong,
    /// It parses, but the digits are not a valid number of its region.
    NotValid,
}

impl ParseFailure {
    /// Short phrase used in candidate reasons; stable, lower case.
    pub fn phrase(self) -> &'static str {
        match self {
            ParseFailure::NotANumber => "not a phone number",
            ParseFailure::InvalidCountryCode => "no valid country calling code",
            ParseFailure::TooShortAfterIdd => "too short after the international prefix",
            ParseFailure::TooShort => "too short",
            ParseFailure::TooLong => "too long",
            ParseFailure::NotValid => "not a valid number",
        }
    }
}

impl fmt::Display for ParseFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.phrase())
    }
}

/// A phone-number library as the resolver sees it.
pub trait PhoneEngine: Send + Sync {
    /// Engine name as reported in benchmarks and the corpus test.
    fn name(&self) -> &'static str;

    /// Whether `region` (upper-case ISO 3166-1 alpha-2) is a region the engine has metadata for.
    fn supports_region(&self, region: &str) -> bool;

    /// Appends to `out` a shorter text the engine reads exactly as `candidate` and returns true,
    /// when there is one; otherwise leaves `out` as it was and returns false. The resolver
    /// caches and parses that text instead, so `0151 2345-6789` and `015123456789` share one
    /// parse; it writes it into its reused key buffer, so a cache hit allocates nothing for it.
    /// The default keeps every candidate as it is.
    fn canonical_into(&self, _candidate: &str, _out: &mut String) -> bool {
        false
    }

    /// Parses `candidate`, reading a national number in `region` when given (upper-case, already
    /// checked with [`PhoneEngine::supports_region`]); `None` means only international numbers
    /// can succeed. Must never panic, whatever the input.
    fn parse_valid(
        &self,
        candidate: &str,
        region: Option<&str>,
    ) -> Result<ValidNumber, ParseFailure>;
}
