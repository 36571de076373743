//! Any bytes as a CSV file: `parse_csv` must not panic, every cell must be a non-blank string
//! or a list of strings, and the rows (as contact, deal and appointment imports, and through a
//! session) must keep the contract.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mateo_import::csv_rows::parse_csv;
use mateo_import::ImportType;
use mateo_import_fuzz::{
    check_idempotent, check_report, check_session, check_text_cells, text, validator,
};
use serde_json::{json, Value};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let input = String::from_utf8_lossy(rest);
    let csv = parse_csv(&input);
    assert_eq!(
        text(&parse_csv(&input)),
        text(&csv),
        "parse_csv is not deterministic"
    );
    check_text_cells(&csv.rows);
    for issue in &csv.errors {
        assert!(mateo_import::ALL_CODES.contains(&issue.code));
    }
    let payload: Vec<Value> = csv.rows.iter().cloned().map(Value::Object).collect();
    let t = ImportType::ALL[selector as usize % 3];
    let body = json!({"type": t.as_str(), "payload": payload});
    let report = validator(selector / 3).validate_import(&body);
    check_report(&body, &report);
    check_idempotent(selector / 3, &report);
    check_session(selector / 3, &body, &report, &[2, 5, 1]);
});
