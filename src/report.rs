//! Findings and reports. Every finding is a [`Problem`]: its variant fixes the stable
//! machine-readable code, its `Display` (thiserror) is the one place human messages are made.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::messages::Locale;
use crate::phone::PhoneMiss;
pub use crate::time::DateError;

/// What became of a field no table knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownAction {
    Kept,
    Removed,
    Rejected,
}

impl fmt::Display for UnknownAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnknownAction::Kept => "; kept as is",
            UnknownAction::Removed => "; removed",
            UnknownAction::Rejected => "",
        })
    }
}

/// A `sent_as_null` value in a message: the literals as they are, the others in words.
fn unsendable(value: &str) -> &str {
    match value {
        "Invalid Date" => "an invalid Date",
        "function" => "a function",
        "symbol" => "a symbol",
        other => other,
    }
}

/// A string in a message as `{:?}` writes it. Most values are printable ASCII without `"` or
/// `\`, which `Debug` copies as they are; those are written whole here instead of through
/// `Debug`'s check of each character (a finding is made for many rows).
pub(crate) struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = |b: &u8| (b' '..=b'~').contains(b) && *b != b'"' && *b != b'\\';
        if self.0.as_bytes().iter().all(plain) {
            f.write_str("\"")?;
            f.write_str(self.0)?;
            f.write_str("\"")
        } else {
            fmt::Debug::fmt(self.0, f)
        }
    }
}

/// Why a file cannot be read at all.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Unreadable {
    ZipNotWorkbook,
    /// Another kind of file: `what` names it ("a PDF document").
    NotATable {
        what: &'static str,
    },
    Binary,
    AlreadyFinished,
    NothingRead,
    NotJson {
        detail: String,
        line: usize,
        column: usize,
    },
    /// JSON that is neither rows nor a body: its JSON type.
    NotRows {
        got: &'static str,
    },
    /// The spreadsheet reader's own words (calamine's).
    Workbook {
        detail: String,
    },
    WrongShape,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreadable::ZipNotWorkbook => {
                f.write_str("it is a zip archive, but not a workbook (.xlsx or .ods)")
            }
            Unreadable::NotATable { what } => write!(f, "it is {what}, not a table"),
            Unreadable::Binary => f.write_str("it holds binary data, not text"),
            Unreadable::AlreadyFinished => f.write_str("this reader was already finished"),
            Unreadable::NothingRead => f.write_str("nothing was read"),
            Unreadable::NotJson { detail, .. } => write!(f, "it is not valid JSON ({detail})"),
            Unreadable::NotRows { got } => write!(
                f,
                "a JSON file of rows is an array of objects, this one holds {got}"
            ),
            Unreadable::Workbook { detail } => f.write_str(detail),
            Unreadable::WrongShape => {
                f.write_str("the spreadsheet reader gave an answer of the wrong shape")
            }
        }
    }
}

fn phone_misses(misses: &[PhoneMiss]) -> String {
    let mut out = String::new();
    for (i, m) in misses.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&format!("{:?}: {}", m.input, m.why));
    }
    out
}

/// One finding, before it is attached to a field. Codes are stable: never rename one.
/// Serialised (untagged) it is the finding's data: the `params` of a notice.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
#[serde(untagged)]
pub enum Problem {
    // The request body.
    #[error("the request body must be a JSON object, got {got}")]
    RequestNotObject { got: &'static str },
    #[error("`type` must be one of contact_details, deal_details, appointment_details; got {got}")]
    UnknownImportType { got: String },
    #[error("`payload` must be an array of row objects, got {got}")]
    PayloadNotArray { got: &'static str },
    #[error("`payload` is empty: there is nothing to import")]
    EmptyPayload,
    /// A session's head with rows in `payload`: a session checks only the rows given to `push`.
    #[error("{} not checked: a session checks the rows given to push; push them, or leave `payload` out", if *rows == 1 { "the row in `payload` was".to_owned() } else { format!("the {rows} rows in `payload` were") })]
    PayloadInSessionHead { rows: usize },
    #[error("each payload element must be a JSON object, got {got}")]
    RowNotObject { got: &'static str },
    #[error("the JSON text could not be read: {reason}")]
    InvalidJson {
        reason: String,
        /// Where the text stops being JSON (1-based), when known.
        line: Option<usize>,
        column: Option<usize>,
    },
    #[error("column {header:?} appears more than once; the last non-empty cell wins")]
    CsvDuplicateHeader { header: String },
    #[error("line {line} has {cells} cells but the header has {headers}; extra cells are kept as column_N")]
    CsvExtraCells {
        line: u64,
        cells: usize,
        headers: usize,
    },
    #[error("`{field}` only applies to {applies_to} imports; it is ignored for {import_type}")]
    FlagNotApplicable {
        field: String,
        applies_to: String,
        import_type: String,
    },
    #[error(
        "both contact_list_id and contact_list_external_id are set; the server may use either"
    )]
    AmbiguousContactList,

    // Reading files.
    #[error("this file is {format}; spreadsheet support is not loaded (in JS: `enableSpreadsheets` with the `mateo-import/sheets` module; or save the sheet as CSV)")]
    UnsupportedFormat { format: &'static str },
    #[error("the file cannot be read: {reason}")]
    UnreadableFile { reason: Unreadable },
    #[error("the workbook has no sheet {sheet:?}; its sheets are {sheets:?}")]
    SheetNotFound { sheet: String, sheets: Vec<String> },
    #[error("the workbook is too large: {what} is {found}, more than the limit of {limit}")]
    WorkbookTooLarge {
        what: String,
        limit: u64,
        found: u64,
    },
    #[error("the .zip is too large: {what} is {found}, more than the limit of {limit}")]
    ZipTooLarge {
        what: &'static str,
        limit: u64,
        found: u64,
    },
    #[error("cell {cell} shows the error {error}; it was read as empty")]
    CellError { cell: String, error: String },
    #[error("{count} more cells show an error; they were read as empty")]
    MoreCellErrors { count: u64 },
    #[error("cell {cell} holds the formula {formula} but the file stores no computed value for it, so it was read as empty (open and save the file in Excel or LibreOffice to store the results)")]
    FormulaWithoutValue { cell: String, formula: String },
    #[error("{count} more cells hold formulas without a computed value")]
    MoreFormulasWithoutValue { count: u64 },
    #[error("the first visible sheet {sheet:?} was read; hidden sheets before it were skipped: {hidden:?}")]
    HiddenSheetsSkipped { sheet: String, hidden: Vec<String> },
    #[error("column {column}: {cells} cell(s) hold a number of {} digits where the column's values have {digits} ({value} in {cell}); Excel drops a leading zero from a number, so it may have been 0{value} (a postcode, say): format the column as text and type the value again", .digits.saturating_sub(1))]
    LeadingZerosLost {
        column: String,
        cells: u64,
        digits: u64,
        cell: String,
        value: String,
    },
    #[error("{encoding:?} is not an encoding this library reads (utf-8, windows-1252, latin1, utf-16le, utf-16be)")]
    UnknownEncoding { encoding: String },
    #[error("the read option `{option}` cannot be used: {value}")]
    InvalidReadOption { option: &'static str, value: String },
    #[error(
        "{option:?} is not a read option (fileName, format, encoding, delimiter, sheet, locale)"
    )]
    UnknownReadOption { option: String },
    #[error("the file has no byte order mark and is not UTF-8 from line {line} on; it was read as {encoding} (what Excel writes on Windows); pass `encoding` if that is wrong")]
    EncodingGuessed { encoding: &'static str, line: u64 },
    #[error("{count} byte sequence(s) are not valid {encoding} and became '�' (U+FFFD) (first on line {line}); the file may use another encoding")]
    UndecodableBytes {
        encoding: &'static str,
        count: u64,
        line: u64,
    },
    #[error("{count} NUL character(s) were removed (first on line {line})")]
    NulRemoved { count: u64, line: u64 },
    #[error("Excel's first line \"sep={delimiter}\" set the delimiter and was not read as data")]
    SeparatorLine { delimiter: String },
    #[error("line(s) {lines:?} above the header row were not read as data: {text:?}")]
    TitleRowsSkipped { lines: Vec<u64>, text: String },
    #[error("column {header:?} appears more than once; this one is named {renamed:?}")]
    DuplicateHeader { header: String, renamed: String },
    #[error("a quote opened on line {line} is never closed: the rest of the file was read into one cell")]
    UnterminatedQuote { line: u64 },
    #[error("{unit} {position} is {got}, not a row object; it was left out")]
    NotARow {
        unit: &'static str,
        position: u64,
        got: &'static str,
    },
    #[error("line {line} is not valid JSON ({reason}); it was left out")]
    InvalidJsonLine { line: u64, reason: String },
    #[error("the file is a whole import body: its rows were read from `payload`; {fields:?} are not part of the table (their values are in this notice's `body`)")]
    BodyFieldsNotRead {
        fields: Vec<String>,
        body: Map<String, Value>,
    },

    // Values.
    #[error("expected {expected}, got {got}")]
    InvalidType { expected: &'static str, got: String },
    #[error("null is not allowed here; expected {expected}")]
    NotNullable { expected: &'static str },
    #[error("{value} is not a UUID (expected 8-4-4-4-12 hexadecimal digits)", value = Quoted(.value))]
    InvalidUuid { value: String },
    #[error("{value} is not a date: {reason}", value = Quoted(.value))]
    InvalidDate { value: String, reason: DateError },
    #[error("{value} is not a timestamp: {reason}", value = Quoted(.value))]
    InvalidTimestamp { value: String, reason: DateError },
    #[error("{value} has no UTC offset; the server reads it as UTC, sent as {normalised}", value = Quoted(.value), normalised = Quoted(.normalised))]
    TimestampWithoutOffset { value: String, normalised: String },
    #[error("{value} is not one of: {allowed}", value = Quoted(.value))]
    InvalidEnum { value: String, allowed: String },
    #[error("{value} is not a value known to this library (known: {known}); sent as is", value = Quoted(.value))]
    UnrecognisedEnumValue { value: String, known: String },
    #[error("{value} matched {normalised} ignoring case; sent as {normalised}", value = Quoted(.value), normalised = Quoted(.normalised))]
    EnumCaseNormalised { value: String, normalised: String },
    #[error("{value} was read as {kind} {normalised}")]
    Coerced {
        value: String,
        kind: &'static str,
        normalised: String,
    },
    #[error("{value} is outside the range of {kind}")]
    OutOfRange { value: String, kind: &'static str },
    /// A value JSON has no form for (NaN, an invalid Date, `undefined` in a list), which
    /// `JSON.stringify` wrote as null: `path` within the row or body, e.g. `whatsapp[1]`.
    #[error("{} has no form in JSON: `{path}` is sent as null", unsendable(value))]
    SentAsNull { value: String, path: String },
    #[error("{value} is not an email address: {reason}", value = Quoted(.value))]
    InvalidEmail { value: String, reason: &'static str },
    #[error("a blank value was removed (the server would reject an empty {kind})")]
    BlankRemoved { kind: &'static str },
    #[error("no valid phone number in the list: {}", phone_misses(misses))]
    NoValidPhone { misses: Vec<PhoneMiss> },
    #[error("{value} reads as {national} (a national number, as the server reads it) or as {international} (with the leading + that spreadsheets drop from numbers): write it with + or with the national 0", value = Quoted(.value))]
    PhoneAmbiguous {
        value: String,
        national: String,
        international: String,
    },
    #[error("{value} is a landline number: the server takes it, but WhatsApp rarely reaches a landline (was the mobile number missing or invalid?)")]
    NotMobile { value: String },
    #[error(
        "{value} is not a country code this library knows (ISO 3166-1 alpha-2, e.g. \"DE\")", value = Quoted(.value))]
    InvalidCountryCode { value: String },

    // Across rows.
    #[error("external_id {value} is also on row {n}: the server updates the same record twice", n = .first_row.saturating_add(1), value = Quoted(.value))]
    DuplicateExternalId { value: String, first_row: usize },
    #[error("also on row {n}, under another external_id: the server gives it to one of the two contacts", n = .other_row.saturating_add(1))]
    SharedHandle { handle: String, other_row: usize },
    #[error("external_id {value} is also on row {n}, which is sent instead: this row is left out of the body", n = .kept_row.saturating_add(1), value = Quoted(.value))]
    DuplicateDropped { value: String, kept_row: usize },

    // Output.
    #[error("row {n} of the rows to send makes a body of {bytes} bytes alone, more than the limit of {max_bytes}", n = .row.saturating_add(1))]
    RowTooLarge {
        row: usize,
        bytes: usize,
        max_bytes: usize,
    },
    #[error("the columns {columns:?} were added by failedRows (row number, reasons): they were left out")]
    FailedRowsColumnsIgnored { columns: Vec<String> },

    // Mapping.
    #[error("{value:?} could be {readings:?}: day and month could be either; set the column's date order (DMY or MDY)")]
    AmbiguousDate {
        value: String,
        readings: Vec<String>,
    },
    #[error("the columns mapped to this field differ: {used:?} is sent, {ignored:?} not")]
    MappedValuesDiffer { used: String, ignored: Vec<String> },
    #[error("the country {country:?} gives the regions {codes:?} for this row's phone numbers")]
    CountryCodesFromCountry { country: String, codes: Vec<String> },

    // Rows.
    #[error("a contact needs at least one identifier: external_id, email, sms, whatsapp, instagram, facebook, google_business_messaging or id")]
    MissingIdentifier,
    #[error("every {entity} needs contact_id or contact_external_id")]
    MissingContactReference { entity: &'static str },
    #[error("both contact_id and contact_external_id are set; the server may use either")]
    AmbiguousContactReference,
    #[error("this field is required")]
    Required,
    #[error("end_time {end} is before start_time {start}")]
    EndBeforeStart { start: String, end: String },
    #[error("`{field}` is not a known field of {row_type}{action}")]
    UnknownField {
        field: String,
        row_type: String,
        action: UnknownAction,
    },
    #[error("`{field}` is managed by the server; it was removed")]
    ReadOnlyField { field: String },

    // The live schema: loading an OpenAPI description (issue 17, `schema/openapi.rs`).
    #[error("the OpenAPI description cannot be used: {reason} at {path:?}")]
    InvalidSchema { reason: &'static str, path: String },
    #[error("column {column:?} of {table:?} has the type {format:?}, which this library does not know; its values are checked as text")]
    SchemaUnknownFormat {
        table: String,
        column: String,
        format: String,
    },
    #[error("the OpenAPI description has no definition for {import_type} (looked for {tried:?}); the embedded table is used")]
    SchemaTableMissing {
        import_type: String,
        tried: Vec<String>,
    },
}

impl Problem {
    /// A JSON text that serde_json could not read, with where it stopped.
    pub fn invalid_json(e: &serde_json::Error) -> Problem {
        Problem::InvalidJson {
            reason: e.to_string(),
            line: Some(e.line()),
            column: Some(e.column()),
        }
    }

    /// Whether a file notice means the rows are not what the file meant, so nothing read from it
    /// should be sent: an unterminated quote read every line after it into one cell.
    pub fn breaks_table(&self) -> bool {
        matches!(self, Problem::UnterminatedQuote { .. })
    }

    /// Whether the finding carries data (its variant has fields).
    pub fn has_data(&self) -> bool {
        !matches!(
            self,
            Problem::EmptyPayload
                | Problem::AmbiguousContactList
                | Problem::MissingIdentifier
                | Problem::AmbiguousContactReference
                | Problem::Required
        )
    }

    /// The finding's data, as the `params` of an issue: an object (empty for a finding
    /// without data).
    pub fn params(&self) -> Map<String, Value> {
        match serde_json::to_value(self) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        }
    }

    /// Attaches the finding to a field (row key or top-level key), or to nothing. The message is
    /// English; [`Issue::localise`] makes it in another language.
    pub fn at(self, field: Option<&str>) -> Issue {
        self.at_name(field.map(|f| Cow::Owned(f.to_owned())))
    }

    /// [`Problem::at`] a field whose name is a constant (`external_id`, a handle, `payload`),
    /// kept without a copy: the duplicate check may make such a finding for every other row.
    pub fn at_field(self, field: &'static str) -> Issue {
        self.at_name(Some(Cow::Borrowed(field)))
    }

    fn at_name(self, field: Option<Cow<'static, str>>) -> Issue {
        use std::fmt::Write as _;
        // Most messages fit: one allocation instead of a String that grows as it is written
        // (four or five reallocations a message, and a finding is made for many rows).
        let mut message = String::with_capacity(128);
        let _ = write!(message, "{self}");
        Issue {
            code: self.code(),
            field,
            message,
            problem: Box::new(self),
        }
    }
}

/// Every variant's code, said once: [`Problem::code`] and [`ALL_CODES`] are made from this
/// table, so a new variant without a code does not compile and the list cannot drift. A variant
/// that reports another's code is listed under `shared`.
macro_rules! codes {
    ($($variant:ident => $code:literal,)* ; shared: $($other:ident => $same:literal,)*) => {
        impl Problem {
            /// The stable, machine-readable code.
            pub fn code(&self) -> &'static str {
                match self {
                    $(Problem::$variant { .. } => $code,)*
                    $(Problem::$other { .. } => $same,)*
                }
            }
        }

        /// Every code this library can emit, for documentation and exhaustive tests.
        pub const ALL_CODES: &[&str] = &[$($code),*];
    };
}

codes! {
    RequestNotObject => "request_not_object",
    UnknownImportType => "unknown_import_type",
    PayloadNotArray => "payload_not_array",
    EmptyPayload => "empty_payload",
    PayloadInSessionHead => "payload_in_session_head",
    RowNotObject => "row_not_object",
    InvalidJson => "invalid_json",
    CsvDuplicateHeader => "csv_duplicate_header",
    CsvExtraCells => "csv_extra_cells",
    FlagNotApplicable => "flag_not_applicable",
    AmbiguousContactList => "ambiguous_contact_list",
    InvalidType => "invalid_type",
    NotNullable => "not_nullable",
    InvalidUuid => "invalid_uuid",
    InvalidDate => "invalid_date",
    InvalidTimestamp => "invalid_timestamp",
    TimestampWithoutOffset => "timestamp_without_offset",
    InvalidEnum => "invalid_enum",
    UnrecognisedEnumValue => "unrecognised_enum_value",
    EnumCaseNormalised => "enum_case_normalised",
    Coerced => "coerced_value",
    OutOfRange => "out_of_range",
    SentAsNull => "sent_as_null",
    InvalidEmail => "invalid_email",
    BlankRemoved => "blank_removed",
    NoValidPhone => "no_valid_phone",
    NotMobile => "not_mobile",
    PhoneAmbiguous => "phone_ambiguous",
    AmbiguousDate => "ambiguous_date",
    RowTooLarge => "row_too_large",
    FailedRowsColumnsIgnored => "failed_rows_columns_ignored",
    DuplicateExternalId => "duplicate_external_id",
    SharedHandle => "shared_handle",
    DuplicateDropped => "duplicate_dropped",
    MappedValuesDiffer => "mapped_values_differ",
    CountryCodesFromCountry => "country_codes_from_country",
    InvalidCountryCode => "invalid_country_code",
    MissingIdentifier => "missing_identifier",
    MissingContactReference => "missing_contact_reference",
    AmbiguousContactReference => "ambiguous_contact_reference",
    Required => "required",
    EndBeforeStart => "end_before_start",
    UnknownField => "unknown_field",
    ReadOnlyField => "read_only_field",
    UnsupportedFormat => "unsupported_format",
    UnreadableFile => "unreadable_file",
    SheetNotFound => "sheet_not_found",
    WorkbookTooLarge => "workbook_too_large",
    ZipTooLarge => "zip_too_large",
    CellError => "cell_error",
    FormulaWithoutValue => "formula_without_value",
    MoreFormulasWithoutValue => "formula_without_value_more",
    MoreCellErrors => "cell_error_more",
    HiddenSheetsSkipped => "hidden_sheets_skipped",
    LeadingZerosLost => "leading_zeros_lost",
    UnknownEncoding => "unknown_encoding",
    InvalidReadOption => "invalid_read_option",
    EncodingGuessed => "encoding_guessed",
    UndecodableBytes => "undecodable_bytes",
    NulRemoved => "nul_removed",
    SeparatorLine => "separator_line",
    TitleRowsSkipped => "title_rows_skipped",
    DuplicateHeader => "duplicate_header",
    UnterminatedQuote => "unterminated_quote",
    NotARow => "not_a_row",
    InvalidJsonLine => "invalid_json_line",
    BodyFieldsNotRead => "body_fields_not_read",
    InvalidSchema => "invalid_schema",
    SchemaUnknownFormat => "schema_unknown_format",
    SchemaTableMissing => "schema_table_missing",
    ; shared:
    UnknownReadOption => "invalid_read_option",
}

/// A finding as the caller sees it: `{code, field, message, params}`, its `params` the
/// finding's data (see [`Problem::params`]), written from `problem` when it is serialised.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub code: &'static str,
    pub field: Option<Cow<'static, str>>,
    pub message: String,
    /// The finding itself: its data, and its message in another language.
    pub problem: Box<Problem>,
}

impl Serialize for Issue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Issue", 4)?;
        st.serialize_field("code", self.code)?;
        st.serialize_field("field", &self.field)?;
        st.serialize_field("message", &self.message)?;
        st.serialize_field("params", &Params(&self.problem))?;
        st.end()
    }
}

/// A finding's data as an object: `{}` for a finding without data.
pub struct Params<'a>(pub &'a Problem);

impl Serialize for Params<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if self.0.has_data() {
            self.0.serialize(s)
        } else {
            s.serialize_map(Some(0))?.end()
        }
    }
}

impl Issue {
    /// The finding's data (see [`Problem::params`]).
    pub fn params(&self) -> Map<String, Value> {
        self.problem.params()
    }

    /// Makes the message in `locale`; `label` names the field as the person's file does (the
    /// column a mapping took it from), when there is one.
    pub fn localise(&mut self, locale: Locale, label: Option<&str>) {
        if locale != Locale::En {
            let label = label.or(self.field.as_deref());
            self.message = crate::messages::message(&self.problem, locale, label);
        }
    }
}

/// Labels of fields for messages: the column a mapping took each field from.
pub type Labels = std::collections::HashMap<String, String>;

fn localise_all(issues: &mut [Issue], locale: Locale, labels: &Labels) {
    for i in issues {
        let label = i
            .field
            .as_ref()
            .and_then(|f| labels.get(f.as_ref()))
            .map(String::as_str);
        i.localise(locale, label);
    }
}

impl RowReport {
    /// Every message of the row in `locale` (see [`Issue::localise`]).
    pub fn localise(&mut self, locale: Locale, labels: &Labels) {
        if locale != Locale::En {
            localise_all(&mut self.errors, locale, labels);
            localise_all(&mut self.warnings, locale, labels);
        }
    }
}

impl ImportReport {
    /// Every message of the report in `locale` (see [`Issue::localise`]).
    pub fn localise(&mut self, locale: Locale, labels: &Labels) {
        if locale != Locale::En {
            localise_all(&mut self.errors, locale, labels);
            localise_all(&mut self.warnings, locale, labels);
            for r in &mut self.rows {
                r.localise(locale, labels);
            }
        }
    }
}

/// Every message of a list of findings in `locale`.
pub fn localise_issues(issues: &mut [Issue], locale: Locale) {
    if locale != Locale::En {
        localise_all(issues, locale, &Labels::new());
    }
}

/// Errors and warnings collected while checking one thing.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Findings {
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

impl Findings {
    /// Every message in `locale` (see [`Issue::localise`]).
    pub fn localise(&mut self, locale: Locale, labels: &Labels) {
        if locale != Locale::En {
            localise_all(&mut self.errors, locale, labels);
            localise_all(&mut self.warnings, locale, labels);
        }
    }

    pub fn error(&mut self, field: Option<&str>, problem: Problem) {
        self.errors.push(problem.at(field));
    }

    pub fn warn(&mut self, field: Option<&str>, problem: Problem) {
        self.warnings.push(problem.at(field));
    }
}

/// The report for one payload element.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowReport {
    /// Position in the payload.
    pub index: usize,
    pub ok: bool,
    /// The normalised row when ok; the row as given when not (so it can be fixed and re-sent);
    /// null when the element was not an object.
    pub row: Option<Map<String, Value>>,
    /// The row's JSON text, for a row of the wasm facade's bulk paths that is sent or handed
    /// back exactly as given (`row` is then `None`): `report_json` copies it into the report's
    /// text instead of writing a map. A report the Rust API returns never has it.
    #[serde(skip)]
    pub(crate) given: Option<Box<str>>,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
    /// A valid row left out of the body: another row with its `external_id` is sent instead
    /// (`duplicates: "keepFirst"` / `"keepLast"`; the warning `duplicate_dropped` says which).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dropped: bool,
}

impl RowReport {
    /// Whether the row goes into the body: valid, and not dropped as a duplicate.
    pub fn sent(&self) -> bool {
        self.ok && !self.dropped && (self.row.is_some() || self.given.is_some())
    }

    /// `row` parsed from the text a row kept (see `given`): what the Rust API would have said.
    #[cfg(test)]
    pub(crate) fn materialise(&mut self) {
        if let Some(text) = self.given.take() {
            // The text was read as JSON when the row was checked.
            self.row = serde_json::from_str(&text).ok();
        }
    }
}

/// The report for a whole `POST /import` body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    /// True when neither the request nor any row has an error.
    pub ok: bool,
    /// Request-level findings (row findings are in `rows`).
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
    pub total: usize,
    /// Rows in the body.
    pub valid: usize,
    /// Rows with errors.
    pub invalid: usize,
    /// Valid rows left out as duplicates (`duplicates: "keepFirst"` / `"keepLast"`).
    #[serde(skip_serializing_if = "is_zero")]
    pub dropped: usize,
    /// One report per payload element, same order, same length.
    pub rows: Vec<RowReport>,
    /// The normalised body holding only the valid rows; null when a request-level error makes
    /// the body unusable or no row is valid.
    pub request: Option<Map<String, Value>>,
    /// Rows `keepLast` dropped after their reports were handed on (chunked checks, whose
    /// `rows` the caller holds): mark each (`dropped`, the warning) and leave it out of the body.
    #[serde(skip)]
    pub late_drops: Vec<(usize, Issue)>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl RowReport {
    /// Marks the row as dropped after its check, with the warning saying why.
    pub fn drop_late(&mut self, warning: Issue) {
        self.dropped = true;
        self.warnings.push(warning);
    }
}

impl ImportReport {
    /// The report for a body that could not be read at all: one request-level error, no rows.
    pub fn rejected(problem: Problem) -> Self {
        ImportReport {
            ok: false,
            errors: vec![problem.at(None)],
            warnings: Vec::new(),
            total: 0,
            valid: 0,
            invalid: 0,
            dropped: 0,
            rows: Vec::new(),
            request: None,
            late_drops: Vec::new(),
        }
    }
}

impl RowReport {
    /// The report for a row that could not be read at all.
    pub fn rejected(index: usize, problem: Problem) -> Self {
        RowReport {
            index,
            ok: false,
            row: None,
            given: None,
            errors: vec![problem.at(None)],
            warnings: Vec::new(),
            dropped: false,
        }
    }
}

/// JSON type name of a value, for messages.
pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Quoted` writes what `{:?}` writes, for plain values and for every kind of escape.
    #[test]
    fn quoted_is_debug() {
        let mut values: Vec<String> = (0u32..0x300)
            .filter_map(char::from_u32)
            .map(|c| format!("a{c}b"))
            .collect();
        values.extend(
            [
                "",
                "+4915123456789",
                "Anna.Wang@Example.com",
                "it's",
                "a \"quote\"",
                "back\\slash",
                "tab\tnew\nline",
                "Zoë",
                "\u{301}combining",
                "\u{200b}\u{feff}",
                "😀",
                "\u{7f}",
            ]
            .map(String::from),
        );
        for v in &values {
            assert_eq!(Quoted(v).to_string(), format!("{v:?}"), "{v:?}");
        }
        let p = Problem::DuplicateExternalId {
            value: "a\"b".into(),
            first_row: 4,
        };
        assert!(p
            .to_string()
            .starts_with(r#"external_id "a\"b" is also on row 5"#));
    }
}
