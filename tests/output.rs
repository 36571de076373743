//! Failed rows out and back in: the CSV a person fixes in Excel reads back through read_table
//! to exactly the original cells, for every delimiter and for cells holding quotes,
//! delimiters, line breaks and leading `=`/`+`.
#![cfg(not(target_arch = "wasm32"))]
use mateo_import::input::{read_table, ReadOptions};
use mateo_import::output::{failed_rows_csv, failed_rows_json, issue_reasons, FailedRow};
use mateo_import::{Issue, Problem};
use serde_json::{json, Map, Value};

fn cells(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

#[test]
fn failed_rows_round_trip_through_read_table() {
    let rows = [
        cells(
            json!({"Name": "Zoë \"Z\" Müller", "E-Mail": "kaputt", "Notiz": "a;b,c|d\te", "whatsapp": ["0151 1", "0151 2"]}),
        ),
        cells(
            json!({"Name": "=SUMME(A1:A2)", "E-Mail": "+49 lost", "Notiz": "Zeile 1\r\nZeile 2\nZeile 3"}),
        ),
        cells(json!({"Name": "@x", "Notiz": "-5", "Extra": "nur hier"})),
    ];
    let errors = [Problem::MissingIdentifier.at(None)];
    let email = [Problem::InvalidEmail {
        value: "kaputt".into(),
        reason: "no @",
    }
    .at(Some("E-Mail"))];
    let failed: Vec<FailedRow> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| FailedRow {
            index: i * 10,
            cells: Some(r),
            reasons: issue_reasons(if i == 0 { &email[..] } else { &errors[..] } as &[Issue]),
        })
        .collect();
    let headers: Vec<String> = ["Name", "E-Mail", "Notiz", "whatsapp"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for delimiter in [b',', b';', b'\t', b'|'] {
        let text = failed_rows_csv(&failed, &headers, delimiter);
        assert!(text.starts_with('\u{FEFF}'));
        assert!(text.contains("\r\n"));
        let t = read_table(text.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(
            t.delimiter.as_deref(),
            Some(&*(delimiter as char).to_string())
        );
        assert_eq!(
            t.headers,
            ["Name", "E-Mail", "Notiz", "whatsapp", "Extra"],
            "{}",
            delimiter as char
        );
        let back: Vec<Value> = t.rows.iter().cloned().map(Value::Object).collect();
        let want: Vec<Value> = rows.iter().cloned().map(Value::Object).collect();
        assert_eq!(back, want, "delimiter {:?}", delimiter as char);
        assert_eq!(
            t.notices.iter().map(|n| n.code).collect::<Vec<_>>(),
            ["failed_rows_columns_ignored"]
        );
    }
    let json: Value = serde_json::from_str(&failed_rows_json(&failed)).unwrap();
    assert_eq!(json[1]["mateo_row"], json!(11));
    assert!(json[0]["mateo_errors"]
        .as_str()
        .unwrap()
        .starts_with("invalid_email (E-Mail)"));
}
