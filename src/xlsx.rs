//! A grid of texts as an `.xlsx` workbook of one sheet: what `failedRows` writes for people who
//! fix rows in Excel. In the main module (~5 KB of gzipped wasm), so writing one does not need
//! the spreadsheet module, which only reads.
//!
//! Every cell is a text cell in a column formatted as text (`@`), so Excel shows `0151…`,
//! `+49…` and `01067` as they are and keeps what the person types there as text too (a number
//! cell would drop the `0` or the `+`). The header row is bold and frozen. Only what the
//! format needs: no shared strings table (inline strings), no themes, no document properties.

use crate::report::Problem;
use crate::zip::{stored_zip, TooLarge};

/// `workbook_too_large` for the limit `what` (a phrase with German words in `messages::de`).
fn too_large(what: &str, limit: u64, found: u64) -> Problem {
    Problem::WorkbookTooLarge {
        what: what.to_owned(),
        limit,
        found,
    }
}

/// Excel's limits: a longer sheet name, more rows or columns, or a longer cell is refused.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLUMNS: usize = 16_384;
const MAX_CELL_CHARS: usize = 32_767;
const MAX_SHEET_NAME: usize = 31;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// Style 1: text (`@`, number format 49); style 2: text, bold (the header row).
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#;

/// Writes `rows` (the first one is the header row, bold and frozen) as the sheet `sheet` of an
/// `.xlsx` workbook. Refused with `workbook_too_large` where Excel's limits would cut a value:
/// more than 1,048,576 rows or 16,384 columns, a cell longer than 32,767 characters.
pub fn write_xlsx(sheet: &str, rows: &[Vec<String>]) -> Result<Vec<u8>, Problem> {
    if rows.len() > MAX_ROWS {
        return Err(too_large(
            "the number of rows",
            MAX_ROWS as u64,
            rows.len() as u64,
        ));
    }
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    if columns > MAX_COLUMNS {
        return Err(too_large(
            "the number of columns",
            MAX_COLUMNS as u64,
            columns as u64,
        ));
    }
    if let Some(long) = rows
        .iter()
        .flatten()
        .map(|c| c.encode_utf16().count())
        .find(|n| *n > MAX_CELL_CHARS)
    {
        return Err(too_large(
            "the length of a cell",
            MAX_CELL_CHARS as u64,
            long as u64,
        ));
    }
    let workbook = workbook_xml(sheet);
    let sheet = sheet_xml(rows, columns);
    let parts: [(&str, &[u8]); 6] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/styles.xml", STYLES.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    stored_zip(&parts).map_err(|TooLarge { limit, found, .. }| {
        too_large("the size of the workbook in bytes", limit, found)
    })
}

/// A sheet name Excel accepts: without `[]:*?/\`, at most 31 characters, not blank.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !c.is_control())
        .take(MAX_SHEET_NAME)
        .collect();
    let clean = clean.trim_matches('\'').trim().to_string();
    if clean.is_empty() {
        "Sheet1".into()
    } else {
        clean
    }
}

fn workbook_xml(sheet: &str) -> String {
    let mut name = String::new();
    escape_into(&sheet_name(sheet), &mut name);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    )
}

fn sheet_xml(rows: &[Vec<String>], columns: usize) -> String {
    let mut x =
        String::with_capacity(256 + rows.iter().flatten().map(|c| c.len() + 48).sum::<usize>());
    x.push_str(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    if rows.len() > 1 {
        x.push_str(r#"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#);
    }
    if columns > 0 {
        // Columns formatted as text, so a cell the person types in stays text too.
        x.push_str(&format!(
            r#"<cols><col min="1" max="{columns}" width="18" style="1" customWidth="1"/></cols>"#
        ));
    }
    x.push_str("<sheetData>");
    for (r, row) in rows.iter().enumerate() {
        let n = r + 1;
        let style = if r == 0 { 2 } else { 1 };
        x.push_str(&format!(r#"<row r="{n}">"#));
        for (c, text) in row.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            x.push_str(&format!(
                r#"<c r="{}{n}" s="{style}" t="inlineStr"><is><t xml:space="preserve">"#,
                column_name(c)
            ));
            escape_into(text, &mut x);
            x.push_str("</t></is></c>");
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData></worksheet>");
    x
}

/// A column's letters: A … Z, AA … (a sheet has at most 16,384 columns: XFD).
fn column_name(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Text as XML character data that reads back to the same text: the five entities; a CR as a
/// character reference (XML would turn CR LF into LF); the characters XML 1.0 cannot hold as
/// Excel's `_xHHHH_`, and the `_` of a literal `_xHHHH` escaped, as Excel writes them.
fn escape_into(text: &str, out: &mut String) {
    for (i, c) in text.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '_' if is_excel_escape(text.get(i..).unwrap_or_default()) => out.push_str("_x005F_"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&format!("_x{:04X}_", c as u32))
            }
            c => out.push(c),
        }
    }
}

/// `_xHHHH` at the start of `s`: with the `_` that follows, or the one that starts the escape
/// of the character that follows, a reader would take it for an escape.
fn is_excel_escape(s: &str) -> bool {
    let b = s.as_bytes();
    b.get(1) == Some(&b'x')
        && b.get(2..6)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_read_back() {
        let mut s = String::new();
        escape_into("a&b<c>\"d\"\r\n_x0041_ \u{1}", &mut s);
        assert_eq!(
            s,
            "a&amp;b&lt;c&gt;&quot;d&quot;&#13;\n_x005F_x0041_ _x0001_"
        );
    }

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        assert_eq!(column_name(16_383), "XFD");
    }

    #[test]
    fn sheet_names() {
        assert_eq!(sheet_name("Fehler: Zeilen [1]"), "Fehler Zeilen 1");
        assert_eq!(sheet_name(""), "Sheet1");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }
}
