//! Options, as JS passes them (camelCase) and as the core uses them.

use serde::Deserialize;
use serde_json::Value;

pub use crate::messages::Locale;
use crate::phone::{check_country_codes, PhoneEngine};

/// What to do with a row key that no table knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnknownFields {
    /// Keep it and warn (the server may know it, e.g. a field added after this release).
    #[default]
    Warn,
    /// Make the row invalid.
    Error,
    /// Remove it from the normalised row, with a warning.
    Strip,
}

/// `type` of a custom field as `GET /custom_field` returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomFieldType {
    String,
    Datetime,
    Boolean,
    Number,
    Date,
    StringList,
}

/// A custom field definition as `GET /custom_field` returns it; other keys are ignored.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CustomField {
    pub key: String,
    #[serde(rename = "type")]
    pub field_type: CustomFieldType,
    #[serde(default = "contact")]
    pub entity: Entity,
}

fn contact() -> Entity {
    Entity::Contact
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Entity {
    Contact,
    Deal,
    Appointment,
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Contact => "contact",
            Entity::Deal => "deal",
            Entity::Appointment => "appointment",
        }
    }
}

/// A marketing channel given as its key, or as an object with a `key`.
#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "a marketing channel: its key as a string, or an object with a string `key`"
)]
enum ChannelKey {
    Key(String),
    Object { key: String },
}

#[derive(Deserialize, Default)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    expecting = "an options object"
)]
struct RawOptions {
    #[serde(default)]
    default_country_codes: Option<Vec<String>>,
    #[serde(default)]
    unknown_fields: Option<UnknownFields>,
    #[serde(default)]
    custom_fields: Option<Vec<CustomField>>,
    #[serde(default)]
    marketing_channels: Option<Vec<ChannelKey>>,
    /// A `Mapping` (checked by `Mapping::from_json`).
    #[serde(default)]
    mapping: Option<Value>,
    #[serde(default)]
    duplicates: Option<String>,
    #[serde(default)]
    locale: Option<String>,
}

/// Validated options with defaults filled in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    /// Regions tried for a row without `country_codes` (upper case, known to the engine).
    pub default_country_codes: Vec<String>,
    pub unknown_fields: UnknownFields,
    pub custom_fields: Vec<CustomField>,
    /// Keys of the organisation's marketing channels (values accepted / declined / requested).
    pub marketing_channels: Vec<String>,
    /// Columns of a file to fields of the API: applied to every row of its import type before
    /// it is checked (the row reports of invalid rows show the cells as given).
    pub mapping: Option<crate::mapping::Mapping>,
    /// Rows the server would merge (same external id, shared handle): warn or error.
    pub duplicates: crate::duplicates::DuplicatePolicy,
    /// The language of messages (codes and params are the same in every language).
    pub locale: Locale,
}

/// Options that cannot be used; thrown to the caller, since they are a programming error rather
/// than bad data.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OptionsError {
    #[error("invalid options: {0}")]
    Shape(String),
    #[error("invalid options: defaultCountryCodes has unknown country codes: {0}")]
    CountryCodes(String),
    #[error("invalid options: locale must be \"en\" or \"de\", got {0:?}")]
    Locale(String),
}

impl OptionsError {
    pub fn code(&self) -> &'static str {
        "invalid_options"
    }
}

/// The language the options ask for, read leniently (for the message of an options error).
pub fn requested_locale(value: &Value) -> Locale {
    value
        .get("locale")
        .and_then(Value::as_str)
        .and_then(Locale::parse)
        .unwrap_or_default()
}

impl Options {
    /// Reads options from a JSON value (`null` or absent means defaults).
    pub fn from_json(value: &Value, engine: &dyn PhoneEngine) -> Result<Options, OptionsError> {
        let raw: RawOptions = match value {
            Value::Null => RawOptions::default(),
            // The path to what is wrong (`customFields[0].key: …`), so a person finds it.
            v => serde_path_to_error::deserialize(v).map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                OptionsError::Shape(if path == "." {
                    inner.to_string()
                } else {
                    format!("{path}: {inner}")
                })
            })?,
        };
        let locale = match raw.locale.as_deref() {
            None => Locale::En,
            Some(tag) => Locale::parse(tag).ok_or_else(|| OptionsError::Locale(tag.to_owned()))?,
        };
        let codes = raw.default_country_codes.unwrap_or_default();
        let (known, unknown) = check_country_codes(engine, codes.iter().map(String::as_str));
        if !unknown.is_empty() {
            return Err(OptionsError::CountryCodes(unknown.join(", ")));
        }
        let mapping = match raw.mapping {
            None | Some(Value::Null) => None,
            Some(m) => Some(crate::mapping::Mapping::from_json(&m).map_err(OptionsError::Shape)?),
        };
        let duplicates = match raw.duplicates.as_deref() {
            None => crate::duplicates::DuplicatePolicy::Warn,
            Some(name) => crate::duplicates::DuplicatePolicy::from_name(name).ok_or_else(|| {
                OptionsError::Shape(format!(
                    "duplicates must be \"warn\", \"error\", \"keepFirst\", \"keepLast\" or \"off\", got {name:?}"
                ))
            })?,
        };
        Ok(Options {
            locale,
            duplicates,
            mapping,
            default_country_codes: known,
            unknown_fields: raw.unknown_fields.unwrap_or_default(),
            custom_fields: raw.custom_fields.unwrap_or_default(),
            marketing_channels: raw
                .marketing_channels
                .unwrap_or_default()
                .into_iter()
                .map(|c| match c {
                    ChannelKey::Key(k) | ChannelKey::Object { key: k } => k,
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    /// An options error names where it is and what was expected, in words (no Rust type names).
    #[test]
    fn shape_errors_say_where_and_what() {
        let message = |v: Value| match crate::Validator::from_options_json(&v) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{v} was accepted"),
        };
        let key = message(json!({"customFields": [{"key": 5}]}));
        assert!(
            key.starts_with("invalid options: customFields[0].key: "),
            "{key}"
        );
        let whole = message(json!(7));
        assert!(whole.contains("expected an options object"), "{whole}");
        let channel = message(json!({"marketingChannels": [5]}));
        assert!(channel.contains("marketingChannels[0]: "), "{channel}");
        assert!(channel.contains("a marketing channel"), "{channel}");
        for m in [key, whole, channel] {
            assert!(!m.contains("struct") && !m.contains("enum"), "{m}");
        }
    }
}
