//! The generic row checker: walks a row against its [`RowSchema`], calls `value.rs` per field and
//! the phone resolver for phone lists, then adds the per-type rules (identifier, contact
//! reference, appointment name and times).

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::options::{Options, UnknownFields};
use crate::phone::{self, Candidate, MissReason, NumberType, ParseCache, PhoneEngine, PhoneMiss};
use crate::report::{json_type, Findings, Labels, Problem, RowReport, UnknownAction};
use crate::schema::{FieldKind, FieldSpec, ImportType, RowSchema, Schema};
use crate::time::parse_timestamp;
use crate::value::{self, Normalised};

/// A row as the checker reads it: its entries in order, and a lookup by key. A parsed row is a
/// serde_json map; a row read straight from its text is a `row_text::TextRow`.
pub(crate) trait RowView {
    fn entries(&self) -> impl Iterator<Item = (&str, &Value)>;
    fn get(&self, key: &str) -> Option<&Value>;
}

impl RowView for Map<String, Value> {
    fn entries(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.iter().map(|(k, v)| (k.as_str(), v))
    }

    fn get(&self, key: &str) -> Option<&Value> {
        Map::get(self, key)
    }
}

/// Everything a row check needs besides the row.
pub(crate) struct RowChecker<'a> {
    pub schema: &'a Schema,
    pub options: &'a Options,
    pub engine: &'a dyn PhoneEngine,
    pub cache: &'a mut ParseCache,
    /// The keys seen so far in this import, when rows are compared across the import.
    pub duplicates: Option<&'a mut crate::duplicates::Duplicates>,
    /// How messages name fields (the columns a mapping took them from).
    pub labels: &'a Labels,
}

impl RowChecker<'_> {
    /// The rows `keepLast` dropped after the chunk that held them was returned, each with its
    /// warning in the options' language.
    pub fn late_drops(&mut self) -> Vec<(usize, crate::report::Issue)> {
        let Some(duplicates) = self.duplicates.as_deref_mut() else {
            return Vec::new();
        };
        let (locale, labels) = (self.options.locale, self.labels);
        duplicates
            .take_late_drops()
            .into_iter()
            .map(|d| (d.index, late_warning(d.problem, locale, labels)))
            .collect()
    }

    /// Checks consecutive payload elements, the first at payload index `start`. Without an
    /// import type (a request-level error) only their shape can be checked. Owned elements are
    /// normalised in place (see [`RowChecker::check`]).
    pub fn check_rows<'v>(
        &mut self,
        import_type: Option<ImportType>,
        start: usize,
        elements: impl IntoIterator<Item = Cow<'v, Value>>,
    ) -> Vec<RowReport> {
        self.forget_pending();
        let mut reports = Vec::new();
        for (i, element) in elements.into_iter().enumerate() {
            reports.push(match import_type {
                Some(t) => {
                    let mut report = self.check(t, start + i, element);
                    self.observe(t, &mut report, None::<&Map<String, Value>>);
                    report
                }
                None => untyped_row(start + i, element),
            });
            self.compare_when_due(start, &mut reports);
        }
        self.settle(start, reports)
    }

    /// [`RowChecker::check_rows`] for elements given as JSON text: a row of plain keys and
    /// scalars is read straight from its text (see `row_text`), and with `keep_text` keeps its
    /// text instead of a map when it is sent or handed back as given (`RowReport::given`, for
    /// the wasm facade, which copies it into the report's text); any other is parsed. An
    /// element serde_json rejects is the error; one it cannot hold (see `beyond_parser`), and
    /// each row the caller could not convert (`converted.refused`: an element there is a
    /// placeholder), is that row's `invalid_json`; a value the caller wrote as null
    /// (`converted.nulled`) is that row's `sent_as_null` warning.
    pub fn check_row_texts(
        &mut self,
        import_type: Option<ImportType>,
        start: usize,
        elements: &[&str],
        keep_text: bool,
        converted: &crate::converted::Converted,
    ) -> Result<Vec<RowReport>, serde_json::Error> {
        let mapped = import_type.is_some_and(|t| {
            self.options
                .mapping
                .as_ref()
                .is_some_and(|m| m.import_type == t)
        });
        self.forget_pending();
        let mut scratch = crate::row_text::TextRow::default();
        // Every element is read before any is checked: an element serde_json rejects is the
        // error while nothing (a session's duplicate keys, say) has seen the ones before it.
        let mut read = Vec::with_capacity(elements.len());
        for (i, text) in elements.iter().enumerate() {
            if let Some(reason) = converted.refused(i) {
                read.push(Element::Unreadable(Problem::InvalidJson {
                    reason: reason.to_owned(),
                    line: None,
                    column: None,
                }));
                continue;
            }
            let tokens = match import_type {
                Some(_) if !mapped => scratch.accepts(text),
                _ => None,
            };
            read.push(match tokens {
                Some(tokens) => Element::Tokens(tokens),
                None => match serde_json::from_str::<Value>(text) {
                    Ok(row) => Element::Parsed(row),
                    Err(e) => Element::Unreadable(beyond_parser(&e).ok_or(e)?),
                },
            });
        }
        let mut reports = Vec::with_capacity(elements.len());
        for (i, (text, element)) in elements.iter().zip(read).enumerate() {
            let index = start + i;
            let mut report = match (import_type, element) {
                (_, Element::Unreadable(problem)) => RowReport::rejected(index, problem),
                (Some(t), Element::Tokens(tokens)) if scratch.load(tokens.clone()) => {
                    self.check_read(t, index, text, &mut scratch, keep_text)
                }
                (Some(t), element) => {
                    let row = match element {
                        Element::Parsed(row) => row,
                        _ => serde_json::from_str(text)?,
                    };
                    let mut report = self.check(t, index, Cow::Owned(row));
                    self.observe(t, &mut report, None::<&Map<String, Value>>);
                    report
                }
                (None, Element::Parsed(row)) => untyped_row(index, Cow::Owned(row)),
                (None, _) => untyped_row(index, Cow::Owned(serde_json::from_str(text)?)),
            };
            report.warnings.extend(converted.nulled_in(i));
            reports.push(report);
            self.compare_when_due(start, &mut reports);
        }
        Ok(self.settle(start, reports))
    }

    /// One element of [`RowChecker::check_row_texts`] that `scratch` has read, compared across
    /// rows.
    fn check_read<'t>(
        &mut self,
        t: ImportType,
        index: usize,
        text: &'t str,
        scratch: &mut crate::row_text::TextRow<'t>,
        keep_text: bool,
    ) -> RowReport {
        let (f, edits) = self.findings(t, &*scratch);
        let ok = f.errors.is_empty();
        let mut report = RowReport {
            index,
            ok,
            row: None,
            given: None,
            errors: f.errors,
            warnings: f.warnings,
            dropped: false,
        };
        if ok && !edits.is_empty() {
            report.row = Some(apply(Cow::Owned(scratch.take_map()), edits));
            self.observe(t, &mut report, None::<&Map<String, Value>>);
        } else {
            // Sent as given (valid, nothing to change) or handed back as given (invalid).
            self.observe(t, &mut report, Some(&*scratch));
            if keep_text {
                report.given = Some(text.into());
                scratch.release();
            } else {
                report.row = Some(scratch.take_map());
            }
        }
        report
    }

    /// Notes a checked row (its `row`, or `view` for a row that keeps its text) to be compared
    /// with the rows before it, a batch at a time (see [`Duplicates::compare`]).
    ///
    /// [`Duplicates::compare`]: crate::duplicates::Duplicates::compare
    fn observe(&mut self, t: ImportType, report: &mut RowReport, view: Option<&impl RowView>) {
        if let Some(d) = self.duplicates.as_deref_mut() {
            match view {
                Some(view) => d.note(t, view, report),
                None => {
                    if let Some(row) = &report.row {
                        d.note(t, row, report);
                    }
                }
            }
        }
    }

    /// Compares the rows noted so far once there are enough of them to overlap their lookups;
    /// `reports[0]` is row `start`.
    fn compare_when_due(&mut self, start: usize, reports: &mut [RowReport]) {
        /// About 850 keys of contact rows: their slots stay in the cache between the batch's
        /// first read and its comparison.
        const BATCH_ROWS: usize = 256;
        if let Some(d) = self.duplicates.as_deref_mut() {
            if d.pending() >= BATCH_ROWS {
                d.compare(start, reports);
            }
        }
    }

    /// Drops rows noted by a check that was given up before its chunk's reports were made.
    fn forget_pending(&mut self) {
        if let Some(d) = self.duplicates.as_deref_mut() {
            d.forget_pending();
        }
    }

    /// The chunk's reports in the options' language, with the `keepLast` drops of rows in this
    /// chunk marked (earlier ones wait for the caller: `late_drops`).
    fn settle(&mut self, start: usize, mut reports: Vec<RowReport>) -> Vec<RowReport> {
        if let Some(d) = self.duplicates.as_deref_mut() {
            d.compare(start, &mut reports);
        }
        for report in &mut reports {
            report.localise(self.options.locale, self.labels);
        }
        if let Some(d) = self.duplicates.as_deref_mut() {
            d.settle(start, |index, problem| {
                let warning = late_warning(problem, self.options.locale, self.labels);
                reports[index - start].drop_late(warning);
            });
        }
        reports
    }

    /// Checks one payload element. Never fails: every element gets a report.
    ///
    /// An owned row becomes its normalised form in place: values that pass as they are stay
    /// where they are, keys are not copied, and an invalid row is handed back untouched. A
    /// borrowed row is copied once, into the normalised form or as given.
    pub fn check(
        &mut self,
        import_type: ImportType,
        index: usize,
        element: Cow<'_, Value>,
    ) -> RowReport {
        let row = match as_object(element) {
            Ok(row) => row,
            Err(got) => return RowReport::rejected(index, Problem::RowNotObject { got }),
        };
        if let Some(mapping) = self
            .options
            .mapping
            .as_ref()
            .filter(|m| m.import_type == import_type)
        {
            return self.check_mapped(import_type, index, row.into_owned(), mapping);
        }
        let (f, edits) = self.findings(import_type, &*row);
        let ok = f.errors.is_empty();
        RowReport {
            index,
            ok,
            row: Some(if ok {
                apply(row, edits)
            } else {
                row.into_owned()
            }),
            given: None,
            errors: f.errors,
            warnings: f.warnings,
            dropped: false,
        }
    }

    /// A row of a file, through the caller's mapping first. Its report's `row` is the row to
    /// send when it is valid, and the cells as given (by header) when it is not.
    fn check_mapped(
        &mut self,
        import_type: ImportType,
        index: usize,
        cells: Map<String, Value>,
        mapping: &crate::mapping::Mapping,
    ) -> RowReport {
        let table = self.schema.rows(import_type);
        let mapped = crate::mapping::apply_mapping(
            &cells,
            mapping,
            table,
            &self.options.default_country_codes,
        );
        let (mut f, edits) = self.findings(import_type, &mapped.row);
        for (field, p) in mapped.errors {
            f.error(Some(&field), p);
        }
        for (field, p) in mapped.warnings {
            f.warn(Some(&field), p);
        }
        let ok = f.errors.is_empty();
        RowReport {
            index,
            ok,
            row: Some(if ok {
                apply(Cow::Owned(mapped.row), edits)
            } else {
                cells
            }),
            given: None,
            errors: f.errors,
            warnings: f.warnings,
            dropped: false,
        }
    }

    /// Everything wrong with a row, and the changes that make it the row to send: `(position
    /// of the key in the row, what to send instead)`, in key order, for the keys not kept as
    /// they are.
    fn findings(
        &mut self,
        import_type: ImportType,
        row: &impl RowView,
    ) -> (Findings, Vec<(usize, Normalised)>) {
        let table = self.schema.rows(import_type);
        let mut f = Findings::default();
        let regions = self.regions(table, row, &mut f);
        let mut edits = Vec::new();

        for (i, (key, v)) in row.entries().enumerate() {
            let sent = match table.field(key) {
                Some(spec) if spec.server => {
                    f.warn(
                        Some(key),
                        Problem::ReadOnlyField {
                            field: key.to_owned(),
                        },
                    );
                    Normalised::Drop
                }
                Some(spec) => self.check_field(key, spec, v, &regions, &mut f),
                None => self.unknown(table, import_type, key, &mut f),
            };
            if !matches!(sent, Normalised::Keep) {
                edits.push((i, sent));
            }
        }

        required_rules(table, row, &mut f);
        match import_type {
            ImportType::Contact => contact_rules(table, row, &mut f),
            ImportType::Deal => reference_rules(table, row, "deal", &mut f),
            ImportType::Appointment => {
                reference_rules(table, row, "appointment", &mut f);
                appointment_rules(row, &edits, &mut f);
            }
        }
        (f, edits)
    }

    /// The regions for this row's phone lists: its own `country_codes`, else the defaults.
    fn regions(&self, table: &RowSchema, row: &impl RowView, f: &mut Findings) -> Vec<String> {
        const KEY: &str = "country_codes";
        let applies = table
            .field(KEY)
            .is_some_and(|s| s.kind == FieldKind::CountryCodes);
        let raw = match row.get(KEY) {
            Some(v) if applies && !v.is_null() => v,
            _ => return self.options.default_country_codes.clone(),
        };
        let codes: Vec<&str> = match raw {
            Value::String(s) => s
                .split([',', ';', '|', ' '])
                .filter(|c| !c.trim().is_empty())
                .collect(),
            Value::Array(items) => {
                let mut codes = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::String(s) if !s.trim().is_empty() => codes.push(s.as_str()),
                        Value::String(_) => {}
                        other => f.error(
                            Some(KEY),
                            Problem::InvalidType {
                                expected: "a list of country codes",
                                got: json_type(other).into(),
                            },
                        ),
                    }
                }
                codes
            }
            other => {
                f.error(
                    Some(KEY),
                    Problem::InvalidType {
                        expected: "a list of country codes",
                        got: json_type(other).into(),
                    },
                );
                Vec::new()
            }
        };
        let (known, unknown) = phone::check_country_codes(self.engine, codes);
        for code in unknown {
            f.error(Some(KEY), Problem::InvalidCountryCode { value: code });
        }
        if known.is_empty() {
            self.options.default_country_codes.clone()
        } else {
            known
        }
    }

    /// Checks one known field, of a row or of the request: THE kind dispatch. Says what to send
    /// for it (a field with an error is dropped: its row, or the request, is not sent).
    pub(crate) fn check_field(
        &mut self,
        key: &str,
        spec: &FieldSpec,
        v: &Value,
        regions: &[String],
        f: &mut Findings,
    ) -> Normalised {
        if v.is_null() {
            if !spec.nullable {
                f.error(
                    Some(key),
                    Problem::NotNullable {
                        expected: expected(&spec.kind),
                    },
                );
            }
            // country_codes is consumed here even when null: it is never sent on.
            return if spec.kind == FieldKind::CountryCodes {
                Normalised::Drop
            } else {
                Normalised::Keep
            };
        }
        let mut warnings = Vec::new();
        let checked = match &spec.kind {
            FieldKind::Text => value::text(v, &mut warnings),
            FieldKind::Uuid => value::uuid(v, &mut warnings),
            FieldKind::Date => value::date(v, &mut warnings),
            FieldKind::Timestamp => value::timestamp(v, &mut warnings),
            FieldKind::Boolean => value::boolean(v, &mut warnings),
            FieldKind::Integer => value::integer(v, &mut warnings),
            FieldKind::BigInteger => value::big_integer(v, &mut warnings),
            FieldKind::Json => Ok(Normalised::Keep),
            FieldKind::Number => value::number(v, &mut warnings),
            FieldKind::Email => value::email(v, &mut warnings),
            FieldKind::StringList => value::string_list(v, &mut warnings),
            FieldKind::Enum { values, complete } => {
                value::enumeration(v, values, *complete, &mut warnings)
            }
            FieldKind::PhoneList => self.phone_list(key, v, regions, &mut warnings),
            // Already read by `regions`; never sent on.
            FieldKind::CountryCodes => Ok(Normalised::Drop),
            FieldKind::Payload => Err(Problem::InvalidType {
                expected: "not a payload here",
                got: json_type(v).into(),
            }),
        };
        for w in warnings {
            f.warn(Some(key), w);
        }
        checked.unwrap_or_else(|problem| {
            f.error(Some(key), problem);
            Normalised::Drop
        })
    }

    /// The list's number as E.164; the reasons of every entry when none is valid.
    fn phone_list(
        &mut self,
        key: &str,
        v: &Value,
        regions: &[String],
        warnings: &mut Vec<Problem>,
    ) -> value::Checked {
        let Some(candidates) = phone_candidates(v, warnings) else {
            return Err(Problem::InvalidType {
                expected: "a phone number or a list of them",
                got: json_type(v).into(),
            });
        };
        let mut misses = Vec::new();
        let mut only_blanks = true;
        let winner =
            phone::first_valid(self.engine, self.cache, &candidates, regions, |c, miss| {
                if matches!(miss, MissReason::Blank) {
                    return;
                }
                only_blanks = false;
                misses.push(PhoneMiss {
                    input: c.input().into_owned(),
                    why: miss,
                });
            });
        match winner {
            Some((index, valid)) => {
                if let Some(Candidate::Text(text)) = candidates.get(index) {
                    if let Some(international) =
                        phone::lost_plus_reading(self.engine, self.cache, text, &valid)
                    {
                        return Err(Problem::PhoneAmbiguous {
                            value: text.to_string(),
                            national: valid.e164,
                            international,
                        });
                    }
                }
                // The server takes a landline for WhatsApp as it comes, but it is rarely reachable
                // there: usually the mobile column was empty or invalid.
                if key == "whatsapp" && valid.number_type == NumberType::FixedLine {
                    warnings.push(Problem::NotMobile {
                        value: valid.e164.clone(),
                    });
                }
                Ok(Normalised::string(v.as_str().unwrap_or(""), valid.e164))
            }
            None if only_blanks => {
                warnings.push(Problem::BlankRemoved {
                    kind: "phone number",
                });
                Ok(Normalised::Drop)
            }
            None => Err(Problem::NoValidPhone { misses }),
        }
    }

    fn unknown(&self, table: &RowSchema, t: ImportType, key: &str, f: &mut Findings) -> Normalised {
        self.unknown_field(table.open, t.as_str(), key, f)
    }

    /// A key no table knows, of a row (`of`: its import type) or of the request: THE
    /// unknown-field policy (`open` tables always keep it with a warning).
    pub(crate) fn unknown_field(
        &self,
        open: bool,
        of: &str,
        key: &str,
        f: &mut Findings,
    ) -> Normalised {
        let policy = if open {
            UnknownFields::Warn
        } else {
            self.options.unknown_fields
        };
        let problem = |action| Problem::UnknownField {
            field: key.to_owned(),
            row_type: of.to_owned(),
            action,
        };
        match policy {
            UnknownFields::Warn => {
                f.warn(Some(key), problem(UnknownAction::Kept));
                Normalised::Keep
            }
            UnknownFields::Strip => {
                f.warn(Some(key), problem(UnknownAction::Removed));
                Normalised::Drop
            }
            UnknownFields::Error => {
                f.error(Some(key), problem(UnknownAction::Rejected));
                Normalised::Drop
            }
        }
    }
}

/// The row to send: `row` with `edits` (from [`RowChecker::findings`]) applied.
fn apply(row: Cow<'_, Map<String, Value>>, edits: Vec<(usize, Normalised)>) -> Map<String, Value> {
    let mut edits = edits.into_iter().peekable();
    let mut edit_at = |i: usize| edits.next_if(|(at, _)| *at == i).map(|(_, edit)| edit);
    match row {
        Cow::Owned(mut row) => {
            let mut i = 0;
            row.retain(|_, v| {
                let keep = match edit_at(i) {
                    None | Some(Normalised::Keep) => true,
                    Some(Normalised::Drop) => false,
                    Some(Normalised::Set(sent)) => {
                        *v = sent;
                        true
                    }
                };
                i += 1;
                keep
            });
            row
        }
        Cow::Borrowed(row) => {
            let mut out = Map::with_capacity(row.len());
            for (i, (key, v)) in row.iter().enumerate() {
                if let Some(sent) = edit_at(i).unwrap_or(Normalised::Keep).into_value(v) {
                    out.insert(key.clone(), sent);
                }
            }
            out
        }
    }
}

/// The object inside `element`, borrowed or owned as `element` is; else the JSON type it has.
pub(crate) fn as_object(
    element: Cow<'_, Value>,
) -> Result<Cow<'_, Map<String, Value>>, &'static str> {
    match element {
        Cow::Borrowed(Value::Object(map)) => Ok(Cow::Borrowed(map)),
        Cow::Owned(Value::Object(map)) => Ok(Cow::Owned(map)),
        other => Err(json_type(&other)),
    }
}

/// The warning of a row dropped after its check, in `locale`.
fn late_warning(
    problem: Problem,
    locale: crate::messages::Locale,
    labels: &Labels,
) -> crate::report::Issue {
    let mut issue = problem.at_field("external_id");
    issue.localise(locale, labels.get("external_id").map(String::as_str));
    issue
}

/// An element of [`RowChecker::check_row_texts`] as read: the place of its tokens (plain keys and
/// scalars, see `row_text`), its value, or why it cannot be read.
enum Element {
    Tokens(std::ops::Range<usize>),
    Parsed(Value),
    Unreadable(Problem),
}

/// An element that is valid JSON but beyond what the parser holds (nested deeper than
/// serde_json's 128 levels, a number out of range): that row's `invalid_json`, not the whole
/// body's, so every other row is still checked and reported.
fn beyond_parser(e: &serde_json::Error) -> Option<Problem> {
    let text = e.to_string();
    let reason = if text.starts_with("recursion limit exceeded") {
        "nested more than 128 levels deep"
    } else if text.starts_with("number out of range") {
        "a number out of range"
    } else {
        return None;
    };
    Some(Problem::InvalidJson {
        reason: reason.to_owned(),
        line: None,
        column: None,
    })
}

/// A row of an import whose type is unknown: only its shape can be checked.
fn untyped_row(index: usize, element: Cow<'_, Value>) -> RowReport {
    let row = match as_object(element) {
        Ok(row) => row.into_owned(),
        Err(got) => return RowReport::rejected(index, Problem::RowNotObject { got }),
    };
    RowReport {
        index,
        ok: true,
        row: Some(row),
        given: None,
        errors: Vec::new(),
        warnings: Vec::new(),
        dropped: false,
    }
}

/// The entries of a phone value; `None` when it is neither a string nor a list.
pub(crate) fn phone_candidates<'v>(
    v: &'v Value,
    warnings: &mut Vec<Problem>,
) -> Option<Vec<Candidate<'v>>> {
    let one = |item: &'v Value, warnings: &mut Vec<Problem>| match item {
        Value::String(s) => Candidate::Text(Cow::Borrowed(s)),
        Value::Number(n) => {
            warnings.push(Problem::Coerced {
                value: n.to_string(),
                kind: "text",
                normalised: format!("{:?}", n.to_string()),
            });
            Candidate::Text(Cow::Owned(n.to_string()))
        }
        other => Candidate::NotText(json_type(other)),
    };
    match v {
        Value::String(_) | Value::Number(_) => Some(vec![one(v, warnings)]),
        Value::Array(items) => Some(items.iter().map(|i| one(i, warnings)).collect()),
        _ => None,
    }
}

fn expected(kind: &FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "a string",
        FieldKind::Uuid => "a UUID",
        FieldKind::Date => "a date (YYYY-MM-DD)",
        FieldKind::Timestamp => "a timestamp",
        FieldKind::Boolean => "a boolean",
        FieldKind::Integer | FieldKind::BigInteger => "a whole number",
        FieldKind::Json => "a JSON value",
        FieldKind::Number => "a number",
        FieldKind::Email => "an email address",
        FieldKind::PhoneList => "a phone number or a list of them",
        FieldKind::CountryCodes => "a list of country codes",
        FieldKind::StringList => "a list of strings",
        FieldKind::Enum { .. } => "one of the allowed values",
        FieldKind::Payload => "an array of rows",
    }
}

/// A value that says something: not null, not blank, not an empty or all-blank list.
fn present(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !phone::is_blank(s),
        Some(Value::Array(items)) => items.iter().any(|i| present(Some(i))),
        Some(_) => true,
    }
}

fn contact_rules(table: &RowSchema, row: &impl RowView, f: &mut Findings) {
    let has_identifier = table
        .rule_keys()
        .identifiers
        .iter()
        .any(|k| present(row.get(k)));
    if !has_identifier {
        f.error(None, Problem::MissingIdentifier);
    }
}

fn reference_rules(table: &RowSchema, row: &impl RowView, entity: &'static str, f: &mut Findings) {
    let given = table
        .rule_keys()
        .contact_references
        .iter()
        .filter(|k| present(row.get(k)))
        .count();
    match given {
        0 => f.error(None, Problem::MissingContactReference { entity }),
        1 => {}
        _ => f.warn(None, Problem::AmbiguousContactReference),
    }
}

/// Fields the table marks required must be present and not blank (null is `not_nullable`).
fn required_rules(table: &RowSchema, row: &impl RowView, f: &mut Findings) {
    for key in &table.rule_keys().required {
        let v = row.get(key);
        if !v.is_some_and(Value::is_null) && !present(v) {
            f.error(Some(key), Problem::Required);
        }
    }
}

/// An appointment may not end before it starts (compared as instants, offsets applied), as the
/// row would be sent: `edits` applied to `row`.
fn appointment_rules(row: &impl RowView, edits: &[(usize, Normalised)], f: &mut Findings) {
    let time = |key: &str| {
        let (i, given) = row.entries().enumerate().find(|(_, (k, _))| *k == key)?;
        let sent = match edits.iter().find(|(at, _)| *at == i) {
            None | Some((_, Normalised::Keep)) => given.1,
            Some((_, Normalised::Drop)) => return None,
            Some((_, Normalised::Set(v))) => v,
        };
        sent.as_str().and_then(|s| parse_timestamp(s).ok())
    };
    if let (Some(start), Some(end)) = (time("start_time"), time("end_time")) {
        if end.instant() < start.instant() {
            f.error(
                Some("end_time"),
                Problem::EndBeforeStart {
                    start: start.to_rfc3339(),
                    end: end.to_rfc3339(),
                },
            );
        }
    }
}
