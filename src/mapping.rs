//! Their columns become the API's fields. [`suggest_mapping`] matches headers to the import
//! type's fields (an exact API name, then the synonyms of `schema/synonyms.json`, then fuzzy
//! similarity, then what the sample values look like); [`apply_mapping`] turns a row of the
//! file into a row of the API: several columns into one field (phone lists in their order,
//! text joined), local dates, booleans and decimal commas converted, each change said.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::local::{self, DateOrder, LocalDate};
use crate::report::Problem;
use crate::schema::{FieldKind, ImportType, RowSchema, Schema};

/// Which field each column goes to. Plain JSON: save it, load it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mapping {
    #[serde(rename = "type", serialize_with = "import_type_name")]
    pub import_type: ImportType,
    pub columns: Vec<ColumnMapping>,
}

fn import_type_name<S: serde::Serializer>(t: &ImportType, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(t.as_str())
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    pub header: String,
    /// The API field, or `None`: the column is not sent.
    pub field: Option<String>,
    /// 0 to 1: 1 an exact API name, 0.95 a known synonym, up to 0.8 a similar name, 0.6 the
    /// values alone.
    pub confidence: f64,
    /// `exact`, `synonym`, `fuzzy`, `sample`, `phone_values`, `weaker`, `not_uuid` or `none`
    /// (a mapping read from JSON keeps the reason it was saved with).
    pub reason: String,
    /// The reason in words, in the caller's language; only on suggestions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_order: Option<DateOrder>,
    /// The reason as data, for its note in another language.
    #[serde(skip)]
    pub why: Option<MappingReason>,
}

/// Why a column was mapped to a field, or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappingReason {
    /// The header is the API's name.
    Exact,
    /// A known synonym (`src/schema/synonyms.json`).
    Synonym,
    /// A similar name.
    Fuzzy,
    /// The values alone (e-mail addresses, UUIDs).
    Sample,
    /// The values are phone numbers; which list is the person's call.
    PhoneValues,
    /// Another column matched `field` better.
    Weaker { field: String },
    /// A UUID field, but the values are no UUIDs.
    NotUuid { field: String },
    /// Nothing matched.
    None,
}

impl MappingReason {
    pub fn code(&self) -> &'static str {
        match self {
            MappingReason::Exact => "exact",
            MappingReason::Synonym => "synonym",
            MappingReason::Fuzzy => "fuzzy",
            MappingReason::Sample => "sample",
            MappingReason::PhoneValues => "phone_values",
            MappingReason::Weaker { .. } => "weaker",
            MappingReason::NotUuid { .. } => "not_uuid",
            MappingReason::None => "none",
        }
    }
}

impl std::fmt::Display for MappingReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MappingReason::Exact => f.write_str("the header is the field's name"),
            MappingReason::Synonym => f.write_str("a known name for the field"),
            MappingReason::Fuzzy => f.write_str("a name similar to the field's"),
            MappingReason::Sample => f.write_str("the values look like this field's"),
            MappingReason::PhoneValues => {
                f.write_str("phone numbers, not mapped: choose whatsapp or sms")
            }
            MappingReason::Weaker { field } => {
                write!(f, "not mapped: another column matches {field} better")
            }
            MappingReason::NotUuid { field } => {
                write!(f, "not mapped to {field}: the values are no UUIDs")
            }
            MappingReason::None => f.write_str("no field matches"),
        }
    }
}

impl ColumnMapping {
    fn suggested(header: &str, field: Option<&str>, confidence: f64, why: MappingReason) -> Self {
        ColumnMapping {
            header: header.to_owned(),
            field: field.map(str::to_owned),
            confidence,
            reason: why.code().to_owned(),
            note: Some(why.to_string()),
            date_order: None,
            why: Some(why),
        }
    }

    fn set_reason(&mut self, why: MappingReason) {
        self.reason = why.code().to_owned();
        self.note = Some(why.to_string());
        self.why = Some(why);
    }
}

impl Mapping {
    /// From JSON (a mapping saved by a caller): `{type, columns: [{header, field, confidence?,
    /// reason?, dateOrder?}]}`.
    pub fn from_json(v: &Value) -> Result<Mapping, String> {
        let obj = v
            .as_object()
            .ok_or("a mapping is an object {type, columns}")?;
        let import_type = obj
            .get("type")
            .and_then(Value::as_str)
            .and_then(ImportType::parse)
            .ok_or("mapping.type must be an import type")?;
        let columns = obj
            .get("columns")
            .and_then(Value::as_array)
            .ok_or("mapping.columns must be an array")?;
        let mut out = Vec::with_capacity(columns.len());
        for (i, c) in columns.iter().enumerate() {
            let c = c
                .as_object()
                .ok_or_else(|| format!("mapping.columns[{i}] must be an object"))?;
            let header = c
                .get("header")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("mapping.columns[{i}].header must be a string"))?;
            let field = match c.get("field") {
                None | Some(Value::Null) => None,
                Some(Value::String(f)) => Some(f.clone()),
                Some(_) => {
                    return Err(format!(
                        "mapping.columns[{i}].field must be a string or null"
                    ))
                }
            };
            let date_order = match c.get("dateOrder") {
                None | Some(Value::Null) => None,
                Some(v) => Some(v.as_str().and_then(DateOrder::from_name).ok_or_else(|| {
                    format!("mapping.columns[{i}].dateOrder must be DMY, MDY or YMD")
                })?),
            };
            out.push(ColumnMapping {
                header: header.to_owned(),
                field,
                confidence: c.get("confidence").and_then(Value::as_f64).unwrap_or(1.0),
                reason: c
                    .get("reason")
                    .and_then(Value::as_str)
                    .unwrap_or("given")
                    .to_owned(),
                note: None,
                date_order,
                why: None,
            });
        }
        Ok(Mapping {
            import_type,
            columns: out,
        })
    }

    /// The notes of the suggestions in `locale`.
    pub fn localise(&mut self, locale: crate::messages::Locale) {
        for c in &mut self.columns {
            if let Some(why) = &c.why {
                c.note = Some(crate::messages::mapping_reason(why, locale));
            }
        }
    }

    /// Each mapped field's columns, as the file names them: how messages name a field. When
    /// several feed one field (Telefon and Mobil into `whatsapp`), all of them in file order, as
    /// "Telefon, Mobil": a finding about the merged value cannot say which column it came from.
    pub fn labels(&self) -> crate::report::Labels {
        let mut labels = crate::report::Labels::new();
        for c in &self.columns {
            if let Some(f) = &c.field {
                labels
                    .entry(f.clone())
                    .and_modify(|l: &mut String| {
                        if !l.split(", ").any(|h| h == c.header) {
                            l.push_str(", ");
                            l.push_str(&c.header);
                        }
                    })
                    .or_insert_with(|| c.header.clone());
            }
        }
        labels
    }
}

/// Synonyms by import type: normalised name → (field, rank).
type Synonyms = HashMap<String, (String, u8)>;

fn synonyms(t: ImportType) -> &'static Synonyms {
    static ALL: OnceLock<[Synonyms; 3]> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let doc: Value =
            serde_json::from_str(include_str!("schema/synonyms.json")).unwrap_or_default();
        ImportType::ALL.map(|t| {
            let mut map = Synonyms::new();
            if let Some(table) = doc.get(t.as_str()).and_then(Value::as_object) {
                for (target, names) in table {
                    let (field, rank) = match target.split_once('/') {
                        Some((f, "mobile")) => (f, 1),
                        Some((f, _)) => (f, 2),
                        None => (target.as_str(), 0),
                    };
                    for name in names
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        map.entry(local::normalise_name(name))
                            .or_insert_with(|| (field.to_owned(), rank));
                    }
                }
            }
            map
        })
    });
    &all[ImportType::ALL.iter().position(|x| *x == t).unwrap_or(0)]
}

/// Where a phone column goes in its field's list: a WhatsApp column first, then mobile, then
/// landline, then others (unknown names), each group in column order.
fn phone_rank(t: ImportType, header: &str) -> u8 {
    synonyms(t)
        .get(&local::normalise_name(header))
        .map_or(3, |(_, rank)| *rank)
}

/// Similarity of two short names: 1 - edit distance / longer length.
fn similarity(a: &str, b: &str) -> f64 {
    // No column name is this long; the edit distance to every known name would take seconds
    // for a header of a megabyte.
    if a.len() > MAX_FUZZY_BYTES || b.len() > MAX_FUZZY_BYTES {
        return 0.0;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    // At least the difference in length is edited: below the threshold, not worth the table.
    if 1.0 - a.len().abs_diff(b.len()) as f64 / (longest as f64) < FUZZY_MIN {
        return 0.0;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    1.0 - prev[b.len()] as f64 / longest as f64
}

const FUZZY_MIN: f64 = 0.82;
/// Names longer than this (in bytes) are matched exactly, not by similarity.
const MAX_FUZZY_BYTES: usize = 256;

fn is_uuid(s: &str) -> bool {
    let b = s.trim().as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

fn is_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn is_phone_like(s: &str) -> bool {
    let s = s.trim();
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    (7..=16).contains(&digits)
        && (s.starts_with('+') || s.starts_with('0') || s.starts_with("(0"))
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b" +-/().".contains(&b))
}

/// The sample's string cells of one column.
fn column_values<'a>(sample: &'a [Map<String, Value>], header: &str) -> Vec<&'a str> {
    sample
        .iter()
        .filter_map(|r| r.get(header))
        .flat_map(|v| match v {
            Value::String(s) => vec![s.as_str()],
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        })
        .filter(|s| !s.trim().is_empty())
        .collect()
}

fn share(values: &[&str], test: impl Fn(&str) -> bool) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().filter(|v| test(v)).count() as f64 / values.len() as f64
}

/// Suggests a field for every header. `schema` is the one in use (custom fields and marketing
/// channels included); `sample`, some rows of the file, lets the values speak where the names
/// do not and settles each date column's order.
pub fn suggest_mapping(
    headers: &[String],
    t: ImportType,
    schema: &Schema,
    sample: &[Map<String, Value>],
) -> Mapping {
    let table = schema.rows(t);
    let targets: Vec<(&String, String)> = table
        .fields()
        .iter()
        .filter(|(_, spec)| !spec.server)
        .map(|(k, _)| (k, local::normalise_name(k)))
        .collect();
    let syn = synonyms(t);
    let mut columns: Vec<ColumnMapping> = headers
        .iter()
        .map(|header| {
            let n = local::normalise_name(header);
            let found = |field: &str, confidence: f64, why: MappingReason| {
                ColumnMapping::suggested(header, Some(field), confidence, why)
            };
            if let Some((k, _)) = targets.iter().find(|(k, nk)| *k == header || *nk == n) {
                return found(k, 1.0, MappingReason::Exact);
            }
            if let Some((field, _)) = syn.get(&n).filter(|(f, _)| table.field(f).is_some()) {
                return found(field, 0.95, MappingReason::Synonym);
            }
            if n.chars().count() >= 4 {
                let best = targets
                    .iter()
                    .map(|(k, nk)| (k.as_str(), similarity(&n, nk)))
                    .chain(
                        syn.iter()
                            .map(|(name, (f, _))| (f.as_str(), similarity(&n, name))),
                    )
                    .filter(|(f, _)| table.field(f).is_some())
                    .max_by(|a, b| a.1.total_cmp(&b.1));
                if let Some((field, sim)) = best.filter(|(_, sim)| *sim >= FUZZY_MIN) {
                    return found(
                        field,
                        (0.8 * sim * 100.0).round() / 100.0,
                        MappingReason::Fuzzy,
                    );
                }
            }
            let values = column_values(sample, header);
            if share(&values, is_email) >= 0.8 && table.field("email").is_some() {
                return found("email", 0.6, MappingReason::Sample);
            }
            if share(&values, is_uuid) >= 0.8 {
                let f = if t == ImportType::Contact {
                    "id"
                } else {
                    "contact_id"
                };
                if table.field(f).is_some() {
                    return found(f, 0.6, MappingReason::Sample);
                }
            }
            let why = if share(&values, is_phone_like) >= 0.8 {
                // Not put into whatsapp or sms unasked: which list and in which place is the
                // person's call ("Telefon Zentrale (alt)" is no WhatsApp number).
                MappingReason::PhoneValues
            } else {
                MappingReason::None
            };
            ColumnMapping::suggested(header, None, 0.0, why)
        })
        .collect();

    // A field that takes one value gets one column, unless the names said so (an exact or
    // synonym match): a weaker match to a taken field is dropped.
    let mut strongest: HashMap<String, f64> = HashMap::new();
    for c in &columns {
        if let Some(f) = &c.field {
            let e = strongest.entry(f.clone()).or_insert(0.0);
            *e = e.max(c.confidence);
        }
    }
    for c in &mut columns {
        let Some(f) = c.field.clone() else { continue };
        let Some(spec) = table.field(&f) else {
            continue;
        };
        let takes_many = matches!(spec.kind, FieldKind::Text | FieldKind::PhoneList);
        if !takes_many
            && c.confidence < 0.95
            && strongest.get(&f).is_some_and(|s| *s > c.confidence)
        {
            c.field = None;
            c.set_reason(MappingReason::Weaker { field: f });
            c.confidence = 0.0;
            continue;
        }
        // A UUID field whose values are no UUIDs is the wrong field.
        if spec.kind == FieldKind::Uuid {
            let values = column_values(sample, &c.header);
            if !values.is_empty() && share(&values, is_uuid) < 0.5 {
                c.set_reason(MappingReason::NotUuid { field: f });
                c.field = None;
                c.confidence = 0.0;
                continue;
            }
        }
        if matches!(spec.kind, FieldKind::Date | FieldKind::Timestamp) {
            c.date_order = local::infer_date_order(column_values(sample, &c.header));
        }
    }
    Mapping {
        import_type: t,
        columns,
    }
}

/// A finding of the mapping on one row: the API field it concerns, and whether it is an error.
pub struct Mapped {
    pub row: Map<String, Value>,
    pub errors: Vec<(String, Problem)>,
    pub warnings: Vec<(String, Problem)>,
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.iter().all(is_blank),
        _ => false,
    }
}

fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A file's row as a row of the API. `defaults` are the regions tried after a row's own
/// country (from a mapped country column).
pub fn apply_mapping(
    row: &Map<String, Value>,
    mapping: &Mapping,
    table: &RowSchema,
    defaults: &[String],
) -> Mapped {
    let t = mapping.import_type;
    let mut out = Mapped {
        row: Map::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    // Columns by field, in the order fields first appear.
    let mut groups: Vec<(&str, Vec<(usize, &ColumnMapping)>)> = Vec::new();
    for (i, c) in mapping.columns.iter().enumerate() {
        let Some(f) = c.field.as_deref() else {
            continue;
        };
        match groups.iter_mut().find(|(g, _)| *g == f) {
            Some((_, cols)) => cols.push((i, c)),
            None => groups.push((f, vec![(i, c)])),
        }
    }
    for (field, mut cols) in groups {
        let kind = table.field(field).map(|s| s.kind.clone());
        let cells = |cols: &[(usize, &ColumnMapping)]| -> Vec<(Value, Option<DateOrder>)> {
            cols.iter()
                .filter_map(|(_, c)| row.get(&c.header).map(|v| (v.clone(), c.date_order)))
                .filter(|(v, _)| !is_blank(v))
                .collect()
        };
        let value = match kind {
            Some(FieldKind::PhoneList) => {
                cols.sort_by_key(|(i, c)| (phone_rank(t, &c.header), *i));
                let mut list: Vec<Value> = Vec::new();
                for (v, _) in cells(&cols) {
                    match v {
                        Value::Array(items) => {
                            list.extend(items.into_iter().filter(|i| !is_blank(i)))
                        }
                        other => list.push(other),
                    }
                }
                match list.len() {
                    0 => continue,
                    1 => list.pop().unwrap_or(Value::Null),
                    _ => Value::Array(list),
                }
            }
            Some(FieldKind::Text) | None => {
                let parts: Vec<String> = cells(&cols)
                    .iter()
                    .map(|(v, _)| as_text(v).trim().to_owned())
                    .collect();
                match parts.len() {
                    0 => continue,
                    1 => cells(&cols)
                        .into_iter()
                        .next()
                        .map(|(v, _)| v)
                        .unwrap_or(Value::Null),
                    _ => Value::String(parts.join(" ")),
                }
            }
            Some(kind) => {
                let found = cells(&cols);
                let Some((first, order)) = found.first().cloned() else {
                    continue;
                };
                let ignored: Vec<String> = found[1..]
                    .iter()
                    .map(|(v, _)| as_text(v))
                    .filter(|v| *v != as_text(&first))
                    .collect();
                if !ignored.is_empty() {
                    out.warnings.push((
                        field.to_owned(),
                        Problem::MappedValuesDiffer {
                            used: as_text(&first),
                            ignored,
                        },
                    ));
                }
                local_value(field, &kind, first, order, &mut out)
            }
        };
        out.row.insert(field.to_owned(), value);
    }
    // A country column feeds the row's regions for its phone numbers (before the defaults).
    if !out.row.contains_key("country_codes") && table.field("country_codes").is_some() {
        if let Some(code) = out
            .row
            .get("country")
            .and_then(Value::as_str)
            .and_then(local::country_code)
        {
            let mut codes = vec![code.to_owned()];
            codes.extend(defaults.iter().filter(|d| d.as_str() != code).cloned());
            out.warnings.push((
                "country_codes".to_owned(),
                Problem::CountryCodesFromCountry {
                    country: out.row.get("country").map(as_text).unwrap_or_default(),
                    codes: codes.clone(),
                },
            ));
            out.row.insert(
                "country_codes".to_owned(),
                Value::Array(codes.into_iter().map(Value::String).collect()),
            );
        }
    }
    out
}

/// A cell in a local format, as the field's kind wants it; the change said as `coerced_value`,
/// an ambiguous date as an error naming both readings.
fn local_value(
    field: &str,
    kind: &FieldKind,
    v: Value,
    order: Option<DateOrder>,
    out: &mut Mapped,
) -> Value {
    let Value::String(s) = &v else { return v };
    let coerced = |kind: &'static str, normalised: String| Problem::Coerced {
        value: format!("{s:?}"),
        kind,
        normalised,
    };
    match kind {
        FieldKind::Date => match local::read_date(s, order) {
            LocalDate::Converted(iso) => {
                out.warnings
                    .push((field.to_owned(), coerced("a date", iso.clone())));
                Value::String(iso)
            }
            LocalDate::Ambiguous(readings) => {
                out.errors.push((
                    field.to_owned(),
                    Problem::AmbiguousDate {
                        value: s.clone(),
                        readings,
                    },
                ));
                v
            }
            LocalDate::Iso | LocalDate::Not => v,
        },
        FieldKind::Timestamp => {
            // `01.06.2024 09:30`: a local date and a time (no offset: the checker says so).
            let (date, time) = s.trim().split_once([' ', 'T']).unwrap_or((s.trim(), ""));
            let time_ok = !time.is_empty()
                && time.len() <= 8
                && time.bytes().all(|b| b.is_ascii_digit() || b == b':')
                && time.matches(':').count() >= 1;
            match (local::read_date(date, order), time_ok) {
                (LocalDate::Converted(iso), true) => {
                    let t = if time.matches(':').count() == 1 {
                        format!("{time}:00")
                    } else {
                        time.to_owned()
                    };
                    let t = if t.len() == 7 { format!("0{t}") } else { t };
                    let ts = format!("{iso}T{t}");
                    out.warnings
                        .push((field.to_owned(), coerced("a timestamp", ts.clone())));
                    Value::String(ts)
                }
                (LocalDate::Ambiguous(readings), _) => {
                    out.errors.push((
                        field.to_owned(),
                        Problem::AmbiguousDate {
                            value: s.clone(),
                            readings,
                        },
                    ));
                    v
                }
                _ => v,
            }
        }
        FieldKind::Boolean => match local::read_boolean(s) {
            Some(b) if !matches!(s.trim(), "true" | "false") => {
                out.warnings
                    .push((field.to_owned(), coerced("a boolean", b.to_string())));
                Value::Bool(b)
            }
            _ => v,
        },
        FieldKind::Number | FieldKind::Integer => {
            match local::read_decimal(s).and_then(serde_json::Number::from_f64) {
                Some(n) => {
                    out.warnings
                        .push((field.to_owned(), coerced("a number", n.to_string())));
                    Value::Number(n)
                }
                None => v,
            }
        }
        _ => v,
    }
}

/// The mapping a caller gave, checked against the schema: every field must be one of the
/// type's fields.
pub fn check_mapping(mapping: &Mapping, schema: &Schema) -> Result<(), String> {
    let table = schema.rows(mapping.import_type);
    for c in &mapping.columns {
        if let Some(f) = &c.field {
            if table.field(f).is_none() && !table.open {
                return Err(format!(
                    "mapping: column {:?} goes to {f:?}, which is no field of {}",
                    c.header,
                    mapping.import_type.as_str()
                ));
            }
        }
    }
    Ok(())
}
