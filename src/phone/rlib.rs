//! The default engine: `rlibphonenumber`, a port of Google's libphonenumber that agrees with the
//! reference on 99.97% of the differential corpus (see README, "Phone engines").

use rlibphonenumber::{
    enums::Region, ParseError, PhoneNumberFormat, PhoneNumberType, PHONE_NUMBER_UTIL,
};

use super::engine::{NumberType, ParseFailure, PhoneEngine, ValidNumber};

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

    fn parse_valid(
        &self,
        candidate: &str,
        region: Option<&str>,
    ) -> Result<ValidNumber, ParseFailure> {
        let region = match region {
            Some(code) => {
                Some(Region::from_code(code).map_err(|_| ParseFailure::InvalidCountryCode)?)
            }
            None => None,
        };
        let number = PHONE_NUMBER_UTIL
            .parse(candidate, region)
            .map_err(|e| match e {
                ParseError::InvalidCountryCode => ParseFailure::InvalidCountryCode,
                ParseError::NotANumber(_) => ParseFailure::NotANumber,
                ParseError::TooShortAfterIdd => ParseFailure::TooShortAfterIdd,
                ParseError::TooShortNsn => ParseFailure::TooShort,
                ParseError::TooLongNsn => ParseFailure::TooLong,
            })?;
        if !PHONE_NUMBER_UTIL.is_valid_number(&number) {
            return Err(ParseFailure::NotValid);
        }
        Ok(ValidNumber {
            e164: PHONE_NUMBER_UTIL
                .format(&number, PhoneNumberFormat::E164)
                .into_owned(),
            region: PHONE_NUMBER_UTIL
                .get_region_for_number(&number)
                .map(|r| r.as_region_str().as_str().to_owned()),
            number_type: map_type(PHONE_NUMBER_UTIL.get_number_type(&number)),
        })
    }
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
