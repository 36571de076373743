//! Any bytes as a file: `read_table` must not panic, must answer the same every time, and must
//! give the same table when the bytes come through `TableReader` in pieces (the sizes come from
//! the input); every notice's code is documented; JSON tables aside, cells are non-blank strings
//! or lists of strings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mateo_import::input::{read_table, ReadOptions, TableReader};
use mateo_import_fuzz::{check_text_cells, text};

const NAMES: [&str; 6] = ["a.csv", "a.tsv", "a.json", "a.ndjson", "a.xlsx", ""];
const ENCODINGS: [Option<&str>; 4] = [None, Some("utf-8"), Some("windows-1252"), Some("utf-16be")];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let options = ReadOptions {
        file_name: Some(NAMES[selector as usize % NAMES.len()].to_owned())
            .filter(|n| !n.is_empty()),
        encoding: ENCODINGS[(selector as usize / 8) % 4].map(str::to_owned),
        delimiter: (selector >= 224).then(|| ";".to_owned()),
        ..ReadOptions::default()
    };
    let whole = read_table(bytes, &options);
    assert_eq!(
        text(
            &read_table(bytes, &options)
                .map(|t| text(&t))
                .map_err(|e| e.code)
        ),
        text(&whole.as_ref().map(text).map_err(|e| e.code)),
        "read_table is not deterministic"
    );
    // In pieces: 1..=64 bytes, from the selector.
    let size = usize::from(selector % 64) + 1;
    let pieces = TableReader::new(options.clone()).and_then(|mut reader| {
        let mut rows = Vec::new();
        for piece in bytes.chunks(size) {
            rows.extend(reader.push(piece)?);
        }
        let mut t = reader.finish()?;
        rows.append(&mut t.rows);
        t.rows = rows;
        Ok(t)
    });
    match (&whole, &pieces) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "pieces of {size} differ"),
        (Err(a), Err(b)) => assert_eq!(a.code, b.code),
        _ => panic!(
            "whole {:?} / pieces of {size} {:?}",
            whole.as_ref().map(|_| ()),
            pieces.as_ref().map(|_| ())
        ),
    }
    let Ok(table) = whole else { return };
    for n in &table.notices {
        assert!(mateo_import::ALL_CODES.contains(&n.code), "{}", n.code);
    }
    if table.format == "csv" {
        check_text_cells(&table.rows);
    }
});
