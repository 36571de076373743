//! Helpers of the wasm facade tests, shared by tests/node.rs (`wasm-pack test --node`) and
//! tests/web.rs (headless Chromium): the facade's `#[wasm_bindgen]` functions are called as plain
//! Rust functions with real `JsValue`s, and their results read back as JSON.
#![allow(dead_code)]

mod cases;

use js_sys::{Reflect, JSON};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

pub const VALID_CONTACT: &str = r#"{"type": "contact_details", "payload": [{"email": "a@b.de"}]}"#;

/// A JS string.
pub fn str_js(text: &str) -> JsValue {
    JsValue::from_str(text)
}

/// A JS value from JSON text (`JSON.parse`).
pub fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or_else(|e| panic!("bad test JSON {text}: {e:?}"))
}

/// A result from the facade as `serde_json::Value` (via `JSON.stringify`).
pub fn to_value(v: &JsValue) -> Value {
    let text = JSON::stringify(v)
        .expect("result is JSON-serialisable")
        .as_string()
        .expect("string");
    serde_json::from_str(&text).expect("result is valid JSON")
}

/// The `code`s of a list of issues.
pub fn codes(issues: &Value) -> Vec<String> {
    issues
        .as_array()
        .expect("issues array")
        .iter()
        .map(|i| i["code"].as_str().expect("code").to_owned())
        .collect()
}

/// The `code` property of a thrown JS `Error`.
pub fn error_code(err: &JsValue) -> String {
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "expected an Error, got {err:?}"
    );
    Reflect::get(err, &"code".into())
        .unwrap()
        .as_string()
        .expect("Error.code is a string")
}
