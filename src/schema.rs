//! The field tables, as data: `schema/fields.json` is compiled into the crate and read once.
//! One [`RowSchema`] per import type drives the one generic row checker in `row.rs`.
//!
//! The tables are read by hand from a `serde_json::Value` rather than with serde's derive: the
//! derived code for a flattened, internally tagged enum buffers every field through serde's
//! `Content` and is large, and in wasm it was compiled and run on the first call of every
//! process (6.6 ms of a ~40 ms start-up). `Value` parsing is compiled anyway for the bodies.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use rustc_hash::FxBuildHasher;
use serde_json::{Map, Value};

use crate::options::{CustomFieldType, Options};

mod openapi;
pub use openapi::{SchemaSource, TableSource, MAX_DOC_BYTES, MAX_DOC_NODES, MAX_REF_HOPS};

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

/// How a field's value is checked and normalised (`kind` in `fields.json`, snake_case).
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Text,
    Uuid,
    Date,
    Timestamp,
    Boolean,
    Integer,
    /// A Postgres `bigint`: whole numbers in the 64-bit range (from an OpenAPI description).
    BigInteger,
    Number,
    Email,
    /// `whatsapp` / `sms`: a string or a list of strings, resolved to one E.164 number.
    PhoneList,
    /// `country_codes`: regions for the phone lists; consumed, never sent on.
    CountryCodes,
    StringList,
    /// `json` / `jsonb` (from an OpenAPI description): any JSON value, sent as given.
    Json,
    Enum {
        values: Vec<String>,
        /// False when the docs show only some values: unknown ones are kept with a warning.
        complete: bool,
    },
    /// The request's `payload` (checked by request.rs).
    Payload,
}

/// One line of a field table. In `fields.json` every flag may be left out: `nullable`
/// defaults to true, the others to false; `complete` (enums) to true.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSpec {
    pub kind: FieldKind,
    pub nullable: bool,
    /// Managed by the server: removed from rows with a warning.
    pub server: bool,
    /// Counts as a contact identifier.
    pub identifier: bool,
    /// `contact_id` / `contact_external_id` of deals and appointments.
    pub contact_reference: bool,
    pub required: bool,
    /// Request fields only: the import types the field means something for.
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

    /// One field of `fields.json`. Strict: an unknown key or kind is an error, so that a typo
    /// in the table fails the tests instead of quietly meaning the default.
    fn from_json(v: &Value) -> Result<FieldSpec, String> {
        const KEYS: [&str; 9] = [
            "kind",
            "values",
            "complete",
            "nullable",
            "server",
            "identifier",
            "contact_reference",
            "required",
            "applies_to",
        ];
        let m = v.as_object().ok_or("a field must be an object")?;
        if let Some(k) = m.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(format!("unknown key {k:?}"));
        }
        let flag = |k: &str, default: bool| match m.get(k) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(format!("{k} must be true or false")),
        };
        let strings = |k: &str| -> Result<Vec<String>, String> {
            let list = match m.get(k) {
                None => return Ok(Vec::new()),
                Some(Value::Array(list)) => list,
                Some(_) => return Err(format!("{k} must be a list of strings")),
            };
            list.iter()
                .map(|s| s.as_str().map(str::to_owned))
                .collect::<Option<_>>()
                .ok_or_else(|| format!("{k} must be a list of strings"))
        };
        let kind = match m.get("kind").and_then(Value::as_str) {
            Some("text") => FieldKind::Text,
            Some("uuid") => FieldKind::Uuid,
            Some("date") => FieldKind::Date,
            Some("timestamp") => FieldKind::Timestamp,
            Some("boolean") => FieldKind::Boolean,
            Some("integer") => FieldKind::Integer,
            Some("big_integer") => FieldKind::BigInteger,
            Some("json") => FieldKind::Json,
            Some("number") => FieldKind::Number,
            Some("email") => FieldKind::Email,
            Some("phone_list") => FieldKind::PhoneList,
            Some("country_codes") => FieldKind::CountryCodes,
            Some("string_list") => FieldKind::StringList,
            Some("payload") => FieldKind::Payload,
            Some("enum") if !m.contains_key("values") => return Err("an enum needs values".into()),
            Some("enum") => FieldKind::Enum {
                values: strings("values")?,
                complete: flag("complete", true)?,
            },
            other => return Err(format!("unknown kind {other:?}")),
        };
        let enum_only = ["values", "complete"];
        if !matches!(kind, FieldKind::Enum { .. }) && enum_only.iter().any(|k| m.contains_key(*k)) {
            return Err("values and complete are for enums only".into());
        }
        Ok(FieldSpec {
            kind,
            nullable: flag("nullable", true)?,
            server: flag("server", false)?,
            identifier: flag("identifier", false)?,
            contact_reference: flag("contact_reference", false)?,
            required: flag("required", false)?,
            applies_to: strings("applies_to")?,
        })
    }
}

/// The table of one row type (or of the request body).
#[derive(Debug, Clone, PartialEq)]
pub struct RowSchema {
    /// Unknown keys are always allowed with a warning: the type's schema is not documented.
    pub open: bool,
    /// In key order, for the rules that walk the table.
    fields: BTreeMap<String, FieldSpec>,
    /// The same fields by key, for the lookup of every key of every row: a hash and one
    /// comparison instead of a walk down the tree comparing the key with several others.
    lookup: HashMap<String, FieldSpec, FxBuildHasher>,
    /// The keys the per-row rules look up, in key order: for every row, a walk over these few
    /// instead of over the whole table (24 deal columns in a live schema).
    rule_keys: RuleKeys,
}

/// See [`RowSchema::rule_keys`].
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RuleKeys {
    pub required: Vec<String>,
    pub contact_references: Vec<String>,
    pub identifiers: Vec<String>,
}

impl RuleKeys {
    fn of(fields: &BTreeMap<String, FieldSpec>) -> RuleKeys {
        let keys = |flag: fn(&FieldSpec) -> bool| {
            fields
                .iter()
                .filter(|(_, spec)| flag(spec))
                .map(|(k, _)| k.clone())
                .collect()
        };
        RuleKeys {
            required: keys(|s| s.required),
            contact_references: keys(|s| s.contact_reference),
            identifiers: keys(|s| s.identifier),
        }
    }
}

impl RowSchema {
    /// A table of these fields.
    pub(crate) fn new(open: bool, fields: BTreeMap<String, FieldSpec>) -> RowSchema {
        RowSchema {
            open,
            lookup: fields
                .iter()
                .map(|(k, spec)| (k.clone(), spec.clone()))
                .collect(),
            rule_keys: RuleKeys::of(&fields),
            fields,
        }
    }

    /// The keys of the required, contact-reference and identifier fields, in key order.
    pub(crate) fn rule_keys(&self) -> &RuleKeys {
        &self.rule_keys
    }

    /// One table of `fields.json`: `fields`, and `open` (default false); `entity` is
    /// documentation.
    fn from_json(table: &Map<String, Value>) -> Result<RowSchema, String> {
        if let Some(k) = table
            .keys()
            .find(|k| !["fields", "open", "entity"].contains(&k.as_str()))
        {
            return Err(format!("unknown key {k:?}"));
        }
        let open = match table.get("open") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err("open must be true or false".into()),
        };
        let mut fields = BTreeMap::new();
        for (key, spec) in table
            .get("fields")
            .and_then(Value::as_object)
            .ok_or("fields must be an object")?
        {
            let spec = FieldSpec::from_json(spec).map_err(|e| format!("{key}: {e}"))?;
            fields.insert(key.clone(), spec);
        }
        Ok(RowSchema::new(open, fields))
    }

    pub fn field(&self, key: &str) -> Option<&FieldSpec> {
        self.lookup.get(key)
    }

    /// The fields in key order.
    pub fn fields(&self) -> &BTreeMap<String, FieldSpec> {
        &self.fields
    }

    /// The keys a row may carry, in key order: every field but the server-managed ones.
    pub fn sendable(&self) -> impl Iterator<Item = &str> {
        self.fields
            .iter()
            .filter(|(_, f)| !f.server)
            .map(|(k, _)| k.as_str())
    }

    /// Adds a field unless the table already has one of that key.
    fn add_field(&mut self, key: &str, spec: impl FnOnce() -> FieldSpec) {
        if !self.fields.contains_key(key) {
            let spec = spec();
            self.lookup.insert(key.to_owned(), spec.clone());
            self.fields.insert(key.to_owned(), spec);
            self.rule_keys = RuleKeys::of(&self.fields);
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub import_request: RowSchema,
    pub contact_details: RowSchema,
    pub deal_details: RowSchema,
    pub appointment_details: RowSchema,
    /// Where the tables came from (the embedded tables or an OpenAPI description), with the
    /// findings of loading it.
    pub source: SchemaSource,
}

impl Schema {
    /// The tables compiled into the crate.
    pub fn embedded() -> &'static Schema {
        static SCHEMA: OnceLock<Schema> = OnceLock::new();
        SCHEMA.get_or_init(|| {
            Schema::from_json(include_str!("schema/fields.json"))
                .expect("src/schema/fields.json is valid (checked by the schema tests)")
        })
    }

    /// Tables in the shape of `schema/fields.json`; the error names the table and field.
    pub fn from_json(text: &str) -> Result<Schema, String> {
        let all: Map<String, Value> = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if let Some(k) = all.keys().find(|k| {
            !k.starts_with('_')
                && !["import_request"]
                    .into_iter()
                    .chain(ImportType::ALL.map(ImportType::as_str))
                    .any(|t| t == k.as_str())
        }) {
            return Err(format!("unknown table {k:?}"));
        }
        let table = |name: &str| {
            all.get(name)
                .and_then(Value::as_object)
                .ok_or_else(|| format!("table {name} missing"))
                .and_then(|t| RowSchema::from_json(t).map_err(|e| format!("{name}.{e}")))
        };
        let mut schema = Schema {
            import_request: table("import_request")?,
            contact_details: table("contact_details")?,
            deal_details: table("deal_details")?,
            appointment_details: table("appointment_details")?,
            source: SchemaSource::default(),
        };
        schema.source = SchemaSource::embedded(&schema);
        Ok(schema)
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
        Schema::with_options_on(Schema::embedded(), options)
    }

    /// `base` (the embedded tables, or tables from [`Schema::from_openapi`]) plus the
    /// organisation's custom fields and marketing channels.
    pub fn with_options_on(base: &Schema, options: &Options) -> Schema {
        let mut schema = base.clone();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn one(spec: &str) -> Result<FieldSpec, String> {
        let text = format!(
            r#"{{"_doc": "x", "import_request": {{"fields": {{}}}}, "contact_details": {{"entity": "contact", "open": true, "fields": {{"f": {spec}}}}},
                "deal_details": {{"fields": {{}}}}, "appointment_details": {{"fields": {{}}}}}}"#
        );
        Schema::from_json(&text).map(|s| {
            assert!(s.contact_details.open && !s.deal_details.open);
            s.contact_details.field("f").cloned().unwrap()
        })
    }

    #[test]
    fn fields_read_with_their_defaults() {
        assert_eq!(
            one(r#"{"kind": "email"}"#),
            Ok(FieldSpec::plain(FieldKind::Email))
        );
        let spec = one(r#"{"kind": "enum", "values": ["a", "b"], "complete": false, "nullable": false,
            "server": true, "identifier": true, "contact_reference": true, "required": true, "applies_to": ["deal_details"]}"#)
        .unwrap();
        assert_eq!(
            spec,
            FieldSpec {
                kind: FieldKind::Enum {
                    values: vec!["a".into(), "b".into()],
                    complete: false
                },
                nullable: false,
                server: true,
                identifier: true,
                contact_reference: true,
                required: true,
                applies_to: vec!["deal_details".into()],
            }
        );
        assert_eq!(
            one(r#"{"kind": "enum", "values": []}"#).unwrap().kind,
            FieldKind::Enum {
                values: vec![],
                complete: true
            }
        );
    }

    #[test]
    fn typos_in_the_tables_are_errors() {
        for (spec, error) in [
            (r#"{"kind": "emial"}"#, "f: unknown kind Some(\"emial\")"),
            (r#"{"type": "email"}"#, "f: unknown key \"type\""),
            (
                r#"{"kind": "email", "nulable": false}"#,
                "f: unknown key \"nulable\"",
            ),
            (
                r#"{"kind": "email", "nullable": "no"}"#,
                "f: nullable must be true or false",
            ),
            (
                r#"{"kind": "text", "values": ["a"]}"#,
                "f: values and complete are for enums only",
            ),
            (
                r#"{"kind": "enum", "values": [1]}"#,
                "f: values must be a list of strings",
            ),
            (r#"["kind"]"#, "f: a field must be an object"),
            (r#"{"kind": "enum"}"#, "f: an enum needs values"),
        ] {
            assert_eq!(one(spec), Err(format!("contact_details.{error}")), "{spec}");
        }
        assert!(Schema::from_json(r#"{"import_request": {"fields": {}}}"#)
            .unwrap_err()
            .contains("table contact_details missing"));
        assert!(Schema::from_json(r#"{"contacts": {}}"#)
            .unwrap_err()
            .contains("unknown table \"contacts\""));
    }

    /// A few lines of the embedded tables, as the spec gives them.
    #[test]
    fn embedded_tables() {
        let s = Schema::embedded();
        assert_eq!(
            s.contact_details.field("email").unwrap().kind,
            FieldKind::Email
        );
        assert!(s.contact_details.field("created_at").unwrap().server);
        let FieldKind::Enum { values, complete } = &s.import_request.field("type").unwrap().kind
        else {
            panic!("type is an enum")
        };
        assert_eq!(values, &ImportType::ALL.map(|t| t.as_str().to_owned()));
        assert!(complete);
        assert!(!s.import_request.field("payload").unwrap().nullable);
        assert_eq!(
            s.rows(ImportType::Deal).fields().len(),
            s.rows(ImportType::Deal).lookup.len()
        );
    }
}
