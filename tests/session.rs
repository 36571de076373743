//! Streaming sessions and CSV files give the same reports as one `validate_import`.
mod common;
use mateo_import::{csv_rows::parse_csv, ImportSession, Validator};
use serde_json::{json, Value};

fn payload() -> Vec<Value> {
    (0..25)
        .map(|i| match i % 5 {
            0 => json!({ "external_id": format!("c{i}"), "whatsapp": ["0151 2345678", "+43 660 1234567"], "country_codes": ["AT"] }),
            1 => json!({ "full_name": "no id" }),
            2 => json!(i),
            3 => json!({ "email": format!(" user{i}@example.org ") }),
            _ => json!({ "sms": "+1 202 456 1111", "is_blocked": "0" }),
        })
        .collect()
}

#[test]
fn chunked_session_equals_one_import() {
    let rows = payload();
    let whole = Validator::default().validate_import(
        &json!({ "type": "contact_details", "contact_list_external_id": "l", "payload": rows }),
    );
    for chunk in [1, 4, 7, 25, 100] {
        let mut s = ImportSession::new(
            Validator::default(),
            &json!({ "type": "contact_details", "contact_list_external_id": "l" }),
        );
        let mut reports = Vec::new();
        for part in rows.chunks(chunk) {
            reports.extend(s.push(part));
        }
        assert_eq!(reports, whole.rows, "chunk {chunk}");
        let summary = s.finish();
        assert_eq!(
            (summary.total, summary.valid, summary.invalid),
            (whole.total, whole.valid, whole.invalid)
        );
        let mut body = summary.request.unwrap();
        body.insert(
            "payload".into(),
            Value::Array(
                reports
                    .iter()
                    .filter(|r| r.ok)
                    .map(|r| Value::Object(r.row.clone().unwrap()))
                    .collect(),
            ),
        );
        let mut expected = whole.request.clone().unwrap();
        // The session's body has no payload position to keep, so compare as sets of keys.
        expected.sort_keys();
        body.sort_keys();
        assert_eq!(body, expected);
    }
}

#[test]
fn push_json_and_its_errors() {
    let mut s = ImportSession::new(
        Validator::default(),
        &json!({ "type": "deal_details", "payload": "ignored" }),
    );
    let r = s
        .push_json(r#"[{"contact_external_id":"c"},{"external_id":"d"}]"#)
        .unwrap();
    assert_eq!(
        r.iter().map(|r| (r.index, r.ok)).collect::<Vec<_>>(),
        [(0, true), (1, false)]
    );
    assert_eq!(s.push_json("{}").unwrap_err().code(), "payload_not_array");
    assert_eq!(s.push_json("[").unwrap_err().code(), "invalid_json");
    let r = s.push(&[json!({ "contact_id": "x" })]);
    assert_eq!(r[0].index, 2, "indexes continue after a failed push");
    assert_eq!(s.counts(), (3, 1));
    let summary = s.finish();
    assert!(summary.errors.is_empty() && !summary.ok);
}

/// A chunk whose later element serde_json rejects (the rows before it are read from their text)
/// is one error, and nothing of it was counted or remembered: the next push sees no duplicate.
#[test]
fn a_rejected_chunk_leaves_the_session_as_it_was() {
    let mut s = ImportSession::new(Validator::default(), &json!({ "type": "deal_details" }));
    let bad = r#"[{"external_id":"d1","contact_external_id":"c"}, {"n": tru}]"#;
    assert_eq!(s.push_json(bad).unwrap_err().code(), "invalid_json");
    assert_eq!(s.counts(), (0, 0));
    let r = s
        .push_json(r#"[{"external_id":"d1","contact_external_id":"c"}]"#)
        .unwrap();
    assert!(r[0].ok && r[0].warnings.is_empty(), "{:?}", r[0]);
    assert_eq!((r[0].index, s.counts()), (0, (1, 1)));
    let again = s
        .push_json(r#"[ {"external_id": "d1", "contact_external_id": "c"} ]"#)
        .unwrap();
    assert_eq!(again[0].warnings[0].code, "duplicate_external_id");
    // Valid JSON beyond the parser (a number out of f64's range, nesting past 128 levels) is
    // not a rejected chunk: that row's error, the others checked.
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let r = s
        .push_json(&format!(
            r#"[{{"n": 1e400}}, {{"n": {deep}}}, {{"external_id":"d2","contact_external_id":"c"}}]"#
        ))
        .unwrap();
    let codes: Vec<(bool, Option<&str>)> = r
        .iter()
        .map(|r| (r.ok, r.errors.first().map(|e| e.code)))
        .collect();
    assert_eq!(
        codes,
        [
            (false, Some("invalid_json")),
            (false, Some("invalid_json")),
            (true, None)
        ]
    );
}

#[test]
fn a_session_without_a_usable_head_still_reports_rows() {
    let mut s = ImportSession::new(Validator::default(), &json!("contact_details"));
    let r = s.push(&[json!({ "email": "a@b.de" })]);
    assert_eq!(r.len(), 1);
    let summary = s.finish();
    assert_eq!(summary.errors[0].code, "request_not_object");
    assert!(summary.request.is_none());
}

#[test]
fn csv_rows_validate_like_json_rows() {
    let csv = "external_id;whatsapp;country_codes;birthday;is_blocked\nc1;0151 2345678, +43 660 1234567;AT|DE;1990-12-25;false\nc2;;;25.12.1990;\n";
    let parsed = parse_csv(csv);
    assert_eq!(parsed.delimiter, ";");
    let report = Validator::default()
        .validate_import(&json!({ "type": "contact_details", "payload": parsed.rows }));
    assert_eq!(report.total, 2);
    assert!(report.rows[0].ok, "{:?}", report.rows[0].errors);
    // AT is tried first, and "0151 2345678" is a valid Vienna number there.
    assert_eq!(
        report.rows[0].row.as_ref().unwrap()["whatsapp"],
        "+431512345678"
    );
    assert_eq!(report.rows[0].row.as_ref().unwrap()["is_blocked"], false);
    assert_eq!(report.rows[1].errors[0].code, "invalid_date");
}

/// Rows the server would merge, found across pushes, compared normalised.
#[test]
fn duplicates_across_chunks_normalised() {
    use mateo_import::Validator;
    let v = Validator::from_options_json(&json!({"defaultCountryCodes": ["DE"]})).unwrap();
    let mut s = ImportSession::new(v, &json!({"type": "contact_details"}));
    let first = s.push(&[
        json!({"external_id": "c1", "whatsapp": "0151 23456789", "email": "Anna@Example.de"}),
        json!({"external_id": "c2", "email": "bob@example.de"}),
    ]);
    assert!(first.iter().all(|r| r.warnings.is_empty()), "{first:?}");
    let second = s.push(&[
        json!({"external_id": "c1", "full_name": "again"}),
        json!({"external_id": "c3", "whatsapp": "+49 151 23456789"}),
        json!({"external_id": "c4", "email": "anna@example.de "}),
        json!({"external_id": "c2x", "email": "not valid"}),
    ]);
    let codes = |r: &mateo_import::RowReport| {
        r.warnings
            .iter()
            .map(|w| (w.code, w.params()))
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&second[0])[0].0, "duplicate_external_id");
    assert_eq!(codes(&second[0])[0].1["first_row"], json!(0));
    assert_eq!(codes(&second[1])[0].0, "shared_handle");
    assert_eq!(codes(&second[1])[0].1["handle"], json!("+4915123456789"));
    assert_eq!(codes(&second[2])[0].1["handle"], json!("anna@example.de"));
    assert!(second[3].warnings.iter().all(|w| w.code != "shared_handle"));
    // Case folded beyond ASCII; several shared handles in the fields' order (email first),
    // whatever the order of the row's keys.
    let third = s.push(&[
        json!({"external_id": "c5", "email": "JÜRGEN@example.de"}),
        json!({"external_id": "c6", "whatsapp": "015123456789", "email": "jürgen@example.de"}),
    ]);
    assert!(third[0].warnings.is_empty(), "{:?}", third[0].warnings);
    let shared: Vec<_> = codes(&third[1])
        .into_iter()
        .map(|(_, p)| p["handle"].clone())
        .collect();
    assert_eq!(
        shared,
        vec![json!("jürgen@example.de"), json!("+4915123456789")]
    );

    // As errors, the later rows stay out of the body.
    let mut v = Validator::from_options_json(&json!({"duplicates": "error"})).unwrap();
    let report = v.validate_import(&json!({"type": "deal_details", "payload": [
        {"external_id": "d1", "contact_external_id": "c"}, {"external_id": "d1", "contact_external_id": "c"}]}));
    assert_eq!(
        (report.valid, report.rows[1].errors[0].code),
        (1, "duplicate_external_id")
    );
    assert!(Validator::from_options_json(&json!({"duplicates": "keepAll"})).is_err());
}

fn ids(rows: &[serde_json::Value]) -> Vec<String> {
    rows.iter()
        .map(|r| {
            format!(
                "{}:{}",
                r["external_id"].as_str().unwrap(),
                r["full_name"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// keepFirst and keepLast: one row per external_id goes into the body, in order; every other
/// is dropped with a warning naming the row sent; invalid rows are not compared.
#[test]
fn keep_policies_drop_the_other_rows_from_the_body() {
    use mateo_import::Validator;
    let payload = json!([
        {"external_id": "a", "full_name": "A1"},
        {"external_id": "b", "full_name": "B1"},
        {"external_id": "a", "full_name": "A2"},
        {"external_id": "a", "email": "bad"},
        {"external_id": "a", "full_name": "A3"},
        {"external_id": "c", "full_name": "C1"}
    ]);
    let body = json!({"type": "contact_details", "payload": payload});
    let expected = [
        (
            "keepFirst",
            vec!["a:A1", "b:B1", "c:C1"],
            vec![(2, 0), (4, 0)],
        ),
        (
            "keepLast",
            vec!["b:B1", "a:A3", "c:C1"],
            vec![(0, 2), (2, 4)],
        ),
    ];
    for (policy, sent, drops) in expected {
        let mut v = Validator::from_options_json(&json!({"duplicates": policy})).unwrap();
        for report in [
            v.validate_import(&body),
            v.validate_import_json(&body.to_string()),
        ] {
            let request = report.request.as_ref().unwrap();
            assert_eq!(
                ids(request["payload"].as_array().unwrap()),
                sent,
                "{policy}"
            );
            assert_eq!(
                (report.total, report.valid, report.invalid, report.dropped),
                (6, 3, 1, 2),
                "{policy}"
            );
            assert!(!report.ok, "the invalid row");
            for (dropped, kept) in &drops {
                let r = &report.rows[*dropped];
                assert!(r.ok && r.dropped && !r.sent(), "{policy} row {dropped}");
                let w = r
                    .warnings
                    .iter()
                    .find(|w| w.code == "duplicate_dropped")
                    .unwrap();
                assert_eq!(w.params()["kept_row"], json!(kept), "{policy}");
                assert_eq!(w.field.as_deref(), Some("external_id"));
            }
            let dropped: Vec<usize> = report
                .rows
                .iter()
                .filter(|r| r.dropped)
                .map(|r| r.index)
                .collect();
            assert_eq!(
                dropped,
                drops.iter().map(|d| d.0).collect::<Vec<_>>(),
                "{policy}"
            );
        }
    }
}

/// Across session pushes: keepFirst marks the later row in its push; keepLast names the
/// earlier rows already returned in the summary's dropped rows.
#[test]
fn keep_policies_across_session_pushes() {
    use mateo_import::Validator;
    let rows = |names: &[(&str, &str)]| -> Vec<serde_json::Value> {
        names
            .iter()
            .map(|(id, n)| json!({"external_id": id, "full_name": n}))
            .collect()
    };
    let v =
        Validator::from_options_json(&json!({"duplicates": "keepLast", "locale": "de"})).unwrap();
    let mut s = ImportSession::new(v, &json!({"type": "contact_details"}));
    let first = s.push(&rows(&[("a", "A1"), ("b", "B1")]));
    assert!(first.iter().all(|r| r.sent()));
    let second = s.push(&rows(&[("a", "A2"), ("c", "C1"), ("c", "C2")]));
    assert!(second[0].sent());
    assert!(
        second[1].dropped && !second[2].dropped,
        "a drop within the push is marked on it"
    );
    let summary = s.finish();
    assert_eq!(
        (
            summary.total,
            summary.valid,
            summary.invalid,
            summary.dropped
        ),
        (5, 3, 0, 2)
    );
    assert!(summary.ok);
    let late: Vec<usize> = summary.dropped_rows.iter().map(|d| d.index).collect();
    assert_eq!(late, [0]);
    assert_eq!(summary.dropped_rows[0].warning.code, "duplicate_dropped");
    assert!(
        summary.dropped_rows[0].warning.message.contains("Zeile 3"),
        "{}",
        summary.dropped_rows[0].warning.message
    );
    let json = serde_json::to_value(&summary).unwrap();
    assert_eq!(json["droppedRows"][0]["index"], json!(0));

    let v = Validator::from_options_json(&json!({"duplicates": "keepFirst"})).unwrap();
    let mut s = ImportSession::new(v, &json!({"type": "deal_details"}));
    s.push(&[json!({"external_id": "d", "contact_external_id": "c"})]);
    let later = s.push(&[json!({"external_id": "d", "contact_external_id": "c2"})]);
    assert!(later[0].dropped && later[0].ok);
    let summary = s.finish();
    assert_eq!((summary.valid, summary.dropped), (1, 1));
    assert!(summary.dropped_rows.is_empty());
}

/// keepLast across the chunks of a large body given as JSON text (checked 250 rows at a time):
/// the earlier rows of each external_id are dropped after their chunk was checked.
#[test]
fn keep_last_across_chunks_of_a_large_body() {
    use mateo_import::Validator;
    let payload: Vec<serde_json::Value> = (0..600)
        .map(|i| json!({"external_id": format!("c{}", i % 200), "full_name": format!("n{i}")}))
        .collect();
    let body = json!({"type": "contact_details", "payload": payload});
    let mut v = Validator::from_options_json(&json!({"duplicates": "keepLast"})).unwrap();
    for report in [
        v.validate_import_json(&body.to_string()),
        v.validate_import(&body),
    ] {
        assert_eq!(
            (report.valid, report.dropped, report.invalid),
            (200, 400, 0)
        );
        let sent = report.request.as_ref().unwrap()["payload"]
            .as_array()
            .unwrap()
            .clone();
        let names: Vec<&str> = sent
            .iter()
            .map(|r| r["full_name"].as_str().unwrap())
            .collect();
        let expected: Vec<String> = (400..600).map(|i| format!("n{i}")).collect();
        assert_eq!(names, expected);
        assert!(report.rows[..400]
            .iter()
            .all(|r| r.dropped && r.warnings.len() == 1));
        assert!(report.rows[400..].iter().all(|r| r.sent()));
        assert!(report.ok);
    }
}

/// duplicates: "off": rows are not compared (nothing kept per row); an unknown policy is refused.
#[test]
fn duplicates_off_compares_nothing() {
    use mateo_import::Validator;
    let body = json!({"type": "contact_details", "payload": [
        {"external_id": "a", "email": "x@y.de"}, {"external_id": "a", "email": "x@y.de"}, {"external_id": "b", "email": "x@y.de"}]});
    let mut off = Validator::from_options_json(&json!({"duplicates": "off"})).unwrap();
    let report = off.validate_import(&body);
    assert_eq!((report.valid, report.dropped), (3, 0));
    assert!(
        report.rows.iter().all(|r| r.warnings.is_empty()),
        "{:?}",
        report.rows
    );
    let mut warn = Validator::default();
    assert_eq!(
        warn.validate_import(&body)
            .rows
            .iter()
            .map(|r| r.warnings.len())
            .sum::<usize>(),
        2,
        "the same external_id, and the e-mail under another one"
    );
}

/// One rule for "no valid row, no body": a session's summary has no request then, as a report.
#[test]
fn no_valid_row_no_request() {
    use mateo_import::Validator;
    let body = json!({"type": "contact_details"});
    let mut s = ImportSession::new(Validator::default(), &body);
    s.push(&[json!({"email": "not an address"})]);
    let summary = s.finish();
    assert_eq!((summary.valid, summary.invalid), (0, 1));
    assert!(summary.errors.is_empty());
    assert!(summary.request.is_none());
    let report = Validator::default()
        .validate_import(&json!({"type": "contact_details", "payload": [{"email": "x"}]}));
    assert!(report.request.is_none());
    let mut s = ImportSession::new(Validator::default(), &body);
    s.push(&[json!({"email": "a@b.de"})]);
    assert!(s.finish().request.is_some());
}

/// keepLast and shared handles: a handle only a left-out row had is nobody's in the body, so
/// the next contact with it is not warned; one the contact's kept row has still is.
#[test]
fn keep_last_compares_handles_with_the_rows_sent() {
    use mateo_import::Validator;
    let shares = |policy: &str, payload: serde_json::Value| -> Vec<(usize, serde_json::Value)> {
        let mut v = Validator::from_options_json(&json!({ "duplicates": policy })).unwrap();
        let body = json!({"type": "contact_details", "payload": payload});
        let a = v.validate_import(&body);
        let b = v.validate_import_json(&body.to_string());
        let found = |r: &mateo_import::ImportReport| -> Vec<(usize, serde_json::Value)> {
            r.rows
                .iter()
                .flat_map(|row| {
                    row.warnings
                        .iter()
                        .filter(|w| w.code == "shared_handle")
                        .map(|w| (row.index, w.params()["other_row"].clone()))
                })
                .collect()
        };
        assert_eq!(found(&a), found(&b), "{policy}: text and values agree");
        found(&a)
    };
    let moved = json!([
        {"external_id": "c1", "email": "a@b.de"},
        {"external_id": "c1", "email": "b@b.de"},
        {"external_id": "c2", "email": "A@b.de"}
    ]);
    assert_eq!(shares("warn", moved.clone()), vec![(2, json!(0))]);
    assert_eq!(shares("keepLast", moved), vec![], "row 0 is not sent");
    let kept = json!([
        {"external_id": "c1", "email": "a@b.de"},
        {"external_id": "c1", "email": "a@b.de", "full_name": "C1"},
        {"external_id": "c2", "email": "a@b.de"},
        {"external_id": "c3", "email": "a@b.de"}
    ]);
    assert_eq!(
        shares("keepLast", kept),
        vec![(2, json!(1)), (3, json!(1))],
        "the kept row of c1 has it"
    );
    let no_id = json!([
        {"email": "x@b.de"},
        {"email": "x@b.de"}
    ]);
    assert_eq!(shares("keepLast", no_id), vec![(1, json!(0))]);
}

/// Rows in a session's head would be left out of the import unseen (a session checks the rows
/// given to push): the request's error, and no body; an empty `payload` is nothing to lose.
#[test]
fn rows_in_the_head_of_a_session_are_an_error_not_dropped_silently() {
    let head = json!({ "type": "contact_details", "payload": [{ "email": "a@b.de" }, { "email": "c@d.de" }] });
    let mut s = ImportSession::new(Validator::default(), &head);
    s.push(&[json!({ "email": "e@f.de" })]);
    let summary = s.finish();
    let codes: Vec<_> = summary.errors.iter().map(|e| e.code).collect();
    assert_eq!(codes, ["payload_in_session_head"]);
    assert_eq!(summary.errors[0].field.as_deref(), Some("payload"));
    assert_eq!(summary.errors[0].problem.params()["rows"], json!(2));
    assert!(summary.request.is_none());
    assert_eq!((summary.total, summary.valid), (1, 1));

    for quiet in [json!([]), json!(null)] {
        let mut s = ImportSession::new(
            Validator::default(),
            &json!({ "type": "contact_details", "payload": quiet }),
        );
        s.push(&[json!({ "email": "e@f.de" })]);
        assert!(s.finish().errors.is_empty(), "{quiet}");
    }
}

/// Rows are compared a batch at a time (their map lookups overlap): the findings are those of
/// rows pushed one at a time, for every policy, with duplicates within a batch, across
/// batches and across the chunks of a body given as text.
#[test]
fn batched_comparison_equals_one_row_at_a_time() {
    use mateo_import::Validator;
    let payload: Vec<Value> = (0..1500usize)
        .map(|i| {
            let mut row = json!({
                "external_id": format!("c{}", (i * 7919) % 1100),
                "email": format!("U{}@example.org", (i * 104_729) % 1300),
                "whatsapp": format!("+49 151 {:08}", (i * 31) % 900),
            });
            if i % 13 == 0 {
                row["created_at"] = json!("2024-01-01T00:00:00Z");
            }
            if i % 17 == 0 {
                row["email"] = json!("not an address");
            }
            row
        })
        .collect();
    let body = json!({"type": "contact_details", "payload": payload});
    for policy in ["warn", "error", "keepFirst", "keepLast"] {
        let options = json!({ "duplicates": policy });
        let mut s = ImportSession::new(
            Validator::from_options_json(&options).unwrap(),
            &json!({"type": "contact_details"}),
        );
        let mut one_by_one = Vec::new();
        for row in &payload {
            one_by_one.extend(s.push(std::slice::from_ref(row)));
        }
        let late = s.finish().dropped_rows;
        for (dropped, warning) in late.iter().map(|d| (d.index, d.warning.clone())) {
            one_by_one[dropped].dropped = true;
            one_by_one[dropped].warnings.push(warning);
        }
        let mut v = Validator::from_options_json(&options).unwrap();
        let findings = |r: &mateo_import::RowReport| {
            let all = r.errors.iter().chain(&r.warnings);
            (
                r.ok,
                r.dropped,
                all.map(|i| (i.code, i.params())).collect::<Vec<_>>(),
            )
        };
        let expected: Vec<_> = one_by_one.iter().map(findings).collect();
        let duplicates = expected
            .iter()
            .filter(|(_, _, f)| {
                f.iter()
                    .any(|(c, _)| c.contains("dup") || *c == "shared_handle")
            })
            .count();
        assert!(
            duplicates > 500,
            "{policy}: {duplicates} rows with duplicates"
        );
        for (how, report) in [
            ("whole", v.validate_import(&body)),
            ("text", v.validate_import_json(&body.to_string())),
        ] {
            let got: Vec<_> = report.rows.iter().map(findings).collect();
            for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
                assert_eq!(g, e, "{policy}, {how}: row {i}");
            }
            assert_eq!(got.len(), expected.len());
        }
    }
}
