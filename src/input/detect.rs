//! What kind of file this is: from its bytes first (zip, the old binary Excel format, other
//! binary files, JSON), its name second.

use crate::report::Problem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Xls,
    Ods,
    Json,
    Ndjson,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "csv" | "tsv" => Format::Csv,
            "xlsx" => Format::Xlsx,
            "xls" => Format::Xls,
            "ods" => Format::Ods,
            "json" => Format::Json,
            "ndjson" | "jsonl" => Format::Ndjson,
            _ => return None,
        })
    }

    pub fn is_workbook(self) -> bool {
        matches!(self, Format::Xlsx | Format::Xls | Format::Ods)
    }
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

pub fn tab_name(name: &str) -> bool {
    matches!(extension(name).as_str(), "tsv" | "tab")
}

/// Binary formats by their magic bytes; a workbook by what its zip holds. Text gets `Csv` here
/// and is told apart from JSON by [`text_format`] once decoded.
pub fn sniff(head: &[u8], name: &str) -> Result<Format, Problem> {
    let ext = extension(name);
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
        if has(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet") {
            return Ok(Format::Ods);
        }
        if has(b"xl/") || has(b"[Content_Types].xml") && ext == "xlsx" {
            return Ok(Format::Xlsx);
        }
        return match ext.as_str() {
            "xlsx" | "xlsm" => Ok(Format::Xlsx),
            "ods" => Ok(Format::Ods),
            _ => Err(Problem::UnreadableFile {
                reason: crate::report::Unreadable::ZipNotWorkbook,
            }),
        };
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(Format::Xls);
    }
    for (magic, what) in [
        (&b"%PDF"[..], "a PDF document"),
        (&[0x1F, 0x8B][..], "a gzip archive"),
        (&b"\x89PNG"[..], "a PNG image"),
        (&[0xFF, 0xD8, 0xFF][..], "a JPEG image"),
        (&b"GIF8"[..], "a GIF image"),
        (&b"Rar!"[..], "a RAR archive"),
        (&b"7z\xBC\xAF"[..], "a 7-Zip archive"),
        (&b"SQLite format 3"[..], "an SQLite database"),
    ] {
        if head.starts_with(magic) {
            return Err(Problem::UnreadableFile {
                reason: crate::report::Unreadable::NotATable { what },
            });
        }
    }
    Ok(match ext.as_str() {
        "json" => Format::Json,
        "ndjson" | "jsonl" => Format::Ndjson,
        _ => Format::Csv,
    })
}

/// Text that is mostly control characters (after decoding) is some binary file, not a table.
pub fn binary_text(text: &str, nuls: u64) -> Result<(), Problem> {
    let mut total = nuls;
    let mut control = nuls;
    for c in text.chars().take(8 * 1024) {
        total += 1;
        if (c.is_control() && !matches!(c, '\t' | '\r' | '\n')) || c == '\u{FFFD}' {
            control += 1;
        }
    }
    if total >= 16 && control * 20 > total {
        return Err(Problem::UnreadableFile {
            reason: crate::report::Unreadable::Binary,
        });
    }
    Ok(())
}

/// JSON (an array, a body) or NDJSON (one object per line) from the first characters; else a
/// delimited text. `complete`: `text` is the whole file.
pub fn text_format(text: &str, name: &str, complete: bool) -> Format {
    let trimmed = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    let ext = extension(name);
    match trimmed.as_bytes().first() {
        Some(b'[') => Format::Json,
        Some(b'{') => {
            if matches!(ext.as_str(), "ndjson" | "jsonl") {
                return Format::Ndjson;
            }
            if complete && serde_json::from_str::<serde::de::IgnoredAny>(trimmed).is_ok() {
                return Format::Json;
            }
            // NDJSON when the first line is a whole object and another follows.
            let (first, rest) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
            let first_is_object =
                serde_json::from_str::<serde::de::IgnoredAny>(first.trim()).is_ok();
            if first_is_object && (!rest.trim().is_empty() || (!complete && ext != "json")) {
                Format::Ndjson
            } else {
                Format::Json
            }
        }
        _ => Format::Csv,
    }
}
