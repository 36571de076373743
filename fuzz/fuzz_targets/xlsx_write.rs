//! Any grid of texts through the `.xlsx` writer (failed rows as a workbook) and back through the
//! reader: never a panic, and exactly the same cells (the reader leaves out trailing empty cells
//! and rows), or `workbook_too_large` only beyond Excel's limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mateo_import::xlsx::write_xlsx;
use mateo_import_sheets::read_workbook;

fuzz_target!(|data: &[u8]| {
    // Rows split at 0x1E, cells at 0x1F; everything else (control characters, \r, `_x0041_`,
    // markup) is cell text.
    let text = String::from_utf8_lossy(data);
    let grid: Vec<Vec<String>> = text
        .split('\u{1E}')
        .map(|row| row.split('\u{1F}').map(str::to_owned).collect())
        .collect();
    let bytes = match write_xlsx("Fuzz", &grid) {
        Ok(b) => b,
        Err(e) => {
            assert_eq!(e.code(), "workbook_too_large");
            return;
        }
    };
    let book = read_workbook(&bytes, None, None).expect("a written workbook reads");
    let mut expected: Vec<Vec<String>> = grid
        .iter()
        .map(|r| {
            let end = r.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
            r[..end].to_vec()
        })
        .collect();
    while expected.last().is_some_and(Vec::is_empty) {
        expected.pop();
    }
    assert_eq!(book.cells, expected);
});
