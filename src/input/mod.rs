//! The files people have, as tables: bytes in (never text someone already decoded), the format
//! told from the bytes first and the file name second, the encoding from a BOM, else UTF-8 if
//! the bytes are UTF-8, else Windows-1252; a header row and one row object per record.
//!
//! [`TableReader`] reads a piece at a time (CSV, TSV, NDJSON of any size in bounded memory);
//! [`read_table`] is the same reader given the whole file.

mod decode;
mod delimited;
mod detect;
mod json;
mod records;
mod sink;
mod workbook;

use serde::Serialize;
use serde_json::{Map, Value};

use decode::Decoder;
pub use decode::Encoding;
use delimited::Delimited;
pub use detect::Format;
use json::{read_json, Columns, Ndjson};
pub use sink::{JsonRows, RowSink};
pub use workbook::{table_from_grid, workbook_issue, Grid};

use crate::messages::Locale;
use crate::report::{localise_issues, Issue, Problem};

/// `issue` with its message in `locale`.
pub fn localised(mut issue: Issue, locale: Locale) -> Issue {
    issue.localise(locale, None);
    issue
}

/// One row of a table: header → cell (cells of text files are strings, or arrays of strings
/// in list columns; JSON keeps its types).
pub type Row = Map<String, Value>;

/// How to read a file. Everything is optional: by default it is all found from the bytes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadOptions {
    /// The file's name, used where the bytes leave the format open (`.tsv`, `.ndjson`).
    pub file_name: Option<String>,
    pub format: Option<Format>,
    /// An encoding label (`utf-8`, `windows-1252`, `latin1`, `utf-16le`, …): overrides the BOM
    /// and the guess.
    pub encoding: Option<String>,
    /// The field delimiter of a delimited text: one ASCII character.
    pub delimiter: Option<String>,
    /// A workbook's sheet, by name or 0-based position.
    pub sheet: Option<SheetRef>,
    /// The language of the notices' messages.
    pub locale: Locale,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SheetRef {
    Name(String),
    Index(usize),
}

impl ReadOptions {
    /// From a JSON object (the wasm facade's options): unknown keys and wrong types are errors.
    pub fn from_json(value: &Value) -> Result<ReadOptions, Problem> {
        let bad = |option: &'static str, value: &Value| Problem::InvalidReadOption {
            option,
            value: value.to_string(),
        };
        let mut out = ReadOptions::default();
        let obj = match value {
            Value::Null => return Ok(out),
            Value::Object(o) => o,
            other => return Err(bad("options", other)),
        };
        for (k, v) in obj {
            if v.is_null() {
                continue;
            }
            let text = || v.as_str().map(str::to_owned);
            match k.as_str() {
                "fileName" => out.file_name = Some(text().ok_or_else(|| bad("fileName", v))?),
                "format" => {
                    out.format = Some(
                        v.as_str()
                            .and_then(Format::from_name)
                            .ok_or_else(|| bad("format", v))?,
                    )
                }
                "encoding" => out.encoding = Some(text().ok_or_else(|| bad("encoding", v))?),
                "delimiter" => out.delimiter = Some(text().ok_or_else(|| bad("delimiter", v))?),
                "locale" => {
                    out.locale = v
                        .as_str()
                        .and_then(Locale::parse)
                        .ok_or_else(|| bad("locale", v))?
                }
                "sheet" => {
                    out.sheet = Some(match v {
                        Value::String(s) => SheetRef::Name(s.clone()),
                        Value::Number(n) => SheetRef::Index(
                            n.as_u64()
                                .and_then(|n| usize::try_from(n).ok())
                                .ok_or_else(|| bad("sheet", v))?,
                        ),
                        _ => return Err(bad("sheet", v)),
                    })
                }
                _ => return Err(Problem::UnknownReadOption { option: k.clone() }),
            }
        }
        Ok(out)
    }
}

/// What a file was read as, its headers, its rows and what was noticed on the way.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub format: &'static str,
    /// The text encoding (`utf-8`, `utf-16le`, `utf-16be`, `windows-1252`); null for workbooks.
    pub encoding: Option<&'static str>,
    /// The delimiter of a delimited text; null otherwise.
    pub delimiter: Option<String>,
    /// The sheet read from a workbook; null otherwise.
    pub sheet: Option<String>,
    /// All sheets of a workbook, in order; empty otherwise.
    pub sheets: Vec<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// What was changed or guessed while reading (encoding guessed, title rows skipped, bytes
    /// that did not decode, …), each with its `params`.
    pub notices: Vec<Issue>,
    /// A notice says the rows are not what the file meant (see [`crate::report::Problem::breaks_table`]):
    /// show them, send none of them.
    pub broken: bool,
}

/// Whether any of `notices` breaks the table.
fn broken(notices: &[Issue]) -> bool {
    notices.iter().any(|n| n.problem.breaks_table())
}

/// Reads a whole file. Workbooks need a spreadsheet reader: see [`read_table_with`].
pub fn read_table(bytes: &[u8], options: &ReadOptions) -> Result<Table, Issue> {
    read_table_with(bytes, options, None)
}

/// Reads workbooks into a grid of cell texts: the `mateo-import-sheets` crate (`sheets/`), or
/// in JS its wasm module, kept apart because it is larger than the rest of this library.
pub trait WorkbookReader {
    fn read(
        &mut self,
        bytes: &[u8],
        format: Format,
        sheet: Option<&SheetRef>,
    ) -> Result<Grid, Issue>;
}

/// Reads a whole file; workbooks with `workbooks` (without one they are `unsupported_format`).
pub fn read_table_with(
    bytes: &[u8],
    options: &ReadOptions,
    workbooks: Option<&mut dyn WorkbookReader>,
) -> Result<Table, Issue> {
    let mut rows = Vec::new();
    if let Some(format) = workbook_format(bytes, options)? {
        let reader = workbooks.ok_or_else(|| {
            let p = Problem::UnsupportedFormat {
                format: format.name(),
            };
            localised(p.at(None), options.locale)
        })?;
        let grid = reader
            .read(bytes, format, options.sheet.as_ref())
            .map_err(|e| localised(e, options.locale))?;
        let table = workbook_table(grid, &mut rows, options);
        return Ok(Table { rows, ..table });
    }
    let mut reader = TableReader::new(options.clone())?;
    reader.push_into(bytes, &mut rows)?;
    let table = reader.finish_into(&mut rows)?;
    Ok(Table { rows, ..table })
}

/// A workbook's grid as a table (the header row and row rules of text files, the rows to
/// `rows`), its notices in the options' language: for [`read_table_with`] and for the wasm
/// facade, whose spreadsheet reader is a JS module.
pub fn workbook_table(grid: Grid, rows: &mut dyn RowSink, options: &ReadOptions) -> Table {
    let mut table = table_from_grid(grid, rows);
    localise_issues(&mut table.notices, options.locale);
    table
}

/// The workbook format of a file, from its first bytes (8 KB are enough), its name and the
/// `format` option; `None` for text formats; an error for binary files that are no table.
pub fn workbook_format(head: &[u8], options: &ReadOptions) -> Result<Option<Format>, Issue> {
    let format = match options.format {
        Some(f) => f,
        None => detect::sniff(head, options.file_name.as_deref().unwrap_or(""))
            .map_err(|p| localised(p.at(None), options.locale))?,
    };
    Ok(Some(format).filter(|f| f.is_workbook()))
}

/// Line breaks (`\n`, `\r\n` or a lone `\r`) in `bytes`; `prev_cr` says whether the byte
/// before them was `\r`, and is updated to say it of their last byte.
pub(crate) fn count_breaks(bytes: &[u8], prev_cr: &mut bool) -> u64 {
    let mut n = 0;
    for i in memchr::memchr2_iter(b'\r', b'\n', bytes) {
        let after_cr = match i.checked_sub(1) {
            Some(p) => bytes.get(p) == Some(&b'\r'),
            None => *prev_cr,
        };
        n += u64::from(bytes.get(i) == Some(&b'\r') || !after_cr);
    }
    if let Some(&last) = bytes.last() {
        *prev_cr = last == b'\r';
    }
    n
}

/// A delimiter as given: one ASCII character that is not a quote or a line break.
pub fn delimiter_byte(d: &str) -> Option<u8> {
    match d.as_bytes() {
        [b] if b.is_ascii() && !matches!(b, b'"' | b'\r' | b'\n') => Some(*b),
        _ => None,
    }
}

/// Bytes held until the format can be told.
const SNIFF_BYTES: usize = 8 * 1024;

enum Body {
    Delimited(Box<Delimited>),
    Ndjson(Ndjson),
    /// A JSON document is only readable whole: its text is kept until the end.
    Json(String),
}

/// Reads a file a piece at a time: `push` the bytes as they come, take the rows it returns,
/// then `finish`.
pub struct TableReader {
    options: ReadOptions,
    forced_encoding: Option<Encoding>,
    delimiter: Option<u8>,
    head: Vec<u8>,
    decoder: Decoder,
    body: Option<(Format, Body)>,
    text: String,
    finished: bool,
}

impl TableReader {
    /// Fails on options it cannot use: an unknown encoding, a delimiter that is not one ASCII
    /// character.
    pub fn new(options: ReadOptions) -> Result<TableReader, Issue> {
        let locale = options.locale;
        Self::begin_reader(options).map_err(|e| localised(e, locale))
    }

    fn begin_reader(options: ReadOptions) -> Result<TableReader, Issue> {
        let forced_encoding = match &options.encoding {
            None => None,
            Some(label) => Some(Encoding::from_label(label).ok_or_else(|| {
                Problem::UnknownEncoding {
                    encoding: label.clone(),
                }
                .at(None)
            })?),
        };
        let delimiter = match options.delimiter.as_deref() {
            None => None,
            Some(d) => Some(delimiter_byte(d).ok_or_else(|| {
                Problem::InvalidReadOption {
                    option: "delimiter",
                    value: format!("{d:?}"),
                }
                .at(None)
            })?),
        };
        Ok(TableReader {
            decoder: Decoder::new(forced_encoding),
            forced_encoding,
            delimiter,
            options,
            head: Vec::new(),
            body: None,
            text: String::new(),
            finished: false,
        })
    }

    /// Reads the next bytes; returns the rows they completed (none until the format, the
    /// delimiter and the header row are known).
    pub fn push(&mut self, bytes: &[u8]) -> Result<Vec<Row>, Issue> {
        let mut rows = Vec::new();
        self.push_into(bytes, &mut rows)?;
        Ok(rows)
    }

    /// [`TableReader::push`] handing the rows to `rows` (the wasm facade writes them as JSON
    /// text directly).
    pub fn push_into(&mut self, bytes: &[u8], rows: &mut dyn RowSink) -> Result<(), Issue> {
        let locale = self.options.locale;
        self.push_rows(bytes, rows)
            .map_err(|e| localised(e, locale))
    }

    fn push_rows(&mut self, bytes: &[u8], rows: &mut dyn RowSink) -> Result<(), Issue> {
        if self.finished {
            return Ok(());
        }
        if self.body.is_none() {
            self.head.extend_from_slice(bytes);
            if self.head.len() < SNIFF_BYTES {
                return Ok(());
            }
            let head = std::mem::take(&mut self.head);
            self.begin(&head, false)?;
            self.read(&head, false, rows);
            return Ok(());
        }
        self.read(bytes, false, rows);
        Ok(())
    }

    /// The header row, once it is known (empty before; JSON and NDJSON: the keys seen so far).
    pub fn headers(&self) -> Vec<String> {
        match &self.body {
            Some((_, Body::Delimited(d))) => d.headers(),
            Some((_, Body::Ndjson(n))) => n.columns.names().to_vec(),
            _ => Vec::new(),
        }
    }

    /// The delimiter of a delimited text, once it is known.
    pub fn delimiter(&self) -> Option<String> {
        match &self.body {
            Some((_, Body::Delimited(d))) => d.delimiter().map(|b| char::from(b).to_string()),
            _ => None,
        }
    }

    /// The end of the file: the rows only the end completed, what the file was read as, and
    /// the notices.
    pub fn finish(&mut self) -> Result<Table, Issue> {
        let mut rows = Vec::new();
        let table = self.finish_into(&mut rows)?;
        Ok(Table { rows, ..table })
    }

    /// [`TableReader::finish`] handing the last rows to `rows`; the table it returns has none.
    pub fn finish_into(&mut self, rows: &mut dyn RowSink) -> Result<Table, Issue> {
        let locale = self.options.locale;
        match self.finish_rows(rows) {
            Ok(mut table) => {
                localise_issues(&mut table.notices, locale);
                Ok(table)
            }
            Err(e) => Err(localised(e, locale)),
        }
    }

    fn finish_rows(&mut self, rows: &mut dyn RowSink) -> Result<Table, Issue> {
        if self.finished {
            return Err(Problem::UnreadableFile {
                reason: crate::report::Unreadable::AlreadyFinished,
            }
            .at(None));
        }
        self.finished = true;
        if self.body.is_none() {
            let head = std::mem::take(&mut self.head);
            self.begin(&head, true)?;
            self.read(&head, true, rows);
        } else {
            self.read(&[], true, rows);
        }
        let mut notices: Vec<Issue> = self
            .decoder
            .problems()
            .into_iter()
            .map(|p| p.at(None))
            .collect();
        let (format, body) = self.body.take().ok_or_else(|| {
            Problem::UnreadableFile {
                reason: crate::report::Unreadable::NothingRead,
            }
            .at(None)
        })?;
        let (headers, delimiter) = match body {
            Body::Delimited(mut d) => {
                notices.extend(d.take_notices());
                let delimiter = d.delimiter().map(|b| char::from(b).to_string());
                (d.headers(), delimiter)
            }
            Body::Ndjson(n) => {
                notices.extend(n.notices);
                (n.columns.names().to_vec(), None)
            }
            Body::Json(text) => {
                let mut columns = Columns::default();
                read_json(&text, &mut columns, &mut notices, rows).map_err(|p| p.at(None))?;
                (columns.names().to_vec(), None)
            }
        };
        Ok(Table {
            format: format.name(),
            encoding: self.decoder.encoding().map(Encoding::name),
            delimiter,
            sheet: None,
            sheets: Vec::new(),
            headers,
            rows: Vec::new(),
            broken: broken(&notices),
            notices,
        })
    }

    /// Decides the format from the first bytes (and the name, and the option).
    fn begin(&mut self, head: &[u8], last: bool) -> Result<(), Issue> {
        let name = self.options.file_name.as_deref().unwrap_or("");
        let format = match self.options.format {
            Some(f) => f,
            None => detect::sniff(head, name).map_err(|p| p.at(None))?,
        };
        if format.is_workbook() {
            return Err(Problem::UnsupportedFormat {
                format: format.name(),
            }
            .at(None));
        }
        // The text format: JSON and NDJSON from the first character, unless the option said.
        let mut probe = Decoder::new(self.forced_encoding);
        let mut text = String::new();
        probe.decode(head, last, &mut text);
        detect::binary_text(&text, probe.notes.nuls.0).map_err(|p| p.at(None))?;
        let format = match self.options.format {
            None => detect::text_format(&text, name, last),
            Some(f) => f,
        };
        let tab_hint = detect::tab_name(name);
        let body = match format {
            Format::Json => Body::Json(String::new()),
            Format::Ndjson => Body::Ndjson(Ndjson::default()),
            _ => Body::Delimited(Box::new(Delimited::new(self.delimiter, tab_hint))),
        };
        self.body = Some((format, body));
        Ok(())
    }

    fn read(&mut self, bytes: &[u8], last: bool, rows: &mut dyn RowSink) {
        self.text.clear();
        self.decoder.decode(bytes, last, &mut self.text);
        let Some((_, body)) = self.body.as_mut() else {
            return;
        };
        match body {
            Body::Delimited(d) => {
                d.push(&self.text, rows);
                if last {
                    d.finish(rows);
                }
            }
            Body::Ndjson(n) => {
                n.push(&self.text, rows);
                if last {
                    n.finish(rows);
                }
            }
            Body::Json(all) => all.push_str(&self.text),
        }
    }
}
