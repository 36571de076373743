//! The POST /import body: type, payload, list ids, flags, unknown keys, the output body.
mod common;
use common::*;
use serde_json::json;

#[test]
fn a_valid_body_comes_back_normalised_in_key_order() {
    let r = import(json!({
        "type": "contact_details",
        "contact_list_id": "3C90C3CC-0D44-4B50-8888-8DD25736052A",
        "payload": [{ "email": "a@b.de" }],
        "contact_list_external_id": "newsletter"
    }));
    assert!(r.ok, "{:?}", r.errors);
    assert_eq!((r.total, r.valid, r.invalid), (1, 1, 0));
    let body = serde_json::to_string(&r.request.unwrap()).unwrap();
    assert_eq!(
        body,
        r#"{"type":"contact_details","contact_list_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","payload":[{"email":"a@b.de"}],"contact_list_external_id":"newsletter"}"#
    );
    assert!(has(
        &r.warnings,
        "ambiguous_contact_list",
        Some("contact_list_external_id")
    ));
}

#[test]
fn a_body_that_is_not_an_object_is_rejected() {
    for v in [json!(null), json!([1]), json!("x"), json!(3)] {
        let r = import(v);
        assert!(!r.ok);
        assert_eq!(pairs(&r.errors), [("request_not_object", None)]);
        assert!(r.rows.is_empty() && r.request.is_none());
    }
}

#[test]
fn unknown_or_missing_type() {
    let r = import(json!({ "type": "contacts", "payload": [{ "email": "a@b.de" }, 5] }));
    assert_eq!(
        pairs(&r.errors),
        [("unknown_import_type", Some("type".into()))]
    );
    assert!(r.request.is_none());
    // Rows still get reports: only their shape can be checked.
    assert_eq!(r.rows.len(), 2);
    assert!(r.rows[0].ok);
    assert!(has(&r.rows[1].errors, "row_not_object", None));

    let r = import(json!({ "payload": [{ "email": "a@b.de" }] }));
    assert!(has(&r.errors, "required", Some("type")));
    let r = import(json!({ "type": 3, "payload": [] }));
    assert!(has(&r.errors, "unknown_import_type", Some("type")));
}

#[test]
fn type_in_another_case_is_normalised_with_a_warning() {
    let r = import(json!({ "type": "Deal_Details", "payload": [{ "contact_external_id": "c1" }] }));
    assert!(r.ok);
    assert!(has(&r.warnings, "enum_case_normalised", Some("type")));
    assert_eq!(r.request.unwrap()["type"], "deal_details");
}

#[test]
fn payload_shape() {
    let r = import(json!({ "type": "contact_details", "payload": { "email": "a@b.de" } }));
    assert_eq!(
        pairs(&r.errors),
        [("payload_not_array", Some("payload".into()))]
    );
    let r = import(json!({ "type": "contact_details", "payload": null }));
    assert!(has(&r.errors, "payload_not_array", Some("payload")));
    let r = import(json!({ "type": "contact_details", "payload": [] }));
    assert_eq!(
        pairs(&r.errors),
        [("empty_payload", Some("payload".into()))]
    );
    assert!(r.request.is_none());
    let r = import(json!({ "type": "contact_details" }));
    assert!(has(&r.errors, "required", Some("payload")));
}

#[test]
fn every_row_gets_a_report_in_order() {
    let r = import(body(
        "contact_details",
        json!([{ "email": "a@b.de" }, "x", null, [], { "full_name": "n" }, { "external_id": "e" }]),
    ));
    assert_eq!(
        r.rows.iter().map(|r| r.index).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4, 5]
    );
    assert_eq!(
        r.rows.iter().map(|r| r.ok).collect::<Vec<_>>(),
        [true, false, false, false, false, true]
    );
    assert_eq!((r.total, r.valid, r.invalid), (6, 2, 4));
    assert!(!r.ok);
    let payload = r.request.unwrap()["payload"].clone();
    assert_eq!(
        payload,
        json!([{ "email": "a@b.de" }, { "external_id": "e" }])
    );
    assert!(has(&r.rows[1].errors, "row_not_object", None));
    assert!(r.rows[1].row.is_none());
}

#[test]
fn no_valid_row_means_no_body() {
    let r = import(body("contact_details", json!([{ "full_name": "nobody" }])));
    assert!(r.errors.is_empty());
    assert!(r.request.is_none());
}

#[test]
fn list_and_flag_values_are_typed() {
    let r = import(json!({
        "type": "deal_details", "payload": [{ "contact_external_id": "c" }],
        "contact_list_id": "nope", "allow_deal_reassignment": "maybe"
    }));
    assert!(has(&r.errors, "invalid_uuid", Some("contact_list_id")));
    assert!(has(
        &r.errors,
        "invalid_type",
        Some("allow_deal_reassignment")
    ));
    assert!(
        r.request.is_none(),
        "a request-level error makes the body unusable"
    );

    let r = import(
        json!({ "type": "deal_details", "payload": [{ "contact_external_id": "c" }], "allow_deal_reassignment": "true", "contact_list_id": null }),
    );
    assert!(r.ok);
    assert!(has(
        &r.warnings,
        "coerced_value",
        Some("allow_deal_reassignment")
    ));
    assert_eq!(r.request.unwrap()["allow_deal_reassignment"], true);
}

#[test]
fn flags_that_do_not_apply_are_warnings() {
    let r = import(json!({
        "type": "contact_details", "payload": [{ "email": "a@b.de" }],
        "allow_deal_reassignment": true, "allow_appointment_reassignment": false
    }));
    assert!(r.ok);
    assert!(has(
        &r.warnings,
        "flag_not_applicable",
        Some("allow_deal_reassignment")
    ));
    assert!(has(
        &r.warnings,
        "flag_not_applicable",
        Some("allow_appointment_reassignment")
    ));
    let r = import(
        json!({ "type": "deal_details", "payload": [{ "contact_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a" }], "contact_list_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a" }),
    );
    assert!(has(
        &r.warnings,
        "flag_not_applicable",
        Some("contact_list_id")
    ));
    // Null flags say nothing, so nothing to warn about.
    let r = import(
        json!({ "type": "contact_details", "payload": [{ "email": "a@b.de" }], "allow_deal_reassignment": null }),
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn unknown_top_level_keys_follow_the_policy() {
    let b = json!({ "type": "contact_details", "payload": [{ "email": "a@b.de" }], "reference_id": "r1" });
    let r = import(b.clone());
    assert!(r.ok && has(&r.warnings, "unknown_field", Some("reference_id")));
    assert_eq!(r.request.unwrap()["reference_id"], "r1");

    let strict = mateo_import::Validator::from_options_json(&json!({ "unknownFields": "error" }))
        .unwrap()
        .validate_import(&b);
    assert!(has(&strict.errors, "unknown_field", Some("reference_id")));
    let strip = mateo_import::Validator::from_options_json(&json!({ "unknownFields": "strip" }))
        .unwrap()
        .validate_import(&b);
    assert!(strip.ok && !strip.request.unwrap().contains_key("reference_id"));
}

#[test]
fn json_text_path_agrees_and_reports_bad_json() {
    let text = r#"{"type":"contact_details","payload":[{"email":" A@b.de "},{"x":1}]}"#;
    let a = mateo_import::Validator::default().validate_import_json(text);
    let b = import(serde_json::from_str(text).unwrap());
    assert_eq!(a, b);
    let bad = mateo_import::Validator::default().validate_import_json("{\"type\": ");
    assert_eq!(pairs(&bad.errors), [("invalid_json", None)]);
    // A lone surrogate escape does not sink the request.
    let lone = mateo_import::Validator::default().validate_import_json(
        r#"{"type":"contact_details","payload":[{"email":"a@b.de","full_name":"x\ud800"}]}"#,
    );
    assert!(lone.ok, "{:?}", lone.errors);
    assert_eq!(lone.rows[0].row.as_ref().unwrap()["full_name"], "x\u{FFFD}");
}
