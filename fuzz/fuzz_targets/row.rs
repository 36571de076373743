//! Any JSON value as a row of each of the three types (`validate_row`), and any JSON array as
//! a payload pushed through an `ImportSession` in fuzzer-chosen chunks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mateo_import::ImportType;
use mateo_import_fuzz::{
    check_idempotent, check_report, check_row, check_session, text, validator, NORMALISATION_CODES,
};
use serde_json::{json, Value};

fuzz_target!(|data: &[u8]| {
    // Byte 0: option set; bytes 1..5: chunk sizes; the rest: JSON text (or, when it is not JSON,
    // the text itself as a string value).
    if data.len() < 5 {
        return;
    }
    let selector = data[0];
    let sizes = &data[1..5];
    let input = String::from_utf8_lossy(&data[5..]);
    let element = serde_json::from_str::<Value>(&input)
        .unwrap_or_else(|_| Value::String(input.clone().into_owned()));

    let mut v = validator(selector);
    for t in ImportType::ALL {
        let index = sizes[0] as usize * 1000 + sizes[1] as usize;
        let report = v.validate_row(t, &element, index);
        check_row(&element, &report, index);
        assert_eq!(
            text(&validator(selector).validate_row(t, &element, index)),
            text(&report),
            "not deterministic"
        );
        if report.ok {
            let again = v.validate_row(
                t,
                &Value::Object(report.row.clone().unwrap_or_default()),
                index,
            );
            assert!(
                again.ok,
                "a normalised row must stay valid: {}",
                text(&again)
            );
            assert_eq!(
                text(&again.row),
                text(&report.row),
                "normalising a row twice changed it"
            );
            for w in &again.warnings {
                assert!(
                    !NORMALISATION_CODES.contains(&w.code),
                    "normalisation warning on a normalised row: {w:?}"
                );
            }
        }

        // The value as a payload (an array is the payload itself; anything else is one row).
        let payload = match &element {
            Value::Array(_) => element.clone(),
            other => Value::Array(vec![other.clone()]),
        };
        let body = json!({"type": t.as_str(), "payload": payload});
        let import = v.validate_import(&body);
        check_report(&body, &import);
        check_idempotent(selector, &import);
        check_session(selector, &body, &import, sizes);
    }
});
