//! Every code the library documents is produced by a real input, and every code produced is
//! documented: a code is a contract, so a new one must be added to ALL_CODES and the README.
mod common;
use std::collections::BTreeSet;

use mateo_import::{
    csv_rows::parse_csv, read_table, ImportSession, ReadOptions, Validator, ALL_CODES,
};
use serde_json::{json, Value};

const UUID: &str = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

fn collect(report: &mateo_import::ImportReport, seen: &mut BTreeSet<&'static str>) {
    for i in report.errors.iter().chain(&report.warnings) {
        seen.insert(i.code);
    }
    for r in &report.rows {
        for i in r.errors.iter().chain(&r.warnings) {
            seen.insert(i.code);
        }
    }
}

#[test]
fn every_code_is_emitted_by_some_input_and_documented() {
    let mut seen = BTreeSet::new();
    let mut v = Validator::from_options_json(
        &json!({ "customFields": [{ "key": "score", "type": "number" }] }),
    )
    .unwrap();
    let bodies: Vec<Value> = vec![
        json!([]),
        json!({ "type": "contacts", "payload": [] }),
        json!({ "type": "contact_details", "payload": {} }),
        json!({ "type": "contact_details", "payload": [] }),
        json!({
            "type": "Contact_Details",
            "contact_list_id": UUID, "contact_list_external_id": "l", "allow_deal_reassignment": true, "reference_id": "r",
            "payload": [
                7,
                { "full_name": "no identifier" },
                { "external_id": "c1", "is_blocked": "yes", "created_at": "x", "shoe_size": 44, "city": ["a"], "birthday": "2023-02-30",
                  "email": "nope", "sms": ["12"], "country_codes": ["XX"], "whatsapp": "", "email_transactional_opt_in": "Legitimate_Interest",
                  "sms_transactional_opt_in": "consent", "id": "x", "score": "1e400" },
                { "external_id": "c2", "id": null, "email": "a@b.de" }
            ]
        }),
        json!({ "type": "deal_details", "payload": [{ "external_id": "d" }, { "contact_id": UUID, "contact_external_id": "c" }] }),
        json!({ "type": "appointment_details", "payload": [
            { "contact_external_id": "c" },
            { "contact_external_id": "c", "name": "n", "id": null, "start_time": "2024-05-01T10:00", "end_time": "2024-05-01T09:00:00Z", "confirmed_at": "never" }
        ]}),
    ];
    for b in &bodies {
        collect(&v.validate_import(b), &mut seen);
    }
    collect(&v.validate_import_json("{"), &mut seen);
    let integer = mateo_import::value::integer(&json!(1e12), &mut Vec::new()).unwrap_err();
    seen.insert(integer.code());
    let strict = Validator::from_options_json(&json!({ "marketingChannels": ["news"] })).unwrap().validate_import(
        &json!({ "type": "contact_details", "payload": [{ "email": "a@b.de", "news": "perhaps" }] }),
    );
    collect(&strict, &mut seen);
    for i in parse_csv("a,a\n1,2,3\n\"x").errors {
        seen.insert(i.code);
    }
    let mut session =
        ImportSession::new(Validator::default(), &json!({ "type": "contact_details" }));
    for i in session.finish().errors {
        seen.insert(i.code);
    }
    let _ = session.push(&[]);
    let read = |bytes: &[u8], options: ReadOptions| match read_table(bytes, &options) {
        Ok(t) => t.notices,
        Err(e) => vec![e],
    };
    let name = |n: &str| ReadOptions {
        file_name: Some(n.into()),
        ..ReadOptions::default()
    };
    for issues in [
        read(b"PK\x03\x04xl/workbook.xml", ReadOptions::default()),
        read(b"%PDF-1.4", ReadOptions::default()),
        read(
            b"a",
            ReadOptions {
                encoding: Some("klingon".into()),
                ..ReadOptions::default()
            },
        ),
        read(
            b"a",
            ReadOptions {
                delimiter: Some("ab".into()),
                ..ReadOptions::default()
            },
        ),
        read(
            b"sep=;\nTitel\n\nname;name\nJ\xfcrgen;\x00\n\"open",
            ReadOptions::default(),
        ),
        read(b"x\xc3\xa4\xff", ReadOptions::default()),
        read(b"{\"a\": 1}\n[2]\n{oops\n", name("x.ndjson")),
        read(
            br#"{"type": "contact_details", "payload": []}"#,
            name("x.json"),
        ),
    ] {
        for i in issues {
            seen.insert(i.code);
        }
    }

    // What the spreadsheet module (sheets/, its own crate) reports, as this crate's findings.
    for (code, params) in [
        ("sheet_not_found", json!({"sheet": "Nope", "sheets": ["A"]})),
        (
            "workbook_too_large",
            json!({"what": "cells", "limit": 10, "found": 11}),
        ),
        ("cell_error", json!({"cell": "C1", "error": "#N/A"})),
        (
            "formula_without_value",
            json!({"cell": "L4", "formula": "=2*21"}),
        ),
        ("formula_without_value_more", json!({"count": 3})),
        (
            "hidden_sheets_skipped",
            json!({"sheet": "B", "hidden": ["A"]}),
        ),
    ] {
        let issue = mateo_import::input::workbook_issue(code, "", params.as_object().unwrap());
        assert_eq!(issue.code, code);
        assert_eq!(issue.params.as_deref(), params.as_object(), "{code}");
        seen.insert(issue.code);
    }

    let mapping = json!({"type": "contact_details", "columns": [
        {"header": "E-Mail", "field": "email"}, {"header": "Mail 2", "field": "email"},
        {"header": "Geburtstag", "field": "birthday"}, {"header": "Land", "field": "country"}]});
    let mut mapped = Validator::from_options_json(&json!({ "mapping": mapping })).unwrap();
    collect(
        &mapped.validate_import(&json!({"type": "contact_details", "payload": [
            {"E-Mail": "a@b.de", "Mail 2": "c@d.de", "Geburtstag": "01/02/1990", "Land": "Schweiz"}]})),
        &mut seen,
    );
    if let Err(p) = mateo_import::output::plan_batches(
        [100],
        10,
        mateo_import::output::BatchLimits {
            max_rows: 1,
            max_bytes: 50,
        },
    ) {
        seen.insert(p.code());
    }
    for n in read(
        b"mateo_row,email,mateo_errors\n1,a@b.de,x\n",
        ReadOptions::default(),
    ) {
        seen.insert(n.code);
    }
    let twice = json!({"type": "contact_details", "payload": [
        {"external_id": "c1", "email": "a@b.de"}, {"external_id": "c1"}, {"external_id": "c2", "email": "A@b.de"}]});
    collect(&Validator::default().validate_import(&twice), &mut seen);
    let landline = v.validate_import(
        &json!({"type": "contact_details", "payload": [{"whatsapp": "+49 30 901820"}]}),
    );
    collect(&landline, &mut seen);
    // The live schema: load findings of a document, and a document that cannot be used.
    let doc = json!({"swagger": "2.0", "definitions": {"deal_details": {"properties": {
        "title": {"format": "text", "type": "string"}, "duration": {"format": "interval", "type": "string"}}}}});
    let live = mateo_import::schema::Schema::from_openapi(&doc).unwrap();
    for i in live.issues() {
        seen.insert(i.code);
    }
    let broken = json!({"swagger": "2.0", "definitions": {"deal_details": {"$ref": "#/definitions/deal_details"}}});
    seen.insert(
        mateo_import::schema::Schema::from_openapi(&broken)
            .unwrap_err()
            .code(),
    );

    let documented: BTreeSet<&str> = ALL_CODES.iter().copied().collect();
    let undocumented: Vec<_> = seen.difference(&documented).collect();
    let unexercised: Vec<_> = documented.difference(&seen).collect();
    assert!(
        undocumented.is_empty(),
        "codes emitted but not in ALL_CODES: {undocumented:?}"
    );
    assert!(
        unexercised.is_empty(),
        "codes no input here produced: {unexercised:?}"
    );
}

#[test]
fn codes_are_snake_case_and_unique() {
    let set: BTreeSet<_> = ALL_CODES.iter().collect();
    assert_eq!(set.len(), ALL_CODES.len());
    for c in ALL_CODES {
        assert!(
            c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{c}"
        );
    }
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .unwrap_or_default();
    for c in ALL_CODES {
        assert!(
            readme.contains(&format!("`{c}`")),
            "README does not document `{c}`"
        );
    }
}
