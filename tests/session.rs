//! Streaming sessions and CSV files give the same reports as one `validate_import`.
mod common;
use mateo_import::{csv_rows::parse_csv, ImportSession, Validator};
use serde_json::{json, Value};

fn payload() -> Vec<Value> {
    (0..25)
        .map(|i| match i % 5 {
            0 => json!({ "external_id": format!("c{i}"), "whatsapp": ["0151 2345678", "+43 660 1234567"], "country_codes": ["AT"] }),
            1 => json!({ "full_name": "no id" }),
            2 => json!(i),
            3 => json!({ "email": format!(" user{i}@example.org ") }),
            _ => json!({ "sms": "+1 202 456 1111", "is_blocked": "0" }),
        })
        .collect()
}

#[test]
fn chunked_session_equals_one_import() {
    let rows = payload();
    let whole = Validator::default().validate_import(
        &json!({ "type": "contact_details", "contact_list_external_id": "l", "payload": rows }),
    );
    for chunk in [1, 4, 7, 25, 100] {
        let mut s = ImportSession::new(
            Validator::default(),
            &json!({ "type": "contact_details", "contact_list_external_id": "l" }),
        );
        let mut reports = Vec::new();
        for part in rows.chunks(chunk) {
            reports.extend(s.push(part));
        }
        assert_eq!(reports, whole.rows, "chunk {chunk}");
        let summary = s.finish();
        assert_eq!(
            (summary.total, summary.valid, summary.invalid),
            (whole.total, whole.valid, whole.invalid)
        );
        let mut body = summary.request.unwrap();
        body.insert(
            "payload".into(),
            Value::Array(
                reports
                    .iter()
                    .filter(|r| r.ok)
                    .map(|r| Value::Object(r.row.clone().unwrap()))
                    .collect(),
            ),
        );
        let mut expected = whole.request.clone().unwrap();
        // The session's body has no payload position to keep, so compare as sets of keys.
        expected.sort_keys();
        body.sort_keys();
        assert_eq!(body, expected);
    }
}

#[test]
fn push_json_and_its_errors() {
    let mut s = ImportSession::new(
        Validator::default(),
        &json!({ "type": "deal_details", "payload": "ignored" }),
    );
    let r = s
        .push_json(r#"[{"contact_external_id":"c"},{"external_id":"d"}]"#)
        .unwrap();
    assert_eq!(
        r.iter().map(|r| (r.index, r.ok)).collect::<Vec<_>>(),
        [(0, true), (1, false)]
    );
    assert_eq!(s.push_json("{}").unwrap_err().code(), "payload_not_array");
    assert_eq!(s.push_json("[").unwrap_err().code(), "invalid_json");
    let r = s.push(&[json!({ "contact_id": "x" })]);
    assert_eq!(r[0].index, 2, "indexes continue after a failed push");
    assert_eq!(s.counts(), (3, 1));
    let summary = s.finish();
    assert!(summary.errors.is_empty() && !summary.ok);
}

#[test]
fn a_session_without_a_usable_head_still_reports_rows() {
    let mut s = ImportSession::new(Validator::default(), &json!("contact_details"));
    let r = s.push(&[json!({ "email": "a@b.de" })]);
    assert_eq!(r.len(), 1);
    let summary = s.finish();
    assert_eq!(summary.errors[0].code, "request_not_object");
    assert!(summary.request.is_none());
}

#[test]
fn csv_rows_validate_like_json_rows() {
    let csv = "external_id;whatsapp;country_codes;birthday;is_blocked\nc1;0151 2345678, +43 660 1234567;AT|DE;1990-12-25;false\nc2;;;25.12.1990;\n";
    let parsed = parse_csv(csv);
    assert_eq!(parsed.delimiter, ";");
    let report = Validator::default()
        .validate_import(&json!({ "type": "contact_details", "payload": parsed.rows }));
    assert_eq!(report.total, 2);
    assert!(report.rows[0].ok, "{:?}", report.rows[0].errors);
    // AT is tried first, and "0151 2345678" is a valid Vienna number there.
    assert_eq!(
        report.rows[0].row.as_ref().unwrap()["whatsapp"],
        "+431512345678"
    );
    assert_eq!(report.rows[0].row.as_ref().unwrap()["is_blocked"], false);
    assert_eq!(report.rows[1].errors[0].code, "invalid_date");
}

/// Rows the server would merge, found across pushes, compared normalised.
#[test]
fn duplicates_across_chunks_normalised() {
    use mateo_import::Validator;
    let v = Validator::from_options_json(&json!({"defaultCountryCodes": ["DE"]})).unwrap();
    let mut s = ImportSession::new(v, &json!({"type": "contact_details"}));
    let first = s.push(&[
        json!({"external_id": "c1", "whatsapp": "0151 23456789", "email": "Anna@Example.de"}),
        json!({"external_id": "c2", "email": "bob@example.de"}),
    ]);
    assert!(first.iter().all(|r| r.warnings.is_empty()), "{first:?}");
    let second = s.push(&[
        json!({"external_id": "c1", "full_name": "again"}),
        json!({"external_id": "c3", "whatsapp": "+49 151 23456789"}),
        json!({"external_id": "c4", "email": "anna@example.de "}),
        json!({"external_id": "c2x", "email": "not valid"}),
    ]);
    let codes = |r: &mateo_import::RowReport| {
        r.warnings
            .iter()
            .map(|w| (w.code, w.params.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&second[0])[0].0, "duplicate_external_id");
    assert_eq!(
        codes(&second[0])[0].1.as_ref().unwrap()["first_row"],
        json!(0)
    );
    assert_eq!(codes(&second[1])[0].0, "shared_handle");
    assert_eq!(
        codes(&second[1])[0].1.as_ref().unwrap()["handle"],
        json!("+4915123456789")
    );
    assert_eq!(
        codes(&second[2])[0].1.as_ref().unwrap()["handle"],
        json!("anna@example.de")
    );
    assert!(second[3].warnings.iter().all(|w| w.code != "shared_handle"));

    // As errors, the later rows stay out of the body.
    let mut v = Validator::from_options_json(&json!({"duplicates": "error"})).unwrap();
    let report = v.validate_import(&json!({"type": "deal_details", "payload": [
        {"external_id": "d1", "contact_external_id": "c"}, {"external_id": "d1", "contact_external_id": "c"}]}));
    assert_eq!(
        (report.valid, report.rows[1].errors[0].code),
        (1, "duplicate_external_id")
    );
    assert!(Validator::from_options_json(&json!({"duplicates": "keepLast"})).is_err());
}
