//! Any bytes as a `POST /import` body in JSON text: `validate_import_json` must not panic and
//! must keep the contract (one report per element, ok rows = request payload, failed rows
//! unchanged), be deterministic, agree with `validate_import` on the parsed body, and be
//! idempotent on the normalised body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mateo_import_fuzz::{check_idempotent, check_report, check_session, text, validator};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    // First byte picks the option set; the rest is the text (lossily decoded, as a browser's
    // TextDecoder would).
    let (selector, body) = match data.split_first() {
        Some((s, rest)) => (*s, rest),
        None => (0, data),
    };
    let input = String::from_utf8_lossy(body);
    let mut v = validator(selector);
    let report = v.validate_import_json(&input);
    // Deterministic, warm cache or not.
    assert_eq!(text(&v.validate_import_json(&input)), text(&report));
    match serde_json::from_str::<Value>(&mateo_import::json_text::fix_lone_surrogates(&input)) {
        Ok(body) => {
            check_report(&body, &report);
            // The text path (rows of plain keys and scalars read from their text) says what the
            // parsed body says.
            assert_eq!(text(&validator(selector).validate_import(&body)), text(&report));
            check_idempotent(selector, &report);
            check_session(selector, &body, &report, &[3, 1, 0, 2]);
        }
        Err(e) => {
            if report.errors.iter().any(|i| i.code == "invalid_json") {
                // The text's error: no rows.
                assert_eq!(report.total, 0);
                assert_eq!(report.errors.len(), 1);
            } else {
                // Valid JSON beyond what the parser holds in a row (nested past 128 levels with
                // the body around it, a number out of range) is that row's error, or none for a
                // row that parses alone; the other rows are checked, and the request's own
                // findings (an unknown type, say) are reported as for any body.
                let reason = e.to_string();
                assert!(
                    reason.starts_with("recursion limit exceeded")
                        || reason.starts_with("number out of range"),
                    "{reason}"
                );
                assert_eq!(report.rows.len(), report.total);
            }
        }
    }
});
