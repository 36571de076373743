#![allow(dead_code)]
use mateo_import::{ImportReport, ImportType, Issue, Options, RowReport, Validator};
use serde_json::{json, Value};

pub fn import(body: Value) -> ImportReport {
    Validator::default().validate_import(&body)
}

pub fn row(t: ImportType, row: Value) -> RowReport {
    Validator::default().validate_row(t, &row, 0)
}

pub fn row_with(options: Value, t: ImportType, row: Value) -> RowReport {
    Validator::from_options_json(&options)
        .expect("options")
        .validate_row(t, &row, 0)
}

pub fn contact(r: Value) -> RowReport {
    row(ImportType::Contact, r)
}

/// (code, field) pairs, for compact assertions.
pub fn pairs(issues: &[Issue]) -> Vec<(&'static str, Option<String>)> {
    issues
        .iter()
        .map(|i| (i.code, i.field.as_deref().map(str::to_owned)))
        .collect()
}

pub fn has(issues: &[Issue], code: &str, field: Option<&str>) -> bool {
    issues
        .iter()
        .any(|i| i.code == code && i.field.as_deref() == field)
}

pub fn normalised(r: &RowReport) -> Value {
    assert!(r.ok, "row should be valid: {:?}", r.errors);
    Value::Object(r.row.clone().expect("row"))
}

pub fn default_options() -> Options {
    Options::default()
}

pub fn body(t: &str, payload: Value) -> Value {
    json!({ "type": t, "payload": payload })
}
