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
    total: usize,
    valid: usize,
}

/// What `finish` reports: the request-level findings, the counts, and the body without its
/// payload (the caller appends the valid rows it kept).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionSummary {
    pub ok: bool,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
    pub total: usize,
    pub valid: usize,
    pub invalid: usize,
    /// The checked top-level fields (no `payload`); null when a request-level error makes the
    /// body unusable.
    pub request: Option<Map<String, Value>>,
}

impl ImportSession {
    /// Starts a session for `body` (an import request; its `payload`, if any, is ignored).
    pub fn new(mut validator: Validator, body: &Value) -> Self {
        let head = match body {
            Value::Object(map) => request::check_head(&validator.checker(), map, false),
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
            total: 0,
            valid: 0,
        }
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
        let reports = checker.check_rows(self.head.import_type, self.total, rows);
        self.total += reports.len();
        self.valid += reports.iter().filter(|r| r.ok).count();
        reports
    }

    /// Checks a chunk given as a JSON array text. Text that is not a JSON array is one error,
    /// and no row is counted.
    pub fn push_json(&mut self, text: &str) -> Result<Vec<RowReport>, Problem> {
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
        (self.total, self.valid)
    }

    /// Ends the session. An import with no rows gets `empty_payload`.
    pub fn finish(&self) -> SessionSummary {
        let mut errors = self.head.findings.errors.clone();
        if self.total == 0 {
            let mut issue = Problem::EmptyPayload.at(Some("payload"));
            issue.localise(self.validator.options().locale, None);
            errors.push(issue);
        }
        let usable = errors.is_empty();
        SessionSummary {
            ok: usable && self.valid == self.total,
            errors,
            warnings: self.head.findings.warnings.clone(),
            total: self.total,
            valid: self.valid,
            invalid: self.total - self.valid,
            request: usable.then(|| self.head.fields.clone()),
        }
    }
}
