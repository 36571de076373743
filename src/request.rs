//! The `POST /import` body: `type`, `payload`, contact list, reassignment flags. Request-level
//! problems never stop row checks: every payload element gets its report.

use serde_json::{Map, Value};

use crate::report::{json_type, Findings, ImportReport, Problem, RowReport};
use crate::row::RowChecker;
use crate::schema::{FieldKind, ImportType};

/// What the request-level check found, before the rows.
pub(crate) struct RequestHead {
    pub import_type: Option<ImportType>,
    pub findings: Findings,
    /// The normalised top-level fields other than `payload`, in input order.
    pub fields: Map<String, Value>,
    /// How many checked fields came before `payload`, so the body keeps the caller's order.
    pub payload_position: usize,
    /// False when a request-level error makes the body unusable.
    pub usable: bool,
}

/// Checks everything but the rows. A streaming session gives its rows separately, so it passes
/// `expect_payload: false`.
pub(crate) fn check_head(
    checker: &mut RowChecker<'_>,
    request: &Map<String, Value>,
    expect_payload: bool,
) -> RequestHead {
    // A copy of the reference: the table's fields outlive the checker's mutable borrows below.
    let schema = checker.schema;
    let table = &schema.import_request;
    let mut f = Findings::default();
    let mut fields = Map::new();
    let mut payload_position = usize::MAX;

    let import_type = check_type(request.get("type"), &mut f);

    for (key, v) in request {
        let Some(spec) = table.field(key) else {
            let sent = checker.unknown_field(table.open, "the import request", key, &mut f);
            if let Some(value) = sent.into_value(v) {
                fields.insert(key.clone(), value);
            }
            continue;
        };
        match &spec.kind {
            FieldKind::Payload => {
                payload_position = fields.len();
                if expect_payload {
                    check_payload_shape(v, &mut f);
                } else if let Some(rows) = v.as_array().filter(|rows| !rows.is_empty()) {
                    // A session's head: its rows would be left out of the import unseen.
                    let rows = rows.len();
                    f.error(Some(key), Problem::PayloadInSessionHead { rows });
                }
                continue;
            }
            FieldKind::Enum { .. } => {
                if let Some(t) = import_type {
                    fields.insert(key.clone(), Value::String(t.as_str().into()));
                }
                continue;
            }
            _ => {}
        }
        // A null flag says nothing: sent as null, no `flag_not_applicable` for it.
        if v.is_null() {
            fields.insert(key.clone(), Value::Null);
            continue;
        }
        // The same kind dispatch as a row's fields (no phone lists here: no regions).
        if let Some(value) = checker.check_field(key, spec, v, &[], &mut f).into_value(v) {
            fields.insert(key.clone(), value);
        }
        if let Some(t) = import_type {
            if !spec.applies_to.is_empty() && !spec.applies_to.iter().any(|a| a == t.as_str()) {
                let applies_to = spec.applies_to.join(", ");
                f.warn(
                    Some(key),
                    Problem::FlagNotApplicable {
                        field: key.clone(),
                        applies_to,
                        import_type: t.as_str().into(),
                    },
                );
            }
        }
    }
    if expect_payload && !request.contains_key("payload") {
        f.error(Some("payload"), Problem::Required);
    }
    let has = |k: &str| request.get(k).is_some_and(|v| !v.is_null());
    if has("contact_list_id") && has("contact_list_external_id") {
        f.warn(
            Some("contact_list_external_id"),
            Problem::AmbiguousContactList,
        );
    }
    let usable = f.errors.is_empty();
    f.localise(checker.options.locale, checker.labels);
    RequestHead {
        import_type,
        findings: f,
        fields,
        payload_position,
        usable,
    }
}

fn check_type(v: Option<&Value>, f: &mut Findings) -> Option<ImportType> {
    const KEY: Option<&str> = Some("type");
    match v {
        None => f.error(KEY, Problem::Required),
        Some(Value::String(s)) => {
            if let Some(t) = ImportType::parse(s) {
                return Some(t);
            }
            if let Some(t) = ImportType::ALL
                .into_iter()
                .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
            {
                f.warn(
                    KEY,
                    Problem::EnumCaseNormalised {
                        value: s.clone(),
                        normalised: t.as_str().into(),
                    },
                );
                return Some(t);
            }
            f.error(
                KEY,
                Problem::UnknownImportType {
                    got: format!("{s:?}"),
                },
            );
        }
        Some(other) => f.error(
            KEY,
            Problem::UnknownImportType {
                got: json_type(other).into(),
            },
        ),
    }
    None
}

fn check_payload_shape(v: &Value, f: &mut Findings) {
    match v {
        Value::Array(rows) if rows.is_empty() => f.error(Some("payload"), Problem::EmptyPayload),
        Value::Array(_) => {}
        other => f.error(
            Some("payload"),
            Problem::PayloadNotArray {
                got: json_type(other),
            },
        ),
    }
}

/// The top-level fields of the body to send (checked, in input order) and where `payload` goes
/// among them. Kept apart from the rows so that the wasm facade can fill `payload` with the row
/// objects it already made instead of sending every valid row across twice.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BodyHead {
    fields: Map<String, Value>,
    payload_position: usize,
}

impl BodyHead {
    /// The body with `payload` at its place.
    pub fn with_payload(&self, payload: Value) -> Map<String, Value> {
        let mut out = Map::with_capacity(self.fields.len() + 1);
        let mut payload = Some(payload);
        for (i, (k, v)) in self.fields.iter().enumerate() {
            if i == self.payload_position {
                out.insert("payload".into(), payload.take().unwrap_or(Value::Null));
            }
            out.insert(k.clone(), v.clone());
        }
        if let Some(p) = payload {
            out.insert("payload".into(), p);
        }
        out
    }
}

/// Sets the report's `request` to the body to send, holding copies of the valid rows.
pub(crate) fn fill_body(report: &mut ImportReport, body: Option<BodyHead>) {
    if let Some(body) = body {
        let valid_rows = report
            .rows
            .iter()
            .filter(|r| r.sent())
            .filter_map(|r| r.row.clone().map(Value::Object))
            .collect();
        report.request = Some(body.with_payload(Value::Array(valid_rows)));
    }
}

/// The final report with `request` left null, and the head of the body to send when there is
/// one: no request-level error and at least one valid row (its payload: the `row` of every
/// row report with `ok`, in order).
pub(crate) fn report_split(
    head: RequestHead,
    rows: Vec<RowReport>,
) -> (ImportReport, Option<BodyHead>) {
    let counts = Counts::of(&rows);
    report_parts(head, rows, counts, Vec::new())
}

/// The rows of an import by what became of them.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    pub total: usize,
    /// In the body.
    pub valid: usize,
    /// Valid, left out as duplicates.
    pub dropped: usize,
}

impl Counts {
    pub fn of(rows: &[RowReport]) -> Counts {
        let mut c = Counts::default();
        c.add(rows);
        c
    }

    pub fn add(&mut self, rows: &[RowReport]) {
        self.total += rows.len();
        for r in rows {
            if r.sent() {
                self.valid += 1;
            } else if r.ok && r.dropped {
                self.dropped += 1;
            }
        }
    }

    /// `n` rows counted as valid turned out to be dropped (`keepLast`).
    pub fn late_drops(&mut self, n: usize) {
        self.valid -= n.min(self.valid);
        self.dropped += n;
    }
}

/// The report from the head's findings and the row counts; `rows` may be fewer than `total`
/// when the caller has passed the row reports on already (chunked checks).
pub(crate) fn report_parts(
    head: RequestHead,
    rows: Vec<RowReport>,
    counts: Counts,
    late_drops: Vec<(usize, crate::report::Issue)>,
) -> (ImportReport, Option<BodyHead>) {
    let Counts {
        total,
        valid,
        dropped,
    } = counts;
    let body = (head.usable && valid > 0).then(|| BodyHead {
        fields: head.fields,
        payload_position: head.payload_position,
    });
    let report = ImportReport {
        ok: head.findings.errors.is_empty() && valid + dropped == total,
        errors: head.findings.errors,
        warnings: head.findings.warnings,
        total,
        valid,
        invalid: total - valid - dropped,
        dropped,
        rows,
        request: None,
        late_drops,
    };
    (report, body)
}
