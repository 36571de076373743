//! The wasm facade in a browser: `wasm-pack test --headless --chrome` (Debian chromium +
//! chromedriver).
//!
//! Same approach as tests/node.rs: the `#[wasm_bindgen]` functions of `mateo_import::wasm` called
//! as plain Rust functions with real `JsValue`s, results read back as JSON.
#![cfg(target_arch = "wasm32")]

use js_sys::{Object, Reflect};
use mateo_import::wasm::{resolve_phone, validate_import, validate_import_json, JsValidator};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod wasm_common;
use wasm_common::{codes, error_code, js, str_js, to_value, VALID_CONTACT};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn runs_in_a_browser() {
    let window = js_sys::global().dyn_into::<Object>().unwrap();
    assert!(
        Reflect::has(&window, &"document".into()).unwrap(),
        "not a browser global"
    );
}

#[wasm_bindgen_test]
fn valid_contact_row_is_ok() {
    let report = to_value(&validate_import(js(VALID_CONTACT), None).unwrap());
    assert_eq!(report["ok"], json!(true), "{report:#}");
    assert_eq!(report["valid"], json!(1));
    assert_eq!(report["rows"][0]["row"]["email"], json!("a@b.de"));
    let from_text =
        to_value(&validate_import_json(str_js(VALID_CONTACT), Some(JsValue::NULL)).unwrap());
    assert_eq!(from_text, report);
}

#[wasm_bindgen_test]
fn german_national_number_resolves_with_country_code() {
    let res =
        to_value(&resolve_phone(JsValue::from_str("030 901820"), Some(js(r#"["DE"]"#))).unwrap());
    assert_eq!(res["ok"], json!(true), "{res:#}");
    assert_eq!(res["e164"], json!("+4930901820"));
    assert_eq!(res["region"], json!("DE"));

    // Regions are tried in order: "0151 23456789" is a valid Vienna number too.
    let list = js(r#"["", "0151 23456789"]"#);
    let res = to_value(&resolve_phone(list.clone(), Some(js(r#"["DE", "AT"]"#))).unwrap());
    assert_eq!(res["e164"], json!("+4915123456789"), "{res:#}");
    assert_eq!(res["index"], json!(1));
    let res = to_value(&resolve_phone(list, Some(js(r#"["AT", "DE"]"#))).unwrap());
    assert_eq!(res["e164"], json!("+4315123456789"), "{res:#}");
    assert_eq!(res["region"], json!("AT"));

    let err = resolve_phone(JsValue::from_str("030 901820"), Some(js(r#"["XX"]"#))).unwrap_err();
    assert_eq!(error_code(&err), "invalid_country_code");
}

#[wasm_bindgen_test]
fn deal_row_with_bad_contact_id_is_invalid_uuid() {
    let request = js(r#"{"type": "deal_details", "payload": [{"contact_id": "not-a-uuid"}]}"#);
    let report = to_value(&validate_import(request, None).unwrap());
    assert_eq!(report["ok"], json!(false), "{report:#}");
    let row = &report["rows"][0];
    let issue = row["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "invalid_uuid");
    let issue = issue.unwrap_or_else(|| panic!("no invalid_uuid in {row:#}"));
    assert_eq!(issue["field"], json!("contact_id"));
}

#[wasm_bindgen_test]
fn non_object_request_is_a_report_not_a_trap() {
    for text in ["42", r#""x""#, "null", "[]"] {
        let report = to_value(&validate_import(js(text), None).unwrap());
        assert_eq!(
            codes(&report["errors"]),
            ["request_not_object"],
            "{text}: {report:#}"
        );
    }
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let report = to_value(&validate_import(cyclic.into(), None).unwrap());
    assert_eq!(codes(&report["errors"]), ["invalid_json"], "{report:#}");
}

#[wasm_bindgen_test]
fn same_instance_survives_a_thousand_malformed_calls() {
    let mut v = JsValidator::new(None).expect("default options");
    let malformed: Vec<JsValue> = [
        "7",
        "[]",
        r#"{"type": 1}"#,
        r#"{"type": "contact_details", "payload": {}}"#,
        r#"{"type": "contact_details", "payload": [null, 3, {"email": ["x"]}]}"#,
        r#"{"type": "deal_details", "payload": [{"contact_id": "zzz"}]}"#,
    ]
    .iter()
    .map(|t| js(t))
    .collect();
    for i in 0..1000 {
        if i % 3 == 2 {
            let report = to_value(&v.validate_import_json(str_js("]]not json")).unwrap());
            assert_eq!(report["ok"], json!(false));
        } else {
            let report = to_value(
                &v.validate_import(malformed[i % malformed.len()].clone())
                    .unwrap(),
            );
            assert_eq!(report["ok"], json!(false), "call {i}: {report:#}");
        }
    }
    let report = to_value(&v.validate_import(js(VALID_CONTACT)).unwrap());
    assert_eq!(report["ok"], json!(true), "{report:#}");
    let row = to_value(
        &v.validate_row(str_js("contact_details"), js(r#"{"email": "c@d.de"}"#))
            .unwrap(),
    );
    assert_eq!(row["ok"], json!(true), "{row:#}");
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
