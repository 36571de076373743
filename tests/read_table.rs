//! `read_table` and `TableReader` on the files in tests/fixtures/files (made by make.py there,
//! the way real exports look): exact headers, cells and notices.
#![cfg(not(target_arch = "wasm32"))]
use mateo_import::input::{read_table, Format, ReadOptions, Table, TableReader};
// (workbooks below go through the spreadsheet reader of sheets/)
use serde_json::{json, Value};

fn file(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/files/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str) -> Table {
    read_with(name, ReadOptions::default())
}

fn read_with(name: &str, mut options: ReadOptions) -> Table {
    options.file_name.get_or_insert_with(|| name.to_owned());
    read_table(&file(name), &options).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

fn codes(t: &Table) -> Vec<&'static str> {
    t.notices.iter().map(|n| n.code).collect()
}

const GERMAN_HEADERS: [&str; 9] = [
    "Vorname",
    "Nachname",
    "E-Mail",
    "Telefon",
    "Mobil",
    "Geburtstag",
    "Straße",
    "PLZ",
    "Ort",
];

fn german_rows_are_exact(t: &Table) {
    assert_eq!(t.headers, GERMAN_HEADERS);
    assert_eq!(t.rows.len(), 3);
    assert_eq!(
        Value::Object(t.rows[0].clone()),
        json!({"Vorname": "Jürgen", "Nachname": "Müller", "E-Mail": "juergen.mueller@example.de",
               "Telefon": "030 901820", "Mobil": "0151 23456789", "Geburtstag": "25.12.1990",
               "Straße": "Hauptstraße 5", "PLZ": "10115", "Ort": "Berlin"})
    );
    assert_eq!(t.rows[1]["Nachname"], json!("Groß"));
    assert_eq!(t.rows[1]["PLZ"], json!("01067"));
    assert!(
        !t.rows[1].contains_key("Telefon"),
        "blank cells are left out"
    );
    assert_eq!(t.rows[2]["Ort"], json!("München"));
    assert_eq!(t.rows[2]["Vorname"], json!("Ömer"));
}

#[test]
fn german_excel_csv_windows_1252() {
    let t = read("excel-de.csv");
    assert_eq!((t.format, t.encoding), ("csv", Some("windows-1252")));
    assert_eq!(t.delimiter.as_deref(), Some(";"));
    german_rows_are_exact(&t);
    assert_eq!(codes(&t), ["encoding_guessed"]);
    assert_eq!(
        Some(&t.notices[0].params()),
        json!({"encoding": "windows-1252", "line": 1}).as_object()
    );
}

#[test]
fn sep_line_is_honoured_and_dropped() {
    let t = read("excel-de-sep.csv");
    german_rows_are_exact(&t);
    assert_eq!(codes(&t), ["encoding_guessed", "separator_line"]);
}

#[test]
fn title_rows_above_the_header_are_skipped_with_a_notice() {
    let t = read("excel-de-title.csv");
    german_rows_are_exact(&t);
    let title = t
        .notices
        .iter()
        .find(|n| n.code == "title_rows_skipped")
        .expect("notice");
    assert_eq!(title.params()["text"], json!("Kundenliste Messe 2026"));
    assert_eq!(title.params()["lines"], json!([1]));
}

#[test]
fn excel_unicode_text_utf16le_tabs() {
    let t = read("excel-unicode.txt");
    assert_eq!(
        (t.encoding, t.delimiter.as_deref()),
        (Some("utf-16le"), Some("\t"))
    );
    german_rows_are_exact(&t);
    assert!(t.notices.is_empty(), "{:?}", t.notices);
}

#[test]
fn utf8_files_from_excel_libreoffice_google_numbers() {
    let t = read("excel-utf8-bom.csv");
    assert_eq!(
        (t.encoding, t.delimiter.as_deref()),
        (Some("utf-8"), Some(";"))
    );
    german_rows_are_exact(&t);
    assert!(t.notices.is_empty());

    let t = read("google-sheets.csv");
    assert_eq!(
        (t.encoding, t.delimiter.as_deref()),
        (Some("utf-8"), Some(","))
    );
    german_rows_are_exact(&t);

    let t = read("libreoffice.csv");
    assert_eq!(t.headers.last().map(String::as_str), Some("Notiz"));
    assert_eq!(t.rows[0]["Notiz"], json!("Sagt \"Hallo\", gern"));
    assert_eq!(t.rows[1]["Notiz"], json!("Zeile 1\nZeile 2"));
    assert_eq!(t.rows.len(), 3);

    let t = read("numbers-de.csv");
    assert_eq!(
        t.delimiter.as_deref(),
        Some(";"),
        "decimal commas do not make it a , file"
    );
    assert_eq!(t.rows[0]["Betrag"], json!("1.234,50"));
    assert_eq!(t.rows[1]["Rabatt"], json!("1,25"));
}

#[test]
fn options_override_encoding_and_delimiter() {
    let t = read_with(
        "excel-de.csv",
        ReadOptions {
            encoding: Some("latin1".into()),
            ..ReadOptions::default()
        },
    );
    assert_eq!(t.encoding, Some("windows-1252"));
    assert!(t.notices.is_empty(), "no guess when told");
    german_rows_are_exact(&t);

    let t = read_with(
        "excel-de.csv",
        ReadOptions {
            encoding: Some("utf-8".into()),
            ..ReadOptions::default()
        },
    );
    assert_eq!(t.rows[0]["Vorname"], json!("J\u{FFFD}rgen"));
    assert_eq!(codes(&t), ["undecodable_bytes"]);

    let t = read_with(
        "google-sheets.csv",
        ReadOptions {
            delimiter: Some(";".into()),
            ..ReadOptions::default()
        },
    );
    assert_eq!(t.headers.len(), 1);

    for bad in [
        ReadOptions {
            encoding: Some("ebcdic".into()),
            ..ReadOptions::default()
        },
        ReadOptions {
            delimiter: Some(";;".into()),
            ..ReadOptions::default()
        },
    ] {
        let err = read_table(b"a\n1", &bad).unwrap_err();
        assert!(
            ["unknown_encoding", "invalid_read_option"].contains(&err.code),
            "{err:?}"
        );
    }
}

#[test]
fn json_array_body_and_ndjson() {
    for (name, format) in [
        ("rows.json", "json"),
        ("rows.ndjson", "ndjson"),
        ("body.json", "json"),
    ] {
        let t = read(name);
        assert_eq!((t.format, t.encoding), (format, Some("utf-8")), "{name}");
        assert_eq!(
            t.headers,
            ["external_id", "full_name", "whatsapp", "email", "score"]
        );
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1]["score"], json!(7), "JSON keeps its types");
        assert_eq!(t.rows[0]["whatsapp"], json!(["0151 23456789"]));
    }
    let body = read("body.json");
    assert_eq!(codes(&body), ["body_fields_not_read"]);
    assert_eq!(
        Some(&body.notices[0].params()),
        json!({"fields": ["type", "contact_list_external_id"],
               "body": {"type": "contact_details", "contact_list_external_id": "messe"}})
        .as_object()
    );
    // The same bytes without a name.
    let t = read_table(&file("rows.ndjson"), &ReadOptions::default()).unwrap();
    assert_eq!(t.format, "ndjson");
    let bad = read_table(
        b"{\"a\":1}\n[1]\n{oops\n{\"a\":2}\n",
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(bad.rows.len(), 2);
    assert_eq!(codes(&bad), ["not_a_row", "invalid_json_line"]);
}

#[test]
fn odd_text_files() {
    let t = read("empty.csv");
    assert!(t.rows.is_empty() && t.headers.is_empty());

    let t = read("nul-bytes.csv");
    assert_eq!(t.rows[0]["name"], json!("Anna"));
    assert_eq!(codes(&t), ["nul_removed"]);
    assert_eq!(t.notices[0].params()["line"], json!(2));

    let t = read("mixed-line-endings.csv");
    assert_eq!(t.rows.len(), 3);
    assert!(!t.broken);
    assert_eq!(t.rows[2]["name"], json!("Cem"));

    let t = read("unterminated-quote.csv");
    assert_eq!(codes(&t), ["unterminated_quote"]);
    assert!(t.broken, "an unterminated quote breaks the table");
    assert_eq!(t.notices[0].params()["line"], json!(2));
    assert_eq!(t.rows[0]["name"], json!("Anna\nb@example.de,Bob\n"));

    let t = read_table(b"a;a;;b\n1;2;3;4;5\n", &ReadOptions::default()).unwrap();
    assert_eq!(t.headers, ["a", "a (2)", "column_3", "b"]);
    assert_eq!(codes(&t), ["duplicate_header", "csv_extra_cells"]);
    assert_eq!(t.rows[0]["column_5"], json!("5"));
}

#[test]
fn files_that_are_no_table_are_refused_clearly() {
    for (name, code) in [
        ("random.bin", "unreadable_file"),
        ("not-a-workbook.zip", "unreadable_file"),
        ("contacts.xlsx", "unsupported_format"),
        ("truncated.xlsx", "unsupported_format"),
        ("contacts.ods", "unsupported_format"),
        ("contacts.xls", "unsupported_format"),
    ] {
        let err = read_table(
            &file(name),
            &ReadOptions {
                file_name: Some(name.into()),
                ..ReadOptions::default()
            },
        )
        .unwrap_err();
        assert_eq!(err.code, code, "{name}: {err:?}");
    }
    let xlsx = read_table(&file("contacts.xlsx"), &ReadOptions::default()).unwrap_err();
    assert_eq!(xlsx.params()["format"], json!("xlsx"));
    let forced = read_table(
        &file("contacts.xlsx"),
        &ReadOptions {
            format: Some(Format::Csv),
            ..ReadOptions::default()
        },
    );
    // Forced to CSV, zip bytes are still not read as rows of garbage.
    assert!(
        forced.is_err()
            || forced
                .unwrap()
                .notices
                .iter()
                .any(|n| n.code == "undecodable_bytes")
    );
}

/// Pushed in pieces of any size, the same table as in one piece (rows in order).
#[test]
fn streaming_equals_whole() {
    let names = [
        "excel-de.csv",
        "excel-de-sep.csv",
        "excel-de-title.csv",
        "excel-unicode.txt",
        "libreoffice.csv",
        "mixed-line-endings.csv",
        "rows.ndjson",
        "nul-bytes.csv",
        "unterminated-quote.csv",
    ];
    for name in names {
        let bytes = file(name);
        let options = ReadOptions {
            file_name: Some(name.into()),
            ..ReadOptions::default()
        };
        let whole = read_table(&bytes, &options).unwrap();
        for size in [1, 2, 3, 7, 64, 1000] {
            let mut reader = TableReader::new(options.clone()).unwrap();
            let mut rows = Vec::new();
            for piece in bytes.chunks(size) {
                rows.extend(reader.push(piece).unwrap());
            }
            let mut t = reader.finish().unwrap();
            rows.append(&mut t.rows);
            t.rows = rows;
            assert_eq!(t, whole, "{name} in pieces of {size}");
        }
    }
}

/// A header of 100,000 columns reads in linear time (it took 13 s through parse_csv).
#[test]
fn very_wide_header() {
    let n = 100_000;
    let mut text = (0..n)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    text.push('\n');
    text.push_str(&vec!["x"; n].join(","));
    let t = read_table(text.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(t.headers.len(), n);
    assert_eq!(t.rows[0].len(), n);
    let dup = read_table(
        vec!["a"; 20_000].join(",").as_bytes(),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(dup.headers[19_999], "a (20000)");
}

/// Windows-1252 for every byte, as WHATWG's index says (the JS test compares with TextDecoder).
#[test]
fn windows_1252_bytes() {
    let mut bytes = b"v\n".to_vec();
    for b in 0x80..=0xFFu8 {
        bytes.extend([b'x', b, b'x', b'\n']);
    }
    let t = read_table(&bytes, &ReadOptions::default()).unwrap();
    assert_eq!(t.encoding, Some("windows-1252"));
    assert_eq!(t.rows[0]["v"], json!("x€x"));
    assert_eq!(t.rows[0x1F]["v"], json!("xŸx"));
    assert_eq!(t.rows[0x01]["v"], json!("x\u{81}x"));
    assert_eq!(t.rows[0x7F]["v"], json!("xÿx"));
}

/// The JSON-text sink (what the wasm facade sends across) writes exactly the text of the row
/// objects the `Vec` sink builds, list cells and `column_N` keys included.
#[test]
fn json_text_sink_equals_row_objects() {
    use mateo_import::input::JsonRows;
    let mut extra = b"whatsapp;country_codes;Name\n0151 1 | 0151 2;de;\"Zo\xc3\xab \"\"x\"\"\"\n0151 3;de|at;a;surplus\n;;\n".to_vec();
    extra.extend_from_slice(b"sms;x\n\"a\nb\";\\\x01\n");
    let mut inputs: Vec<(String, Vec<u8>)> = [
        "excel-de-title.csv",
        "libreoffice.csv",
        "rows.json",
        "body.json",
        "rows.ndjson",
        "unterminated-quote.csv",
    ]
    .iter()
    .map(|n| (n.to_string(), file(n)))
    .collect();
    inputs.push(("extra.csv".into(), extra));
    for (name, bytes) in inputs {
        let options = ReadOptions {
            file_name: Some(name.clone()),
            ..ReadOptions::default()
        };
        let whole = read_table(&bytes, &options).unwrap();
        for size in [3, 50, 100_000] {
            let mut reader = TableReader::new(options.clone()).unwrap();
            let mut sink = JsonRows::default();
            let mut texts = Vec::new();
            for piece in bytes.chunks(size) {
                reader.push_into(piece, &mut sink).unwrap();
                if sink.count() >= 2 {
                    texts.push(sink.take());
                }
            }
            let rest = reader.finish_into(&mut sink).unwrap();
            assert!(rest.rows.is_empty());
            texts.push(sink.take());
            let mut rows: Vec<Value> = Vec::new();
            for t in &texts {
                assert!(t.is_ascii(), "{name}: {t}");
                rows.extend(serde_json::from_str::<Vec<Value>>(t).unwrap());
            }
            let expected: Vec<Value> = whole.rows.iter().cloned().map(Value::Object).collect();
            assert_eq!(rows, expected, "{name} in pieces of {size}");
            if size == 100_000 {
                assert_eq!(
                    texts[0],
                    mateo_import::json_text::to_ascii_string(&whole.rows).unwrap(),
                    "{name}"
                );
            }
        }
    }
}

/// The spreadsheet reader of `sheets/` (the second wasm module) as a `WorkbookReader`.
struct Sheets;

impl mateo_import::input::WorkbookReader for Sheets {
    fn read(
        &mut self,
        bytes: &[u8],
        format: Format,
        sheet: Option<&mateo_import::input::SheetRef>,
    ) -> Result<mateo_import::input::Grid, mateo_import::Issue> {
        use mateo_import::input::{workbook_issue, Grid, SheetRef};
        let sheet = sheet.map(|s| match s {
            SheetRef::Name(n) => mateo_import_sheets::SheetRef::Name(n.clone()),
            SheetRef::Index(i) => mateo_import_sheets::SheetRef::Index(*i),
        });
        match mateo_import_sheets::read_workbook(bytes, Some(format_name(format)), sheet) {
            Ok(wb) => Grid::from_json(&wb.to_json()),
            Err(e) => Err(workbook_issue(e.code, &e.message, &e.params)),
        }
    }
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Xlsx => "xlsx",
        Format::Xls => "xls",
        Format::Ods => "ods",
        _ => "",
    }
}

fn read_book(
    name: &str,
    sheet: Option<mateo_import::input::SheetRef>,
) -> Result<Table, mateo_import::Issue> {
    let options = ReadOptions {
        file_name: Some(name.into()),
        sheet,
        ..ReadOptions::default()
    };
    mateo_import::input::read_table_with(&file(name), &options, Some(&mut Sheets))
}

#[test]
fn xlsx_cells_as_a_person_sees_them() {
    let t = read_book("contacts.xlsx", None).unwrap();
    assert_eq!(
        (t.format, t.encoding, t.delimiter.as_deref()),
        ("xlsx", None, None)
    );
    assert_eq!(t.sheet.as_deref(), Some("Kontakte"));
    assert_eq!(t.sheets, ["Kontakte", "Notizen"]);
    assert_eq!(&t.headers[..9], GERMAN_HEADERS);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(
        Value::Object(t.rows[0].clone()),
        json!({"Vorname": "Jürgen", "Nachname": "Müller", "E-Mail": "juergen.mueller@example.de",
               "Telefon": "30901820", "Mobil": "4915123456789", "Geburtstag": "1990-12-25",
               "Straße": "Hauptstraße 5", "PLZ": "10115", "Ort": "Berlin",
               "Kunde seit": "2020-03-01T09:30:00", "Aktiv": "true"})
    );
    assert_eq!(
        t.rows[1]["PLZ"],
        json!("01067"),
        "the number format 00000 is applied"
    );
    assert_eq!(t.rows[1]["Aktiv"], json!("false"));
    let codes = codes(&t);
    assert!(codes.contains(&"title_rows_skipped"), "{codes:?}");
    assert!(codes.contains(&"formula_without_value"), "{codes:?}");

    let notes = read_book(
        "contacts.xlsx",
        Some(mateo_import::input::SheetRef::Name("Notizen".into())),
    )
    .unwrap();
    assert_eq!(notes.headers, ["Datum", "Notiz"]);
    assert_eq!(notes.rows[0]["Datum"], json!("2026-01-02"));
    let missing = read_book(
        "contacts.xlsx",
        Some(mateo_import::input::SheetRef::Name("Nope".into())),
    )
    .unwrap_err();
    assert_eq!(missing.code, "sheet_not_found");
    assert_eq!(missing.params()["sheets"], json!(["Kontakte", "Notizen"]));
}

#[test]
fn ods_and_xls_read_like_the_csv() {
    for name in ["contacts.ods", "contacts.xls"] {
        let t = read_book(name, None).unwrap();
        german_rows_are_exact(&t);
        assert_eq!(t.format, &name[9..]);
    }
    for name in ["truncated.xlsx", "not-a-workbook.zip", "random.bin"] {
        let err = read_book(name, None).unwrap_err();
        assert_eq!(err.code, "unreadable_file", "{name}: {err:?}");
    }
}

/// Postcodes typed into General cells (zeros.xlsx, made by make_zeros.py): the numbers come out
/// as stored, and the column where a number is a digit short of the others gets one notice, in
/// both languages; the phone numbers without their 0 and the quantities get none.
#[test]
fn xlsx_numbers_that_lost_a_leading_zero_are_noted() {
    let t = read_book("zeros.xlsx", None).unwrap();
    let plz: Vec<&str> = t.rows.iter().map(|r| r["PLZ"].as_str().unwrap()).collect();
    assert_eq!(plz, ["10115", "1067", "80331", "04109", "4109"]);
    assert_eq!(t.rows[0]["Mobil"], json!("15123456789"));
    let zeros: Vec<_> = t
        .notices
        .iter()
        .filter(|n| n.code == "leading_zeros_lost")
        .collect();
    assert_eq!(zeros.len(), 1, "{:?}", t.notices);
    assert_eq!(
        Value::Object(zeros[0].params()),
        json!({"column": "C", "cells": 2, "digits": 5, "cell": "C3", "value": "1067"})
    );
    assert!(zeros[0].message.contains("01067"), "{}", zeros[0].message);
    let de = mateo_import::input::read_table_with(
        &file("zeros.xlsx"),
        &ReadOptions {
            locale: mateo_import::messages::Locale::De,
            ..ReadOptions::default()
        },
        Some(&mut Sheets),
    )
    .unwrap();
    let n = de
        .notices
        .iter()
        .find(|n| n.code == "leading_zeros_lost")
        .unwrap();
    assert!(
        n.message
            .starts_with("Spalte C: 2 Zellen enthalten eine Zahl mit 4 Ziffern"),
        "{}",
        n.message
    );
}
