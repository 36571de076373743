//! Streaming: an import checked in chunks, for files too large to hold as one report.
//!
//! The session keeps only the request head and counts; each `push` returns the reports of its
//! own rows, so memory stays bounded by the chunk size whatever the file size.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::report::{json_type, Findings, Issue, Problem, RowReport};
use crate::request::{self, RequestHead};
use crate::schema::ImportType;
use crate::validator::Validator;

pub struct ImportSession {
    validator: Validator,
    /// Keys of the rows so far, across every push.
    duplicates: crate::duplicates::Duplicates,
    head: RequestHead,
    counts: crate::request::Counts,
    /// Rows `keepLast` dropped after the push that returned them.
    late: Vec<DroppedRow>,
}

/// A row already returned by a push that is left out of the body after all (`keepLast`: a later
/// row has its `external_id`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DroppedRow {
    pub index: usize,
    /// `duplicate_dropped`, naming the row sent instead.
    pub warning: Issue,
}

/// What `finish` reports: the request-level findings, the counts, and the body without its
/// payload (the caller appends the valid rows it kept).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionSummary {
    pub ok: bool,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
    pub total: usize,
    /// Rows for the body.
    pub valid: usize,
    /// Rows with errors.
    pub invalid: usize,
    /// Valid rows left out as duplicates (`duplicates: "keepFirst"` / `"keepLast"`).
    #[serde(skip_serializing_if = "is_zero")]
    pub dropped: usize,
    /// Rows a push returned as valid that are left out of the body after all (`keepLast`): the
    /// caller removes them from the rows it kept.
    #[serde(rename = "droppedRows", skip_serializing_if = "Vec::is_empty")]
    pub dropped_rows: Vec<DroppedRow>,
    /// The checked top-level fields (no `payload`); null when a request-level error makes the
    /// body unusable or no row is valid (the rule of `ImportReport::request`).
    pub request: Option<Map<String, Value>>,
}

impl ImportSession {
    /// Starts a session for `body` (an import request without its rows: a non-empty `payload`
    /// here is the request's `payload_in_session_head` error, as its rows would be left out).
    pub fn new(mut validator: Validator, body: &Value) -> Self {
        let head = match body {
            Value::Object(map) => request::check_head(&mut validator.checker(), map, false),
            other => {
                let mut findings = Findings::default();
                findings.error(
                    None,
                    Problem::RequestNotObject {
                        got: json_type(other),
                    },
                );
                findings.localise(validator.options().locale, &Default::default());
                RequestHead {
                    import_type: None,
                    findings,
                    fields: Map::new(),
                    payload_position: 0,
                    usable: false,
                }
            }
        };
        ImportSession {
            duplicates: crate::duplicates::Duplicates::new(validator.options().duplicates),
            validator,
            head,
            counts: crate::request::Counts::default(),
            late: Vec::new(),
        }
    }

    /// Adds request-level warnings found by the caller (the wasm facade's `sent_as_null`).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn warn_head(&mut self, issues: Vec<Issue>) {
        self.head.findings.warnings.extend(issues);
    }

    pub fn import_type(&self) -> Option<ImportType> {
        self.head.import_type
    }

    /// Checks a chunk; indexes continue from the previous chunk.
    pub fn push(&mut self, rows: &[Value]) -> Vec<RowReport> {
        self.check(rows.iter().map(Cow::Borrowed))
    }

    /// [`ImportSession::push`] of rows it owns: each becomes its report's row in place, with no
    /// copy.
    pub fn push_rows(&mut self, rows: Vec<Value>) -> Vec<RowReport> {
        self.check(rows.into_iter().map(Cow::Owned))
    }

    fn check<'v>(&mut self, rows: impl IntoIterator<Item = Cow<'v, Value>>) -> Vec<RowReport> {
        let mut checker = self.validator.checker();
        checker.duplicates = Some(&mut self.duplicates);
        let reports = checker.check_rows(self.head.import_type, self.counts.total, rows);
        self.settle(reports)
    }

    /// Counts a pushed chunk's reports and keeps the rows `keepLast` dropped from earlier chunks.
    fn settle(&mut self, reports: Vec<RowReport>) -> Vec<RowReport> {
        let mut checker = self.validator.checker();
        checker.duplicates = Some(&mut self.duplicates);
        let late = checker.late_drops();
        self.counts.add(&reports);
        self.counts.late_drops(late.len());
        self.late.extend(
            late.into_iter()
                .map(|(index, warning)| DroppedRow { index, warning }),
        );
        reports
    }

    /// Checks a chunk given as a JSON array text. Text that is not a JSON array is one error,
    /// and no row is counted.
    pub fn push_json(&mut self, text: &str) -> Result<Vec<RowReport>, Problem> {
        self.push_json_texts(text, false, &Default::default())
    }

    /// [`ImportSession::push_json`], its rows read from their text (see `row_text`); with
    /// `keep_text` a row sent or handed back as given keeps its text (the wasm facade's
    /// reports); `converted` says what the facade's conversion met (see
    /// `RowChecker::check_row_texts`).
    pub(crate) fn push_json_texts(
        &mut self,
        text: &str,
        keep_text: bool,
        converted: &crate::converted::Converted,
    ) -> Result<Vec<RowReport>, Problem> {
        let fixed = crate::json_text::fix_lone_surrogates(text);
        if let Some(rows) = crate::body_text::split_array(&fixed) {
            let mut checker = self.validator.checker();
            checker.duplicates = Some(&mut self.duplicates);
            let t = self.head.import_type;
            // An element serde_json rejects: nothing was checked; the whole text's error below.
            let start = self.counts.total;
            if let Ok(reports) = checker.check_row_texts(t, start, &rows, keep_text, converted) {
                return Ok(self.settle(reports));
            }
        }
        match crate::json_text::parse(text) {
            Ok(Value::Array(rows)) => Ok(self.push_rows(rows)),
            Ok(other) => Err(Problem::PayloadNotArray {
                got: json_type(&other),
            }),
            Err(e) => Err(Problem::invalid_json(&e)),
        }
    }

    /// The message of `problem` in the options' language (for errors the caller throws).
    pub fn message(&self, problem: &Problem) -> String {
        self.validator.message(problem)
    }

    /// Counts so far: (total, valid).
    pub fn counts(&self) -> (usize, usize) {
        (self.counts.total, self.counts.valid)
    }

    /// Ends the session. An import with no rows gets `empty_payload`.
    pub fn finish(&self) -> SessionSummary {
        let mut errors = self.head.findings.errors.clone();
        let c = self.counts;
        if c.total == 0 {
            let mut issue = Problem::EmptyPayload.at_field("payload");
            issue.localise(self.validator.options().locale, None);
            errors.push(issue);
        }
        let usable = errors.is_empty();
        SessionSummary {
            ok: usable && c.valid + c.dropped == c.total,
            errors,
            warnings: self.head.findings.warnings.clone(),
            total: c.total,
            valid: c.valid,
            invalid: c.total - c.valid - c.dropped,
            dropped: c.dropped,
            dropped_rows: self.late.clone(),
            // One rule with `ImportReport::request`: no body without a valid row.
            request: (usable && c.valid > 0).then(|| self.head.fields.clone()),
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}
