//! One behaviour per field kind, through real contact/appointment rows.
mod common;
use common::*;
use mateo_import::value::Normalised;
use mateo_import::ImportType::Appointment;
use serde_json::{json, Value};

fn field(f: &str, v: Value) -> mateo_import::RowReport {
    contact(json!({ "external_id": "c1", f: v }))
}

fn out(f: &str, v: Value) -> Value {
    normalised(&field(f, v))[f].clone()
}

fn err(f: &str, v: Value) -> &'static str {
    let r = field(f, v);
    assert!(!r.ok, "{f} should fail");
    r.errors[0].code
}

#[test]
fn uuid_any_case_in_lower_case_out() {
    let a = row(
        Appointment,
        json!({ "name": "n", "contact_id": "3C90C3CC-0D44-4B50-8888-8DD25736052A" }),
    );
    assert_eq!(
        normalised(&a)["contact_id"],
        "3c90c3cc-0d44-4b50-8888-8dd25736052a"
    );
    assert_eq!(
        out("id", json!(" 3c90c3cc-0d44-4b50-8888-8dd25736052a ")),
        "3c90c3cc-0d44-4b50-8888-8dd25736052a"
    );
    let braces = field("id", json!("{3C90C3CC0D444B5088888DD25736052A}"));
    assert_eq!(
        normalised(&braces)["id"],
        "3c90c3cc-0d44-4b50-8888-8dd25736052a"
    );
    assert!(has(&braces.warnings, "coerced_value", Some("id")));
    for bad in [
        "3c90c3cc-0d44-4b50-8888-8dd25736052",
        "3c90c3cc-0d44-4b50-8888-8dd25736052g",
        "3c90c3cc0d44-4b50-8888-8dd25736052a-",
        "x",
    ] {
        assert_eq!(err("id", json!(bad)), "invalid_uuid", "{bad}");
    }
    assert_eq!(err("id", json!(42)), "invalid_type");
}

#[test]
fn dates_are_real_calendar_dates() {
    assert_eq!(out("birthday", json!("2024-02-29")), "2024-02-29");
    for bad in [
        "2023-02-30",
        "2023-02-29",
        "1990-13-01",
        "1990-00-10",
        "25.12.1990",
        "1990/12/25",
        "19901225",
    ] {
        assert_eq!(err("birthday", json!(bad)), "invalid_date", "{bad}");
    }
    let r = field("birthday", json!("25.12.1990"));
    assert!(
        r.errors[0].message.contains("1990-12-25"),
        "{}",
        r.errors[0].message
    );
    assert_eq!(err("birthday", json!(19901225)), "invalid_type");
}

#[test]
fn timestamps_are_rfc3339_and_get_an_explicit_offset() {
    let a = |start: &str| {
        row(
            Appointment,
            json!({ "name": "n", "contact_external_id": "c", "start_time": start }),
        )
    };
    assert_eq!(
        normalised(&a("2024-05-01T10:00:00+02:00"))["start_time"],
        "2024-05-01T10:00:00+02:00"
    );
    assert_eq!(
        normalised(&a("2024-05-01t10:00:00.123z"))["start_time"],
        "2024-05-01T10:00:00.123Z"
    );
    assert_eq!(
        normalised(&a("2024-05-01 10:00:00-0530"))["start_time"],
        "2024-05-01T10:00:00-05:30"
    );
    let no_offset = a("2024-05-01T10:00");
    assert!(has(
        &no_offset.warnings,
        "timestamp_without_offset",
        Some("start_time")
    ));
    assert_eq!(normalised(&no_offset)["start_time"], "2024-05-01T10:00:00Z");
    for bad in [
        "01.05.2024 10:00",
        "2024-05-01T24:00:00Z",
        "2024-05-01T10:00:00+2",
        "tomorrow",
        "2024-05-32T10:00:00Z",
    ] {
        let r = a(bad);
        assert!(
            has(&r.errors, "invalid_timestamp", Some("start_time")),
            "{bad}"
        );
    }
}

#[test]
fn enums_exact_or_case_insensitive() {
    assert_eq!(
        out("email_transactional_opt_in", json!("legitimate_interest")),
        "legitimate_interest"
    );
    let r = field("email_transactional_opt_in", json!("LEGITIMATE_INTEREST"));
    assert_eq!(
        normalised(&r)["email_transactional_opt_in"],
        "legitimate_interest"
    );
    assert!(has(
        &r.warnings,
        "enum_case_normalised",
        Some("email_transactional_opt_in")
    ));
    // The docs list this enum only in part: other values pass with a warning.
    let r = field("email_transactional_opt_in", json!("consent"));
    assert!(
        r.ok && has(
            &r.warnings,
            "unrecognised_enum_value",
            Some("email_transactional_opt_in")
        )
    );
    assert_eq!(
        err("email_transactional_opt_in", json!(true)),
        "invalid_type"
    );
}

#[test]
fn booleans_from_json_and_from_csv_strings() {
    assert_eq!(out("is_blocked", json!(true)), true);
    assert!(field("is_blocked", json!(false)).warnings.is_empty());
    for (given, want) in [
        ("true", true),
        ("FALSE", false),
        ("1", true),
        ("0", false),
        (" yes ", true),
        ("no", false),
    ] {
        let r = field("is_blocked", json!(given));
        assert_eq!(normalised(&r)["is_blocked"], want, "{given}");
        assert!(has(&r.warnings, "coerced_value", Some("is_blocked")));
    }
    assert_eq!(out("is_blocked", json!(1)), true);
    assert_eq!(err("is_blocked", json!("maybe")), "invalid_type");
    assert_eq!(err("is_blocked", json!(2)), "invalid_type");
    let blank = field("is_blocked", json!(""));
    assert!(blank.ok && has(&blank.warnings, "blank_removed", Some("is_blocked")));
    assert!(!normalised(&blank)
        .as_object()
        .unwrap()
        .contains_key("is_blocked"));
}

/// `value::integer` with its answer as the value to send (`None`: the key is dropped).
fn integer(
    v: Value,
    w: &mut Vec<mateo_import::Problem>,
) -> Result<Option<Value>, mateo_import::Problem> {
    mateo_import::value::integer(&v, w).map(|n| n.into_value(&v))
}

#[test]
fn integers_are_32_bit_and_coerced_from_strings() {
    // Every integer field of the API is server-managed, so the kind is tested directly.
    let mut w = Vec::new();
    assert_eq!(integer(json!("12"), &mut w).unwrap(), Some(json!(12)));
    assert_eq!(w[0].code(), "coerced_value");
    w.clear();
    assert_eq!(
        mateo_import::value::integer(&json!(7), &mut w).unwrap(),
        Normalised::Keep,
        "a 32-bit integer is sent as given"
    );
    assert!(w.is_empty());
    assert_eq!(integer(json!(3.0), &mut w).unwrap(), Some(json!(3)));
    assert_eq!(
        mateo_import::value::integer(&json!(3.5), &mut w)
            .unwrap_err()
            .code(),
        "invalid_type"
    );
    assert_eq!(
        mateo_import::value::integer(&json!("2147483648"), &mut w)
            .unwrap_err()
            .code(),
        "out_of_range"
    );
    assert_eq!(
        integer(json!(-2147483648i64), &mut w).unwrap(),
        Some(json!(-2147483648i64))
    );
    assert_eq!(
        mateo_import::value::integer(&json!("12a"), &mut w)
            .unwrap_err()
            .code(),
        "invalid_type"
    );
    assert_eq!(
        mateo_import::value::integer(&json!("9".repeat(300)), &mut w)
            .unwrap_err()
            .code(),
        "invalid_type"
    );
}

#[test]
fn emails_are_trimmed_and_syntax_checked() {
    assert_eq!(out("email", json!("  ada@example.org ")), "ada@example.org");
    for bad in [
        "ada",
        "ada@example",
        "ada@@example.org",
        "a b@example.org",
        "@example.org",
        "ada@.org",
        "ada@example..org",
        "ada@exa mple.org",
        "ada.@example.org",
    ] {
        assert_eq!(err("email", json!(bad)), "invalid_email", "{bad}");
    }
    let r = contact(json!({ "email": "  " }));
    assert!(has(&r.warnings, "blank_removed", Some("email")));
    assert!(has(&r.errors, "missing_identifier", None));
}

#[test]
fn text_keeps_strings_and_stringifies_numbers() {
    assert_eq!(out("zipcode", json!(" 10115 ")), " 10115 ");
    let r = field("zipcode", json!(10115));
    assert_eq!(normalised(&r)["zipcode"], "10115");
    assert!(has(&r.warnings, "coerced_value", Some("zipcode")));
    assert_eq!(err("city", json!({ "name": "Berlin" })), "invalid_type");
    assert_eq!(err("city", json!(["Berlin"])), "invalid_type");
    assert_eq!(out("city", json!(null)), Value::Null);
}
