//! Property tests of the core's contract (see docs/robustness.md):
//!
//! * never panics, whatever the JSON;
//! * one row report per payload element, in order, `index` matching; `valid + invalid == total`;
//! * `request.payload` holds exactly the ok rows' `row` values, in order; a failed row's `row` is
//!   the original object unchanged (null for a non-object element);
//! * deterministic: the same input gives byte-identical serde_json output (fresh or warm cache,
//!   `Value` or JSON text in);
//! * idempotent: checking the normalised body again gives the same rows, all valid, with no
//!   normalisation warnings;
//! * a streaming session, whatever the chunking, gives the same row reports as one
//!   `validate_import`;
//! * `resolve_phone` / `resolve_candidates` never panic on any candidates or region list, and the
//!   E.164 they return resolves to itself.
//!
//! Case counts are modest so `cargo test` stays fast. More: `PROPTEST_CASES=5000 cargo test
//! --release --test properties` (every property), or `MATEO_HEAVY=1` for bigger payloads and
//! ten times the cases.
#![cfg(not(target_arch = "wasm32"))]

use mateo_import::csv_rows::parse_csv;
use mateo_import::phone::{check_country_codes, Candidate, RlibEngine};
use mateo_import::schema::{FieldKind, Schema};
use mateo_import::{ImportReport, ImportSession, ImportType, Problem, RowReport, Validator};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Number, Value};

// ---------------------------------------------------------------------------------------------
// Configuration

fn heavy() -> bool {
    std::env::var("MATEO_HEAVY").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// `default` cases (x10 under MATEO_HEAVY), unless PROPTEST_CASES says otherwise.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if heavy() { default * 10 } else { default });
    // No persistence files: a failure's minimal input goes into tests/regressions.rs by hand.
    ProptestConfig {
        cases,
        failure_persistence: None,
        max_shrink_iters: 4096,
        ..ProptestConfig::default()
    }
}

fn max_rows() -> usize {
    if heavy() {
        40
    } else {
        8
    }
}

/// Option sets the properties run under (JS-style camelCase JSON, as `Validator` takes it).
fn option_sets() -> Vec<Value> {
    vec![
        Value::Null,
        json!({"defaultCountryCodes": ["DE", "AT"]}),
        json!({"defaultCountryCodes": ["us"], "unknownFields": "strip"}),
        json!({
            "unknownFields": "error",
            "defaultCountryCodes": ["GB", "FR", "IN"],
            "customFields": [
                {"key": "score", "type": "number"},
                {"key": "tags", "type": "string_list"},
                {"key": "joined", "type": "date"},
                {"key": "seen_at", "type": "datetime"},
                {"key": "vip", "type": "boolean"},
                {"key": "note", "type": "string"},
                {"key": "deal_value", "type": "number", "entity": "deal"},
                {"key": "room", "type": "string", "entity": "appointment"},
                {"key": "email", "type": "number"}
            ],
            "marketingChannels": ["newsletter", {"key": "sms_promo"}]
        }),
    ]
}

fn validator(options: usize) -> Validator {
    Validator::from_options_json(&option_sets()[options]).expect("option sets are valid")
}

fn schema_for(options: usize) -> Schema {
    Schema::with_options(validator(options).options())
}

// ---------------------------------------------------------------------------------------------
// Strings

const GOOD_PHONES: &[&str] = &[
    "+49 30 901820",
    "030 901820",
    "0151 23456789",
    "+1 202-555-0173",
    "(202) 555-0173",
    "tel:+49-30-901820",
    "00 49 30 901820",
    "+43 664 1234567",
    "0664 1234567",
    "+44 20 7946 0958",
    "020 7946 0958",
    "+33 1 42 68 53 00",
    "+91 98765 43210",
    "8 (912) 345-67-89",
    "+7 912 345-67-89",
    "+800 1234 5678",
    "+882 3456 7890",
    "+39 06 6988 1",
    "+247 4567",
    "+1 684 733 1234",
];

const ODD_CHARS: &[char] = &[
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{200E}',
    '\u{200F}',
    '\u{202A}',
    '\u{202B}',
    '\u{202C}',
    '\u{202D}',
    '\u{202E}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{2060}',
    '\u{FEFF}',
    '\u{FFFD}',
    '\u{00A0}',
    '\u{3000}',
    '\u{0301}',
    '\u{0660}',
    '\u{06F5}',
    '\u{FF11}',
    '\u{1D7D9}',
    '\u{0000}',
    '\u{001F}',
    '\u{007F}',
    '\u{0085}',
    '\u{2028}',
    '\u{1F4DE}',
    '+',
    '-',
    '.',
    '(',
    ')',
    '/',
    '#',
    'x',
    ' ',
    '\t',
    '\n',
    '\r',
    '"',
    '\\',
    ',',
    ';',
    '|',
];

/// Inserts one of the characters that break naive parsers (RTL marks, zero-width, replacement,
/// control, other-script digits) at a random place.
fn decorate(base: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (
        base,
        vec((any::<prop::sample::Index>(), select(ODD_CHARS)), 1..4),
    )
        .prop_map(|(s, inserts)| {
            let mut chars: Vec<char> = s.chars().collect();
            for (at, c) in inserts {
                let i = at.index(chars.len() + 1);
                chars.insert(i, c);
            }
            chars.into_iter().collect()
        })
}

fn blank() -> impl Strategy<Value = String> {
    select(vec![
        "",
        " ",
        "\t\n ",
        "\u{200B}",
        "\u{FEFF}",
        "\u{3000}",
        "\u{00A0}",
        "\u{200E}\u{200F}",
        "\u{2060} ",
    ])
    .prop_map(String::from)
}

fn digits300() -> impl Strategy<Value = String> {
    prop_oneof![
        "[1-9][0-9]{299}",
        "-?[0-9]{0,3}\\.[0-9]{1,300}",
        "[0-9]{1,3}[eE][+-]?[0-9]{1,4}",
        "[0-9]{301,320}"
    ]
}

fn phone_like() -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(GOOD_PHONES).prop_map(String::from),
        2 => decorate(select(GOOD_PHONES).prop_map(String::from)),
        2 => "(tel:|00|\\+|011 |\\+\\+)?[0-9 ()./-]{0,24}",
        1 => "[+]?[0-9\u{0660}-\u{0669}\u{FF10}-\u{FF19} ]{3,20}",
        1 => "[0-9]{4,20}(ext\\.? ?|x|#)[0-9]{1,6}",
        1 => digits300(),
        1 => any::<String>(),
        1 => blank(),
    ]
    .boxed()
}

fn uuid_like() -> impl Strategy<Value = String> {
    (any::<[u8; 16]>(), any::<u64>(), 0u8..9).prop_map(|(bytes, case, form)| {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mixed: String = hex
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if case >> (i % 64) & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect();
        let h = &mixed;
        let canonical = format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        );
        match form {
            0 | 1 => canonical,
            2 => h.clone(),
            3 => format!("{{{canonical}}}"),
            4 => format!("  {canonical}\t"),
            5 => canonical.replacen('-', "", 1),
            6 => format!("{}g{}", &canonical[..10], &canonical[11..]),
            7 => canonical[..35].to_owned(),
            _ => format!("{{{h}}}"),
        }
    })
}

fn date_like() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (1900u32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        2 => (0u32..=10000, 0u32..=13, 0u32..=32).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        1 => (0u32..40, 0u32..14, 1000u32..3000, select(vec![".", "/", "-"])).prop_map(|(d, m, y, s)| format!("{d}{s}{m}{s}{y}")),
        1 => (1900u32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!(" {y}-{m}-{d} ")),
        1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}",
    ]
}

fn timestamp_like() -> impl Strategy<Value = String> {
    let valid = (
        date_like(),
        select(vec!["T", "t", " "]),
        0u32..24,
        0u32..60,
        prop::option::of(0u32..60),
        prop::option::of("[0-9]{1,9}"),
        select(vec![
            "", "Z", "z", "+02:00", "-05:30", "+0100", "-08", "+00:00", "-00:00", "+23:59",
        ]),
    )
        .prop_map(|(d, sep, h, m, s, frac, off)| {
            let mut t = format!("{d}{sep}{h:02}:{m:02}");
            if let Some(s) = s {
                t.push_str(&format!(":{s:02}"));
                if let Some(f) = frac {
                    t.push('.');
                    t.push_str(&f);
                }
            }
            t.push_str(off);
            t
        });
    let near = (
        date_like(),
        select(vec!["T", "_", "", "TT"]),
        0u32..=99,
        0u32..=99,
        0u32..=99,
        "([.,][0-9]{0,11})?",
        select(vec![
            "",
            "Z",
            "+24:00",
            "+1",
            "+12:60",
            "-123",
            "+02:00:00",
            "ü",
            "UTC",
            "Zz",
        ]),
    )
        .prop_map(|(d, sep, h, m, s, frac, off)| {
            format!("{d}{sep}{h:02}:{m:02}:{s:02}{frac}{off}")
        });
    prop_oneof![3 => valid, 2 => near, 1 => decorate(Just("2024-05-01T14:30:00+02:00".to_owned()))]
}

fn email_like() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => ("[a-z0-9._%+-]{1,10}", "[a-z0-9-]{1,8}", "(com|de|co\\.uk|x)").prop_map(|(l, d, t)| format!("{l}@{d}.{t}")),
        1 => ("[a-zA-Z0-9 ._@-]{0,10}", "[@]{0,3}", "[a-z0-9.(\\-]{0,12}").prop_map(|(l, at, d)| format!("{l}{at}{d}")),
        1 => ("\\PC{1,6}", "\\PC{1,6}").prop_map(|(l, d)| format!(" {l}@{d}.de ")),
        1 => decorate(Just("a@b.de".to_owned())),
    ]
}

fn enum_like() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(vec![
            "legitimate_interest", "Legitimate_Interest", " LEGITIMATE_INTEREST ", "accepted", "Declined", "REQUESTED",
            " requested", "contact_details", "Deal_Details", " appointment_details ", "nope", "", " ",
            "legitimate_interest\u{200B}", "ACCEPTED\t",
        ])
        .prop_map(String::from),
        1 => "\\PC{0,20}",
    ]
}

fn bool_like() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => any::<bool>().prop_map(Value::Bool),
        2 => select(vec!["true", "FALSE", " yes ", "n", "1", "0", "t", "F", "maybe", "", "\u{200B}"]).prop_map(|s| Value::String(s.into())),
        1 => select(vec![0i64, 1, 2, -1]).prop_map(|n| json!(n)),
        1 => Just(json!(1.0)),
    ]
}

fn country_code_like() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(vec!["DE", "at", " us", "GB ", "fr", "IT", "Ch", "NL", "PL", "TR", "RU", "BR", "IN", "CN", "JP", "AC", "IR", "EG"]).prop_map(String::from),
        1 => select(vec!["XX", "001", "D", "DEU", "", " ", "uk", "ZZ", "EU", "d\u{0301}", "\u{1F1E9}\u{1F1EA}"]).prop_map(String::from),
        1 => "\\PC{0,3}",
    ]
}

/// Any string a spreadsheet or a hostile caller could put in a cell.
fn tricky_string() -> BoxedStrategy<String> {
    prop_oneof![
        3 => any::<String>(),
        2 => phone_like(),
        1 => uuid_like(),
        1 => date_like(),
        1 => timestamp_like(),
        1 => email_like(),
        1 => enum_like(),
        1 => blank(),
        1 => digits300(),
        1 => "[\u{0590}-\u{06FF}\u{200E}\u{200F}\u{202A}-\u{202E}]{1,12}",
        1 => "[\\x00-\\x1f\u{7f}-\u{9f}]{1,5}",
        1 => decorate("\\PC{0,12}"),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// JSON values

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        select(vec![
            0i64,
            1,
            -1,
            42,
            4930901820,
            4915123456789,
            i32::MAX as i64 + 1
        ])
        .prop_map(|n| json!(n)),
        // 300-digit numbers as serde_json reads them from text (f64 when they do not fit u64).
        digits300().prop_filter_map("in f64 range", |s| serde_json::from_str::<Value>(&s)
            .ok()
            .filter(Value::is_number)),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => number(),
        5 => tricky_string().prop_map(Value::String),
    ]
}

fn any_key() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => select(vec!["__proto__", "constructor", "prototype", "toString", "", " ", "payload", "type", "email ", "Email", "EMAIL"]).prop_map(String::from),
        3 => "\\PC{0,12}",
    ]
}

fn any_json() -> BoxedStrategy<Value> {
    leaf()
        .prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..4).prop_map(Value::Array),
                vec((any_key(), inner), 0..4)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
        .boxed()
}

fn phone_value() -> impl Strategy<Value = Value> {
    let item = prop_oneof![
        6 => phone_like().prop_map(Value::String),
        1 => blank().prop_map(Value::String),
        1 => number(),
        1 => any_json(),
    ];
    prop_oneof![
        4 => phone_like().prop_map(Value::String),
        3 => vec(item, 0..5).prop_map(Value::Array),
        1 => number(),
        1 => any_json(),
    ]
}

fn country_codes_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => vec(country_code_like(), 0..4).prop_map(|c| Value::Array(c.into_iter().map(Value::String).collect())),
        2 => (vec(country_code_like(), 0..4), select(vec![",", ";", "|", " ", ", "])).prop_map(|(c, sep)| Value::String(c.join(sep))),
        1 => vec(leaf(), 0..3).prop_map(Value::Array),
        1 => any_json(),
    ]
}

/// A value for a key of known kind: mostly of the right shape (valid, near-valid, coercible),
/// sometimes anything at all.
fn value_for(kind: Option<FieldKind>) -> BoxedStrategy<Value> {
    let s = |st: BoxedStrategy<String>| st.prop_map(Value::String).boxed();
    let typed: BoxedStrategy<Value> = match kind {
        None | Some(FieldKind::Text) | Some(FieldKind::Payload) | Some(FieldKind::Json) => {
            prop_oneof![5 => s(tricky_string()), 1 => number().boxed(), 1 => any::<bool>().prop_map(Value::Bool).boxed()].boxed()
        }
        Some(FieldKind::Uuid) => s(uuid_like().boxed()),
        Some(FieldKind::Date) => s(date_like().boxed()),
        Some(FieldKind::Timestamp) => s(timestamp_like().boxed()),
        Some(FieldKind::Boolean) => bool_like().boxed(),
        Some(FieldKind::Integer) | Some(FieldKind::BigInteger) | Some(FieldKind::Number) => prop_oneof![
            3 => number().boxed(),
            2 => "[+-]?[0-9]{1,12}(\\.[0-9]{0,4})?([eE][+-]?[0-9]{1,3})?".prop_map(Value::String).boxed(),
            1 => s(tricky_string()),
        ]
        .boxed(),
        Some(FieldKind::Email) => s(email_like().boxed()),
        Some(FieldKind::PhoneList) => phone_value().boxed(),
        Some(FieldKind::CountryCodes) => country_codes_value().boxed(),
        Some(FieldKind::StringList) => prop_oneof![
            2 => vec(prop_oneof![4 => tricky_string().prop_map(Value::String), 1 => number(), 1 => any::<bool>().prop_map(Value::Bool)], 0..4).prop_map(Value::Array).boxed(),
            1 => s(tricky_string()),
        ]
        .boxed(),
        Some(FieldKind::Enum { .. }) => s(enum_like().boxed()),
    };
    prop_oneof![8 => typed, 1 => Just(Value::Null), 1 => any_json()].boxed()
}

/// A key of this row type, of another row type, of the request, or anything.
fn row_entry(t: ImportType, options: usize) -> BoxedStrategy<(String, Value)> {
    let schema = schema_for(options);
    let own: Vec<String> = schema.rows(t).fields().keys().cloned().collect();
    let mut other: Vec<String> = ImportType::ALL
        .iter()
        .flat_map(|t| schema.rows(*t).fields().keys().cloned())
        .collect();
    other.extend(schema.import_request.fields().keys().cloned());
    let table = std::sync::Arc::new(schema.rows(t).clone());
    let entry = move |k: String| {
        let v = value_for(table.field(&k).map(|f| f.kind.clone()));
        (Just(k), v)
    };
    let (e1, e2, e3) = (entry.clone(), entry.clone(), entry);
    prop_oneof![
        6 => select(own).prop_flat_map(e1),
        1 => select(other).prop_flat_map(e2),
        1 => any_key().prop_flat_map(e3),
    ]
    .boxed()
}

/// A row: often seeded with what makes a row of the type valid, then random entries on top
/// (later duplicates replace earlier values, as in JSON text).
fn row(t: ImportType, options: usize) -> BoxedStrategy<Value> {
    let seed: BoxedStrategy<Vec<(String, Value)>> = match t {
        ImportType::Contact => prop_oneof![
            Just(vec![]),
            "[a-z0-9-]{1,12}".prop_map(|id| vec![("external_id".to_owned(), Value::String(id))]),
            email_like().prop_map(|e| vec![("email".to_owned(), Value::String(e))]),
            (phone_value(), country_codes_value()).prop_map(|(p, c)| vec![
                ("whatsapp".to_owned(), p),
                ("country_codes".to_owned(), c)
            ]),
        ]
        .boxed(),
        ImportType::Deal => prop_oneof![
            Just(vec![]),
            "[a-z0-9-]{1,12}"
                .prop_map(|id| vec![("contact_external_id".to_owned(), Value::String(id))]),
            uuid_like().prop_map(|id| vec![("contact_id".to_owned(), Value::String(id))]),
        ]
        .boxed(),
        ImportType::Appointment => prop_oneof![
            Just(vec![]),
            (
                "\\PC{1,10}",
                uuid_like(),
                timestamp_like(),
                timestamp_like()
            )
                .prop_map(|(n, c, s, e)| vec![
                    ("name".to_owned(), Value::String(n)),
                    ("contact_id".to_owned(), Value::String(c)),
                    ("start_time".to_owned(), Value::String(s)),
                    ("end_time".to_owned(), Value::String(e)),
                ]),
            ("\\PC{1,10}", "[a-z0-9]{1,8}").prop_map(|(n, c)| vec![
                ("name".to_owned(), Value::String(n)),
                ("contact_external_id".to_owned(), Value::String(c))
            ]),
        ]
        .boxed(),
    };
    (seed, vec(row_entry(t, options), 0..6))
        .prop_map(|(seed, extra)| {
            Value::Object(
                seed.into_iter()
                    .chain(extra)
                    .collect::<Map<String, Value>>(),
            )
        })
        .boxed()
}

fn element(t: ImportType, options: usize) -> BoxedStrategy<Value> {
    prop_oneof![12 => row(t, options), 1 => leaf(), 1 => any_json()].boxed()
}

fn type_value(t: ImportType) -> impl Strategy<Value = Option<Value>> {
    let s = t.as_str();
    prop_oneof![
        12 => Just(Some(Value::String(s.to_owned()))),
        2 => select(vec![s.to_uppercase(), format!(" {s} "), s.replacen('c', "C", 1)]).prop_map(|v| Some(Value::String(v))),
        1 => Just(None),
        1 => leaf().prop_map(Some),
    ]
}

/// A `POST /import` body plus the type its rows were generated for and the option set.
#[derive(Debug, Clone)]
struct Case {
    options: usize,
    body: Value,
}

fn body_for(t: ImportType, options: usize) -> BoxedStrategy<Value> {
    let payload = prop_oneof![
        12 => vec(element(t, options), 0..max_rows()).prop_map(|rows| Some(Value::Array(rows))),
        1 => Just(None),
        1 => leaf().prop_map(Some),
    ];
    let extra = vec(
        prop_oneof![
            2 => uuid_like().prop_map(|u| ("contact_list_id".to_owned(), Value::String(u))),
            1 => tricky_string().prop_map(|u| ("contact_list_external_id".to_owned(), Value::String(u))),
            1 => bool_like().prop_map(|b| ("allow_deal_reassignment".to_owned(), b)),
            1 => bool_like().prop_map(|b| ("allow_appointment_reassignment".to_owned(), b)),
            1 => (any_key(), leaf()),
            1 => select(vec!["contact_list_id", "allow_deal_reassignment", "contact_list_external_id"]).prop_map(|k| (k.to_owned(), Value::Null)),
        ],
        0..3,
    );
    (type_value(t), payload, extra)
        .prop_flat_map(|(ty, payload, extra)| {
            let mut entries: Vec<(String, Value)> = extra;
            if let Some(ty) = ty {
                entries.push(("type".into(), ty));
            }
            if let Some(p) = payload {
                entries.push(("payload".into(), p));
            }
            Just(entries).prop_shuffle()
        })
        .prop_map(|entries| Value::Object(entries.into_iter().collect()))
        .boxed()
}

fn import_type() -> impl Strategy<Value = ImportType> {
    select(ImportType::ALL.to_vec())
}

fn case() -> impl Strategy<Value = Case> {
    (import_type(), 0..option_sets().len(), 0u8..20)
        .prop_flat_map(|(t, options, shape)| {
            let body = if shape == 0 {
                any_json()
            } else {
                body_for(t, options)
            };
            (Just(options), body)
        })
        .prop_map(|(options, body)| Case { options, body })
}

// ---------------------------------------------------------------------------------------------
// Checks

const NORMALISATION_CODES: &[&str] = &[
    "coerced_value",
    "enum_case_normalised",
    "timestamp_without_offset",
    "blank_removed",
    "read_only_field",
];

fn text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("reports serialise")
}

fn codes(issues: &[mateo_import::Issue]) -> Vec<&'static str> {
    issues.iter().map(|i| i.code).collect()
}

/// The per-row part of the contract, for one element and its report.
fn check_row(element: &Value, report: &RowReport, index: usize) -> Result<(), TestCaseError> {
    prop_assert_eq!(report.index, index);
    prop_assert_eq!(
        report.ok,
        report.errors.is_empty(),
        "ok iff no errors: {:?}",
        report
    );
    match element {
        Value::Object(original) => {
            prop_assert!(report.row.is_some());
            if !report.ok {
                // Byte-identical: same keys, same order, same values.
                prop_assert_eq!(
                    text(&report.row),
                    text(original),
                    "a failed row must be the original object"
                );
            }
        }
        _ => {
            prop_assert!(!report.ok);
            prop_assert!(report.row.is_none());
            prop_assert_eq!(codes(&report.errors), vec!["row_not_object"]);
        }
    }
    for issue in report.errors.iter().chain(&report.warnings) {
        prop_assert!(
            mateo_import::ALL_CODES.contains(&issue.code),
            "undocumented code {}",
            issue.code
        );
        prop_assert!(!issue.message.is_empty());
    }
    Ok(())
}

/// The whole-report contract for `body`.
fn check_report(body: &Value, report: &ImportReport) -> Result<(), TestCaseError> {
    let payload: &[Value] = match body.get("payload") {
        Some(Value::Array(rows)) if body.is_object() => rows,
        _ => &[],
    };
    prop_assert_eq!(
        report.rows.len(),
        payload.len(),
        "one report per payload element"
    );
    prop_assert_eq!(report.total, report.rows.len());
    prop_assert_eq!(report.valid + report.invalid, report.total);
    prop_assert_eq!(report.valid, report.rows.iter().filter(|r| r.ok).count());
    prop_assert_eq!(
        report.ok,
        report.errors.is_empty() && report.valid == report.total
    );
    for (i, (element, row)) in payload.iter().zip(&report.rows).enumerate() {
        check_row(element, row, i)?;
    }
    let ok_rows: Vec<Value> = report
        .rows
        .iter()
        .filter(|r| r.ok)
        .map(|r| Value::Object(r.row.clone().unwrap_or_default()))
        .collect();
    match &report.request {
        Some(request) => {
            prop_assert!(report.errors.is_empty());
            prop_assert_eq!(
                text(&request["payload"]),
                text(&ok_rows),
                "request.payload must be the ok rows in order"
            );
            prop_assert!(request.get("type").is_some_and(Value::is_string));
        }
        None => prop_assert!(
            !report.errors.is_empty() || report.valid == 0,
            "a usable body with valid rows must have a request"
        ),
    }
    for issue in report.errors.iter().chain(&report.warnings) {
        prop_assert!(
            mateo_import::ALL_CODES.contains(&issue.code),
            "undocumented code {}",
            issue.code
        );
    }
    Ok(())
}

/// Checking the normalised body again changes nothing and finds nothing to normalise.
fn check_idempotent(options: usize, report: &ImportReport) -> Result<(), TestCaseError> {
    let Some(request) = &report.request else {
        return Ok(());
    };
    let body = Value::Object(request.clone());
    let again = validator(options).validate_import(&body);
    prop_assert!(
        again.ok,
        "normalised body must be all valid: {}",
        text(&again)
    );
    prop_assert_eq!(again.total, report.valid);
    prop_assert_eq!(
        text(&again.request),
        text(&report.request),
        "normalising twice must change nothing"
    );
    for issue in &again.warnings {
        prop_assert!(
            !NORMALISATION_CODES.contains(&issue.code),
            "request warning {:?} on the normalised body",
            issue
        );
    }
    let first: Vec<&RowReport> = report.rows.iter().filter(|r| r.ok).collect();
    for (a, b) in first.iter().zip(&again.rows) {
        prop_assert_eq!(text(&a.row), text(&b.row));
        for issue in &b.warnings {
            prop_assert!(
                !NORMALISATION_CODES.contains(&issue.code),
                "row warning {:?} on the normalised row {}",
                issue,
                text(&b.row)
            );
        }
    }
    Ok(())
}

fn chunked(len: usize, sizes: &[usize]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for &s in sizes.iter().cycle().take(len + sizes.len()) {
        if start >= len {
            break;
        }
        let end = (start + s).min(len);
        out.push(start..end);
        start = end;
    }
    if start < len {
        out.push(start..len);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config(256))]

    /// The whole contract on arbitrary bodies, plus determinism and idempotence.
    #[test]
    fn import_contract(case in case()) {
        let mut v = validator(case.options);
        let report = v.validate_import(&case.body);
        check_report(&case.body, &report)?;

        // Deterministic: warm cache, fresh validator, JSON text in.
        let out = text(&report);
        prop_assert_eq!(&text(&v.validate_import(&case.body)), &out);
        prop_assert_eq!(&text(&validator(case.options).validate_import(&case.body)), &out);
        prop_assert_eq!(&text(&v.validate_import_json(&text(&case.body))), &out);

        // The rows' JSON text as it goes to JS (written directly, ASCII) means what serde's does.
        let direct = mateo_import::report_json::row_reports(&report.rows);
        prop_assert!(direct.is_ascii());
        let parsed: Value = serde_json::from_str(&direct).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parsed, serde_json::to_value(&report.rows).unwrap_or_default());

        check_idempotent(case.options, &report)?;
    }

    /// `validate_row` on any value and each type: same row contract, same report as inside an
    /// import, and an ok row checked again is unchanged and clean.
    #[test]
    fn row_contract(t in import_type(), options in 0..option_sets().len(), index in any::<usize>(),
                    element in import_type().prop_flat_map(|t| element(t, 0))) {
        let mut v = validator(options);
        let report = v.validate_row(t, &element, index);
        check_row(&element, &report, index)?;
        prop_assert_eq!(text(&validator(options).validate_row(t, &element, index)), text(&report));

        let body = json!({"type": t.as_str(), "payload": [element.clone()]});
        let in_import = v.validate_import(&body);
        prop_assert_eq!(text(&in_import.rows[0].row), text(&report.row));
        prop_assert_eq!(text(&in_import.rows[0].errors), text(&report.errors));
        prop_assert_eq!(text(&in_import.rows[0].warnings), text(&report.warnings));

        if report.ok {
            let normalised = Value::Object(report.row.clone().unwrap_or_default());
            let again = v.validate_row(t, &normalised, index);
            prop_assert!(again.ok, "normalised row invalid: {}", text(&again));
            prop_assert_eq!(text(&again.row), text(&report.row));
            for issue in &again.warnings {
                prop_assert!(!NORMALISATION_CODES.contains(&issue.code), "{:?} on normalised row {}", issue, text(&again.row));
            }
        }
    }

    /// Rows generated for the right type, so most are valid: idempotence gets exercised on rows
    /// with every kind of normalisation.
    #[test]
    fn row_idempotent_typed((t, options, element) in (import_type(), 0..option_sets().len())
                                .prop_flat_map(|(t, o)| (Just(t), Just(o), row(t, o)))) {
        let body = json!({"type": t.as_str(), "payload": [element]});
        let report = validator(options).validate_import(&body);
        check_report(&body, &report)?;
        check_idempotent(options, &report)?;
    }

    /// Any chunking of the payload through a session gives the same row reports as one
    /// `validate_import`, and `finish` agrees with the report.
    #[test]
    fn session_chunking(options in 0..option_sets().len(),
                        body in import_type().prop_flat_map(|t| body_for(t, 0)),
                        sizes in vec(0usize..6, 1..8), json_mask in any::<u32>()) {
        let report = validator(options).validate_import(&body);
        // A session's head is the body without its rows (rows there are an error of their own).
        let mut head = body.clone();
        if let Some(h) = head.as_object_mut() {
            h.shift_remove("payload");
        }
        let mut session = ImportSession::new(validator(options), &head);
        let payload: Vec<Value> = match body.get("payload") {
            Some(Value::Array(rows)) => rows.clone(),
            _ => Vec::new(),
        };
        let mut rows: Vec<RowReport> = Vec::new();
        for (i, range) in chunked(payload.len(), &sizes).into_iter().enumerate() {
            let chunk = &payload[range];
            // Borrowed rows, owned rows (normalised in place) and JSON text alike.
            match json_mask >> (i % 16 * 2) & 3 {
                1 => {
                    let got = session.push_json(&text(&chunk));
                    prop_assert!(got.is_ok());
                    rows.extend(got.unwrap_or_default());
                }
                2 => rows.extend(session.push_rows(chunk.to_vec())),
                _ => rows.extend(session.push(chunk)),
            }
        }
        // Empty pushes are harmless.
        prop_assert!(session.push(&[]).is_empty());
        prop_assert_eq!(text(&rows), text(&report.rows));
        let summary = session.finish();
        prop_assert_eq!((summary.total, summary.valid, summary.invalid), (report.total, report.valid, report.invalid));
        prop_assert_eq!(session.counts(), (report.total, report.valid));
        if matches!(body.get("payload"), Some(Value::Array(p)) if !p.is_empty()) {
            prop_assert_eq!(text(&summary.errors), text(&report.errors));
            prop_assert_eq!(text(&summary.warnings), text(&report.warnings));
            prop_assert_eq!(summary.ok, report.ok);
            // One rule for "no body": a request-level error or no valid row.
            prop_assert_eq!(summary.request.is_some(), report.request.is_some());
        }
        if let Some(request) = &report.request {
            let mut head = request.clone();
            head.shift_remove("payload");
            prop_assert_eq!(text(&summary.request), text(&Some(head)));
        }
        // push_json of anything that is not an array counts nothing.
        let before = session.counts();
        let not_array = session.push_json(r#"{"not": "an array"}"#);
        prop_assert!(not_array.is_err());
        prop_assert!(session.push_json("[1, 2").is_err());
        prop_assert_eq!(session.counts(), before);
    }

    /// `resolve_phone`: never panics; Err exactly for a non-list value or an unknown country
    /// code; the winner is the first valid entry; its E.164 resolves to itself.
    #[test]
    fn resolve_phone_contract(candidates in phone_value(), codes in prop::option::of(vec(country_code_like(), 0..4)),
                              options in 0..2usize) {
        let mut v = validator(options);
        let got = v.resolve_phone(&candidates, codes.as_deref());
        prop_assert_eq!(text(&got.as_ref().ok()), text(&validator(options).resolve_phone(&candidates, codes.as_deref()).ok()));
        let n = match &candidates {
            Value::String(_) | Value::Number(_) => Some(1),
            Value::Array(items) => Some(items.len()),
            _ => None,
        };
        let unknown = codes.as_ref().and_then(|c| check_country_codes(&RlibEngine, c.iter().map(String::as_str)).1.into_iter().next());
        match (n, unknown, got) {
            (None, _, Err(Problem::InvalidType { .. })) => {}
            (Some(_), Some(bad), Err(Problem::InvalidCountryCode { value })) => prop_assert_eq!(bad, value),
            (Some(n), None, Ok(r)) => {
                prop_assert_eq!(r.candidates.len(), n);
                prop_assert_eq!(r.ok, r.e164.is_some());
                prop_assert_eq!(r.ok, r.index.is_some());
                prop_assert_eq!(r.ok, r.number_type.is_some());
                if let (Some(i), Some(e164)) = (r.index, &r.e164) {
                    prop_assert!(r.candidates[i].ok);
                    prop_assert!(r.candidates[..i].iter().all(|c| !c.ok && c.reason.is_some()));
                    prop_assert!(r.candidates[i + 1..].iter().all(|c| !c.ok && c.reason.as_deref() == Some("not tried: an earlier entry is valid")));
                    // libphonenumber allows national numbers of up to 17 digits (DE has 15), so up to 20 digits.
                    prop_assert!(e164.len() <= 21 && e164.starts_with('+') && e164[1..].bytes().all(|b| b.is_ascii_digit()), "{}", e164);
                    let again = v.resolve_phone(&Value::String(e164.clone()), Some(&[])).expect("a string resolves");
                    prop_assert_eq!(again.e164.as_ref(), Some(e164), "E.164 must resolve to itself");
                    prop_assert_eq!(again.region, r.region);
                } else {
                    prop_assert!(r.candidates.iter().all(|c| !c.ok && c.reason.is_some()));
                }
            }
            (n, unknown, got) => prop_assert!(false, "unexpected result {:?} for n={:?} unknown={:?}", got, n, unknown),
        }
    }

    /// `resolve_candidates` with region lists that were never checked (any strings).
    #[test]
    fn resolve_candidates_any_regions(candidates in vec(prop_oneof![3 => phone_like().prop_map(|s| Candidate::Text(s.into())), 1 => Just(Candidate::NotText("null"))], 0..5),
                                      regions in vec(prop_oneof![country_code_like(), "\\PC{0,4}"], 0..4)) {
        let mut v = Validator::default();
        let r = v.resolve_candidates(&candidates, &regions);
        prop_assert_eq!(r.candidates.len(), candidates.len());
        prop_assert_eq!(r.ok, r.e164.is_some());
    }

    /// `parse_csv` on any text never panics and gives string (or list-of-string) cells; the rows
    /// then satisfy the import contract.
    #[test]
    fn csv_any_text(text_in in prop_oneof![any::<String>(), "[a-z_,;|\t\"\r\n ]{0,80}", "\\PC{0,200}"]) {
        let csv = parse_csv(&text_in);
        check_csv_cells(&csv)?;
        let body = json!({"type": "contact_details", "payload": csv.rows.iter().cloned().map(Value::Object).collect::<Vec<_>>()});
        check_report(&body, &Validator::default().validate_import(&body))?;
    }

    /// CSV written from generated cells reads back: same number of rows, plain cells unchanged.
    #[test]
    fn csv_round_trip(headers in vec(prop_oneof![3 => select(schema_for(0).contact_details.fields().keys().cloned().collect::<Vec<_>>()), 1 => "[a-z_]{1,8}"], 1..6),
                      cells in vec(vec(prop_oneof![4 => tricky_string(), 1 => Just(String::new())], 6), 0..12),
                      delimiter in select(vec![',', ';', '\t', '|']), crlf in any::<bool>(), bom in any::<bool>(), options in 0..option_sets().len()) {
        let mut headers = headers;
        headers.dedup();
        let mut seen = std::collections::HashSet::new();
        headers.retain(|h| seen.insert(h.clone()));
        let quote = |c: &str| {
            if c.contains([',', ';', '\t', '|', '"', '\n', '\r']) || c.starts_with(' ') {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.to_owned()
            }
        };
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut file = String::new();
        if bom {
            file.push('\u{FEFF}');
        }
        file.push_str(&headers.join(&delimiter.to_string()));
        file.push_str(eol);
        let records: Vec<Vec<String>> = cells.iter().map(|r| r[..headers.len()].to_vec()).collect();
        for r in &records {
            file.push_str(&r.iter().map(|c| quote(c)).collect::<Vec<_>>().join(&delimiter.to_string()));
            file.push_str(eol);
        }
        let csv = parse_csv(&file);
        check_csv_cells(&csv)?;
        prop_assert_eq!(&csv.headers, &headers);
        let kept: Vec<&Vec<String>> = records.iter().filter(|r| !r.iter().all(|c| c.trim().is_empty())).collect();
        prop_assert_eq!(csv.rows.len(), kept.len(), "file: {:?}", file);
        for (row, record) in csv.rows.iter().zip(kept) {
            for (h, c) in headers.iter().zip(record) {
                if c.trim().is_empty() {
                    prop_assert!(!row.contains_key(h));
                } else if !mateo_import::csv_rows::LIST_COLUMNS.contains(&h.as_str()) {
                    prop_assert_eq!(row.get(h), Some(&Value::String(c.clone())));
                }
            }
        }
        // The rows through a session in two chunks and in one import agree.
        let payload: Vec<Value> = csv.rows.iter().cloned().map(Value::Object).collect();
        let body = json!({"type": "contact_details", "payload": payload});
        let report = validator(options).validate_import(&body);
        check_report(&body, &report)?;
        check_idempotent(options, &report)?;
        let mut session = ImportSession::new(validator(options), &json!({"type": "contact_details"}));
        let half = payload.len() / 2;
        let mut rows = session.push(&payload[..half]);
        rows.extend(session.push(&payload[half..]));
        prop_assert_eq!(text(&rows), text(&report.rows));
    }

    /// JSON text of any bytes (lossily decoded): never panics; a report with no rows when the
    /// text is not JSON.
    #[test]
    fn import_json_any_text(bytes in vec(any::<u8>(), 0..200), prefix in select(vec!["", "{\"type\":\"contact_details\",\"payload\":[", "[", "{\"payload\":[{\"sms\":\""])) {
        let text_in = format!("{prefix}{}", String::from_utf8_lossy(&bytes));
        let report = Validator::default().validate_import_json(&text_in);
        match serde_json::from_str::<Value>(&mateo_import::json_text::fix_lone_surrogates(&text_in)) {
            Ok(body) => check_report(&body, &report)?,
            Err(_) => {
                prop_assert_eq!(codes(&report.errors), vec!["invalid_json"]);
                prop_assert_eq!(report.total, 0);
            }
        }
    }
}

fn check_csv_cells(csv: &mateo_import::csv_rows::CsvRows) -> Result<(), TestCaseError> {
    for row in &csv.rows {
        for (k, v) in row {
            prop_assert!(!k.is_empty());
            match v {
                Value::String(s) => prop_assert!(!s.trim().is_empty()),
                Value::Array(items) => prop_assert!(items.iter().all(Value::is_string)),
                other => prop_assert!(false, "cell {} is {:?}", k, other),
            }
        }
    }
    Ok(())
}

/// Lone surrogate escapes in JSON text (what `JSON.stringify` writes for broken emoji halves)
/// never make the text unreadable, wherever they are.
#[test]
fn lone_surrogate_escapes_anywhere() {
    let mut v = Validator::default();
    for esc in [
        "\\ud800",
        "\\udbff",
        "\\udc00",
        "\\udfff",
        "\\ud83d\\ud83d",
        "\\ude00\\ud83d",
        "\\uD800x",
    ] {
        for template in [
            "{\"type\":\"contact_details\",\"payload\":[{\"whatsapp\":\"+49 30 901820@\"}]}",
            "{\"type\":\"contact_details\",\"payload\":[{\"external_id\":\"@\",\"@\":1}]}",
            "{\"type\":\"contact_details@\",\"payload\":[]}",
        ] {
            let body = template.replace('@', esc);
            let report = v.validate_import_json(&body);
            assert!(
                !codes(&report.errors).contains(&"invalid_json"),
                "{body}: {}",
                text(&report)
            );
        }
    }
}
