//! The field tables, as data: `schema/fields.json` is compiled into the crate and read once.
//! One [`RowSchema`] per import type drives the one generic row checker in `row.rs`.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use rustc_hash::FxBuildHasher;
use serde::Deserialize;

use crate::options::{CustomFieldType, Options};

/// The three import types of `POST /import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportType {
    Contact,
    Deal,
    Appointment,
}

impl ImportType {
    pub const ALL: [ImportType; 3] = [
        ImportType::Contact,
        ImportType::Deal,
        ImportType::Appointment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ImportType::Contact => "contact_details",
            ImportType::Deal => "deal_details",
            ImportType::Appointment => "appointment_details",
        }
    }

    /// Exact API spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The `entity` of custom fields that apply to rows of this type.
    pub fn entity(self) -> &'static str {
        match self {
            ImportType::Contact => "contact",
            ImportType::Deal => "deal",
            ImportType::Appointment => "appointment",
        }
    }
}

/// How a field's value is checked and normalised.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Uuid,
    Date,
    Timestamp,
    Boolean,
    Integer,
    Number,
    Email,
    /// `whatsapp` / `sms`: a string or a list of strings, resolved to one E.164 number.
    PhoneList,
    /// `country_codes`: regions for the phone lists; consumed, never sent on.
    CountryCodes,
    StringList,
    Enum {
        values: Vec<String>,
        /// False when the docs show only some values: unknown ones are kept with a warning.
        #[serde(default = "yes")]
        complete: bool,
    },
    /// The request's `payload` (checked by request.rs).
    Payload,
}

fn yes() -> bool {
    true
}

/// One line of a field table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FieldSpec {
    #[serde(flatten)]
    pub kind: FieldKind,
    #[serde(default = "yes")]
    pub nullable: bool,
    /// Managed by the server: removed from rows with a warning.
    #[serde(default)]
    pub server: bool,
    /// Counts as a contact identifier.
    #[serde(default)]
    pub identifier: bool,
    /// `contact_id` / `contact_external_id` of deals and appointments.
    #[serde(default)]
    pub contact_reference: bool,
    #[serde(default)]
    pub required: bool,
    /// Request fields only: the import types the field means something for.
    #[serde(default)]
    pub applies_to: Vec<String>,
}

impl FieldSpec {
    fn plain(kind: FieldKind) -> Self {
        FieldSpec {
            kind,
            nullable: true,
            server: false,
            identifier: false,
            contact_reference: false,
            required: false,
            applies_to: Vec::new(),
        }
    }
}

/// The table of one row type (or of the request body).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "TableData")]
pub struct RowSchema {
    /// Unknown keys are always allowed with a warning: the type's schema is not documented.
    pub open: bool,
    /// In key order, for the rules that walk the table.
    fields: BTreeMap<String, FieldSpec>,
    /// The same fields by key, for the lookup of every key of every row: a hash and one
    /// comparison instead of a walk down the tree comparing the key with several others.
    lookup: HashMap<String, FieldSpec, FxBuildHasher>,
}

/// A table as `fields.json` writes it.
#[derive(Deserialize)]
struct TableData {
    #[serde(default)]
    open: bool,
    fields: BTreeMap<String, FieldSpec>,
}

impl From<TableData> for RowSchema {
    fn from(data: TableData) -> Self {
        RowSchema {
            open: data.open,
            lookup: data
                .fields
                .iter()
                .map(|(k, spec)| (k.clone(), spec.clone()))
                .collect(),
            fields: data.fields,
        }
    }
}

impl RowSchema {
    pub fn field(&self, key: &str) -> Option<&FieldSpec> {
        self.lookup.get(key)
    }

    /// The fields in key order.
    pub fn fields(&self) -> &BTreeMap<String, FieldSpec> {
        &self.fields
    }

    /// Adds a field unless the table already has one of that key.
    fn add_field(&mut self, key: &str, spec: impl FnOnce() -> FieldSpec) {
        if !self.fields.contains_key(key) {
            let spec = spec();
            self.lookup.insert(key.to_owned(), spec.clone());
            self.fields.insert(key.to_owned(), spec);
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Schema {
    pub import_request: RowSchema,
    pub contact_details: RowSchema,
    pub deal_details: RowSchema,
    pub appointment_details: RowSchema,
}

impl Schema {
    /// The tables compiled into the crate.
    pub fn embedded() -> &'static Schema {
        static SCHEMA: OnceLock<Schema> = OnceLock::new();
        SCHEMA.get_or_init(|| {
            serde_json::from_str(include_str!("schema/fields.json"))
                .expect("src/schema/fields.json is valid (checked by the schema tests)")
        })
    }

    pub fn rows(&self, t: ImportType) -> &RowSchema {
        match t {
            ImportType::Contact => &self.contact_details,
            ImportType::Deal => &self.deal_details,
            ImportType::Appointment => &self.appointment_details,
        }
    }

    fn rows_mut(&mut self, t: ImportType) -> &mut RowSchema {
        match t {
            ImportType::Contact => &mut self.contact_details,
            ImportType::Deal => &mut self.deal_details,
            ImportType::Appointment => &mut self.appointment_details,
        }
    }

    /// The embedded tables plus the organisation's custom fields and marketing channels.
    /// A custom key that names a built-in field is ignored: the API's own field wins.
    pub fn with_options(options: &Options) -> Schema {
        let mut schema = Schema::embedded().clone();
        for def in &options.custom_fields {
            let Some(t) = ImportType::ALL
                .into_iter()
                .find(|t| t.entity() == def.entity.as_str())
            else {
                continue;
            };
            let kind = match def.field_type {
                CustomFieldType::String => FieldKind::Text,
                CustomFieldType::Datetime => FieldKind::Timestamp,
                CustomFieldType::Boolean => FieldKind::Boolean,
                CustomFieldType::Number => FieldKind::Number,
                CustomFieldType::Date => FieldKind::Date,
                CustomFieldType::StringList => FieldKind::StringList,
            };
            schema
                .rows_mut(t)
                .add_field(&def.key, || FieldSpec::plain(kind));
        }
        let status = FieldKind::Enum {
            values: MARKETING_STATUSES.iter().map(|s| s.to_string()).collect(),
            complete: true,
        };
        for key in &options.marketing_channels {
            schema
                .contact_details
                .add_field(key, || FieldSpec::plain(status.clone()));
        }
        schema
    }
}

/// Values of a marketing subscription (`/marketing_subscription.status`).
pub const MARKETING_STATUSES: [&str; 3] = ["accepted", "declined", "requested"];
