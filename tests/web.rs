//! The wasm facade in a browser: `wasm-pack test --headless --chrome` (Debian chromium +
//! chromedriver). The tests are in tests/wasm_common/cases.rs, shared with the Node runner
//! (tests/node.rs); only the check that this is a browser is here.
#![cfg(target_arch = "wasm32")]

use js_sys::{Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod wasm_common;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn runs_in_a_browser() {
    let window = js_sys::global().dyn_into::<Object>().unwrap();
    assert!(
        Reflect::has(&window, &"document".into()).unwrap(),
        "not a browser global"
    );
}
