//! The default engine: `rlibphonenumber`, a port of Google's libphonenumber that agrees with the
//! reference on every list of the differential corpus (see README, "Phone engines").

use std::borrow::Cow;

use rlibphonenumber::{
    enums::Region, ParseError, PhoneNumberFormat, PhoneNumberType, PHONE_NUMBER_UTIL,
};

use super::engine::{NumberType, ParseFailure, PhoneEngine, ValidNumber};

/// `MAX_INPUT_STRING_LENGTH` of Google's libphonenumber.
const MAX_INPUT_LEN: usize = 250;

/// Google libphonenumber semantics through `rlibphonenumber` (metadata 9.0.42).
#[derive(Debug, Default, Clone, Copy)]
pub struct RlibEngine;

impl PhoneEngine for RlibEngine {
    fn name(&self) -> &'static str {
        "rlibphonenumber"
    }

    fn supports_region(&self, region: &str) -> bool {
        // `Region::from_code` accepts all 676 letter pairs; only those with metadata count.
        match Region::from_code(region) {
            Ok(r) if r != Region::World => {
                PHONE_NUMBER_UTIL.get_country_code_for_region(r).is_some()
            }
            _ => false,
        }
    }

    fn canonical_into(&self, candidate: &str, out: &mut String) -> bool {
        simple_canonical_into(candidate, out)
    }

    fn parse_valid(
        &self,
        candidate: &str,
        region: Option<&str>,
    ) -> Result<ValidNumber, ParseFailure> {
        // rlibphonenumber 2.2.15 slices `number[tel: .. ;phone-context=]` without checking the
        // order and panics when `tel:` comes after the phone context (a trap in wasm). Google's
        // Java throws there too, so "not a number" is the reference answer.
        // (A `;` first: a byte scan, where each substring search sets up a searcher, and
        // nearly no candidate has a `;`.)
        if candidate.contains(';') {
            if let (Some(context), Some(tel)) =
                (candidate.find(";phone-context="), candidate.find("tel:"))
            {
                if tel > context {
                    return Err(ParseFailure::NotANumber);
                }
            }
        }
        // Google's libphonenumber refuses inputs over 250 UTF-16 units as TOO_LONG before any
        // work; rlibphonenumber only finds out after scanning them (seconds for a 50 MB cell).
        if candidate.len() > MAX_INPUT_LEN && candidate.encode_utf16().count() > MAX_INPUT_LEN {
            return Err(ParseFailure::TooLong);
        }
        // Its punctuation set lacks the full-width tilde that Google's lists as a separator;
        // read it as the ASCII one, which Google treats the same everywhere.
        let candidate: Cow<'_, str> = if candidate.contains('\u{FF5E}') {
            Cow::Owned(candidate.replace('\u{FF5E}', "~"))
        } else {
            Cow::Borrowed(candidate)
        };
        let region = match region {
            Some(code) => {
                Some(Region::from_code(code).map_err(|_| ParseFailure::InvalidCountryCode)?)
            }
            None => None,
        };
        let number = PHONE_NUMBER_UTIL
            .parse(&candidate, region)
            .map_err(|e| match e {
                ParseError::InvalidCountryCode => ParseFailure::InvalidCountryCode,
                ParseError::NotANumber(_) => ParseFailure::NotANumber,
                ParseError::TooShortAfterIdd => ParseFailure::TooShortAfterIdd,
                ParseError::TooShortNsn => ParseFailure::TooShort,
                ParseError::TooLongNsn => ParseFailure::TooLong,
            })?;
        // `is_valid_number(n)` is exactly `get_number_type(n) != Unknown`: both find the number's
        // region, then run the same type patterns on that region's metadata. Asking for the type
        // once saves, per valid number, a second region search and a second pass over the type
        // patterns (for a shared calling code such as +1 the region search itself runs the type
        // patterns of the code's regions).
        let number_type = PHONE_NUMBER_UTIL.get_number_type(&number);
        if number_type == PhoneNumberType::Unknown {
            return Err(ParseFailure::NotValid);
        }
        Ok(ValidNumber {
            e164: PHONE_NUMBER_UTIL
                .format(&number, PhoneNumberFormat::E164)
                .into_owned(),
            region: PHONE_NUMBER_UTIL
                .get_region_for_number(&number)
                .map(|r| r.as_region_str().as_str().to_owned()),
            number_type: map_type(number_type),
        })
    }
}

/// The digits of a candidate written only with ASCII digits, the separators ` -./()` and at most
/// one `+` before the first digit, with that `+` kept, after an optional label of ASCII letters
/// and `:` (`tel:`, `Tel.`, `Mobil:`): e.g. `(+31) 6-1234 5395` → `+31612345395`,
/// `tel:+4915123456789` → `+4915123456789`.
///
/// libphonenumber reads such a text exactly as its digits: it drops what comes before the first
/// `+` or digit (the label), and every later step up to the national number (the viability
/// pattern, the extension patterns, which need a letter, `#`, `~`, `;` or `,` after the
/// number's start, and the second-number pattern, which needs an `x`) either accepts these
/// separators or strips them; the rest of the parse works on the digits alone. The engine
/// (patched, see vendor/rlibphonenumber/PATCHES.md) skips the generic patterns for a text of
/// plain digits, so a canonical text parses several times faster, and differently written
/// copies of one number share one cache entry.
///
/// Nothing (false, `out` unchanged: parse the text as given) for anything else: letters or
/// other characters after the first digit or `+`, a `+` after a digit, fewer than 3 digits
/// (where the viability pattern's two-digit rule decides), more than 250 characters (refused as
/// too long by the reference before anything else), or a text that is already its own
/// canonical form.
pub(crate) fn simple_canonical_into(candidate: &str, out: &mut String) -> bool {
    if candidate.len() > MAX_INPUT_LEN {
        return false;
    }
    let start = out.len();
    let mut digits = 0usize;
    for b in candidate.bytes() {
        match b {
            b'0'..=b'9' => {
                out.push(char::from(b));
                digits += 1;
            }
            b' ' | b'-' | b'.' | b'/' | b'(' | b')' => {}
            // Only before any digit, so it can only be the number's leading plus.
            b'+' if out.len() == start => out.push('+'),
            // A label, only before the number starts.
            b'a'..=b'z' | b'A'..=b'Z' | b':' if out.len() == start => {}
            _ => {
                out.truncate(start);
                return false;
            }
        }
    }
    if digits >= 3 && out.len() - start != candidate.len() {
        return true;
    }
    out.truncate(start);
    false
}

fn map_type(t: PhoneNumberType) -> NumberType {
    match t {
        PhoneNumberType::FixedLine => NumberType::FixedLine,
        PhoneNumberType::Mobile => NumberType::Mobile,
        PhoneNumberType::FixedLineOrMobile => NumberType::FixedLineOrMobile,
        PhoneNumberType::TollFree => NumberType::TollFree,
        PhoneNumberType::PremiumRate => NumberType::PremiumRate,
        PhoneNumberType::SharedCost => NumberType::SharedCost,
        PhoneNumberType::VoIP => NumberType::Voip,
        PhoneNumberType::PersonalNumber => NumberType::PersonalNumber,
        PhoneNumberType::Pager => NumberType::Pager,
        PhoneNumberType::UAN => NumberType::Uan,
        PhoneNumberType::VoiceMail => NumberType::Voicemail,
        _ => NumberType::Unknown,
    }
}
