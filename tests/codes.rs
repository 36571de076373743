//! Every code the library documents is produced by a real input, and every code produced is
//! documented: a code is a contract, so a new one must be added to ALL_CODES and the README.
mod common;
use std::collections::BTreeSet;

use mateo_import::{
    csv_rows::parse_csv, messages::Locale, read_table, ImportSession, Issue, ReadOptions,
    Validator, ALL_CODES,
};
use serde_json::{json, Value};

const UUID: &str = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

fn collect(report: &mateo_import::ImportReport, seen: &mut Vec<Issue>) {
    for i in report.errors.iter().chain(&report.warnings) {
        seen.push(i.clone());
    }
    for r in &report.rows {
        for i in r.errors.iter().chain(&r.warnings) {
            seen.push(i.clone());
        }
    }
}

/// A finding made outside the paths that take a locale (a bare `Problem`), in `locale`.
fn issue_in(p: mateo_import::Problem, locale: Locale) -> Issue {
    let mut i = p.at(None);
    i.localise(locale, None);
    i
}

/// Every finding the inputs below produce, with messages in `locale`: real inputs through the
/// public API, one or more for every code.
fn real_issues(locale: Locale) -> Vec<Issue> {
    let lang = locale.as_str();
    let mut seen = Vec::new();
    let mut v = Validator::from_options_json(
        &json!({ "customFields": [{ "key": "score", "type": "number" }], "locale": lang }),
    )
    .unwrap();
    let bodies: Vec<Value> = vec![
        json!([]),
        json!({ "type": "contacts", "payload": [] }),
        json!({ "type": "contact_details", "payload": {} }),
        json!({ "type": "contact_details", "payload": [] }),
        json!({
            "type": "Contact_Details",
            "contact_list_id": UUID, "contact_list_external_id": "l", "allow_deal_reassignment": true, "reference_id": "r",
            "payload": [
                7,
                { "full_name": "no identifier" },
                { "external_id": "c1", "is_blocked": "yes", "created_at": "x", "shoe_size": 44, "city": ["a"], "birthday": "2023-02-30",
                  "email": "nope", "sms": ["12"], "country_codes": ["XX"], "whatsapp": "", "email_transactional_opt_in": "Legitimate_Interest",
                  "sms_transactional_opt_in": "consent", "id": "x", "score": "1e400" },
                { "external_id": "c2", "id": null, "email": "a@b.de" },
                { "external_id": "c3", "whatsapp": "4915123456789", "country_codes": ["DE"] }
            ]
        }),
        json!({ "type": "deal_details", "payload": [{ "external_id": "d" }, { "contact_id": UUID, "contact_external_id": "c" }] }),
        json!({ "type": "appointment_details", "payload": [
            { "contact_external_id": "c" },
            { "contact_external_id": "c", "name": "n", "id": null, "start_time": "2024-05-01T10:00", "end_time": "2024-05-01T09:00:00Z", "confirmed_at": "never" }
        ]}),
    ];
    for b in &bodies {
        collect(&v.validate_import(b), &mut seen);
    }
    collect(&v.validate_import_json("{"), &mut seen);
    let integer = mateo_import::value::integer(&json!(1e12), &mut Vec::new()).unwrap_err();
    seen.push(issue_in(integer, locale));
    let strict = Validator::from_options_json(&json!({ "marketingChannels": ["news"], "locale": lang })).unwrap().validate_import(
        &json!({ "type": "contact_details", "payload": [{ "email": "a@b.de", "news": "perhaps" }] }),
    );
    collect(&strict, &mut seen);
    for mut i in parse_csv("a,a\n1,2,3\n\"x").errors {
        i.localise(locale, None);
        seen.push(i);
    }
    let mut session = ImportSession::new(
        Validator::from_options_json(&json!({ "locale": lang })).unwrap(),
        &json!({ "type": "contact_details" }),
    );
    seen.extend(session.finish().errors);
    let _ = session.push(&[]);
    let read = |bytes: &[u8], options: ReadOptions| match read_table(
        bytes,
        &ReadOptions { locale, ..options },
    ) {
        Ok(t) => t.notices,
        Err(e) => vec![e],
    };
    let name = |n: &str| ReadOptions {
        file_name: Some(n.into()),
        ..ReadOptions::default()
    };
    for issues in [
        read(b"PK\x03\x04xl/workbook.xml", ReadOptions::default()),
        read(b"%PDF-1.4", ReadOptions::default()),
        read(
            b"a",
            ReadOptions {
                encoding: Some("klingon".into()),
                ..ReadOptions::default()
            },
        ),
        read(
            b"a",
            ReadOptions {
                delimiter: Some("ab".into()),
                ..ReadOptions::default()
            },
        ),
        read(
            b"sep=;\nTitel\n\nname;name\nJ\xfcrgen;\x00\n\"open",
            ReadOptions::default(),
        ),
        read(b"x\xc3\xa4\xff", ReadOptions::default()),
        read(b"{\"a\": 1}\n[2]\n{oops\n", name("x.ndjson")),
        read(
            br#"{"type": "contact_details", "payload": []}"#,
            name("x.json"),
        ),
    ] {
        seen.extend(issues);
    }

    // What the spreadsheet module (sheets/, its own crate) reports, as this crate's findings.
    for (code, params) in [
        ("sheet_not_found", json!({"sheet": "Nope", "sheets": ["A"]})),
        (
            "workbook_too_large",
            json!({"what": "cells", "limit": 10, "found": 11}),
        ),
        ("cell_error", json!({"cell": "C1", "error": "#N/A"})),
        (
            "formula_without_value",
            json!({"cell": "L4", "formula": "=2*21"}),
        ),
        ("formula_without_value_more", json!({"count": 3})),
        ("cell_error_more", json!({"count": 2})),
        (
            "hidden_sheets_skipped",
            json!({"sheet": "B", "hidden": ["A"]}),
        ),
        (
            "leading_zeros_lost",
            json!({"column": "C", "cells": 2, "digits": 5, "cell": "C3", "value": "1067"}),
        ),
    ] {
        let mut issue = mateo_import::input::workbook_issue(code, "", params.as_object().unwrap());
        assert_eq!(issue.code, code);
        assert_eq!(Some(&issue.params()), params.as_object(), "{code}");
        issue.localise(locale, None);
        seen.push(issue);
    }

    let mapping = json!({"type": "contact_details", "columns": [
        {"header": "E-Mail", "field": "email"}, {"header": "Mail 2", "field": "email"},
        {"header": "Geburtstag", "field": "birthday"}, {"header": "Land", "field": "country"}]});
    let mut mapped =
        Validator::from_options_json(&json!({ "mapping": mapping, "locale": lang })).unwrap();
    collect(
        &mapped.validate_import(&json!({"type": "contact_details", "payload": [
            {"E-Mail": "a@b.de", "Mail 2": "c@d.de", "Geburtstag": "01/02/1990", "Land": "Schweiz"},
            {"E-Mail": "e@f.de", "Geburtstag": "25.12.1990", "Land": "Österreich"}]})),
        &mut seen,
    );
    if let Err(p) = mateo_import::output::plan_batches(
        [100],
        10,
        mateo_import::output::BatchLimits {
            max_rows: 1,
            max_bytes: 50,
        },
    ) {
        seen.push(issue_in(p, locale));
    }
    // The writers: an .xlsx cell past Excel's limit, a .zip of more files than it holds.
    if let Err(p) = mateo_import::xlsx::write_xlsx("S", &[vec!["x".repeat(32_768)]]) {
        seen.push(issue_in(p, locale));
    }
    let files = vec![("a.json".to_owned(), Vec::new()); mateo_import::zip::MAX_FILES + 1];
    if let Err(p) = mateo_import::output::zip_files(&files) {
        seen.push(issue_in(p, locale));
    }
    seen.extend(read(
        b"mateo_row,email,mateo_errors\n1,a@b.de,x\n",
        ReadOptions::default(),
    ));
    let twice = json!({"type": "contact_details", "payload": [
        {"external_id": "c1", "email": "a@b.de"}, {"external_id": "c1"}, {"external_id": "c2", "email": "A@b.de"}]});
    let mut plain = Validator::from_options_json(&json!({ "locale": lang })).unwrap();
    collect(&plain.validate_import(&twice), &mut seen);
    let mut keep =
        Validator::from_options_json(&json!({ "locale": lang, "duplicates": "keepFirst" }))
            .unwrap();
    collect(&keep.validate_import(&twice), &mut seen);
    let landline = v.validate_import(
        &json!({"type": "contact_details", "payload": [{"whatsapp": "+49 30 901820"}]}),
    );
    collect(&landline, &mut seen);
    // The live schema: load findings of a document, and a document that cannot be used.
    let doc = json!({"swagger": "2.0", "definitions": {"deal_details": {"properties": {
        "title": {"format": "text", "type": "string"}, "duration": {"format": "interval", "type": "string"}}}}});
    let live = mateo_import::schema::Schema::from_openapi(&doc).unwrap();
    for i in live.issues() {
        let mut i = i.clone();
        i.localise(locale, None);
        seen.push(i);
    }
    // Made only where the wasm facade converts JS values (tests/js/sent-as-null.test.mjs gives
    // it real inputs: NaN, ±Infinity, an invalid Date, undefined in a list).
    let mut nulled = mateo_import::Problem::SentAsNull {
        value: "NaN".into(),
        path: "zipcode".into(),
    }
    .at(Some("zipcode"));
    nulled.localise(locale, None);
    seen.push(nulled);
    let session = ImportSession::new(
        Validator::from_options_json(&json!({ "locale": lang })).unwrap(),
        &json!({"type": "contact_details", "payload": [{"email": "a@b.de"}]}),
    );
    seen.extend(session.finish().errors);
    let broken = json!({"swagger": "2.0", "definitions": {"deal_details": {"$ref": "#/definitions/deal_details"}}});
    seen.push(issue_in(
        mateo_import::schema::Schema::from_openapi(&broken).unwrap_err(),
        locale,
    ));
    seen
}

#[test]
fn every_code_is_emitted_by_some_input_and_documented() {
    let seen: BTreeSet<&str> = real_issues(Locale::En).iter().map(|i| i.code).collect();
    let documented: BTreeSet<&str> = ALL_CODES.iter().copied().collect();
    let undocumented: Vec<_> = seen.difference(&documented).collect();
    let unexercised: Vec<_> = documented.difference(&seen).collect();
    assert!(
        undocumented.is_empty(),
        "codes emitted but not in ALL_CODES: {undocumented:?}"
    );
    assert!(
        unexercised.is_empty(),
        "codes no input here produced: {unexercised:?}"
    );
}

/// The report text the wasm facade sends (`report_json`, which writes `params` without
/// serde_json where it can) means what serde_json's does, for a finding of every code.
#[test]
fn every_finding_is_written_as_serde_writes_it() {
    let issues = real_issues(Locale::En);
    let mut report = mateo_import::RowReport::rejected(0, mateo_import::Problem::EmptyPayload);
    report.errors = issues;
    let text = mateo_import::report_json::row_reports(std::slice::from_ref(&report));
    assert!(text.is_ascii());
    let ours: Value = serde_json::from_str(&text).unwrap();
    let serde = serde_json::to_value([&report]).unwrap();
    let (ours, serde) = (&ours[0]["errors"], &serde[0]["errors"]);
    assert_eq!(ours.as_array().map(Vec::len), Some(report.errors.len()));
    for (o, s) in ours
        .as_array()
        .into_iter()
        .flatten()
        .zip(serde.as_array().into_iter().flatten())
    {
        assert_eq!(o, s);
    }
}

#[test]
fn codes_are_snake_case_and_unique() {
    let set: BTreeSet<_> = ALL_CODES.iter().collect();
    assert_eq!(set.len(), ALL_CODES.len());
    for c in ALL_CODES {
        assert!(
            c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{c}"
        );
    }
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .unwrap_or_default();
    for c in ALL_CODES {
        assert!(
            readme.contains(&format!("`{c}`")),
            "README does not document `{c}`"
        );
    }
}

/// Common English words; a German message holding one (outside quotes, code and identifiers)
/// has an untranslated part.
const ENGLISH: &[&str] = &[
    "the",
    "is",
    "are",
    "was",
    "were",
    "not",
    "and",
    "or",
    "of",
    "with",
    "to",
    "from",
    "this",
    "that",
    "it",
    "its",
    "be",
    "has",
    "have",
    "had",
    "row",
    "rows",
    "line",
    "field",
    "value",
    "expected",
    "got",
    "must",
    "file",
    "column",
    "columns",
    "number",
    "invalid",
    "missing",
    "removed",
    "kept",
    "sent",
    "read",
    "empty",
    "blank",
    "tried",
    "only",
    "more",
    "than",
    "should",
    "cannot",
    "could",
    "would",
    "string",
    "list",
    "date",
    "timestamp",
    "one",
    "other",
    "same",
    "too",
    "short",
    "long",
    "valid",
    "known",
    "unknown",
    "sheet",
    "cell",
    "first",
    "last",
    "before",
    "after",
    "here",
    "there",
    "which",
    "when",
    "where",
    "contact",
];

/// The words of a message outside „…“, "…", `…` and identifiers (snake_case, digits).
fn plain_words(message: &str) -> Vec<String> {
    let mut out = String::new();
    let mut close: Option<char> = None;
    for c in message.chars() {
        match close {
            Some(end) if c == end => close = None,
            Some(_) => {}
            None => match c {
                '„' => close = Some('“'),
                '"' => close = Some('"'),
                '`' => close = Some('`'),
                _ => out.push(c),
            },
        }
    }
    out.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| !w.is_empty() && !w.contains('_') && !w.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn every_code_has_a_german_message_from_real_inputs() {
    let de = real_issues(Locale::De);
    let en = real_issues(Locale::En);
    assert_eq!(de.len(), en.len(), "the same inputs give the same findings");
    let mut german: BTreeSet<&str> = BTreeSet::new();
    for (d, e) in de.iter().zip(&en) {
        assert_eq!(
            (d.code, &d.field, d.params()),
            (e.code, &e.field, e.params())
        );
        assert_eq!(e.message, e.problem.to_string(), "English is the Display");
        assert!(!d.message.trim().is_empty(), "{}: empty", d.code);
        assert_ne!(d.message, e.message, "{}: not translated", d.code);
        let english: Vec<String> = plain_words(&d.message)
            .into_iter()
            .filter(|w| ENGLISH.contains(&w.as_str()))
            .collect();
        assert!(
            english.is_empty(),
            "{}: English words {english:?} in {:?}",
            d.code,
            d.message
        );
        assert!(
            !d.message.contains('"'),
            "{}: German quotation marks, not \"…\": {:?}",
            d.code,
            d.message
        );
        german.insert(d.code);
    }
    let missing: Vec<_> = ALL_CODES.iter().filter(|c| !german.contains(*c)).collect();
    assert!(
        missing.is_empty(),
        "codes without a German message: {missing:?}"
    );
}

#[test]
fn german_messages_read_as_written_for_a_business_user() {
    let mut v = Validator::from_options_json(&json!({ "locale": "de-AT" })).unwrap();
    let report = v.validate_import(&json!({ "type": "contact_details", "payload": [
        { "external_id": "1", "sms": "0151 1", "country_codes": ["DE", "AT"], "birthday": "1990-02-30" }
    ]}));
    let messages: Vec<&str> = report.rows[0]
        .errors
        .iter()
        .map(|i| i.message.as_str())
        .collect();
    assert!(
        messages.contains(
            &"sms: Die Telefonnummer „0151 1“ ist keine gültige Nummer (geprüft für DE, AT)."
        ),
        "{messages:?}"
    );
    assert!(
        messages
            .contains(&"birthday „1990-02-30“ gibt es nicht: Der Februar 1990 hat keinen 30. Tag."),
        "{messages:?}"
    );
    // A mapped field is named as the person's file names it.
    let mapping = json!({"type": "contact_details", "columns": [
        {"header": "Kundennummer", "field": "external_id"}, {"header": "Geburtstag", "field": "birthday"}]});
    let mut mapped =
        Validator::from_options_json(&json!({ "mapping": mapping, "locale": "de" })).unwrap();
    let report = mapped.validate_import(&json!({"type": "contact_details", "payload": [
        {"Kundennummer": "7", "Geburtstag": "1990-02-30"}]}));
    assert_eq!(
        report.rows[0].errors[0].message,
        "Geburtstag „1990-02-30“ gibt es nicht: Der Februar 1990 hat keinen 30. Tag."
    );
    // A field fed by several columns is named by all of them, in file order.
    let mapping = json!({"type": "contact_details", "columns": [
        {"header": "Kundennummer", "field": "external_id"}, {"header": "Telefon", "field": "whatsapp"},
        {"header": "Mobil", "field": "whatsapp"}]});
    let mut mapped =
        Validator::from_options_json(&json!({ "mapping": mapping, "locale": "de" })).unwrap();
    let report = mapped.validate_import(&json!({"type": "contact_details", "payload": [
        {"Kundennummer": "7", "Telefon": "12", "Mobil": "34"}]}));
    let message = &report.rows[0].errors[0].message;
    assert!(message.starts_with("Telefon, Mobil: "), "{message}");
    // Figures as German writes them.
    let p = mateo_import::Problem::RowTooLarge {
        row: 3,
        bytes: 1_048_577,
        max_bytes: 1_000_000,
    };
    assert!(mateo_import::messages::message(&p, Locale::De, None).contains("1.048.577 Bytes"));
}

#[test]
fn every_phone_reason_has_a_german_form() {
    use mateo_import::messages::phone_reason;
    use mateo_import::phone::{MissReason, ParseFailure, RegionFailure};
    let failures = [
        ParseFailure::NotANumber,
        ParseFailure::InvalidCountryCode,
        ParseFailure::TooShortAfterIdd,
        ParseFailure::TooShort,
        ParseFailure::TooLong,
        ParseFailure::NotValid,
    ];
    let mut reasons = vec![
        MissReason::NotText { got: "a number" },
        MissReason::Blank,
        MissReason::NotTried,
        MissReason::NoCountryCode,
    ];
    for failure in failures {
        reasons.push(MissReason::Invalid { failure });
        reasons.push(MissReason::InvalidIn {
            failure,
            regions: vec!["DE".into(), "AT".into()],
        });
    }
    reasons.push(MissReason::InvalidPerRegion {
        failures: vec![
            RegionFailure {
                region: "DE".into(),
                failure: ParseFailure::TooShort,
            },
            RegionFailure {
                region: "AT".into(),
                failure: ParseFailure::NotValid,
            },
        ],
    });
    let mut seen = BTreeSet::new();
    for r in &reasons {
        let (de, en) = (phone_reason(r, Locale::De), phone_reason(r, Locale::En));
        assert_ne!(de, en, "{r:?}");
        let english: Vec<String> = plain_words(&de)
            .into_iter()
            .filter(|w| ENGLISH.contains(&w.as_str()))
            .collect();
        assert!(english.is_empty(), "{r:?}: {de:?}");
        assert!(seen.insert(de.clone()), "two reasons read the same: {de:?}");
    }
    // From a real list, through the public API.
    let mut v =
        Validator::from_options_json(&json!({ "locale": "de", "defaultCountryCodes": ["DE"] }))
            .unwrap();
    let r = v
        .resolve_phone(&json!(["0151 12", "0151 23456789", "x"]), None)
        .unwrap();
    let reasons: Vec<Option<&str>> = r.candidates.iter().map(|c| c.reason.as_deref()).collect();
    assert_eq!(
        reasons,
        [
            Some("keine gültige Nummer (geprüft für DE)"),
            None,
            Some("nicht geprüft: Ein früherer Eintrag ist gültig")
        ]
    );
}

/// The README's table of messages: one real example per code in both languages. Regenerate it
/// with `UPDATE_README=1 cargo test --test codes`.
#[test]
fn readme_lists_every_code_with_both_messages() {
    let (de, en) = (real_issues(Locale::De), real_issues(Locale::En));
    let mut rows: std::collections::BTreeMap<&str, (String, String)> = Default::default();
    for (d, e) in de.iter().zip(&en) {
        rows.entry(d.code)
            .or_insert_with(|| (e.message.clone(), d.message.clone()));
    }
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut table = String::from("| code | English | Deutsch |\n|---|---|---|\n");
    for (code, (en, de)) in &rows {
        table.push_str(&format!("| `{code}` | {} | {} |\n", cell(en), cell(de)));
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let (start, end) = ("<!-- messages:start -->\n", "<!-- messages:end -->");
    let (Some(a), Some(b)) = (readme.find(start), readme.find(end)) else {
        panic!("README.md has no {start:?} … {end:?} block");
    };
    let current = &readme[a + start.len()..b];
    if current != table {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!("{}{table}{}", &readme[..a + start.len()], &readme[b..]);
            std::fs::write(path, updated).unwrap();
        } else {
            panic!("README's message table is out of date: run UPDATE_README=1 cargo test --test codes");
        }
    }
}

/// Every limit the spreadsheet module (reading) and the .xlsx writer name in
/// `workbook_too_large` (`params.what`, a phrase their sources give `too_large`) has its German
/// words: taken from the sources, so a new limit without a translation fails here.
#[test]
fn every_workbook_limit_has_a_german_name() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/sheets/src");
    let writer = concat!(env!("CARGO_MANIFEST_DIR"), "/src/xlsx.rs");
    let mut whats = Vec::new();
    let files = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .chain([std::path::PathBuf::from(writer)]);
    for path in files {
        let text = std::fs::read_to_string(path).unwrap();
        let call = "too_large(";
        for (at, _) in text.match_indices(call) {
            let rest = text[at + call.len()..].trim_start();
            if let Some(lit) = rest.strip_prefix('"') {
                whats.push(lit[..lit.find('"').unwrap()].to_owned());
            }
        }
    }
    assert!(whats.len() >= 12, "{whats:?}");
    for what in whats {
        let params = json!({"what": what, "limit": 10, "found": 11});
        let mut issue = mateo_import::input::workbook_issue(
            "workbook_too_large",
            "",
            params.as_object().unwrap(),
        );
        issue.localise(Locale::De, None);
        assert!(
            !issue.message.contains(&what),
            "no German for {what:?}: {}",
            issue.message
        );
    }
}

/// The limits a .zip names in `zip_too_large` have German words too.
#[test]
fn every_zip_limit_has_a_german_name() {
    let text = include_str!("../src/zip.rs");
    let whats: Vec<&str> = text
        .match_indices("what: \"")
        .map(|(at, m)| {
            let rest = &text[at + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert!(whats.len() >= 3, "{whats:?}");
    for what in whats {
        let p = mateo_import::Problem::ZipTooLarge {
            what,
            limit: 10,
            found: 11,
        };
        let message = mateo_import::messages::message(&p, Locale::De, None);
        assert!(!message.contains(what), "no German for {what:?}: {message}");
    }
}
