//! The field tables from the API's own description: PostgREST serves an OpenAPI document of
//! every table and view it exposes at its root (Swagger 2.0; OpenAPI 3.x is read too).
//!
//! Each import type takes the definition of its view or table (`contact_details`, else
//! `contact`; `deal_details`, else `deal`; `appointment_details`, else `appointment`). A column's
//! `format` (the Postgres type) gives its kind, `enum` its values, `required` (NOT NULL without
//! a default) its nullability, a default of `now()` or a generated id makes it server-managed.
//! What a database column cannot say comes from the embedded tables, overlaid: phone lists,
//! `email`, `country_codes`, the contact references and identifiers, presence rules.
//!
//! Never panics, whatever the document: it is walked without recursion, `$ref` chains are
//! followed at most [`MAX_REF_HOPS`] times with cycle detection, and a document of more than
//! [`MAX_DOC_NODES`] JSON values (or [`MAX_DOC_BYTES`] of text) is refused with one error.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value};

use super::{FieldKind, FieldSpec, ImportType, RowSchema, Schema};
use crate::report::{Issue, Problem};

/// The largest document text read (16 MiB; a PostgREST description of a few hundred tables is
/// well under 1 MiB).
pub const MAX_DOC_BYTES: usize = 16 << 20;
/// The most JSON values (objects, arrays, strings, ...) a document may hold.
pub const MAX_DOC_NODES: usize = 1_000_000;
/// The longest chain of `$ref`s followed for one definition or column.
pub const MAX_REF_HOPS: usize = 32;

/// Where a [`Schema`]'s tables came from.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SchemaSource {
    /// `embedded` (the tables compiled into the crate) or `openapi`.
    pub source: &'static str,
    /// The document's `info.title` and `info.version`.
    pub title: Option<String>,
    pub version: Option<String>,
    /// The document's `swagger` or `openapi` version (`2.0`, `3.0.3`, ...).
    pub spec: Option<String>,
    /// Per import type: where its table came from.
    pub tables: BTreeMap<&'static str, TableSource>,
    /// What loading the document found (`schema_unknown_format`, `schema_table_missing`), each
    /// with its data in `params`.
    pub issues: Vec<Issue>,
}

/// Where one import type's table came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableSource {
    /// `embedded` or `openapi`.
    pub source: &'static str,
    /// The document's definition used (`deal_details`, `deal`, ...).
    pub definition: Option<String>,
    /// Fields of the table (before custom fields and marketing channels are added).
    pub fields: usize,
    /// Unknown keys are always kept with a warning (the embedded deal table: barely documented).
    pub open: bool,
}

impl SchemaSource {
    pub(crate) fn embedded(schema: &Schema) -> SchemaSource {
        SchemaSource {
            source: "embedded",
            tables: ImportType::ALL
                .into_iter()
                .map(|t| {
                    let table = TableSource {
                        source: "embedded",
                        definition: None,
                        fields: schema.rows(t).fields().len(),
                        open: schema.rows(t).open,
                    };
                    (t.as_str(), table)
                })
                .collect(),
            ..SchemaSource::default()
        }
    }
}

fn invalid(reason: &'static str, path: impl Into<String>) -> Problem {
    Problem::InvalidSchema {
        reason,
        path: path.into(),
    }
}

/// The definition names tried for an import type, in order: the `_details` view the import
/// writes through, then the plain table.
pub fn definition_names(t: ImportType) -> [&'static str; 2] {
    [t.as_str(), t.entity()]
}

impl Schema {
    /// Tables from an OpenAPI description given as JSON text (at most [`MAX_DOC_BYTES`]).
    pub fn from_openapi_text(text: &str) -> Result<Schema, Problem> {
        if text.len() > MAX_DOC_BYTES {
            return Err(invalid("too_large", ""));
        }
        let doc: Value = serde_json::from_str(text).map_err(|e| {
            if e.to_string().contains("recursion limit") {
                invalid("too_deep", "")
            } else {
                invalid(
                    "not_json",
                    format!("line {} column {}", e.line(), e.column()),
                )
            }
        })?;
        Schema::from_openapi(&doc)
    }

    /// Tables from an OpenAPI description (Swagger 2.0 as PostgREST serves it, or OpenAPI 3.x).
    /// A type whose definition the document lacks keeps its embedded table (with a
    /// `schema_table_missing` notice); load findings are in `source.issues`. A document that
    /// cannot be read is one `invalid_schema` error naming the reason and where.
    pub fn from_openapi(doc: &Value) -> Result<Schema, Problem> {
        count_nodes(doc)?;
        let root = doc
            .as_object()
            .ok_or_else(|| invalid("not_an_object", "#"))?;
        let (spec, definitions, prefix, defs_path) =
            match (root.get("swagger"), root.get("openapi")) {
                (Some(Value::String(v)), None) if v.starts_with("2.") => (
                    v.clone(),
                    root.get("definitions"),
                    "#/definitions/",
                    "#/definitions",
                ),
                (None, Some(Value::String(v))) if v.starts_with("3.") => (
                    v.clone(),
                    match root.get("components") {
                        None => None,
                        Some(Value::Object(c)) => c.get("schemas"),
                        Some(_) => return Err(invalid("wrong_type", "#/components")),
                    },
                    "#/components/schemas/",
                    "#/components/schemas",
                ),
                (None, None) => return Err(invalid("not_openapi", "#")),
                (Some(_), _) => return Err(invalid("unsupported_version", "#/swagger")),
                (_, Some(_)) => return Err(invalid("unsupported_version", "#/openapi")),
            };
        let empty = Map::new();
        let definitions = match definitions {
            None => &empty,
            Some(Value::Object(d)) => d,
            Some(_) => return Err(invalid("wrong_type", defs_path)),
        };
        let doc = Doc {
            definitions,
            prefix,
        };
        let info = root.get("info").and_then(Value::as_object);
        let info_text = |k: &str| {
            info.and_then(|i| i.get(k))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let embedded = Schema::embedded();
        let mut schema = embedded.clone();
        schema.source = SchemaSource {
            source: "openapi",
            title: info_text("title"),
            version: info_text("version"),
            spec: Some(spec),
            tables: BTreeMap::new(),
            issues: Vec::new(),
        };
        let server_names = server_names(embedded);
        for t in ImportType::ALL {
            let found = definition_names(t)
                .into_iter()
                .find(|name| definitions.contains_key(*name));
            let table = match found {
                Some(name) => {
                    let table = doc.table(
                        name,
                        embedded.rows(t),
                        &server_names,
                        &mut schema.source.issues,
                    )?;
                    schema.source.tables.insert(
                        t.as_str(),
                        TableSource {
                            source: "openapi",
                            definition: Some(name.to_owned()),
                            fields: table.fields().len(),
                            open: table.open,
                        },
                    );
                    table
                }
                None => {
                    schema.source.issues.push(
                        Problem::SchemaTableMissing {
                            import_type: t.as_str().to_owned(),
                            tried: definition_names(t).map(str::to_owned).to_vec(),
                        }
                        .at(None),
                    );
                    schema.source.tables.insert(
                        t.as_str(),
                        TableSource {
                            source: "embedded",
                            definition: None,
                            fields: embedded.rows(t).fields().len(),
                            open: embedded.rows(t).open,
                        },
                    );
                    continue;
                }
            };
            *schema.rows_mut(t) = table;
        }
        Ok(schema)
    }

    /// The findings of loading the schema (none for the embedded tables).
    pub fn issues(&self) -> &[Issue] {
        &self.source.issues
    }
}

/// Refuses a document of more than [`MAX_DOC_NODES`] values, counting without recursion.
fn count_nodes(doc: &Value) -> Result<(), Problem> {
    let mut stack = vec![doc];
    let mut count = 0usize;
    while let Some(v) = stack.pop() {
        count += 1;
        if count > MAX_DOC_NODES {
            return Err(invalid("too_large", "#"));
        }
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(m) => stack.extend(m.values()),
            _ => {}
        }
    }
    Ok(())
}

/// Names of the fields any embedded table marks server-managed (`created_at`, `updated_at`,
/// `organisation_id`, `fts`, ...): server-managed in every table the document gives.
fn server_names(embedded: &Schema) -> BTreeSet<&str> {
    ImportType::ALL
        .into_iter()
        .flat_map(|t| embedded.rows(t).fields().iter())
        .filter(|(_, s)| s.server)
        .map(|(k, _)| k.as_str())
        .collect()
}

struct Doc<'a> {
    definitions: &'a Map<String, Value>,
    /// `#/definitions/` or `#/components/schemas/`.
    prefix: &'static str,
}

/// A JSON pointer segment, escaped.
fn segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

impl<'a> Doc<'a> {
    /// `v` with its `$ref`s followed (and a single-entry `allOf` taken as its entry).
    fn resolve(&self, mut v: &'a Value, path: &str) -> Result<(&'a Value, String), Problem> {
        let mut path = path.to_owned();
        let mut seen = BTreeSet::new();
        for _ in 0..=MAX_REF_HOPS {
            let Value::Object(m) = v else {
                return Ok((v, path));
            };
            if let Some(r) = m.get("$ref") {
                let r = r
                    .as_str()
                    .ok_or_else(|| invalid("wrong_type", format!("{path}/$ref")))?;
                if !seen.insert(r) {
                    return Err(invalid("ref_cycle", path));
                }
                let name = r
                    .strip_prefix(self.prefix)
                    .ok_or_else(|| invalid("ref_unsupported", format!("{path}/$ref")))?
                    .replace("~1", "/")
                    .replace("~0", "~");
                v = self
                    .definitions
                    .get(&name)
                    .ok_or_else(|| invalid("ref_unresolved", format!("{path}/$ref")))?;
                path = format!("{}{}", self.prefix, segment(&name));
                continue;
            }
            match m.get("allOf") {
                Some(Value::Array(all)) if all.len() == 1 => {
                    v = &all[0];
                    path = format!("{path}/allOf/0");
                }
                _ => return Ok((v, path)),
            }
        }
        Err(invalid("ref_too_deep", path))
    }

    /// The table of the definition `name`, overlaid with the embedded table of its type.
    fn table(
        &self,
        name: &str,
        embedded: &RowSchema,
        server_names: &BTreeSet<&str>,
        issues: &mut Vec<Issue>,
    ) -> Result<RowSchema, Problem> {
        let path = format!("{}{}", self.prefix, segment(name));
        let (def, path) = self.resolve(&self.definitions[name], &path)?;
        let def = def
            .as_object()
            .ok_or_else(|| invalid("wrong_type", path.clone()))?;
        let required: BTreeSet<&str> = match def.get("required") {
            None => BTreeSet::new(),
            Some(Value::Array(list)) => list
                .iter()
                .map(Value::as_str)
                .collect::<Option<_>>()
                .ok_or_else(|| invalid("wrong_type", format!("{path}/required")))?,
            Some(_) => return Err(invalid("wrong_type", format!("{path}/required"))),
        };
        let properties = match def.get("properties") {
            None => return Err(invalid("no_properties", path)),
            Some(Value::Object(p)) => p,
            Some(_) => return Err(invalid("wrong_type", format!("{path}/properties"))),
        };
        let mut fields = BTreeMap::new();
        for (column, prop) in properties {
            let prop_path = format!("{path}/properties/{}", segment(column));
            let (prop, prop_path) = self.resolve(prop, &prop_path)?;
            let col = self.column(prop, &prop_path)?;
            let known = embedded.field(column);
            let server = match known {
                Some(e) => e.server,
                None => server_names.contains(column.as_str()) || col.server_default,
            };
            let kind = match (known.map(|e| &e.kind), col.kind) {
                // What a database column cannot say: the phone lists, the email check.
                (
                    Some(k @ (FieldKind::PhoneList | FieldKind::CountryCodes | FieldKind::Email)),
                    _,
                ) => k.clone(),
                (_, Some(kind)) => kind,
                (_, None) => {
                    if !server {
                        issues.push(
                            Problem::SchemaUnknownFormat {
                                table: name.to_owned(),
                                column: column.clone(),
                                format: col.format.unwrap_or_default(),
                            }
                            .at(Some(column)),
                        );
                    }
                    col.fallback
                }
            };
            let nullable = !required.contains(column.as_str()) && known.is_none_or(|e| e.nullable);
            fields.insert(
                column.clone(),
                FieldSpec {
                    kind,
                    nullable,
                    server,
                    identifier: known.is_some_and(|e| e.identifier),
                    contact_reference: known.is_some_and(|e| e.contact_reference),
                    required: known.is_some_and(|e| e.required),
                    applies_to: Vec::new(),
                },
            );
        }
        // Import-only fields no table has: `country_codes`, `contact_external_id`.
        for (key, spec) in embedded.fields() {
            if !fields.contains_key(key)
                && (spec.kind == FieldKind::CountryCodes || spec.contact_reference)
            {
                fields.insert(key.clone(), spec.clone());
            }
        }
        Ok(RowSchema::new(false, fields))
    }

    /// One column: its kind (`None`: a format this library does not know), and whether its
    /// default is the server's (`now()`, a generated id).
    fn column(&self, prop: &Value, path: &str) -> Result<Column, Problem> {
        let prop = prop
            .as_object()
            .ok_or_else(|| invalid("wrong_type", path))?;
        let text = |k: &str| match prop.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(invalid("wrong_type", format!("{path}/{k}"))),
        };
        let format = text("format")?;
        // OpenAPI 3.1 writes a nullable type as ["string", "null"].
        let ty = match prop.get("type") {
            Some(Value::Array(types)) => types
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null"),
            _ => text("type")?,
        };
        let values = match prop.get("enum") {
            None | Some(Value::Null) => None,
            Some(Value::Array(values)) => Some(
                values
                    .iter()
                    .filter(|v| !v.is_null())
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| invalid("wrong_type", format!("{path}/enum")))?,
            ),
            Some(_) => return Err(invalid("wrong_type", format!("{path}/enum"))),
        };
        let server_default = match prop.get("default") {
            Some(Value::String(d)) => {
                let d = d.to_ascii_lowercase();
                [
                    "now()",
                    "current_timestamp",
                    "clock_timestamp()",
                    "statement_timestamp()",
                    "transaction_timestamp()",
                    "gen_random_uuid()",
                    "uuid_generate_v4()",
                    "nextval(",
                ]
                .iter()
                .any(|f| d.contains(f))
            }
            _ => false,
        };
        let items = match prop.get("items") {
            Some(items) => Some(self.resolve(items, &format!("{path}/items"))?.0),
            None => None,
        };
        let string_items =
            items.and_then(|i| i.get("type")).and_then(Value::as_str) == Some("string");
        let kind = match values {
            Some(values) if !values.is_empty() && ty != Some("array") => Some(FieldKind::Enum {
                values,
                complete: true,
            }),
            _ => match format {
                Some(f) => kind_of_format(f),
                None => match ty {
                    Some("string") | None => Some(FieldKind::Text),
                    Some("integer") => Some(FieldKind::Integer),
                    Some("number") => Some(FieldKind::Number),
                    Some("boolean") => Some(FieldKind::Boolean),
                    Some("array") if string_items => Some(FieldKind::StringList),
                    Some("array") => Some(FieldKind::Json),
                    Some("object") => Some(FieldKind::Json),
                    Some(_) => None,
                },
            },
        };
        // A type this library does not know is checked as text; an array of one as a list
        // (of strings when its items are strings, else any JSON), not as one string.
        let array = ty == Some("array") || format.is_some_and(|f| f.trim_end().ends_with("[]"));
        let fallback = match (array, string_items) {
            (false, _) => FieldKind::Text,
            (true, true) => FieldKind::StringList,
            (true, false) => FieldKind::Json,
        };
        Ok(Column {
            kind,
            fallback,
            format: format.or(ty).map(str::to_owned),
            server_default,
        })
    }
}

struct Column {
    kind: Option<FieldKind>,
    /// The kind of a column whose format is unknown.
    fallback: FieldKind,
    format: Option<String>,
    server_default: bool,
}

/// The kind of a Postgres type name (PostgREST's `format`), or a JSON-schema format.
fn kind_of_format(format: &str) -> Option<FieldKind> {
    let f = format.trim().to_ascii_lowercase();
    if let Some(element) = f.strip_suffix("[]") {
        return match kind_of_format(element) {
            Some(FieldKind::Text) => Some(FieldKind::StringList),
            _ => None,
        };
    }
    // `character varying(255)`, `numeric(10,2)`: the type without its modifier.
    let base = f.split('(').next().unwrap_or("").trim();
    Some(match base {
        "uuid" => FieldKind::Uuid,
        "date" => FieldKind::Date,
        "timestamp with time zone"
        | "timestamp without time zone"
        | "timestamp"
        | "timestamptz"
        | "date-time" => FieldKind::Timestamp,
        "boolean" | "bool" => FieldKind::Boolean,
        "integer" | "int" | "int2" | "int4" | "int32" | "smallint" | "serial" | "smallserial" => {
            FieldKind::Integer
        }
        "bigint" | "int8" | "int64" | "bigserial" => FieldKind::BigInteger,
        "numeric" | "decimal" | "real" | "double precision" | "float4" | "float8" | "float"
        | "double" | "number" => FieldKind::Number,
        "text" | "character varying" | "varchar" | "character" | "char" | "bpchar" | "citext"
        | "name" | "string" => FieldKind::Text,
        "json" | "jsonb" => FieldKind::Json,
        "email" => FieldKind::Email,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(kind_of_format("text[]"), Some(FieldKind::StringList));
        assert_eq!(
            kind_of_format("character varying(20)[]"),
            Some(FieldKind::StringList)
        );
        assert_eq!(kind_of_format("uuid[]"), None);
        assert_eq!(kind_of_format("numeric(10,2)"), Some(FieldKind::Number));
        assert_eq!(kind_of_format("tsvector"), None);
        assert_eq!(kind_of_format("public.opt_in_status"), None);
    }

    #[test]
    fn the_embedded_source() {
        let s = Schema::embedded();
        assert_eq!(s.source.source, "embedded");
        assert_eq!(s.source.tables["deal_details"].fields, 3);
        assert!(s.issues().is_empty());
    }
}
