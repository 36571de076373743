//! The wasm facade under Node.js: `wasm-pack test --node`. The tests are in
//! tests/wasm_common/cases.rs, shared with the browser runner (tests/web.rs).
#![cfg(target_arch = "wasm32")]

mod wasm_common;
