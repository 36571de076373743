//! Regression tests: every input that once broke the contract (found by tests/properties.rs, the
//! fuzz targets in fuzz/ or the hostile-input suites in tests/js and tests/browser), minimised.
//! See docs/robustness.md for how each was found.
#![cfg(not(target_arch = "wasm32"))]

use mateo_import::{ImportSession, Validator};
use serde_json::{json, Value};

fn text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serialises")
}

/// proptest `import_contract` / `session_chunking`: a JS number that crosses the boundary as
/// JSON text (`JSON.stringify` writes the shortest text that reads back exactly) came back 1 ULP
/// off, because serde_json's default float parser is not correctly rounded. The normalised body
/// then carried a different number than the caller's, and `validate_import_json(text)` disagreed
/// with `validate_import(value)`.
/// Fix: `serde_json = { version = "1", features = ["preserve_order", "float_roundtrip"] }`.
#[test]
fn floats_survive_json_text_exactly() {
    for literal in [
        "-4.4468561260018214e64",
        "8.159483795219683e304",
        "1.2001402103275976e299",
        "2.2250738585072014e-308",
        "9007199254740993.5",
        "0.30000000000000004",
        "1.7976931348623157e308",
    ] {
        let exact: f64 = literal.parse().expect("a float literal");
        let body = format!(
            r#"{{"type":"contact_details","payload":[{{"external_id":"x","amount":{literal}}}]}}"#
        );
        let report = Validator::default().validate_import_json(&body);
        let got = report.rows[0]
            .row
            .as_ref()
            .and_then(|r| r["amount"].as_f64());
        assert_eq!(
            got.map(f64::to_bits),
            Some(exact.to_bits()),
            "{literal} came back as {got:?}"
        );

        let mut session =
            ImportSession::new(Validator::default(), &json!({"type": "contact_details"}));
        let rows = session
            .push_json(&format!(r#"[{{"external_id":"x","amount":{literal}}}]"#))
            .expect("an array");
        let got = rows[0].row.as_ref().and_then(|r| r["amount"].as_f64());
        assert_eq!(
            got.map(f64::to_bits),
            Some(exact.to_bits()),
            "push_json: {literal} came back as {got:?}"
        );
    }
}

/// The same through the text path and the `Value` path must give byte-identical reports.
#[test]
fn json_text_and_value_agree_on_floats() {
    let body = json!({"type": "appointment_details", "payload": [{"": 1.2001402103275976e299}]});
    let mut v = Validator::default();
    assert_eq!(
        text(&v.validate_import_json(&text(&body))),
        text(&v.validate_import(&body))
    );
}

/// proptest `resolve_phone_contract` (not a bug; recorded so the bound stays right): numbers
/// libphonenumber calls valid can have more than E.164's 15 digits (German national numbers go
/// up to 15 digits after +49), and such an E.164 must still resolve to itself.
#[test]
fn long_valid_numbers_resolve_to_themselves() {
    let mut v = Validator::default();
    let r = v
        .resolve_phone(&json!(["40０00０0０００0٠00"]), Some(&["DE".to_owned()]))
        .expect("a list");
    if let Some(e164) = r.e164 {
        let again = v
            .resolve_phone(&Value::String(e164.clone()), Some(&[]))
            .expect("a string");
        assert_eq!(again.e164, Some(e164));
    }
}

// ------------------------------------------------------------------------------------------------
// Memory: a counting allocator, to check what a session keeps between chunks.

mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicIsize, Ordering};

    pub struct Counting;
    pub static LIVE: AtomicIsize = AtomicIsize::new(0);

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
            unsafe { System.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            LIVE.fetch_add(
                new_size as isize - layout.size() as isize,
                Ordering::Relaxed,
            );
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    pub fn live() -> isize {
        LIVE.load(Ordering::Relaxed)
    }
}

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

/// tests/js/hostile.test.mjs follow-up ("50 MB string in a phone field"): the phone parse cache
/// kept every distinct candidate string as a key, bounded by count (200,000 entries) but not by
/// size. A file whose phone cells are long junk grew the wasm memory by (rows x cell size x
/// regions) however small the chunks, until the 4 GiB limit: `RuntimeError: unreachable`, after
/// which the session threw "recursive use of an object" on every call. 2,000 MB of distinct
/// 1 MB cells pushed in chunks of 50 rows (50 MB) trapped at chunk 38 in Node.
/// Fix: src/phone/mod.rs, `ParseCache::parse`, do not cache candidates longer than a phone
/// number can be (e.g. 64 bytes).
#[test]
fn session_memory_does_not_grow_with_long_phone_cells() {
    let mut session = ImportSession::new(Validator::default(), &json!({"type": "contact_details"}));
    let cell = "1".repeat(16 * 1024);
    let mut push = |chunk: usize| {
        let rows: Vec<Value> = (0..64)
            .map(|i| json!({"external_id": "x", "whatsapp": format!("+49 {chunk}-{i} {cell}"), "country_codes": ["DE", "AT"]}))
            .collect();
        assert_eq!(session.push(&rows).len(), 64);
    };
    // Warm-up: the phone library compiles and caches its regexes for DE and AT on first use.
    push(0);
    push(1);
    let before = counting::live();
    for chunk in 2..10 {
        push(chunk);
    }
    // 8 x 64 rows x 16 KiB x 2 regions = 16 MiB of distinct keys if the cache keeps them.
    let kept = counting::live() - before;
    assert!(
        kept < 4 << 20,
        "the session kept {} KiB more after 8 chunks",
        kept / 1024
    );
}

/// fuzz `request` (session 11): a row nested past serde_json's limit in a body whose type is
/// unknown. The row is that row's `invalid_json` and the request keeps its own error; the fuzz
/// target had expected a body-level `invalid_json` with no rows whenever the whole text does not
/// parse. Fix: the target's expectation (rows beyond the parser are rows' errors).
#[test]
fn a_row_beyond_the_parser_in_a_body_with_an_unknown_type() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let text = format!(r#"{{"type":"contacu_details","payload":[{deep}]}}"#);
    assert!(serde_json::from_str::<Value>(&text).is_err());
    let r = Validator::default().validate_import_json(&text);
    let codes: Vec<&str> = r.errors.iter().map(|e| e.code).collect();
    assert_eq!(codes, ["unknown_import_type"]);
    assert_eq!((r.total, r.rows.len()), (1, 1));
    assert_eq!(r.rows[0].errors[0].code, "invalid_json");
}
