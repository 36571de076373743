//! Contract checks shared by the fuzz targets: each panics (so libFuzzer records a crash) when
//! the core breaks its contract, not only when it panics itself. Same properties as
//! tests/properties.rs; see docs/robustness.md.

use mateo_import::{ImportReport, ImportSession, Issue, RowReport, Validator, ALL_CODES};
use serde_json::{json, Value};

/// Warnings that mean "the value was changed": none may appear on an already normalised body.
pub const NORMALISATION_CODES: &[&str] = &[
    "coerced_value",
    "enum_case_normalised",
    "timestamp_without_offset",
    "blank_removed",
    "read_only_field",
];

/// The option sets the targets run under, picked by one input byte.
pub fn options(selector: u8) -> Value {
    match selector % 4 {
        0 => Value::Null,
        1 => json!({"defaultCountryCodes": ["DE", "AT"]}),
        2 => json!({"defaultCountryCodes": ["US", "GB", "IN"], "unknownFields": "strip"}),
        _ => json!({
            "unknownFields": "error",
            "defaultCountryCodes": ["FR"],
            "customFields": [
                {"key": "score", "type": "number"},
                {"key": "tags", "type": "string_list"},
                {"key": "joined", "type": "date"},
                {"key": "seen_at", "type": "datetime"},
                {"key": "vip", "type": "boolean"},
                {"key": "deal_value", "type": "number", "entity": "deal"},
                {"key": "room", "type": "string", "entity": "appointment"}
            ],
            "marketingChannels": ["newsletter", {"key": "sms_promo"}]
        }),
    }
}

pub fn validator(selector: u8) -> Validator {
    Validator::from_options_json(&options(selector)).expect("fuzz option sets are valid")
}

pub fn text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("reports serialise")
}

fn check_issues(issues: &[Issue]) {
    for i in issues {
        assert!(ALL_CODES.contains(&i.code), "undocumented code {}", i.code);
        assert!(!i.message.is_empty(), "empty message for {}", i.code);
    }
}

/// One element and its report.
pub fn check_row(element: &Value, report: &RowReport, index: usize) {
    assert_eq!(report.index, index, "index must echo the position");
    assert_eq!(report.ok, report.errors.is_empty(), "ok iff no errors");
    match element {
        Value::Object(original) => {
            let row = report.row.as_ref().expect("an object row always has a row");
            if !report.ok {
                assert_eq!(
                    text(row),
                    text(original),
                    "a failed row must be the original object unchanged"
                );
            }
        }
        _ => {
            assert!(
                !report.ok && report.row.is_none(),
                "a non-object element is rejected with row null"
            );
        }
    }
    check_issues(&report.errors);
    check_issues(&report.warnings);
}

/// A whole report against the body it came from.
pub fn check_report(body: &Value, report: &ImportReport) {
    let payload: &[Value] = match body.get("payload") {
        Some(Value::Array(rows)) if body.is_object() => rows,
        _ => &[],
    };
    assert_eq!(
        report.rows.len(),
        payload.len(),
        "one report per payload element"
    );
    assert_eq!(report.total, payload.len());
    assert_eq!(report.valid + report.invalid, report.total);
    assert_eq!(report.valid, report.rows.iter().filter(|r| r.ok).count());
    assert_eq!(
        report.ok,
        report.errors.is_empty() && report.valid == report.total
    );
    for (i, (element, row)) in payload.iter().zip(&report.rows).enumerate() {
        check_row(element, row, i);
    }
    let ok_rows: Vec<Value> = report
        .rows
        .iter()
        .filter(|r| r.ok)
        .map(|r| Value::Object(r.row.clone().unwrap_or_default()))
        .collect();
    match &report.request {
        Some(request) => {
            assert!(report.errors.is_empty());
            assert_eq!(
                text(&request["payload"]),
                text(&ok_rows),
                "request.payload must be exactly the ok rows, in order"
            );
        }
        None => assert!(
            !report.errors.is_empty() || report.valid == 0,
            "usable body with valid rows but no request"
        ),
    }
    check_issues(&report.errors);
    check_issues(&report.warnings);
}

/// Rows read from delimited text: named keys, cells that are non-blank strings or lists of
/// strings.
pub fn check_text_cells(rows: &[serde_json::Map<String, Value>]) {
    for row in rows {
        for (k, v) in row {
            assert!(!k.is_empty(), "empty key");
            match v {
                Value::String(s) => assert!(!s.trim().is_empty(), "blank cell kept"),
                Value::Array(items) => assert!(items.iter().all(Value::is_string)),
                other => panic!("cell {k} is {other:?}"),
            }
        }
    }
}

/// Checking the normalised body again: same rows, all valid, nothing normalised.
pub fn check_idempotent(selector: u8, report: &ImportReport) {
    let Some(request) = &report.request else {
        return;
    };
    let again = validator(selector).validate_import(&Value::Object(request.clone()));
    assert!(
        again.ok,
        "the normalised body must be all valid: {}",
        text(&again)
    );
    assert_eq!(
        text(&again.request),
        text(&report.request),
        "normalising twice changed the body"
    );
    for w in again
        .warnings
        .iter()
        .chain(again.rows.iter().flat_map(|r| &r.warnings))
    {
        assert!(
            !NORMALISATION_CODES.contains(&w.code),
            "normalisation warning on a normalised body: {w:?}"
        );
    }
}

/// The body's payload pushed through a session in chunks of `sizes` (cycled; 0 = empty push)
/// must give the same row reports as one `validate_import`.
pub fn check_session(selector: u8, body: &Value, report: &ImportReport, sizes: &[u8]) {
    let payload: Vec<Value> = match body.get("payload") {
        Some(Value::Array(rows)) if body.is_object() => rows.clone(),
        _ => Vec::new(),
    };
    // A session's head is the body without its rows (rows there are an error of their own).
    let mut head = body.clone();
    if let Some(h) = head.as_object_mut() {
        h.shift_remove("payload");
    }
    let mut session = ImportSession::new(validator(selector), &head);
    let mut rows: Vec<RowReport> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while start < payload.len() {
        let size = sizes.get(i % sizes.len().max(1)).copied().unwrap_or(0) as usize % 8;
        // After a full round of sizes, force progress so a list of zeros still ends.
        let size = if i >= sizes.len() && size == 0 {
            1
        } else {
            size
        };
        let end = (start + size).min(payload.len());
        let chunk = &payload[start..end];
        let chunk_text = text(&chunk);
        // push_json on odd chunks, unless the text does not read back identically (serde_json's
        // default float parser can be 1 ULP off; see docs/robustness.md).
        let reads_back =
            serde_json::from_str::<Value>(&chunk_text).is_ok_and(|v| text(&v) == chunk_text);
        if i % 2 == 1 && reads_back {
            rows.extend(
                session
                    .push_json(&chunk_text)
                    .expect("a JSON array text is accepted"),
            );
        } else {
            rows.extend(session.push(chunk));
        }
        start = end;
        i += 1;
    }
    assert_eq!(rows.len(), report.rows.len(), "session lost or added rows");
    assert_eq!(
        text(&rows),
        text(&report.rows),
        "session rows differ from validate_import"
    );
    let summary = session.finish();
    assert_eq!(
        (summary.total, summary.valid, summary.invalid),
        (report.total, report.valid, report.invalid)
    );
}
