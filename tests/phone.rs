//! The phone-list resolver through contact rows and `resolve_phone`: many regions, national and
//! international forms, `00` prefixes, punctuation, `tel:` URIs, garbage.
mod common;
use common::*;
use mateo_import::Validator;
use serde_json::{json, Value};

fn resolve(c: Value, codes: &[&str]) -> mateo_import::PhoneResolution {
    let codes: Vec<String> = codes.iter().map(|s| s.to_string()).collect();
    Validator::default()
        .resolve_phone(&c, Some(&codes))
        .expect("resolves")
}

fn e164(c: Value, codes: &[&str]) -> Option<String> {
    resolve(c, codes).e164
}

#[test]
fn forms_across_regions() {
    let cases: &[(&str, &[&str], &str)] = &[
        ("030 901820", &["DE"], "+4930901820"),
        ("+49 (0)30 901820", &[], "+4930901820"),
        ("0049 30 901820", &["DE"], "+4930901820"),
        ("tel:+49-30-901820", &[], "+4930901820"),
        ("0151 23456789", &["DE"], "+4915123456789"),
        ("0664 1234567", &["AT"], "+436641234567"),
        ("+43 1 5331000", &[], "+4315331000"),
        ("078 123 45 67", &["CH"], "+41781234567"),
        ("044 668 18 00", &["CH"], "+41446681800"),
        ("06-12345678", &["NL"], "+31612345678"),
        ("020 123 4567", &["NL"], "+31201234567"),
        ("(202) 456-1111", &["US"], "+12024561111"),
        ("1-202-456-1111", &["US"], "+12024561111"),
        ("011 49 30 901820", &["US"], "+4930901820"),
        ("020 7946 0018", &["GB"], "+442079460018"),
        ("07400 123456", &["GB"], "+447400123456"),
        ("01 23 45 67 89", &["FR"], "+33123456789"),
        ("06 12 34 56 78", &["FR"], "+33612345678"),
        ("312 345 6789", &["IT"], "+393123456789"),
        ("06 6982 0000", &["IT"], "+390669820000"),
        ("612 34 56 78", &["ES"], "+34612345678"),
        ("8 (912) 345-67-89", &["RU"], "+79123456789"),
        ("090-1234-5678", &["JP"], "+819012345678"),
        ("0412 345 678", &["AU"], "+61412345678"),
        ("98765 43210", &["IN"], "+919876543210"),
        ("(11) 96123-4567", &["BR"], "+5511961234567"),
        ("+971 50 123 4567", &[], "+971501234567"),
        ("0 8 123 456 78", &["SE"], "+46812345678"),
    ];
    for (input, regions, want) in cases {
        assert_eq!(
            e164(json!(input), regions).as_deref(),
            Some(*want),
            "{input} in {regions:?}"
        );
    }
}

#[test]
fn national_numbers_need_a_region() {
    let r = resolve(json!("030 901820"), &[]);
    assert!(!r.ok);
    assert!(
        r.candidates[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("country"),
        "{:?}",
        r.candidates
    );
}

#[test]
fn first_valid_candidate_wins_and_regions_are_tried_in_order() {
    // "0660 1234567" is not a German number but is an Austrian mobile.
    let r = resolve(
        json!(["", "garbage", "0660 1234567", "+49 30 901820"]),
        &["DE", "AT"],
    );
    assert_eq!(r.e164.as_deref(), Some("+436601234567"));
    assert_eq!(r.index, Some(2), "blanks are counted");
    assert_eq!(r.region.as_deref(), Some("AT"));
    assert_eq!(r.candidates.len(), 4);
    assert_eq!(r.candidates[0].reason.as_deref(), Some("blank"));
    assert!(!r.candidates[1].ok && r.candidates[2].ok);
    assert!(r.candidates[3]
        .reason
        .as_deref()
        .unwrap()
        .starts_with("not tried"));
    // With AT first, a number valid in both is read as Austrian.
    assert_eq!(
        e164(json!("01 5331000"), &["AT", "DE"]).as_deref(),
        Some("+4315331000")
    );
    // An international number wins whatever the regions.
    assert_eq!(
        e164(json!("+1 202 456 1111"), &["DE"]).as_deref(),
        Some("+12024561111")
    );
}

#[test]
fn garbage_is_rejected_with_reasons() {
    for bad in [
        "",
        "abc",
        "+",
        "++49",
        "+49 30",
        "+999 1234567",
        "1".repeat(300).as_str(),
        "\u{202E}+49 30 901820\u{200B}x",
        "\u{FFFD}",
    ] {
        let r = resolve(json!(bad), &["DE"]);
        if r.ok {
            // Some invisible marks are stripped by libphonenumber; the number itself must then be right.
            assert_eq!(r.e164.as_deref(), Some("+4930901820"), "{bad:?}");
            continue;
        }
        assert!(r.e164.is_none() && r.index.is_none());
        assert!(r.candidates[0].reason.is_some());
    }
    let r = resolve(json!(["123", "+49 30 9"]), &["DE", "AT"]);
    assert!(!r.ok);
    assert_eq!(r.candidates.len(), 2);
}

#[test]
fn unknown_country_codes_are_an_error() {
    let err = Validator::default()
        .resolve_phone(&json!("030 901820"), Some(&["XX".to_string()]))
        .unwrap_err();
    assert_eq!(err.code(), "invalid_country_code");
    let r = contact(json!({ "sms": "030 901820", "country_codes": ["de", "Deutschland"] }));
    assert!(has(
        &r.errors,
        "invalid_country_code",
        Some("country_codes")
    ));
    assert!(
        r.errors.iter().all(|e| e.code != "no_valid_phone"),
        "the known code DE still resolves"
    );
}

#[test]
fn contact_rows_carry_e164_and_no_country_codes() {
    let r = contact(
        json!({ "whatsapp": ["0151 23456789", "+1 202 456 1111"], "sms": "+41 44 668 18 00", "country_codes": ["de"] }),
    );
    let row = normalised(&r);
    assert_eq!(
        row,
        json!({ "whatsapp": "+4915123456789", "sms": "+41446681800" })
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);

    let r =
        contact(json!({ "email": "a@b.de", "whatsapp": ["12", "abc"], "country_codes": ["DE"] }));
    assert!(has(&r.errors, "no_valid_phone", Some("whatsapp")));
    let msg = &r.errors[0].message;
    assert!(msg.contains("\"12\"") && msg.contains("\"abc\""), "{msg}");

    let r = contact(json!({ "email": "a@b.de", "sms": { "number": "1" } }));
    assert!(has(&r.errors, "invalid_type", Some("sms")));
    let r = contact(json!({ "email": "a@b.de", "sms": [] }));
    assert!(r.ok && has(&r.warnings, "blank_removed", Some("sms")));
    let r =
        contact(json!({ "email": "a@b.de", "sms": [4930901820u64, null], "country_codes": "DE" }));
    assert!(!r.ok || normalised(&r)["sms"] == "+4930901820");
}

#[test]
fn default_country_codes_apply_to_rows_without_their_own() {
    let v = |row: Value| {
        row_with(
            json!({ "defaultCountryCodes": ["NL"] }),
            mateo_import::ImportType::Contact,
            row,
        )
    };
    assert_eq!(
        normalised(&v(json!({ "sms": "06-12345678" })))["sms"],
        "+31612345678"
    );
    // A row's own country_codes replace the defaults.
    let r = v(json!({ "sms": "06-12345678", "country_codes": ["US"] }));
    assert!(has(&r.errors, "no_valid_phone", Some("sms")));
}

/// Digits that begin with the region's calling code read two ways; the row says so with both
/// readings instead of sending the server's national reading (what Excel makes of a typed
/// `+4915123456789` is the number 4915123456789).
#[test]
fn a_lost_plus_is_an_error_naming_both_readings() {
    for (value, regions) in [
        (json!("4915123456789"), json!(["DE"])),
        (json!("49 151 23456789"), json!(["DE"])),
        (json!(4915123456789_u64), json!(["DE"])),
        (
            json!(["", "4915123456789", "+4930901820"]),
            json!(["AT", "DE"]),
        ),
    ] {
        let r = contact(json!({ "email": "a@b.de", "whatsapp": value, "country_codes": regions }));
        let e = r
            .errors
            .iter()
            .find(|e| e.code == "phone_ambiguous")
            .unwrap_or_else(|| panic!("{value}: {:?}", r.errors));
        assert_eq!(e.field.as_deref(), Some("whatsapp"));
        assert_eq!(e.params()["national"], json!("+494915123456789"), "{value}");
        assert_eq!(
            e.params()["international"],
            json!("+4915123456789"),
            "{value}"
        );
        assert!(e.message.contains("+494915123456789") && e.message.contains("+4915123456789"));
        assert!(!r.ok);
    }
    // resolve_phone gives the server's reading and says that there is another.
    let r = resolve(json!("4915123456789"), &["DE"]);
    assert_eq!(r.e164.as_deref(), Some("+494915123456789"));
    assert_eq!(r.ambiguous.as_deref(), Some("+4915123456789"));
    assert_eq!(resolve(json!("015123456789"), &["DE"]).ambiguous, None);
    // One reading each: written with + or 0, the dropped 0, and US numbers
    // whose leading 1 libphonenumber already takes as the calling code.
    for (value, region, want) in [
        ("+4915123456789", "DE", "+4915123456789"),
        ("015123456789", "DE", "+4915123456789"),
        ("15123456789", "DE", "+4915123456789"),
        ("15123456789", "AT", "+4315123456789"),
        ("12025550123", "US", "+12025550123"),
        ("2025550123", "US", "+12025550123"),
    ] {
        let r = contact(json!({ "email": "a@b.de", "sms": value, "country_codes": [region] }));
        assert!(r.errors.is_empty(), "{value}: {:?}", r.errors);
        assert_eq!(normalised(&r)["sms"], json!(want), "{value}");
    }
}
