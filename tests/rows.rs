//! Row checks of the three types: identifiers, contact references, server-managed and unknown
//! fields, appointment rules, custom fields and marketing channels.
mod common;
use common::*;
use mateo_import::ImportType::{Appointment, Contact, Deal};
use serde_json::json;

const UUID: &str = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

#[test]
fn contact_needs_an_identifier() {
    let r = contact(json!({ "full_name": "Ada", "city": "Berlin" }));
    assert_eq!(pairs(&r.errors), [("missing_identifier", None)]);
    for id in [
        "external_id",
        "email",
        "instagram",
        "facebook",
        "google_business_messaging",
    ] {
        let value = if id == "email" { "a@b.de" } else { "handle" };
        assert!(contact(json!({ id: value })).ok, "{id}");
    }
    assert!(contact(json!({ "id": UUID })).ok);
    assert!(contact(json!({ "sms": "+49 30 901820" })).ok);
    assert!(contact(json!({ "whatsapp": ["", "+43 664 1234567"] })).ok);
    // Blank or null identifiers do not count.
    let r = contact(json!({ "external_id": "  ", "email": null, "whatsapp": ["", " "] }));
    assert!(has(&r.errors, "missing_identifier", None));
}

#[test]
fn server_managed_fields_are_removed_with_a_warning() {
    let r = contact(
        json!({ "external_id": "c1", "created_at": "2024-01-01T00:00:00Z", "organisation_id": UUID, "fts": "x", "campaign_messages_this_month": 3 }),
    );
    assert_eq!(normalised(&r), json!({ "external_id": "c1" }));
    for f in [
        "created_at",
        "organisation_id",
        "fts",
        "campaign_messages_this_month",
    ] {
        assert!(has(&r.warnings, "read_only_field", Some(f)), "{f}");
    }
    let a = row(
        Appointment,
        json!({ "name": "n", "contact_id": UUID, "updated_at": "x" }),
    );
    assert!(a.ok && has(&a.warnings, "read_only_field", Some("updated_at")));
}

#[test]
fn unknown_fields_warn_by_default_and_follow_the_policy() {
    let r = contact(json!({ "email": "a@b.de", "shoe_size": 44 }));
    assert!(r.ok && has(&r.warnings, "unknown_field", Some("shoe_size")));
    assert_eq!(normalised(&r)["shoe_size"], 44);

    let r = row_with(
        json!({ "unknownFields": "error" }),
        Contact,
        json!({ "email": "a@b.de", "shoe_size": 44 }),
    );
    assert!(!r.ok && has(&r.errors, "unknown_field", Some("shoe_size")));
    let r = row_with(
        json!({ "unknownFields": "strip" }),
        Contact,
        json!({ "email": "a@b.de", "shoe_size": 44 }),
    );
    assert_eq!(normalised(&r), json!({ "email": "a@b.de" }));
    assert!(has(&r.warnings, "unknown_field", Some("shoe_size")));
}

#[test]
fn deal_rows_keep_undocumented_keys_whatever_the_policy() {
    let r = row_with(
        json!({ "unknownFields": "error" }),
        Deal,
        json!({ "contact_external_id": "c1", "name": "Big deal", "value": 1000 }),
    );
    assert!(r.ok, "{:?}", r.errors);
    assert!(
        has(&r.warnings, "unknown_field", Some("name"))
            && has(&r.warnings, "unknown_field", Some("value"))
    );
    assert_eq!(normalised(&r)["value"], 1000);
}

#[test]
fn deals_and_appointments_need_a_contact_reference() {
    let r = row(Deal, json!({ "external_id": "d1" }));
    assert_eq!(pairs(&r.errors), [("missing_contact_reference", None)]);
    let r = row(
        Appointment,
        json!({ "name": "Visit", "contact_external_id": "" }),
    );
    assert!(has(&r.errors, "missing_contact_reference", None));
    assert!(row(Deal, json!({ "contact_id": UUID.to_uppercase() })).ok);
    let both = row(
        Deal,
        json!({ "contact_id": UUID, "contact_external_id": "c1" }),
    );
    assert!(both.ok && has(&both.warnings, "ambiguous_contact_reference", None));
    let bad = row(Deal, json!({ "contact_id": "c1" }));
    assert!(has(&bad.errors, "invalid_uuid", Some("contact_id")));
}

#[test]
fn appointment_name_and_times() {
    let r = row(Appointment, json!({ "contact_id": UUID }));
    assert!(has(&r.errors, "required", Some("name")));
    let r = row(Appointment, json!({ "contact_id": UUID, "name": "   " }));
    assert!(has(&r.errors, "required", Some("name")));
    let r = row(Appointment, json!({ "contact_id": UUID, "name": null }));
    assert!(has(&r.errors, "not_nullable", Some("name")));

    let r = row(
        Appointment,
        json!({ "contact_id": UUID, "name": "Visit", "start_time": "2024-05-01T10:00:00+02:00", "end_time": "2024-05-01T07:59:00Z" }),
    );
    assert_eq!(
        pairs(&r.errors),
        [("end_before_start", Some("end_time".into()))]
    );
    // Same instant written with different offsets is not "before".
    let r = row(
        Appointment,
        json!({ "contact_id": UUID, "name": "Visit", "start_time": "2024-05-01T10:00:00+02:00", "end_time": "2024-05-01T08:00:00Z" }),
    );
    assert!(r.ok);
    let r = row(
        Appointment,
        json!({ "contact_id": UUID, "name": "Visit", "start_time": "2024-05-01 10:00", "end_time": "2024-05-01T11:00:00+00:00" }),
    );
    assert!(r.ok);
    assert!(has(
        &r.warnings,
        "timestamp_without_offset",
        Some("start_time")
    ));
    assert_eq!(normalised(&r)["start_time"], "2024-05-01T10:00:00Z");
    assert_eq!(normalised(&r)["end_time"], "2024-05-01T11:00:00Z");
}

#[test]
fn a_failed_row_keeps_its_original_values() {
    let original = json!({ "external_id": "c1", "email": "not-an-email", "sms": "0151 2345678", "created_at": "x", "is_blocked": "yes" });
    let r = contact(original.clone());
    assert!(!r.ok);
    assert_eq!(serde_json::Value::Object(r.row.unwrap()), original);
    assert!(has(&r.errors, "invalid_email", Some("email")));
    assert!(has(&r.errors, "no_valid_phone", Some("sms")));
}

#[test]
fn custom_fields_are_checked_by_type_on_their_entity() {
    let options = json!({ "customFields": [
        { "id": UUID, "key": "loyalty_tier", "type": "string", "entity": "contact", "name": "Tier" },
        { "key": "signed_up", "type": "date", "entity": "contact" },
        { "key": "last_visit", "type": "datetime" },
        { "key": "vip", "type": "boolean", "entity": "contact" },
        { "key": "score", "type": "number", "entity": "contact" },
        { "key": "tags", "type": "string_list", "entity": "contact" },
        { "key": "deal_size", "type": "number", "entity": "deal" }
    ]});
    let r = row_with(
        options.clone(),
        Contact,
        json!({ "email": "a@b.de", "loyalty_tier": "gold", "signed_up": "2024-02-29", "last_visit": "2024-03-01T10:00:00+01:00", "vip": "1", "score": "4.5", "tags": "a", "deal_size": 3 }),
    );
    assert!(r.ok, "{:?}", r.errors);
    let row = normalised(&r);
    assert_eq!(row["vip"], true);
    assert_eq!(row["score"], 4.5);
    assert_eq!(row["tags"], json!(["a"]));
    // deal_size is a deal field, so it is unknown on a contact.
    assert!(has(&r.warnings, "unknown_field", Some("deal_size")));
    assert!(!has(&r.warnings, "unknown_field", Some("loyalty_tier")));

    let r = row_with(
        options.clone(),
        Contact,
        json!({ "email": "a@b.de", "signed_up": "2023-02-29", "vip": "perhaps", "score": "lots", "tags": [{}] }),
    );
    for (code, f) in [
        ("invalid_date", "signed_up"),
        ("invalid_type", "vip"),
        ("invalid_type", "score"),
        ("invalid_type", "tags"),
    ] {
        assert!(has(&r.errors, code, Some(f)), "{code} {f}: {:?}", r.errors);
    }
    let r = row_with(
        options,
        Deal,
        json!({ "contact_external_id": "c", "deal_size": "big" }),
    );
    assert!(has(&r.errors, "invalid_type", Some("deal_size")));
}

#[test]
fn a_custom_key_cannot_override_a_built_in_field() {
    let r = row_with(
        json!({ "customFields": [{ "key": "email", "type": "number", "entity": "contact" }] }),
        Contact,
        json!({ "email": "a@b.de" }),
    );
    assert!(r.ok);
}

#[test]
fn marketing_channels_take_accepted_declined_requested() {
    let options =
        json!({ "marketingChannels": ["newsletter", { "key": "sms_promos", "id": UUID }] });
    let r = row_with(
        options.clone(),
        Contact,
        json!({ "email": "a@b.de", "newsletter": "accepted", "sms_promos": "Declined" }),
    );
    assert!(r.ok);
    assert_eq!(normalised(&r)["sms_promos"], "declined");
    assert!(has(&r.warnings, "enum_case_normalised", Some("sms_promos")));
    let r = row_with(
        options,
        Contact,
        json!({ "email": "a@b.de", "newsletter": "yes please" }),
    );
    assert!(has(&r.errors, "invalid_enum", Some("newsletter")));
}

#[test]
fn options_are_checked() {
    use mateo_import::Validator;
    for bad in [
        json!({ "defaultCountryCodes": ["XX"] }),
        json!({ "unknownFields": "ignore" }),
        json!({ "customFields": [{ "key": "k", "type": "money" }] }),
        json!({ "defaultCountryCode": ["DE"] }),
        json!([1]),
    ] {
        let err = Validator::from_options_json(&bad)
            .err()
            .unwrap_or_else(|| panic!("{bad} should fail"));
        assert_eq!(err.code(), "invalid_options");
        assert!(err.to_string().starts_with("invalid options"), "{err}");
    }
    let v = Validator::from_options_json(&json!({ "defaultCountryCodes": ["de", "At"] })).unwrap();
    assert_eq!(v.options().default_country_codes, ["DE", "AT"]);
}

#[test]
fn every_documented_contact_field_is_known() {
    let fields = [
        "id",
        "full_name",
        "is_blocked",
        "external_id",
        "secondary_external_id",
        "birthday",
        "salutation",
        "email",
        "sms",
        "whatsapp",
        "instagram",
        "facebook",
        "google_business_messaging",
        "display_name",
        "address_line1",
        "address_line2",
        "city",
        "zipcode",
        "country",
        "postal",
        "whatsapp_marketing_opt_in",
        "postal_transactional_opt_in",
    ];
    let schema = mateo_import::schema::Schema::embedded();
    for f in fields {
        assert!(schema.rows(Contact).field(f).is_some(), "{f}");
    }
    for f in [
        "name",
        "description",
        "status_key",
        "type_key",
        "assignee_id",
        "start_time",
        "end_time",
        "confirmed_at",
        "cancelled_at",
    ] {
        assert!(schema.rows(Appointment).field(f).is_some(), "{f}");
    }
}
