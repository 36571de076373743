//! Header mapping: the German list of issue 14 checks with no hand-written code; suggestions on
//! real export headers; the mapping applied inside the validator.
#![cfg(not(target_arch = "wasm32"))]
use mateo_import::input::{read_table, ReadOptions};
use mateo_import::mapping::suggest_mapping;
use mateo_import::schema::Schema;
use mateo_import::{ImportType, Validator};
use serde_json::{json, Value};

fn file(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/files/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn german_excel_list_gives_three_valid_rows_with_no_code() {
    let table = read_table(&file("excel-de.csv"), &ReadOptions::default()).unwrap();
    let mapping = suggest_mapping(
        &table.headers,
        ImportType::Contact,
        Schema::embedded(),
        &table.rows,
    );
    let fields: Vec<Option<&str>> = mapping.columns.iter().map(|c| c.field.as_deref()).collect();
    assert_eq!(
        fields,
        [
            Some("full_name"),
            Some("full_name"),
            Some("email"),
            Some("whatsapp"),
            Some("whatsapp"),
            Some("birthday"),
            Some("address_line1"),
            Some("zipcode"),
            Some("city")
        ]
    );
    assert_eq!(
        mapping.columns[5].date_order,
        Some(mateo_import::local::DateOrder::Dmy)
    );
    let mapping_json = serde_json::to_value(&mapping).unwrap();
    let mut v = Validator::from_options_json(
        &json!({"defaultCountryCodes": ["DE"], "mapping": mapping_json}),
    )
    .unwrap();
    let payload: Vec<Value> = table.rows.iter().cloned().map(Value::Object).collect();
    let report = v.validate_import(&json!({"type": "contact_details", "payload": payload}));
    assert_eq!((report.valid, report.total), (3, 3), "{:#?}", report.rows);
    let sent = &report.request.as_ref().unwrap()["payload"];
    assert_eq!(
        sent[0],
        json!({"full_name": "Jürgen Müller", "email": "juergen.mueller@example.de",
               "whatsapp": "+4915123456789", "birthday": "1990-12-25", "address_line1": "Hauptstraße 5",
               "zipcode": "10115", "city": "Berlin"})
    );
    // Mobile before landline: Anna-Lena has no landline, Ömer no mobile (a landline: said).
    assert_eq!(sent[1]["whatsapp"], json!("+4916098765432"));
    assert_eq!(sent[2]["whatsapp"], json!("+49891234567"));
    let codes: Vec<&str> = report.rows[2].warnings.iter().map(|w| w.code).collect();
    assert!(codes.contains(&"not_mobile"), "{codes:?}");
    let birthday = report.rows[0]
        .warnings
        .iter()
        .find(|w| w.field.as_deref() == Some("birthday"))
        .unwrap();
    assert_eq!(birthday.code, "coerced_value");
}

/// The suggestions on 32 header rows (tests/fixtures/mapping/headers.json): no column mapped to
/// a field where it does not belong, and at least 95% of the mappable columns found. The
/// figures are printed (and recorded in the README).
#[test]
fn suggestion_quality_on_real_headers() {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/mapping/headers.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 30);
    let (mut right, mut wrong, mut unmapped, mut mappable, mut columns) = (0, 0, 0, 0, 0);
    let mut wrongs = Vec::new();
    for case in cases {
        let t = ImportType::parse(case["type"].as_str().unwrap()).unwrap();
        let expected = case["columns"].as_object().unwrap();
        let headers: Vec<String> = expected.keys().cloned().collect();
        let mapping = suggest_mapping(&headers, t, Schema::embedded(), &[]);
        for (c, (header, want)) in mapping.columns.iter().zip(expected) {
            assert_eq!(&c.header, header);
            columns += 1;
            let want = want.as_str();
            mappable += usize::from(want.is_some());
            match (want, c.field.as_deref()) {
                (Some(w), Some(got)) if w == got => right += 1,
                (None, None) => right += 1,
                (Some(w), None) => {
                    unmapped += 1;
                    println!("unmapped: {}: {header:?} (expected {w})", case["name"]);
                }
                (w, got) => {
                    wrong += 1;
                    wrongs.push(format!(
                        "{}: {header:?} -> {got:?} ({}), expected {w:?}",
                        case["name"], c.reason
                    ));
                }
            }
        }
    }
    let found = mappable
        - unmapped
        - wrongs
            .iter()
            .filter(|w| !w.contains("expected None"))
            .count();
    println!(
        "mapping quality: {} header rows, {columns} columns: {right} right, {wrong} wrong, {unmapped} unmapped; {found}/{mappable} mappable columns found ({:.1}%)",
        cases.len(),
        100.0 * found as f64 / mappable as f64
    );
    assert!(
        wrongs.is_empty(),
        "mapped where they do not belong:\n{}",
        wrongs.join("\n")
    );
    assert!(found * 100 >= mappable * 95, "{found}/{mappable} found");
}
