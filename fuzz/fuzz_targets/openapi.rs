//! Any bytes as an OpenAPI description (`Schema::from_openapi_text`): never a panic; a
//! document is either one `invalid_schema` error or a schema whose findings all have documented
//! codes; and the schema it gives checks rows under the contract of the other targets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mateo_import::schema::Schema;
use mateo_import::{ImportType, Validator, ALL_CODES};
use mateo_import_fuzz::check_row;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let schema = match Schema::from_openapi_text(&text) {
        Ok(schema) => schema,
        Err(e) => {
            assert_eq!(e.code(), "invalid_schema");
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    assert_eq!(schema.source.source, "openapi");
    assert_eq!(schema.source.tables.len(), 3);
    for issue in schema.issues() {
        assert!(ALL_CODES.contains(&issue.code), "{}", issue.code);
        assert!(!issue.params().is_empty());
    }
    // The same text gives the same schema.
    assert_eq!(Schema::from_openapi_text(&text).ok().as_ref(), Some(&schema));
    // Rows of every type, checked on those tables: one value of each table's own fields.
    let mut v = Validator::with_schema(Default::default(), &schema);
    for t in ImportType::ALL {
        let mut row = serde_json::Map::new();
        for (i, key) in schema.rows(t).fields().keys().take(40).enumerate() {
            let value = match i % 5 {
                0 => json!("x"),
                1 => json!(1),
                2 => json!(null),
                3 => json!(["a", ""]),
                _ => json!({"k": true}),
            };
            row.insert(key.clone(), value);
        }
        let row = serde_json::Value::Object(row);
        let report = v.validate_row(t, &row, 7);
        check_row(&row, &report, 7);
    }
});
