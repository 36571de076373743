//! Reads the workbooks in tests/fixtures/files/ (made by make.py there) and hand-made hostile
//! files, and checks the exact cell texts, errors and notices.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use mateo_import_sheets::{read_workbook, read_workbook_with_limits, Limits, SheetRef, Workbook};
use serde_json::json;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../tests/fixtures/files/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn rows(wb: &Workbook) -> Vec<Vec<&str>> {
    wb.cells
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect()
}

fn err(bytes: &[u8], hint: Option<&str>) -> mateo_import_sheets::SheetError {
    match read_workbook(bytes, hint, None) {
        Ok(wb) => panic!("expected an error, got {wb:?}"),
        Err(e) => e,
    }
}

const HEADER: [&str; 9] = [
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

#[test]
fn contacts_xlsx_first_sheet() {
    let wb = read_workbook(&fixture("contacts.xlsx"), Some("xlsx"), None).unwrap();
    assert_eq!(wb.format, "xlsx");
    assert_eq!(wb.sheets, vec!["Kontakte", "Notizen"]);
    assert_eq!(wb.sheet, "Kontakte");
    let mut header: Vec<&str> = HEADER.to_vec();
    header.extend(["Kunde seit", "Aktiv", "Umsatz"]);
    assert_eq!(
        rows(&wb),
        vec![
            vec!["Kundenliste Messe 2026"],
            vec![],
            header,
            vec![
                "Jürgen",
                "Müller",
                "juergen.mueller@example.de",
                "30901820",
                "4915123456789",
                "1990-12-25",
                "Hauptstraße 5",
                "10115",
                "Berlin",
                "2020-03-01T09:30:00",
                "true",
            ],
            vec![
                "Anna-Lena",
                "Groß",
                "a.gross@example.de",
                "",
                "4916098765432",
                "1985-02-01",
                "Schloßallee 1",
                "01067",
                "Dresden",
                "2021-07-15",
                "false",
            ],
        ]
    );
    // openpyxl stores the formulas =2*21 and =1/0 without a cached value (`<v />`): the cells
    // are empty and each gets a notice (there is no #DIV/0! in the file to report).
    let notices: Vec<_> = wb
        .notices
        .iter()
        .map(|n| (n.code, serde_json::Value::Object(n.params.clone())))
        .collect();
    assert_eq!(
        notices,
        vec![
            (
                "formula_without_value",
                json!({"cell": "L4", "formula": "=2*21"})
            ),
            (
                "formula_without_value",
                json!({"cell": "L5", "formula": "=1/0"})
            ),
        ]
    );
}

#[test]
fn contacts_xlsx_sheet_by_name_and_index() {
    let bytes = fixture("contacts.xlsx");
    let by_name = read_workbook(&bytes, None, Some(SheetRef::Name("Notizen".into()))).unwrap();
    assert_eq!(by_name.sheet, "Notizen");
    assert_eq!(
        rows(&by_name),
        vec![vec!["Datum", "Notiz"], vec!["2026-01-02", "zweites Blatt"]]
    );
    assert!(by_name.notices.is_empty());
    let by_index = read_workbook(&bytes, None, Some(SheetRef::Index(1))).unwrap();
    assert_eq!(by_index, by_name);
    // Case and surrounding spaces are forgiven when unambiguous.
    let loose = read_workbook(&bytes, None, Some(SheetRef::Name(" notizen".into()))).unwrap();
    assert_eq!(loose.sheet, "Notizen");
    let first = read_workbook(&bytes, None, Some(SheetRef::Index(0))).unwrap();
    assert_eq!(first.sheet, "Kontakte");
}

#[test]
fn sheet_not_found() {
    let bytes = fixture("contacts.xlsx");
    let e = read_workbook(&bytes, None, Some(SheetRef::Name("Adressen".into()))).unwrap_err();
    assert_eq!(e.code, "sheet_not_found");
    assert_eq!(
        serde_json::Value::Object(e.params),
        json!({"sheet": "Adressen", "sheets": ["Kontakte", "Notizen"]})
    );
    let e = read_workbook(&bytes, None, Some(SheetRef::Index(2))).unwrap_err();
    assert_eq!(e.code, "sheet_not_found");
    assert_eq!(e.params["sheet"], json!(2));
    for name in ["contacts.ods", "contacts.xls"] {
        let e =
            read_workbook(&fixture(name), None, Some(SheetRef::Name("Nope".into()))).unwrap_err();
        assert_eq!(e.code, "sheet_not_found", "{name}");
        assert_eq!(e.params["sheets"], json!(["Kontakte"]), "{name}");
    }
}

fn string_table() -> Vec<Vec<&'static str>> {
    vec![
        HEADER.to_vec(),
        vec![
            "Jürgen",
            "Müller",
            "juergen.mueller@example.de",
            "030 901820",
            "0151 23456789",
            "25.12.1990",
            "Hauptstraße 5",
            "10115",
            "Berlin",
        ],
        vec![
            "Anna-Lena",
            "Groß",
            "a.gross@example.de",
            "",
            "0160 98765432",
            "01.02.1985",
            "Schloßallee 1",
            "01067",
            "Dresden",
        ],
        vec![
            "Ömer",
            "Öztürk",
            "oemer@example.com",
            "+49 89 1234567",
            "",
            "",
            "Königsweg 12",
            "80331",
            "München",
        ],
    ]
}

#[test]
fn contacts_ods() {
    let wb = read_workbook(&fixture("contacts.ods"), None, None).unwrap();
    assert_eq!(wb.format, "ods");
    assert_eq!(wb.sheets, vec!["Kontakte"]);
    assert_eq!(wb.sheet, "Kontakte");
    assert_eq!(rows(&wb), string_table());
    assert!(wb.notices.is_empty());
}

#[test]
fn contacts_xls() {
    let wb = read_workbook(&fixture("contacts.xls"), None, None).unwrap();
    assert_eq!(wb.format, "xls");
    assert_eq!(wb.sheets, vec!["Kontakte"]);
    assert_eq!(rows(&wb), string_table());
    assert!(wb.notices.is_empty());
}

#[test]
fn format_comes_from_the_bytes_not_the_name() {
    // An .xlsx named .xls, an .ods named .xlsx.
    assert_eq!(
        read_workbook(&fixture("contacts.xlsx"), Some("xls"), None)
            .unwrap()
            .format,
        "xlsx"
    );
    assert_eq!(
        read_workbook(&fixture("contacts.ods"), Some(".xlsx"), None)
            .unwrap()
            .format,
        "ods"
    );
    assert_eq!(
        read_workbook(&fixture("contacts.xls"), Some("ods"), None)
            .unwrap()
            .format,
        "xls"
    );
}

#[test]
fn broken_files() {
    let e = err(&fixture("truncated.xlsx"), Some("xlsx"));
    assert_eq!(e.code, "unreadable_file");
    assert!(
        e.params["reason"].as_str().unwrap().contains("truncated"),
        "{e:?}"
    );
    assert_eq!(e.params["format"], json!("xlsx"));

    let e = err(&fixture("not-a-workbook.zip"), Some("zip"));
    assert_eq!(e.code, "unreadable_file");
    assert!(
        e.params["reason"]
            .as_str()
            .unwrap()
            .contains("no spreadsheet"),
        "{e:?}"
    );

    let e = err(&fixture("random.bin"), None);
    assert_eq!(e.code, "unreadable_file");
    assert!(e.params.get("looks_like").is_none());

    let e = err(&fixture("excel-de.csv"), Some("xls"));
    assert_eq!(e.code, "unreadable_file");
    assert_eq!(e.params["looks_like"], json!("CSV or plain"));

    let e = err(
        b"<html><body><table><tr><td>a</td></tr></table>",
        Some("xls"),
    );
    assert_eq!(e.params["looks_like"], json!("HTML or XML"));

    for bytes in [
        &b""[..],
        b"PK",
        b"PK\x03\x04",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    ] {
        assert_eq!(err(bytes, None).code, "unreadable_file");
    }
    // An OLE file cut short, and one with its workbook stream cut in half.
    let xls = fixture("contacts.xls");
    for cut in [600, xls.len() / 3, xls.len() / 2] {
        let e = err(&xls[..cut], None);
        assert_eq!(e.code, "unreadable_file", "cut at {cut}");
    }
}

// ---- hand-made .xlsx ------------------------------------------------------------------------

struct Part<'a> {
    name: &'a str,
    data: Vec<u8>,
}

fn part<'a>(name: &'a str, data: &str) -> Part<'a> {
    Part {
        name,
        data: data.as_bytes().to_vec(),
    }
}

fn zip_parts(parts: &[Part<'_>], method: CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for p in parts {
        w.start_file(
            p.name,
            SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        w.write_all(&p.data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// A workbook with one sheet "S" holding `sheet_data`, plus the extra parts.
fn xlsx_parts<'a>(sheet_xml: String, styles: Option<&str>, extra: Vec<Part<'a>>) -> Vec<Part<'a>> {
    let mut parts = vec![
        part(
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        part(
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        Part {
            name: "xl/workbook.xml",
            data: format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook {NS}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#).into_bytes(),
        },
        part(
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
        Part {
            name: "xl/worksheets/sheet1.xml",
            data: sheet_xml.into_bytes(),
        },
    ];
    if let Some(s) = styles {
        parts.push(Part {
            name: "xl/styles.xml",
            data: format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}>{s}</styleSheet>"#
            )
            .into_bytes(),
        });
    }
    parts.extend(extra);
    parts
}

fn sheet(dimension: Option<&str>, data: &str) -> String {
    let dim = dimension
        .map(|d| format!(r#"<dimension ref="{d}"/>"#))
        .unwrap_or_default();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>{dim}<sheetData>{data}</sheetData></worksheet>"#
    )
}

fn xlsx(dimension: Option<&str>, data: &str, styles: Option<&str>) -> Vec<u8> {
    zip_parts(
        &xlsx_parts(sheet(dimension, data), styles, vec![]),
        CompressionMethod::Deflated,
    )
}

#[test]
fn cached_values_errors_and_number_formats() {
    let styles = r#"<numFmts count="4"><numFmt numFmtId="164" formatCode="00000"/><numFmt numFmtId="165" formatCode="&quot;0&quot;0000000000"/><numFmt numFmtId="166" formatCode="h:mm"/><numFmt numFmtId="167" formatCode="[h]:mm:ss"/></numFmts><cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/><xf numFmtId="10"/><xf numFmtId="166"/><xf numFmtId="167"/></cellXfs>"#;
    let data = concat!(
        r#"<row r="1"><c r="A1"><f>2*21</f><v>42</v></c><c r="B1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>"#,
        r#"<c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D1" t="e"><v>#N/A</v></c><c r="E1" t="b"><f>TRUE()</f><v>1</v></c></row>"#,
        r#"<row r="2"><c r="A2" s="1"><v>1067</v></c><c r="B2" s="1"><v>12345</v></c><c r="C2" s="1"><v>1067.5</v></c>"#,
        r#"<c r="D2" s="2"><v>15123456789</v></c><c r="E2" s="3"><v>33232</v></c><c r="F2" s="4"><v>0.125</v></c></row>"#,
        r#"<row r="3"><c r="A3"><v>4.915123456789E12</v></c><c r="B3"><v>0.30000000000000004</v></c><c r="C3"><v>1E-7</v></c>"#,
        r#"<c r="D3"><v>-12.50</v></c><c r="E3" s="5"><v>0.5</v></c><c r="F3" s="6"><v>1.5</v></c><c r="G3" s="3"><v>-5</v></c></row>"#,
        r#"<row r="5"><c r="C5" s="1"/><c r="D5" t="inlineStr"><is><t xml:space="preserve"> x </t></is></c></row>"#,
    );
    let wb = read_workbook(&xlsx(Some("A1:G5"), data, Some(styles)), None, None).unwrap();
    assert_eq!(
        rows(&wb),
        vec![
            vec!["42", "ab", "", "", "true"],
            vec![
                "01067",
                "12345",
                "1067.5",
                "015123456789",
                "1990-12-25",
                "12.5%"
            ],
            vec![
                "4915123456789",
                "0.3",
                "0.0000001",
                "-12.5",
                "12:00:00",
                "PT36H0M0S",
                "-5"
            ],
            vec![],
            vec!["", "", "", " x "],
        ]
    );
    let notices: Vec<_> = wb
        .notices
        .iter()
        .map(|n| (n.code, serde_json::Value::Object(n.params.clone())))
        .collect();
    assert_eq!(
        notices,
        vec![
            ("cell_error", json!({"cell": "C1", "error": "#DIV/0!"})),
            ("cell_error", json!({"cell": "D1", "error": "#N/A"})),
        ]
    );
    assert_eq!(
        wb.notices[0].message,
        "Cell C1 shows the error #DIV/0!; it was read as empty."
    );
}

#[test]
fn shared_strings_and_hidden_first_sheet() {
    let parts = vec![
        part(
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        ),
        part(
            "_rels/.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        Part {
            name: "xl/workbook.xml",
            data: format!(r#"<workbook {NS}><sheets><sheet name="Lookup" sheetId="1" state="hidden" r:id="rId1"/><sheet name="Data" sheetId="2" r:id="rId2"/></sheets></workbook>"#).into_bytes(),
        },
        part(
            "xl/_rels/workbook.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
        Part {
            name: "xl/sharedStrings.xml",
            data: format!(r#"<sst {NS} count="2" uniqueCount="2"><si><t>E-Mail</t></si><si><r><t>a@</t></r><r><t>example.de</t></r></si></sst>"#).into_bytes(),
        },
        Part {
            name: "xl/worksheets/sheet1.xml",
            data: sheet(None, r#"<row r="1"><c r="A1"><v>1</v></c></row>"#).into_bytes(),
        },
        Part {
            name: "xl/worksheets/sheet2.xml",
            data: sheet(None, r#"<row r="1"><c r="B1" t="s"><v>0</v></c></row><row r="2"><c r="B2" t="s"><v>1</v></c></row>"#).into_bytes(),
        },
    ];
    let bytes = zip_parts(&parts, CompressionMethod::Stored);
    let wb = read_workbook(&bytes, None, None).unwrap();
    assert_eq!(wb.sheets, vec!["Lookup", "Data"]);
    assert_eq!(wb.sheet, "Data");
    assert_eq!(
        rows(&wb),
        vec![vec!["", "E-Mail"], vec!["", "a@example.de"]]
    );
    assert_eq!(wb.notices.len(), 1);
    assert_eq!(wb.notices[0].code, "hidden_sheets_skipped");
    assert_eq!(wb.notices[0].params["hidden"], json!(["Lookup"]));
    let hidden = read_workbook(&bytes, None, Some(SheetRef::Index(0))).unwrap();
    assert_eq!(rows(&hidden), vec![vec!["1"]]);
}

// ---- limits ---------------------------------------------------------------------------------

fn assert_quick_refusal(bytes: &[u8], code: &str) -> mateo_import_sheets::SheetError {
    let t = Instant::now();
    let e = match read_workbook(bytes, None, None) {
        Ok(wb) => panic!("expected {code}, read {} rows", wb.cells.len()),
        Err(e) => e,
    };
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "took {:?}",
        t.elapsed()
    );
    assert_eq!(e.code, code, "{e:?}");
    e
}

#[test]
fn huge_declared_dimension_is_refused_quickly() {
    let e = assert_quick_refusal(
        &xlsx(
            Some("A1:XFD1048576"),
            r#"<row r="1"><c r="A1"><v>1</v></c></row>"#,
            None,
        ),
        "workbook_too_large",
    );
    assert_eq!(e.params["limit"], json!(10_000_000));
    assert_eq!(e.params["found"], json!(1_048_576u64 * 16_384));
}

#[test]
fn far_apart_cells_are_refused() {
    // No dimension; two cells spanning the whole sheet.
    let data = r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"#;
    assert_quick_refusal(&xlsx(None, data, None), "workbook_too_large");
}

#[test]
fn too_many_cells_read_are_refused() {
    let mut data = String::new();
    for r in 1..=300 {
        data.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c></row>"#
        ));
    }
    let bytes = xlsx(None, &data, None);
    let limits = Limits {
        max_cells: 500,
        ..Limits::default()
    };
    let e = read_workbook_with_limits(&bytes, None, None, &limits).unwrap_err();
    assert_eq!(e.code, "workbook_too_large");
    assert_eq!(e.params["limit"], json!(500));
    let ok = read_workbook_with_limits(
        &bytes,
        None,
        None,
        &Limits {
            max_cells: 600,
            ..limits
        },
    );
    assert_eq!(ok.unwrap().cells.len(), 300);
}

#[test]
fn inverted_dimension_is_unreadable_not_a_panic() {
    let e = assert_quick_refusal(
        &xlsx(
            Some("C3:A1"),
            r#"<row r="1"><c r="A1"><v>1</v></c></row>"#,
            None,
        ),
        "unreadable_file",
    );
    assert!(e.params["reason"].as_str().unwrap().contains("inverted"));
}

#[test]
fn huge_shared_string_count_is_refused() {
    let sst = part(
        "xl/sharedStrings.xml",
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>a</t></si></sst>"#,
    );
    let bytes = zip_parts(
        &xlsx_parts(sheet(None, ""), None, vec![sst]),
        CompressionMethod::Deflated,
    );
    assert_quick_refusal(&bytes, "workbook_too_large");
}

/// Overwrites the uncompressed size (in the local header and the central directory) of the
/// zip entry named `name`.
fn set_declared_size(zip: &mut [u8], name: &str, size: u32) {
    let n = name.as_bytes();
    let mut patched = 0;
    for i in 0..zip.len().saturating_sub(46) {
        let sig = &zip[i..i + 4];
        let (size_at, name_at) = match sig {
            b"PK\x03\x04" => (i + 22, i + 30),
            b"PK\x01\x02" => (i + 24, i + 46),
            _ => continue,
        };
        let name_len = u16::from_le_bytes([
            zip[name_at - (if sig == b"PK\x03\x04" { 4 } else { 18 })],
            zip[name_at - (if sig == b"PK\x03\x04" { 3 } else { 17 })],
        ]) as usize;
        if zip.get(name_at..name_at + name_len) == Some(n) {
            zip[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "entry {name} not found twice");
}

#[test]
fn zip_bomb_declared_size_is_refused_before_inflating() {
    // A part that says it inflates to 3 GiB.
    let mut bytes = xlsx(None, r#"<row r="1"><c r="A1"><v>1</v></c></row>"#, None);
    set_declared_size(&mut bytes, "xl/worksheets/sheet1.xml", 3 << 30);
    let e = assert_quick_refusal(&bytes, "workbook_too_large");
    assert_eq!(e.params["part"], json!("xl/worksheets/sheet1.xml"));
    assert_eq!(e.params["limit"], json!(256u64 << 20));
}

#[test]
fn zip_bomb_that_lies_about_its_size_stops_at_the_declared_size() {
    // 20 MB of rows that compress to ~20 kB, declared as 4 kB: the zip reader stops at 4 kB.
    let row = r#"<row><c><v>1</v></c></row>"#;
    let big = sheet(None, &row.repeat(20_000_000 / row.len()));
    let mut bytes = zip_parts(&xlsx_parts(big, None, vec![]), CompressionMethod::Deflated);
    assert!(bytes.len() < 200_000, "{}", bytes.len());
    set_declared_size(&mut bytes, "xl/worksheets/sheet1.xml", 4096);
    assert_quick_refusal(&bytes, "unreadable_file");
}

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

#[test]
fn ods_repeat_bomb_is_refused() {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="T"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>end</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let parts = vec![
        part("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        part("META-INF/manifest.xml", MANIFEST),
        part("content.xml", content),
    ];
    let bytes = zip_parts(&parts, CompressionMethod::Stored);
    let e = assert_quick_refusal(&bytes, "workbook_too_large");
    assert_eq!(e.params["limit"], json!(10_000_000));
    // The same structure, small enough, reads.
    let small = content.replace("1000000", "3").replace("16384", "2");
    let bytes = zip_parts(
        &[
            part("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            part("META-INF/manifest.xml", MANIFEST),
            part("content.xml", &small),
        ],
        CompressionMethod::Stored,
    );
    let wb = read_workbook(&bytes, None, None).unwrap();
    assert_eq!(
        rows(&wb),
        vec![vec!["1", "1"], vec!["1", "1"], vec!["1", "1"], vec!["end"]]
    );
}

/// Offsets of BIFF records of type `typ` in the .xls fixture (xlwt writes the workbook
/// stream in one piece, so the records can be patched in place).
fn find_records(bytes: &[u8], typ: u16, len: u16) -> Vec<usize> {
    let mut pat = typ.to_le_bytes().to_vec();
    pat.extend(len.to_le_bytes());
    (0..bytes.len() - 4)
        .filter(|i| bytes[*i..*i + 4] == pat[..])
        .collect()
}

#[test]
fn xls_far_apart_cells_are_refused() {
    let mut xls = fixture("contacts.xls");
    // LabelSst (0x00FD, 10 bytes): row u16, col u16, xf u16, isst u32.
    let at = find_records(&xls, 0x00FD, 10);
    assert!(at.len() > 10);
    let last = *at.last().unwrap() + 4;
    xls[last..last + 4].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0x00]); // row 65536, column 256
    let e = assert_quick_refusal(&xls, "workbook_too_large");
    assert_eq!(e.params["found"], json!(65536u64 * 256));
}

#[test]
fn xls_inverted_dimensions_are_unreadable() {
    let mut xls = fixture("contacts.xls");
    let at = find_records(&xls, 0x0200, 14);
    assert_eq!(at.len(), 1);
    let d = at[0] + 4;
    // rwMic 5, rwMac 2: last row 1 before the first row 5.
    xls[d..d + 8].copy_from_slice(&[5, 0, 0, 0, 2, 0, 0, 0]);
    let e = assert_quick_refusal(&xls, "unreadable_file");
    assert!(
        e.params["reason"].as_str().unwrap().contains("inverted"),
        "{e:?}"
    );
}

#[test]
fn xls_sheet_offset_past_the_end_is_unreadable() {
    let mut xls = fixture("contacts.xls");
    let at = find_records(&xls, 0x0085, 16); // BoundSheet8 "Kontakte": 6 + 2 + 8 bytes
    assert_eq!(at.len(), 1, "{at:?}");
    let d = at[0] + 4;
    xls[d..d + 4].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
    assert_quick_refusal(&xls, "unreadable_file");
}

const ROUNDS: usize = 1000;

/// Random byte changes (ROUNDS per fixture; 8,000 with another seed passed too) to each fixture must give a result or a clean error, never a panic
/// (on native targets a panic inside calamine would come back as unreadable_file with
/// "panic" in its reason, which is what this looks for).
#[test]
fn mutated_fixtures_never_panic() {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut panics = vec![];
    for name in ["contacts.xlsx", "contacts.ods", "contacts.xls"] {
        let original = fixture(name);
        for round in 0..ROUNDS {
            let mut bytes = original.clone();
            let changes = 1 + (next() % 8) as usize;
            for _ in 0..changes {
                let i = (next() % bytes.len() as u64) as usize;
                bytes[i] = match next() % 4 {
                    0 => 0xFF,
                    1 => 0,
                    _ => next() as u8,
                };
            }
            if round % 10 == 0 {
                let cut = (next() % bytes.len() as u64) as usize;
                bytes.truncate(cut.max(1));
            }
            if let Err(e) = read_workbook(&bytes, None, None) {
                if e.params
                    .get("reason")
                    .and_then(|r| r.as_str())
                    .is_some_and(|r| r.contains("panic"))
                {
                    panics.push(format!("{name} round {round}"));
                }
            }
        }
    }
    assert!(panics.is_empty(), "{} panics: {panics:?}", panics.len());
}

/// More than 1,000 error cells: each of the first 1,000 has its `cell_error`, the rest are
/// counted in one `cell_error_more`, so none is read as empty without a word.
#[test]
fn error_cells_beyond_the_first_thousand_are_counted() {
    let data: String = (1..=1003)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="e"><v>#N/A</v></c><c r="B{r}" t="str"><v>x</v></c></row>"#))
        .collect();
    let bytes = zip_parts(
        &xlsx_parts(sheet(None, &data), None, vec![]),
        CompressionMethod::Deflated,
    );
    let wb = read_workbook(&bytes, None, None).unwrap();
    let count = |code: &str| wb.notices.iter().filter(|n| n.code == code).count();
    assert_eq!(count("cell_error"), 1000);
    assert_eq!(count("cell_error_more"), 1);
    let more = wb
        .notices
        .iter()
        .find(|n| n.code == "cell_error_more")
        .unwrap();
    assert_eq!(more.params["count"], json!(3));
    assert_eq!(wb.cells.len(), 1003);
    assert_eq!(wb.cells[1002], vec!["", "x"]);
}
