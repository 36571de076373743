//! The `.xlsx` writer: what it writes reads back through calamine to exactly the same cells,
//! whatever they hold, and Excel's limits are refused rather than cut.
// Native only: the reader (the spreadsheet crate) and the zip crate are host dev-dependencies.
#![cfg(not(target_arch = "wasm32"))]

use mateo_import::xlsx::write_xlsx;
use mateo_import::zip::stored_zip;
use mateo_import_sheets::read_workbook;

fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn cells_read_back_exactly() {
    let rows = grid(&[
        &[
            "mateo_row",
            "Vorname",
            "Mobil",
            "PLZ",
            "Notiz",
            "mateo_errors",
        ],
        &[
            "1",
            "Jürgen",
            "+4915123456789",
            "01067",
            "a \"quoted\", ; | text",
            "phone_ambiguous (whatsapp): …",
        ],
        &[
            "2",
            "=SUM(A1:A2)",
            "0151 2345678",
            "",
            "line one\r\nline two\nthree\rfour",
            "x",
        ],
        &[
            "3",
            "  spaces  ",
            "-5",
            "@home",
            "tab\there & <b>bold</b> 'quote' _x0041_ _x0041\u{0} _x12 \u{1}\u{7f} 😀",
            "",
        ],
        &["4", "", "", "", "", "only the number"],
    ]);
    let bytes = write_xlsx("Fehlerhafte Zeilen", &rows).unwrap();
    let wb = read_workbook(&bytes, None, None).unwrap();
    assert_eq!(wb.format, "xlsx");
    assert_eq!(wb.sheets, vec!["Fehlerhafte Zeilen".to_string()]);
    assert!(wb.notices.is_empty(), "{:?}", wb.notices);
    // The reader drops trailing empty cells of a row.
    let expected: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let end = r.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
            r[..end].to_vec()
        })
        .collect();
    assert_eq!(wb.cells, expected);
}

#[test]
fn every_cell_is_text_in_a_text_column() {
    let bytes = write_xlsx("S", &grid(&[&["a"], &["007"]])).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(
        sheet.contains(r#"<c r="A2" s="1" t="inlineStr"><is><t xml:space="preserve">007</t>"#),
        "{sheet}"
    );
    assert!(
        sheet.contains(r#"<col min="1" max="1" width="18" style="1""#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"state="frozen""#));
}

#[test]
fn beyond_excel_limits_is_refused() {
    let long = vec![vec!["x".repeat(32_768)]];
    assert_eq!(
        write_xlsx("S", &long).unwrap_err().code(),
        "workbook_too_large"
    );
    let wide = vec![vec![String::new(); 16_385]];
    assert_eq!(
        write_xlsx("S", &wide).unwrap_err().code(),
        "workbook_too_large"
    );
    // At the limit: written.
    let at = vec![vec!["y".repeat(32_767)]];
    let wb = read_workbook(&write_xlsx("S", &at).unwrap(), None, None).unwrap();
    assert_eq!(wb.cells[0][0].len(), 32_767);
    // Nothing at all is still a workbook.
    let empty = read_workbook(&write_xlsx("", &[]).unwrap(), None, None).unwrap();
    assert_eq!((empty.sheet.as_str(), empty.cells.len()), ("Sheet1", 0));
}

#[test]
fn a_zip_of_files_reads_back_with_its_names_and_bytes() {
    let files: [(&str, &[u8]); 3] = [
        (
            "contact_details-request-1-of-2.json",
            b"{\"type\":\"contact_details\"}",
        ),
        (
            "Anfragen/Müller – 2.json",
            "{\"full_name\":\"Jürgen\"}".as_bytes(),
        ),
        ("empty.json", b""),
    ];
    let bytes = stored_zip(&files).unwrap();
    // The same files give the same bytes (every entry has one fixed date).
    assert_eq!(stored_zip(&files).unwrap(), bytes);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(zip.len(), 3);
    for (i, (name, data)) in files.iter().enumerate() {
        let mut entry = zip.by_index(i).unwrap();
        assert_eq!(entry.name().unwrap(), *name);
        let mut read = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut read).unwrap();
        assert_eq!(read, *data, "{name}");
    }
}
