//! Messages, made from a finding's data in one place per language: English is the `Display`
//! of [`Problem`] (its `#[error]` lines), German is [`de`]. Codes and params are the same in
//! every language.

mod de;

use serde::Serialize;

use crate::mapping::MappingReason;
use crate::phone::MissReason;
use crate::report::Problem;

/// The language of messages: `en` (default) or `de`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    De,
}

impl Locale {
    /// `en`, `de`, or a language tag such as `de-AT` (as `navigator.language` gives it).
    pub fn parse(tag: &str) -> Option<Locale> {
        let lang = tag.split(['-', '_']).next().unwrap_or("");
        match lang.to_ascii_lowercase().as_str() {
            "en" => Some(Locale::En),
            "de" => Some(Locale::De),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
        }
    }
}

/// The message of a finding in `locale`. `label` names its field as the person's file does.
pub fn message(problem: &Problem, locale: Locale, label: Option<&str>) -> String {
    match locale {
        Locale::En => problem.to_string(),
        Locale::De => de::message(problem, label),
    }
}

/// Why one entry of a phone list did not give the number, in `locale`.
pub fn phone_reason(why: &MissReason, locale: Locale) -> String {
    match locale {
        Locale::En => why.to_string(),
        Locale::De => de::phone_reason(why),
    }
}

/// Why a column was (or was not) mapped to a field, in `locale`.
pub fn mapping_reason(why: &MappingReason, locale: Locale) -> String {
    match locale {
        Locale::En => why.to_string(),
        Locale::De => de::mapping_reason(why),
    }
}

/// An options error's message in `locale`.
pub fn options_error(e: &crate::options::OptionsError, locale: Locale) -> String {
    match locale {
        Locale::En => e.to_string(),
        Locale::De => de::options_error(e),
    }
}
