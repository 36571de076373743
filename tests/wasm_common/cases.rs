//! The facade's tests, one body for both runners (as serde-wasm-bindgen's suite does):
//! tests/node.rs runs them under Node (`wasm-pack test --node`), tests/web.rs in headless Chromium.
//! The `#[wasm_bindgen]` functions are called as plain Rust functions with real `JsValue`s, and
//! their results read back as JSON.

use js_sys::{Object, Reflect};
use mateo_import::wasm::{resolve_phone, validate_import, validate_import_json, JsValidator};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use super::{codes, error_code, js, str_js, to_value, VALID_CONTACT};

#[wasm_bindgen_test]
fn valid_contact_row_is_ok() {
    let report = to_value(&validate_import(js(VALID_CONTACT), None).unwrap());
    assert_eq!(report["ok"], json!(true), "{report:#}");
    assert_eq!(report["total"], json!(1));
    assert_eq!(report["valid"], json!(1));
    assert_eq!(report["invalid"], json!(0));
    assert_eq!(report["errors"], json!([]));
    assert_eq!(report["rows"][0]["ok"], json!(true));
    assert_eq!(report["rows"][0]["row"]["email"], json!("a@b.de"));
    assert!(report["request"].is_object(), "{report:#}");
}

#[wasm_bindgen_test]
fn json_text_path_matches_value_path() {
    let from_text =
        to_value(&validate_import_json(str_js(VALID_CONTACT), Some(JsValue::NULL)).unwrap());
    let from_value = to_value(&validate_import(js(VALID_CONTACT), Some(JsValue::NULL)).unwrap());
    assert_eq!(from_text, from_value);
}

#[wasm_bindgen_test]
fn german_national_number_resolves_with_country_code() {
    let res =
        to_value(&resolve_phone(JsValue::from_str("030 901820"), Some(js(r#"["DE"]"#))).unwrap());
    assert_eq!(res["ok"], json!(true), "{res:#}");
    assert_eq!(res["e164"], json!("+4930901820"));
    assert_eq!(res["region"], json!("DE"));
    assert_eq!(res["index"], json!(0));

    // A list: the blank entry is skipped, the first valid one wins.
    let res = to_value(
        &resolve_phone(
            js(r#"["  ", "0151 23456789", "+1 202-555-0173"]"#),
            Some(js(r#"["DE"]"#)),
        )
        .unwrap(),
    );
    assert_eq!(res["e164"], json!("+4915123456789"), "{res:#}");
    assert_eq!(res["index"], json!(1));
    assert_eq!(res["candidates"].as_array().unwrap().len(), 3);

    // Without country codes only +… numbers can succeed.
    let res =
        to_value(&resolve_phone(JsValue::from_str("030 901820"), Some(JsValue::NULL)).unwrap());
    assert_eq!(res["ok"], json!(false), "{res:#}");
    assert_eq!(res["e164"], Value::Null);
    let res = to_value(&resolve_phone(JsValue::from_str("+49 30 901820"), None).unwrap());
    assert_eq!(res["e164"], json!("+4930901820"), "{res:#}");
}

#[wasm_bindgen_test]
fn resolve_phone_rejects_bad_arguments_with_coded_errors() {
    let err = resolve_phone(JsValue::from_str("030 901820"), Some(js(r#"["XX"]"#))).unwrap_err();
    assert_eq!(error_code(&err), "invalid_country_code");
    let err = resolve_phone(JsValue::from_str("030 901820"), Some(js(r#""DE""#))).unwrap_err();
    assert_eq!(error_code(&err), "invalid_type");
}

#[wasm_bindgen_test]
fn deal_row_with_bad_contact_id_is_invalid_uuid() {
    let request = js(
        r#"{"type": "deal_details", "payload": [{"contact_id": "not-a-uuid", "external_id": "d-1"}]}"#,
    );
    let report = to_value(&validate_import(request, None).unwrap());
    assert_eq!(report["ok"], json!(false), "{report:#}");
    assert_eq!(report["invalid"], json!(1));
    let row = &report["rows"][0];
    assert_eq!(row["ok"], json!(false));
    let issue = row["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "invalid_uuid");
    let issue = issue.unwrap_or_else(|| panic!("no invalid_uuid in {row:#}"));
    assert_eq!(issue["field"], json!("contact_id"));

    // And a proper UUID passes.
    let request = js(
        r#"{"type": "deal_details", "payload": [{"contact_id": "0b6f1c3e-8d2a-4e7b-9c1f-2a3b4c5d6e7f"}]}"#,
    );
    let report = to_value(&validate_import(request, None).unwrap());
    assert_eq!(report["ok"], json!(true), "{report:#}");
}

#[wasm_bindgen_test]
fn non_object_request_is_a_report_not_a_trap() {
    for text in [
        "42",
        r#""contact_details""#,
        "null",
        "[]",
        "true",
        r#"[{"type": "contact_details"}]"#,
    ] {
        let report = to_value(&validate_import(js(text), None).unwrap());
        assert_eq!(report["ok"], json!(false), "{text}: {report:#}");
        assert_eq!(
            codes(&report["errors"]),
            ["request_not_object"],
            "{text}: {report:#}"
        );
        assert_eq!(report["total"], json!(0));
    }
    // undefined, too.
    let report = to_value(&validate_import(JsValue::UNDEFINED, None).unwrap());
    assert_eq!(report["ok"], json!(false), "{report:#}");

    // Something JSON cannot express (a cycle) is bad data: a report with invalid_json.
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let report = to_value(&validate_import(cyclic.into(), None).unwrap());
    assert_eq!(codes(&report["errors"]), ["invalid_json"], "{report:#}");

    // Text that is not JSON.
    let report = to_value(&validate_import_json(str_js("{\"type\": "), None).unwrap());
    assert_eq!(report["ok"], json!(false), "{report:#}");
    assert_eq!(codes(&report["errors"]), ["invalid_json"], "{report:#}");

    // A string parameter given something else: an Error with a code, not a trap.
    for bad in [
        JsValue::from_f64(3.0),
        JsValue::NULL,
        JsValue::UNDEFINED,
        js("{}"),
    ] {
        let err = validate_import_json(bad.clone(), None).unwrap_err();
        assert_eq!(error_code(&err), "invalid_type", "{bad:?}");
        let mut v = JsValidator::new(None).unwrap();
        let err = v.validate_row(bad.clone(), js("{}")).unwrap_err();
        assert_eq!(error_code(&err), "invalid_type", "{bad:?}");
    }
}

#[wasm_bindgen_test]
fn same_instance_survives_a_thousand_malformed_calls() {
    let mut v =
        JsValidator::new(Some(js(r#"{"defaultCountryCodes": ["DE"]}"#))).expect("options accepted");
    let malformed = [
        "42",
        "null",
        r#""text""#,
        "[1, 2, 3]",
        r#"{"type": "nope", "payload": []}"#,
        r#"{"type": "contact_details", "payload": 5}"#,
        r#"{"type": "contact_details", "payload": []}"#,
        r#"{"type": "contact_details", "payload": [1, null, "x", []]}"#,
        r#"{"type": "deal_details", "payload": [{"contact_id": 12}]}"#,
        r#"{"type": "contact_details", "payload": [{"whatsapp": [{}, 3, "abc"], "country_codes": ["??"]}]}"#,
        r#"{"type": "appointment_details", "payload": [{"start": "yesterday", "end": 1e309}]}"#,
        r#"{"type": "contact_details", "payload": [{"email": "\ud800@x.de", "birthday": "2023-02-30"}]}"#,
    ];
    let malformed: Vec<JsValue> = malformed.iter().map(|t| js(t)).collect();
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();

    for i in 0..1000 {
        match i % 6 {
            0 | 1 => {
                let report = to_value(
                    &v.validate_import(malformed[i % malformed.len()].clone())
                        .unwrap(),
                );
                assert_eq!(report["ok"], json!(false), "call {i}: {report:#}");
            }
            2 => {
                let report = to_value(&v.validate_import_json(str_js("{\"payload\": [")).unwrap());
                assert_eq!(report["ok"], json!(false));
                let err = v
                    .validate_import_json(JsValue::from_f64(i as f64))
                    .unwrap_err();
                assert_eq!(error_code(&err), "invalid_type");
            }
            3 => {
                let report = to_value(&v.validate_import(cyclic.clone().into()).unwrap());
                assert_eq!(report["ok"], json!(false));
            }
            4 => {
                let err = v
                    .validate_row(str_js("no_such_type"), js("{}"))
                    .unwrap_err();
                assert_eq!(error_code(&err), "unknown_import_type");
            }
            _ => {
                let err = v.resolve_phone(js("{}"), None).unwrap_err();
                assert_eq!(error_code(&err), "invalid_type");
                let err = v
                    .resolve_phone(JsValue::from_str("1"), Some(js(r#"["ZZ"]"#)))
                    .unwrap_err();
                assert_eq!(error_code(&err), "invalid_country_code");
            }
        }
    }

    // Still works, and still applies its options (default country codes).
    let report = to_value(&v.validate_import(js(VALID_CONTACT)).unwrap());
    assert_eq!(report["ok"], json!(true), "{report:#}");
    let row = to_value(
        &v.validate_row(
            str_js("contact_details"),
            js(r#"{"email": "c@d.de", "whatsapp": ["030 901820"]}"#),
        )
        .unwrap(),
    );
    assert_eq!(row["ok"], json!(true), "{row:#}");
    let res = to_value(
        &v.resolve_phone(JsValue::from_str("030 901820"), None)
            .unwrap(),
    );
    assert_eq!(res["e164"], json!("+4930901820"), "{res:#}");
    // The free functions share a default instance; it is unaffected too.
    let report = to_value(&validate_import(js(VALID_CONTACT), None).unwrap());
    assert_eq!(report["ok"], json!(true), "{report:#}");
}

/// A payload of more than 2,000 rows is converted a chunk at a time inside `validateImport`; in
/// the browser too the report equals the whole-body one, and `request.payload` holds the valid
/// rows' own objects.
#[wasm_bindgen_test]
fn large_body_in_chunks_equals_whole_body() {
    let rows: Vec<Value> = (0..4_321)
        .map(|i| match i % 4 {
            0 => json!({"external_id": format!("c{i}"), "whatsapp": ["0151 2345 6789"], "country_codes": ["DE"]}),
            1 => json!({"full_name": "no identifier"}),
            2 => json!(null),
            _ => json!({"email": format!("p{i}@example.com"), "birthday": "1990-12-25"}),
        })
        .collect();
    let body = json!({"contact_list_external_id": "l", "payload": rows, "type": "contact_details"});
    let text = body.to_string();
    let chunked = validate_import(js(&text), None).unwrap();
    let whole = validate_import_json(str_js(&text), None).unwrap();
    let report = to_value(&chunked);
    assert_eq!(report, to_value(&whole));
    assert_eq!(report["total"], 4_321);
    assert_eq!(report["valid"], 2_161);
    let request = Reflect::get(&chunked, &"request".into()).unwrap();
    let payload = Reflect::get(&request, &"payload".into()).unwrap();
    let rows = Reflect::get(&chunked, &"rows".into()).unwrap();
    let first_row = Reflect::get(&Reflect::get_u32(&rows, 0).unwrap(), &"row".into()).unwrap();
    assert!(Object::is(
        &Reflect::get_u32(&payload, 0).unwrap(),
        &first_row
    ));
}
