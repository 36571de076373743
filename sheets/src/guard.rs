//! Checks on .xlsx and .ods zips made before calamine reads them, so that a hostile file is
//! refused in bounded time and memory instead of exhausting either (or tripping a panic in
//! calamine).
//!
//! * Every part: the zip crate stops decompressing an entry at the uncompressed size its central
//!   directory declares (a longer stream is an error), so checking the declared sizes bounds
//!   what any reader decompresses: a zip bomb is refused before anything is inflated.
//! * xlsx: the `uniqueCount` of the shared strings (calamine reserves that many strings up front)
//!   and the `<dimension>` of every worksheet (calamine subtracts its corners, which overflows on
//!   an inverted range) are read before calamine opens the file; the dimension of the sheet
//!   read is checked against the cell limit before its cells are read.
//! * ods: calamine reads all sheets when it opens the file and expands repeated rows and columns;
//!   `content.xml` is scanned first and the cells that expansion would make are counted.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader as XmlReader;
use zip::ZipArchive;

use crate::{too_large, unreadable, Format, Limits, SheetError};

type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// The workbook format a zip holds, from its entries.
pub(crate) fn zip_format(zip: &Zip<'_>) -> Option<Format> {
    let mut has_xl = false;
    let mut has_workbook_xml = false;
    for name in zip.file_names_raw() {
        let lower = name.to_ascii_lowercase();
        if lower.starts_with(b"xl/") {
            has_xl = true;
            if lower.ends_with(b"workbook.xml") {
                has_workbook_xml = true;
            }
        }
    }
    if has_xl && (has_workbook_xml || !is_xlsb(zip)) {
        return Some(Format::Xlsx);
    }
    let mut zip2 = zip.clone();
    if let Ok(f) = zip2.by_name("mimetype") {
        let mut buf = Vec::with_capacity(64);
        if f.take(128).read_to_end(&mut buf).is_ok() && buf.trim_ascii() == ODS_MIMETYPE {
            return Some(Format::Ods);
        }
    }
    None
}

pub(crate) fn is_xlsb(zip: &Zip<'_>) -> bool {
    zip.file_names_raw()
        .any(|n| n.eq_ignore_ascii_case(b"xl/workbook.bin"))
}

/// Declared (and so enforced) decompressed sizes of the parts of a zip.
pub(crate) fn check_zip(zip: &Zip<'_>, limits: &Limits, format: Format) -> Result<(), SheetError> {
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_data(i) else {
            continue;
        };
        let name = entry.name_raw().to_ascii_lowercase();
        // Media, thumbnails and the like are never read (calamine's `picture` feature is off).
        let read = name.ends_with(b".xml") || name.ends_with(b".rels") || name == b"mimetype";
        if !read {
            continue;
        }
        let size = entry.size();
        if size > limits.max_part_bytes {
            let mut e = too_large(
                "the decompressed size of a part of the file (bytes)",
                limits.max_part_bytes,
                size,
            );
            e.params.insert(
                "part".into(),
                String::from_utf8_lossy(entry.name_raw())
                    .into_owned()
                    .into(),
            );
            e.params.insert("format".into(), format.name().into());
            return Err(e);
        }
        total = total.saturating_add(size);
    }
    if total > limits.max_total_bytes {
        return Err(too_large(
            "the decompressed size of the file's XML parts (bytes)",
            limits.max_total_bytes,
            total,
        ));
    }
    Ok(())
}

fn xml_reader<R: Read>(r: R) -> XmlReader<BufReader<R>> {
    let mut x = XmlReader::from_reader(BufReader::new(r));
    let c = x.config_mut();
    c.check_end_names = false;
    c.check_comments = false;
    c.trim_text(false);
    x
}

fn attr<'a>(e: &'a BytesStart<'_>, key: &str) -> Option<std::borrow::Cow<'a, str>> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value)
}

fn parse_u64(v: &str) -> Option<u64> {
    let s = v.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Saturate: "99999999999999999999999" is hostile, not unreadable.
    Some(s.parse::<u64>().unwrap_or(u64::MAX))
}

/// `A1` → (row, col), 0-based; `None` if not a cell reference.
fn parse_a1(s: &str) -> Option<(u64, u64)> {
    let s = s.trim().trim_start_matches('$');
    let letters = s.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    let (col, row) = s.split_at(letters);
    let row = row.trim_start_matches('$');
    if letters == 0 || letters > 7 || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut c: u64 = 0;
    for b in col.bytes() {
        c = c * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1;
    }
    let r: u64 = row.parse().unwrap_or(u64::MAX);
    Some((r.checked_sub(1)?, c - 1))
}

/// xlsx: shared strings count and worksheet dimensions, before calamine opens the file.
pub(crate) fn check_xlsx(mut zip: Zip<'_>, limits: &Limits) -> Result<(), SheetError> {
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    for name in names {
        let lower = name.to_ascii_lowercase();
        let is_sst = lower.ends_with("sharedstrings.xml");
        let is_sheet = lower.contains("worksheets/") && lower.ends_with(".xml");
        if !is_sst && !is_sheet {
            continue;
        }
        let Ok(file) = zip.by_name(&name) else {
            continue;
        };
        let mut xml = xml_reader(file);
        let mut buf = Vec::with_capacity(1024);
        loop {
            buf.clear();
            let ev = match xml.read_event_into(&mut buf) {
                Ok(ev) => ev,
                // Corrupt XML: calamine will say so (or not read this part at all).
                Err(_) => break,
            };
            match ev {
                Event::Start(e) | Event::Empty(e) => {
                    let local = e.local_name();
                    let local = local.as_ref();
                    if is_sst && local == "sst" {
                        if let Some(n) = attr(&e, "uniqueCount").and_then(|v| parse_u64(&v)) {
                            if n > limits.max_cells {
                                return Err(too_large(
                                    "the number of shared strings",
                                    limits.max_cells,
                                    n,
                                ));
                            }
                        }
                        break;
                    }
                    if is_sheet && local == "dimension" {
                        let Some(r) = attr(&e, "ref") else { continue };
                        let r = r.into_owned();
                        let mut parts = r.split(':').map(parse_a1);
                        if let (Some(Some(a)), Some(Some(b))) = (parts.next(), parts.next()) {
                            if b.0 < a.0 || b.1 < a.1 {
                                return Err(unreadable(
                                    &format!("a worksheet declares the inverted range {r}"),
                                    Some(Format::Xlsx),
                                ));
                            }
                        }
                    }
                    if is_sheet && local == "sheetData" {
                        break;
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    Ok(())
}

/// The declared dimension of the sheet read (0-based corners), against the limits.
pub(crate) fn check_declared(
    start: (u32, u32),
    end: (u32, u32),
    limits: &Limits,
) -> Result<(), SheetError> {
    if end.0 < start.0 || end.1 < start.1 {
        return Ok(());
    }
    let cols = u64::from(end.1) + 1;
    if cols > limits.max_columns {
        return Err(too_large(
            "the number of columns the sheet declares",
            limits.max_columns,
            cols,
        ));
    }
    let area = (u64::from(end.0) + 1) * cols;
    if area > limits.max_cells {
        return Err(too_large(
            "the number of cells the sheet declares (rows × columns from A1)",
            limits.max_cells,
            area,
        ));
    }
    Ok(())
}

/// calamine's caps for .ods (it never makes more rows or columns than this).
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

#[derive(Default)]
struct OdsTable {
    rows: u64,
    pushes: u64,
    first_row: Option<u64>,
    last_row: u64,
    col_min: u64,
    col_max: u64,
}

impl OdsTable {
    fn area(&self) -> u64 {
        match self.first_row {
            None => 0,
            Some(f) => (self.last_row.saturating_sub(f) + 1)
                .saturating_mul(self.col_max.saturating_sub(self.col_min) + 1),
        }
    }
}

#[derive(Default)]
struct OdsRow {
    start: u64,
    repeats: u64,
    cols: u64,
    pending_empty: u64,
    first: Option<u64>,
    last: u64,
    pushes: u64,
}

/// ods: counts the cells calamine will make of `content.xml` (all sheets, repeats expanded).
pub(crate) fn check_ods(mut zip: Zip<'_>, limits: &Limits) -> Result<(), SheetError> {
    let Ok(file) = zip.by_name("content.xml") else {
        // calamine reports the missing part.
        return Ok(());
    };
    let mut xml = xml_reader(file);
    let mut buf = Vec::with_capacity(4096);
    let mut table = OdsTable::default();
    let mut row: Option<OdsRow> = None;
    let mut cell_depth = 0usize;
    let mut pushes_total: u64 = 0;
    let mut area_total: u64 = 0;
    let check = |pushes: u64, area: u64| -> Result<(), SheetError> {
        let n = pushes.max(area);
        if n > limits.max_cells {
            return Err(too_large(
                "the number of cells of the workbook's sheets",
                limits.max_cells,
                n,
            ));
        }
        Ok(())
    };
    loop {
        buf.clear();
        let ev = match xml.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(_) => break, // calamine reports corrupt XML
        };
        let (start, empty) = match &ev {
            Event::Start(_) => (true, false),
            Event::Empty(_) => (true, true),
            _ => (false, false),
        };
        if cell_depth > 0 {
            match ev {
                Event::Start(_) => cell_depth += 1,
                Event::End(_) => cell_depth -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) if start => {
                let name = e.name();
                let name = name.as_ref();
                if name == "table:table-row" {
                    let repeats = attr(e, "table:number-rows-repeated")
                        .and_then(|v| parse_u64(&v))
                        .unwrap_or(1);
                    let capped = repeats.min(ODS_MAX_ROWS.saturating_sub(table.rows));
                    let r = OdsRow {
                        start: table.rows,
                        repeats: capped,
                        ..OdsRow::default()
                    };
                    table.rows = table.rows.saturating_add(capped);
                    if empty {
                        // no cells
                    } else {
                        row = Some(r);
                    }
                } else if name == "table:table-cell" || name == "table:covered-table-cell" {
                    let Some(r) = row.as_mut() else {
                        if !empty {
                            cell_depth = 1;
                        }
                        continue;
                    };
                    let repeats = attr(e, "table:number-columns-repeated")
                        .and_then(|v| parse_u64(&v))
                        .unwrap_or(1);
                    let has_value = e.attributes().with_checks(false).flatten().any(|a| {
                        matches!(
                            a.key.as_ref(),
                            "office:value"
                                | "office:string-value"
                                | "office:date-value"
                                | "office:time-value"
                                | "office:boolean-value"
                                | "office:value-type"
                                | "table:formula"
                        )
                    });
                    let nonempty = has_value || !empty;
                    let flush = r.pending_empty.min(ODS_MAX_COLUMNS.saturating_sub(r.cols));
                    r.pushes += flush;
                    r.cols += flush;
                    r.pending_empty = 0;
                    let capped = repeats.min(ODS_MAX_COLUMNS.saturating_sub(r.cols));
                    if nonempty {
                        if capped > 0 {
                            r.first.get_or_insert(r.cols);
                            r.pushes += capped;
                            r.cols += capped;
                            r.last = r.cols - 1;
                        }
                    } else {
                        r.pending_empty = capped;
                    }
                    if !empty {
                        cell_depth = 1;
                    }
                }
            }
            Event::End(ref e) => {
                let name = e.name();
                let name = name.as_ref();
                if name == "table:table-row" {
                    if let Some(r) = row.take() {
                        table.pushes = table.pushes.saturating_add(r.pushes);
                        if let Some(first) = r.first {
                            if table.first_row.is_none() {
                                table.first_row = Some(r.start);
                                table.col_min = first;
                                table.col_max = r.last;
                            }
                            table.col_min = table.col_min.min(first);
                            table.col_max = table.col_max.max(r.last);
                            table.last_row = r.start + r.repeats.max(1) - 1;
                        }
                        check(
                            pushes_total.saturating_add(table.pushes),
                            area_total.saturating_add(table.area()),
                        )?;
                    }
                } else if name == "table:table" {
                    pushes_total = pushes_total.saturating_add(table.pushes);
                    area_total = area_total.saturating_add(table.area());
                    table = OdsTable::default();
                    check(pushes_total, area_total)?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}
