//! The live schema: field tables from the API's OpenAPI description (`Schema::from_openapi`),
//! on the test documents of tests/fixtures/openapi (written by make.py there).

use mateo_import::schema::{FieldKind, Schema, MAX_DOC_BYTES, MAX_DOC_NODES};
use mateo_import::{ImportSession, ImportType, Issue, Problem, Validator};
use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/openapi/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn swagger() -> Schema {
    Schema::from_openapi_text(&fixture("postgrest-swagger2.json")).unwrap()
}

fn oas3() -> Schema {
    Schema::from_openapi_text(&fixture("openapi3.json")).unwrap()
}

fn kind(s: &Schema, t: ImportType, field: &str) -> FieldKind {
    s.rows(t)
        .field(field)
        .unwrap_or_else(|| panic!("{field}"))
        .kind
        .clone()
}

fn codes(issues: &[Issue]) -> Vec<&str> {
    issues.iter().map(|i| i.code).collect()
}

fn reason(e: Problem) -> (&'static str, String) {
    assert_eq!(e.code(), "invalid_schema");
    match e {
        Problem::InvalidSchema { reason, path } => (reason, path),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_source_says_where_the_tables_came_from() {
    let s = swagger();
    assert_eq!(s.source.source, "openapi");
    assert_eq!(s.source.title.as_deref(), Some("Mateo API"));
    assert_eq!(s.source.version.as_deref(), Some("12.2.3"));
    assert_eq!(s.source.spec.as_deref(), Some("2.0"));
    for t in ImportType::ALL {
        let table = &s.source.tables[t.as_str()];
        assert_eq!(table.source, "openapi");
        assert_eq!(table.definition.as_deref(), Some(t.as_str()));
        assert_eq!(table.fields, s.rows(t).fields().len());
    }
    let json = serde_json::to_value(&s.source).unwrap();
    assert_eq!(json["tables"]["deal_details"]["definition"], "deal_details");
    assert_eq!(
        Schema::embedded().source.tables["deal_details"].source,
        "embedded"
    );
}

#[test]
fn kinds_per_format() {
    let s = swagger();
    let d = ImportType::Deal;
    assert_eq!(kind(&s, d, "contact_id"), FieldKind::Uuid);
    assert_eq!(kind(&s, d, "title"), FieldKind::Text);
    assert_eq!(kind(&s, d, "currency"), FieldKind::Text); // character(3)
    assert_eq!(kind(&s, d, "value"), FieldKind::Number);
    assert_eq!(kind(&s, d, "probability"), FieldKind::Integer);
    assert_eq!(kind(&s, d, "position"), FieldKind::BigInteger);
    assert_eq!(kind(&s, d, "expected_close_date"), FieldKind::Date);
    assert_eq!(kind(&s, d, "won_at"), FieldKind::Timestamp);
    assert_eq!(kind(&s, d, "tags"), FieldKind::StringList);
    assert_eq!(kind(&s, d, "custom_fields"), FieldKind::Json);
    assert_eq!(
        kind(&s, d, "stage"),
        FieldKind::Enum {
            values: vec![
                "new".into(),
                "qualified".into(),
                "won".into(),
                "lost".into()
            ],
            complete: true
        }
    );
    let c = ImportType::Contact;
    assert_eq!(kind(&s, c, "is_blocked"), FieldKind::Boolean);
    assert_eq!(kind(&s, c, "visits"), FieldKind::BigInteger);
    assert_eq!(kind(&s, c, "attributes"), FieldKind::Json);
    assert_eq!(kind(&s, c, "salutation"), FieldKind::Text); // character varying
    assert_eq!(
        kind(&s, ImportType::Appointment, "location"),
        FieldKind::Text
    ); // character varying(200)
       // The enum values the embedded table knows only in part.
    for ch in ["whatsapp", "sms", "email", "postal"] {
        assert_eq!(
            kind(&s, c, &format!("{ch}_transactional_opt_in")),
            FieldKind::Enum {
                values: ["legitimate_interest", "consent", "contract", "none"]
                    .map(String::from)
                    .to_vec(),
                complete: true
            }
        );
    }
}

#[test]
fn required_and_defaults_give_nullability_and_server_managed() {
    let s = swagger();
    let deal = s.rows(ImportType::Deal);
    assert!(!deal.field("title").unwrap().nullable);
    assert!(deal.field("lost_reason").unwrap().nullable);
    // Not known to the embedded table: a generated id, now(), a sequence are the server's.
    for f in ["id", "created_at", "updated_at", "position"] {
        assert!(deal.field(f).unwrap().server, "{f}");
    }
    // Server-managed in any embedded table: in every table of the document.
    assert!(deal.field("organisation_id").unwrap().server);
    assert!(deal.field("fts").unwrap().server);
    assert!(!deal.field("currency").unwrap().server); // a plain default
    let sendable: Vec<&str> = deal.sendable().collect();
    assert!(sendable.contains(&"title") && sendable.contains(&"contact_external_id"));
    assert!(!sendable.contains(&"id") && !sendable.contains(&"created_at"));
    assert!(!deal.field("stage").unwrap().server);
    // The embedded tables' flags win where they know the field: a contact's or an
    // appointment's id is sent (an identifier), though the column has a generated default.
    let contact = s.rows(ImportType::Contact);
    assert!(!contact.field("id").unwrap().server);
    assert!(contact.field("id").unwrap().identifier);
    let appointment = s.rows(ImportType::Appointment);
    assert!(!appointment.field("id").unwrap().server);
    assert!(!appointment.field("name").unwrap().nullable);
    assert!(appointment.field("name").unwrap().required);
    assert!(appointment.field("created_at").unwrap().server);
}

#[test]
fn the_embedded_flags_are_overlaid() {
    for s in [swagger(), oas3()] {
        let c = ImportType::Contact;
        assert_eq!(kind(&s, c, "sms"), FieldKind::PhoneList);
        assert_eq!(kind(&s, c, "whatsapp"), FieldKind::PhoneList);
        assert_eq!(kind(&s, c, "email"), FieldKind::Email);
        // Not a column: the import's own field.
        assert_eq!(kind(&s, c, "country_codes"), FieldKind::CountryCodes);
        let identifiers = |schema: &Schema| -> Vec<String> {
            schema
                .rows(c)
                .fields()
                .iter()
                .filter(|(_, f)| f.identifier)
                .map(|(k, _)| k.clone())
                .collect()
        };
        assert_eq!(identifiers(&s), identifiers(Schema::embedded()));
        for t in [ImportType::Deal, ImportType::Appointment] {
            let table = s.rows(t);
            // contact_external_id is no column of the views: it comes from the embedded table.
            assert!(
                table
                    .field("contact_external_id")
                    .unwrap()
                    .contact_reference
            );
            assert!(table.field("contact_id").unwrap().contact_reference);
            assert!(!table.open);
        }
    }
}

#[test]
fn unknown_formats_are_reported_once_and_checked_as_text() {
    let s = swagger();
    let mut found: Vec<(String, String, String)> = s
        .issues()
        .iter()
        .filter(|i| i.code == "schema_unknown_format")
        .map(|i| {
            let p = i.params();
            assert_eq!(i.field.as_deref(), p["column"].as_str());
            (
                p["table"].as_str().unwrap().to_owned(),
                p["column"].as_str().unwrap().to_owned(),
                p["format"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    let expected: Vec<(String, String, String)> = [
        ("appointment_details", "reminder_offsets", "integer[]"),
        ("appointment_details", "slot", "tstzrange"),
        ("contact_details", "lifetime_value", "money"),
        ("deal_details", "price_list", "money"),
        ("deal_details", "sales_cycle", "interval"),
        ("deal_details", "search", "tsvector"),
    ]
    .map(|(a, b, c)| (a.into(), b.into(), c.into()))
    .to_vec();
    assert_eq!(found, expected);
    assert_eq!(codes(s.issues()).len(), 6, "{:?}", s.issues());
    assert!(s.issues()[0].message.contains("checked as text"));
    assert_eq!(kind(&s, ImportType::Deal, "sales_cycle"), FieldKind::Text);
    // An array of an unknown type is a list, not one string: integer[] of integers, any JSON.
    assert_eq!(
        kind(&s, ImportType::Appointment, "reminder_offsets"),
        FieldKind::Json
    );
    let enum_array = json!({"swagger": "2.0", "definitions": {"deal_details": {"properties": {
        "channels": {"format": "public.channel[]", "type": "array", "items": {"type": "string"}}}}}});
    let e = Schema::from_openapi(&enum_array).unwrap();
    assert_eq!(
        kind(&e, ImportType::Deal, "channels"),
        FieldKind::StringList
    );
    assert_eq!(
        codes(e.issues()),
        [
            "schema_table_missing",
            "schema_unknown_format",
            "schema_table_missing"
        ]
    );

    // Rows: no finding per row for such a column; its values are checked as text.
    let mut v = Validator::with_schema(Default::default(), &s);
    let ok = v.validate_row(
        ImportType::Deal,
        &json!({"contact_external_id": "c", "sales_cycle": "3 days", "search": "x"}),
        0,
    );
    assert!(ok.ok && ok.warnings.is_empty(), "{ok:?}");
    let bad = v.validate_row(
        ImportType::Deal,
        &json!({"contact_external_id": "c", "sales_cycle": {"days": 3}}),
        0,
    );
    assert_eq!(codes(&bad.errors), ["invalid_type"]);
}

#[test]
fn openapi3_gives_the_same_tables() {
    let (a, b) = (swagger(), oas3());
    for t in ImportType::ALL {
        assert_eq!(a.rows(t), b.rows(t), "{t:?}");
    }
    assert_eq!(a.issues(), b.issues());
    assert_eq!(b.source.spec.as_deref(), Some("3.0.3"));
}

#[test]
fn deal_and_appointment_rows_without_unknown_field_noise() {
    let s = swagger();
    let mut v = Validator::with_schema(Default::default(), &s);
    let report = v.validate_import(&json!({"type": "deal_details", "payload": [
        {"external_id": "d1", "title": "Deal 1", "contact_external_id": "c1", "value": 12.5, "stage": "won",
         "tags": ["a"], "custom_fields": {"x": [1]}, "probability": "7"},
        {"external_id": "d2", "title": "Deal 2", "contact_id": "3C90C3CC-0D44-4B50-8888-8DD25736052A", "stage": "Lost",
         "expected_close_date": "2026-02-30", "created_at": "2026-01-01T00:00:00Z"},
        {"external_id": "d3", "title": null, "contact_external_id": "c3", "stage": "maybe", "probability": 1e10},
    ]}));
    let r = &report.rows;
    assert!(r[0].ok, "{:?}", r[0]);
    assert_eq!(codes(&r[0].warnings), ["coerced_value"]);
    assert_eq!(r[0].row.as_ref().unwrap()["probability"], json!(7));
    // A bigint beyond 2^53, kept exact.
    let big = v.validate_row(
        ImportType::Contact,
        &json!({"external_id": "c", "visits": "9007199254740993"}),
        0,
    );
    assert_eq!(big.row.unwrap()["visits"], json!(9007199254740993i64));
    assert_eq!(codes(&r[1].errors), ["invalid_date"]);
    assert_eq!(
        codes(&r[1].warnings),
        ["enum_case_normalised", "read_only_field"]
    );
    let mut e = codes(&r[2].errors);
    e.sort();
    assert_eq!(e, ["invalid_enum", "not_nullable", "out_of_range"]);
    assert!(!r
        .iter()
        .flat_map(|r| &r.warnings)
        .any(|w| w.code == "unknown_field"));

    // Unknown keys follow the policy now that the deal table is known.
    let mut strict =
        Validator::from_options_json_with_schema(&json!({"unknownFields": "error"}), &s).unwrap();
    let row = strict.validate_row(
        ImportType::Deal,
        &json!({"contact_external_id": "c", "colour": "blue"}),
        0,
    );
    assert_eq!(codes(&row.errors), ["unknown_field"]);
    // With the embedded table, an unknown deal key is always a warning.
    let embedded = Validator::from_options_json(&json!({"unknownFields": "error"}))
        .unwrap()
        .validate_row(
            ImportType::Deal,
            &json!({"contact_external_id": "c", "colour": "blue"}),
            0,
        );
    assert!(embedded.ok);

    let a = v.validate_row(
        ImportType::Appointment,
        &json!({"name": "Visit", "contact_external_id": "c", "location": "Berlin", "start_time": "2026-01-01T10:00:00Z"}),
        0,
    );
    assert!(a.ok && a.warnings.is_empty(), "{a:?}");
    // The transactional opt-in values are now known completely.
    let c = v.validate_row(
        ImportType::Contact,
        &json!({"external_id": "c", "sms_transactional_opt_in": "consent", "email_transactional_opt_in": "maybe",
                "whatsapp": ["0151 23456789"], "country_codes": ["DE"]}),
        0,
    );
    assert_eq!(codes(&c.errors), ["invalid_enum"]);
    assert!(c.warnings.is_empty());
}

#[test]
fn custom_fields_are_added_to_the_live_tables_and_sessions_use_them() {
    let s = swagger();
    let v = Validator::from_options_json_with_schema(
        &json!({"customFields": [{"key": "budget", "type": "number", "entity": "deal"}]}),
        &s,
    )
    .unwrap();
    assert_eq!(v.schema().source.source, "openapi");
    assert_eq!(
        kind(v.schema(), ImportType::Deal, "budget"),
        FieldKind::Number
    );
    let mut session = v.session(&json!({"type": "deal_details"}));
    assert_eq!(
        ImportSession::new(v.fresh(), &json!({"type": "deal_details"})).import_type(),
        Some(ImportType::Deal)
    );
    let reports = session.push(&[
        json!({"contact_external_id": "c", "title": "t", "budget": "x"}),
        json!({"contact_external_id": "c", "stage": "won"}),
    ]);
    assert_eq!(codes(&reports[0].errors), ["invalid_type"]);
    assert!(reports[1].ok && reports[1].warnings.is_empty());
    assert_eq!(session.finish().valid, 1);
}

#[test]
fn a_missing_table_keeps_the_embedded_one() {
    let mut doc: Value = serde_json::from_str(&fixture("postgrest-swagger2.json")).unwrap();
    let defs = doc["definitions"].as_object_mut().unwrap();
    defs.remove("deal_details");
    defs.remove("appointment_details");
    defs.remove("appointment");
    let s = Schema::from_openapi(&doc).unwrap();
    // The plain table when the view is missing.
    assert_eq!(
        s.source.tables["deal_details"].definition.as_deref(),
        Some("deal")
    );
    assert_eq!(s.source.tables["appointment_details"].source, "embedded");
    assert_eq!(
        s.rows(ImportType::Appointment),
        Schema::embedded().rows(ImportType::Appointment)
    );
    let missing: Vec<&Issue> = s
        .issues()
        .iter()
        .filter(|i| i.code == "schema_table_missing")
        .collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(
        missing[0].params()["tried"],
        json!(["appointment_details", "appointment"])
    );
    // A document of no tables at all: every table embedded, three notices.
    let s = Schema::from_openapi(&json!({"swagger": "2.0", "definitions": {}})).unwrap();
    assert_eq!(
        codes(s.issues()),
        ["schema_table_missing"; 3],
        "{:?}",
        s.issues()
    );
    for t in ImportType::ALL {
        assert_eq!(s.rows(t), Schema::embedded().rows(t));
    }
}

#[test]
fn malformed_documents_are_one_clear_error() {
    let table = |props: Value| json!({"swagger": "2.0", "definitions": {"deal_details": {"properties": props}}});
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!([]), "not_an_object", "#"),
        (json!({"info": {}}), "not_openapi", "#"),
        (
            json!({"swagger": "1.2"}),
            "unsupported_version",
            "#/swagger",
        ),
        (json!({"openapi": 3}), "unsupported_version", "#/openapi"),
        (
            json!({"swagger": "2.0", "definitions": []}),
            "wrong_type",
            "#/definitions",
        ),
        (
            json!({"openapi": "3.1.0", "components": "x"}),
            "wrong_type",
            "#/components",
        ),
        (
            json!({"swagger": "2.0", "definitions": {"deal_details": 7}}),
            "wrong_type",
            "#/definitions/deal_details",
        ),
        (
            json!({"swagger": "2.0", "definitions": {"deal_details": {}}}),
            "no_properties",
            "#/definitions/deal_details",
        ),
        (
            json!({"swagger": "2.0", "definitions": {"deal_details": {"properties": {}, "required": "title"}}}),
            "wrong_type",
            "#/definitions/deal_details/required",
        ),
        (
            table(json!("title")),
            "wrong_type",
            "#/definitions/deal_details/properties",
        ),
        (
            table(json!({"title": 5})),
            "wrong_type",
            "#/definitions/deal_details/properties/title",
        ),
        (
            table(json!({"title": {"format": ["text"]}})),
            "wrong_type",
            "#/definitions/deal_details/properties/title/format",
        ),
        (
            table(json!({"stage": {"enum": [1, 2]}})),
            "wrong_type",
            "#/definitions/deal_details/properties/stage/enum",
        ),
        (
            table(json!({"a/b": {"$ref": 1}})),
            "wrong_type",
            "#/definitions/deal_details/properties/a~1b/$ref",
        ),
        (
            table(json!({"x": {"$ref": "#/definitions/nowhere"}})),
            "ref_unresolved",
            "#/definitions/deal_details/properties/x/$ref",
        ),
        (
            table(json!({"x": {"$ref": "https://example.test/schema.json#/x"}})),
            "ref_unsupported",
            "#/definitions/deal_details/properties/x/$ref",
        ),
        (
            json!({"swagger": "2.0", "definitions": {
                "deal_details": {"$ref": "#/definitions/a"},
                "a": {"$ref": "#/definitions/b"},
                "b": {"$ref": "#/definitions/a"}}}),
            "ref_cycle",
            "#/definitions/b",
        ),
        (
            json!({"swagger": "2.0", "definitions": {"deal_details": {"properties": {
                "x": {"$ref": "#/definitions/deal_details/properties/x"}}}}}),
            "ref_unresolved",
            "#/definitions/deal_details/properties/x/$ref",
        ),
        (
            json!({"swagger": "2.0", "definitions": {"deal_details": {"properties": {"x": {"$ref": "#/definitions/x"}}},
                "x": {"$ref": "#/definitions/x"}}}),
            "ref_cycle",
            "#/definitions/x",
        ),
    ];
    for (doc, want, path) in cases {
        let e = Schema::from_openapi(&doc).unwrap_err();
        assert!(e.to_string().contains(want), "{e}");
        assert_eq!(reason(e), (want, path.to_owned()), "{doc}");
    }

    // A chain of $refs longer than the limit.
    let mut defs = serde_json::Map::new();
    defs.insert("deal_details".into(), json!({"$ref": "#/definitions/r0"}));
    for i in 0..100 {
        defs.insert(
            format!("r{i}"),
            json!({"$ref": format!("#/definitions/r{}", i + 1)}),
        );
    }
    defs.insert("r100".into(), json!({"properties": {}}));
    let e = Schema::from_openapi(&json!({"swagger": "2.0", "definitions": defs})).unwrap_err();
    assert_eq!(reason(e).0, "ref_too_deep");

    // Text: not JSON, nested too deeply, too large.
    assert_eq!(
        reason(Schema::from_openapi_text("{").unwrap_err()).0,
        "not_json"
    );
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        reason(Schema::from_openapi_text(&deep).unwrap_err()).0,
        "too_deep"
    );
    let huge = format!(
        r#"{{"swagger": "2.0", "x": "{}"}}"#,
        "a".repeat(MAX_DOC_BYTES)
    );
    assert_eq!(
        reason(Schema::from_openapi_text(&huge).unwrap_err()),
        ("too_large", String::new())
    );
    // A document of too many values.
    let many = json!({"swagger": "2.0", "paths": vec![0; MAX_DOC_NODES]});
    assert_eq!(
        reason(Schema::from_openapi(&many).unwrap_err()).0,
        "too_large"
    );
}

/// A doc built in code may nest deeper than any parser allows: walked without recursion.
#[test]
fn deep_values_do_not_overflow_the_stack() {
    let mut v = json!("x");
    for _ in 0..50_000 {
        v = Value::Array(vec![v]);
    }
    let mut doc = json!({"swagger": "2.0"});
    doc["paths"] = v;
    let s = Schema::from_openapi(&doc).unwrap();
    assert_eq!(codes(s.issues()), ["schema_table_missing"; 3]);
    // serde_json drops nested values recursively: leak the deep one rather than risk the stack.
    std::mem::forget(doc);
}
