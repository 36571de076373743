//! The entry point of the core: a [`Validator`] holds the compiled tables (with the
//! organisation's custom fields), the options, the phone engine and its parse cache.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::duplicates::Duplicates;
use crate::options::{Options, OptionsError};
use crate::phone::{self, Candidate, ParseCache, PhoneEngine, PhoneResolution, RlibEngine};
use crate::report::{json_type, ImportReport, Labels, Problem, RowReport};
use crate::request::{self, BodyHead, RequestHead};
use crate::row::RowChecker;
use crate::schema::{ImportType, Schema};

/// Rows per chunk wherever a large payload is checked a chunk at a time. Chosen for the wasm
/// boundary: a chunk's JSON text (~60 KB for 250 contact rows) and its report text (~75 KB)
/// stay below V8's large-object size (128 KB), and larger strings are only freed by a full
/// garbage collection: 2,000-row chunks made 100k rows ~30% slower (BENCHMARKS.md, "Chunk
/// size"); smaller chunks gained nothing more. The native text path uses it too (the same
/// speed as one chunk of all rows).
pub(crate) const CHUNK_ROWS: usize = 250;

/// One chunk of payload rows for [`Validator::validate_import_chunked`].
pub(crate) enum Chunk<'t> {
    /// The rows, parsed (the facade's `swb` build; the tests).
    #[cfg_attr(not(any(test, feature = "swb")), allow(dead_code))]
    Values(Vec<Value>),
    /// Each row's JSON text; with `keep_text`, a row sent or handed back as given keeps it
    /// (see `RowChecker::check_row_texts`).
    Texts {
        rows: &'t [&'t str],
        keep_text: bool,
    },
    /// The rows as one JSON array text (what the wasm facade gets from `JSON.stringify`), and
    /// what converting them met (rows it could not convert, values written as null; see
    /// `RowChecker::check_row_texts`).
    #[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
    Array {
        text: String,
        converted: crate::converted::Converted,
    },
}

pub struct Validator {
    schema: Schema,
    options: Options,
    engine: Box<dyn PhoneEngine>,
    cache: ParseCache,
    labels: Labels,
}

impl Default for Validator {
    fn default() -> Self {
        Validator::new(Options::default())
    }
}

impl Validator {
    /// A validator with the default engine (`rlibphonenumber`).
    pub fn new(options: Options) -> Self {
        Self::with_engine(options, Box::new(RlibEngine))
    }

    pub fn with_engine(options: Options, engine: Box<dyn PhoneEngine>) -> Self {
        Self::with_schema_and_engine(options, Schema::embedded(), engine)
    }

    /// A validator on other tables than the embedded ones, e.g. from
    /// [`Schema::from_openapi`] (the live schema); the options' custom fields and marketing
    /// channels are added to them.
    pub fn with_schema(options: Options, schema: &Schema) -> Self {
        Self::with_schema_and_engine(options, schema, Box::new(RlibEngine))
    }

    fn with_schema_and_engine(
        options: Options,
        schema: &Schema,
        engine: Box<dyn PhoneEngine>,
    ) -> Self {
        let mut schema = Schema::with_options_on(schema, &options);
        crate::report::localise_issues(&mut schema.source.issues, options.locale);
        Validator {
            schema,
            labels: options
                .mapping
                .as_ref()
                .map(crate::mapping::Mapping::labels)
                .unwrap_or_default(),
            options,
            engine,
            cache: ParseCache::new(),
        }
    }

    /// An [`crate::ImportSession`] for `body` on this validator's tables and options (its own
    /// duplicates tracker, a fresh phone cache: see [`Validator::fresh`]).
    pub fn session(&self, body: &Value) -> crate::ImportSession {
        crate::ImportSession::new(self.fresh(), body)
    }

    /// Options as JSON (the shape the JS API takes: camelCase keys); `null` for defaults.
    pub fn from_options_json(options: &Value) -> Result<Self, OptionsError> {
        Self::from_options_json_with_schema(options, Schema::embedded())
    }

    /// [`Validator::from_options_json`] on the tables of `schema` (see
    /// [`Validator::with_schema`]); a mapping in the options is checked against them.
    pub fn from_options_json_with_schema(
        options: &Value,
        schema: &Schema,
    ) -> Result<Self, OptionsError> {
        let engine = RlibEngine;
        let v = Self::with_schema(Options::from_json(options, &engine)?, schema);
        if let Some(m) = &v.options.mapping {
            crate::mapping::check_mapping(m, &v.schema).map_err(OptionsError::Shape)?;
        }
        Ok(v)
    }

    /// The report of a body that could not be read at all, in the options' language.
    fn rejected(&self, problem: Problem) -> ImportReport {
        let mut report = ImportReport::rejected(problem);
        report.localise(self.options.locale, &self.labels);
        report
    }

    /// The message of `problem` in the options' language (for errors the caller throws).
    pub fn message(&self, problem: &Problem) -> String {
        crate::messages::message(problem, self.options.locale, None)
    }

    /// The schema in use: the embedded tables (or those given to [`Validator::with_schema`])
    /// plus the options' custom fields and channels. `schema().source` says where they came
    /// from, with the findings of loading them.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// A new validator with this one's schema and options, the default phone engine and an
    /// empty parse cache: for an [`crate::ImportSession`] on the same tables.
    pub fn fresh(&self) -> Validator {
        Validator {
            schema: self.schema.clone(),
            options: self.options.clone(),
            engine: Box::new(RlibEngine),
            cache: ParseCache::new(),
            labels: self.labels.clone(),
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    pub(crate) fn checker(&mut self) -> RowChecker<'_> {
        RowChecker {
            schema: &self.schema,
            options: &self.options,
            engine: self.engine.as_ref(),
            cache: &mut self.cache,
            duplicates: None,
            labels: &self.labels,
        }
    }

    /// Checks a whole `POST /import` body.
    pub fn validate_import(&mut self, request: &Value) -> ImportReport {
        let (mut report, body) = self.validate_import_split(request);
        request::fill_body(&mut report, body);
        report
    }

    /// Checks a body given as JSON text (the fast path from JS: one string crosses the
    /// boundary instead of every field).
    pub fn validate_import_json(&mut self, text: &str) -> ImportReport {
        let (mut report, body) = self.validate_import_json_split(text);
        request::fill_body(&mut report, body);
        report
    }

    /// [`Validator::validate_import`] with `request` left null and the body's head returned
    /// instead, for callers that build the body from the row reports themselves.
    pub(crate) fn validate_import_split(
        &mut self,
        request: &Value,
    ) -> (ImportReport, Option<BodyHead>) {
        self.split(Cow::Borrowed(request))
    }

    /// [`Validator::validate_import_json`], split as [`Validator::validate_import_split`].
    fn validate_import_json_split(&mut self, text: &str) -> (ImportReport, Option<BodyHead>) {
        let mut rows = Vec::new();
        let streamed = self.validate_import_json_chunked(text, CHUNK_ROWS, false, |reports| {
            rows.extend(reports);
            Ok::<_, std::convert::Infallible>(())
        });
        match streamed {
            Ok(Some((mut report, body))) => {
                for (index, warning) in std::mem::take(&mut report.late_drops) {
                    if let Some(r) = rows.get_mut(index) {
                        r.drop_late(warning);
                    }
                }
                report.rows = rows;
                (report, body)
            }
            _ => self.validate_import_json_whole(text),
        }
    }

    /// Checks a body given as JSON text without parsing it whole: its rows stay text until
    /// their chunk of `chunk_rows` is parsed and checked (see `body_text`), so memory holds the
    /// text, one chunk and what `emit` keeps of the reports. Reports go to `emit` as in
    /// [`Validator::validate_import_chunked`].
    ///
    /// `Ok(None)` when the text needs the whole-text path instead (not an object, not JSON, a
    /// row that serde_json would not read: a number out of range, say); the caller then drops
    /// whatever `emit` received and calls [`Validator::validate_import_json_whole`], which
    /// reports it exactly as before. A row only serde_json's full parse rejects is found when
    /// its chunk is parsed, so for such a text (rare: a number beyond f64, say) the rows before
    /// it are checked for nothing and the whole-text path then holds the tree it avoids.
    pub(crate) fn validate_import_json_chunked<E>(
        &mut self,
        text: &str,
        chunk_rows: usize,
        keep_text: bool,
        mut emit: impl FnMut(Vec<RowReport>) -> Result<(), E>,
    ) -> Result<Option<(ImportReport, Option<BodyHead>)>, E> {
        let text = crate::json_text::fix_lone_surrogates(text);
        let Some(body) = crate::body_text::split_body(&text) else {
            return Ok(None);
        };
        let mut chunks = body.rows.chunks(chunk_rows.max(1));
        let result = self.validate_import_chunked(
            &body.head,
            || Ok(chunks.next().map(|rows| Chunk::Texts { rows, keep_text })),
            |reports| emit(reports).map_err(Some),
            || None,
        );
        match result {
            Ok(parts) => Ok(Some(parts)),
            Err(None) => Ok(None),
            Err(Some(e)) => Err(e),
        }
    }

    /// The text parsed whole, then checked: for what the chunked path leaves to it.
    pub(crate) fn validate_import_json_whole(
        &mut self,
        text: &str,
    ) -> (ImportReport, Option<BodyHead>) {
        match crate::json_text::parse(text) {
            // Parsed here, so owned: its rows are normalised in place.
            Ok(v) => self.split(Cow::Owned(v)),
            Err(e) => (self.rejected(Problem::invalid_json(&e)), None),
        }
    }

    fn split(&mut self, request: Cow<'_, Value>) -> (ImportReport, Option<BodyHead>) {
        let body = match crate::row::as_object(request) {
            Ok(body) => body,
            Err(got) => return (self.rejected(Problem::RequestNotObject { got }), None),
        };
        let (head, rows) = self.check_body(body);
        request::report_split(head, rows)
    }

    /// Checks a body whose rows come in pieces, as [`Validator::validate_import_split`] would
    /// check it whole, for a caller that should not hold every row at once (the wasm facade
    /// converts a large JS payload a chunk at a time, so wasm memory stays bounded by the chunk).
    /// `body` is the request with `payload` holding any non-empty array (only its shape is
    /// checked here; the rows come from `next_chunk` until it gives `None`). Each chunk's
    /// reports go to `emit`, indexes continuing across chunks; the report that comes back has
    /// the counts and request-level findings, and no rows.
    ///
    /// Rows given as text (`Chunk::Texts`, `Chunk::Array`) that serde_json would not read end
    /// the check with `unreadable()`.
    pub(crate) fn validate_import_chunked<'t, E>(
        &mut self,
        body: &Map<String, Value>,
        mut next_chunk: impl FnMut() -> Result<Option<Chunk<'t>>, E>,
        mut emit: impl FnMut(Vec<RowReport>) -> Result<(), E>,
        unreadable: impl Fn() -> E,
    ) -> Result<(ImportReport, Option<BodyHead>), E> {
        let mut duplicates = Duplicates::new(self.options.duplicates);
        let mut checker = self.checker();
        checker.duplicates = Some(&mut duplicates);
        let head = request::check_head(&mut checker, body, true);
        let mut counts = request::Counts::default();
        let t = head.import_type;
        while let Some(chunk) = next_chunk()? {
            let start = counts.total;
            let reports = match chunk {
                Chunk::Values(rows) => {
                    checker.check_rows(t, start, rows.into_iter().map(Cow::Owned))
                }
                Chunk::Texts { rows, keep_text } => checker
                    .check_row_texts(t, start, rows, keep_text, &Default::default())
                    .map_err(|_| unreadable())?,
                Chunk::Array { text, converted } => {
                    let text = crate::json_text::fix_lone_surrogates(&text);
                    let rows = crate::body_text::split_array(&text).ok_or_else(&unreadable)?;
                    checker
                        .check_row_texts(t, start, &rows, true, &converted)
                        .map_err(|_| unreadable())?
                }
            };
            counts.add(&reports);
            emit(reports)?;
        }
        let late = checker.late_drops();
        counts.late_drops(late.len());
        Ok(request::report_parts(head, Vec::new(), counts, late))
    }

    fn check_body(&mut self, body: Cow<'_, Map<String, Value>>) -> (RequestHead, Vec<RowReport>) {
        let mut duplicates = Duplicates::new(self.options.duplicates);
        let mut checker = self.checker();
        checker.duplicates = Some(&mut duplicates);
        let head = request::check_head(&mut checker, &body, true);
        let t = head.import_type;
        let rows = match body {
            Cow::Borrowed(body) => match body.get("payload") {
                Some(Value::Array(rows)) => {
                    checker.check_rows(t, 0, rows.iter().map(Cow::Borrowed))
                }
                _ => Vec::new(),
            },
            Cow::Owned(mut body) => match body.get_mut("payload").map(Value::take) {
                Some(Value::Array(rows)) => {
                    checker.check_rows(t, 0, rows.into_iter().map(Cow::Owned))
                }
                _ => Vec::new(),
            },
        };
        (head, rows)
    }

    /// Checks one row of the given type (`index` is reported back as given).
    pub fn validate_row(
        &mut self,
        import_type: ImportType,
        row: &Value,
        index: usize,
    ) -> RowReport {
        let mut report = self.checker().check(import_type, index, Cow::Borrowed(row));
        report.localise(self.options.locale, &self.labels);
        report
    }

    /// Resolves one phone value (a string or a list) the way a contact row's `whatsapp` / `sms`
    /// is resolved. `country_codes` of `None` uses the default country codes of the options.
    pub fn resolve_phone(
        &mut self,
        candidates: &Value,
        country_codes: Option<&[String]>,
    ) -> Result<PhoneResolution, Problem> {
        let mut warnings = Vec::new();
        let list = crate::row::phone_candidates(candidates, &mut warnings).ok_or_else(|| {
            Problem::InvalidType {
                expected: "a phone number or a list of them",
                got: json_type(candidates).into(),
            }
        })?;
        let regions = match country_codes {
            None => self.options.default_country_codes.clone(),
            Some(codes) => {
                let (known, unknown) = phone::check_country_codes(
                    self.engine.as_ref(),
                    codes.iter().map(String::as_str),
                );
                if let Some(bad) = unknown.into_iter().next() {
                    return Err(Problem::InvalidCountryCode { value: bad });
                }
                known
            }
        };
        Ok(self.resolve_candidates(&list, &regions))
    }

    /// Resolves already-split candidates with checked, upper-case regions.
    pub fn resolve_candidates(
        &mut self,
        candidates: &[Candidate],
        regions: &[String],
    ) -> PhoneResolution {
        phone::resolve(
            self.engine.as_ref(),
            &mut self.cache,
            candidates,
            regions,
            self.options.locale,
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Checking the rows in chunks gives the same report as checking the body whole.
    #[test]
    fn chunked_equals_whole() {
        let rows = json!([
            {"external_id": "c1", "whatsapp": ["0151 2345 6789"], "country_codes": ["DE"]},
            {"full_name": "no identifier"},
            "not an object",
            {"email": " Ada@Example.com ", "birthday": "1990-12-25", "mystery": 1},
            {"external_id": "c4", "is_blocked": "yes"},
            null,
            {"external_id": "c6", "sms": "+1 201-555-0123"},
        ]);
        let heads = [
            json!({"type": "contact_details", "contact_list_id": "6ACDF7FB-9F8F-44D7-B67B-9FB833ABAD80"}),
            json!({"contact_list_external_id": "l", "type": "CONTACT_DETAILS"}),
            json!({"type": "nope"}),
            json!({"contact_list_id": "x"}),
            json!({"type": "deal_details", "allow_appointment_reassignment": true}),
        ];
        let Value::Array(all) = rows else {
            unreachable!()
        };
        for head in heads {
            for payload_first in [false, true] {
                let mut body = Map::new();
                if payload_first {
                    body.insert("payload".into(), Value::Array(all.clone()));
                }
                for (k, v) in head.as_object().into_iter().flatten() {
                    body.insert(k.clone(), v.clone());
                }
                if !payload_first {
                    body.insert("payload".into(), Value::Array(all.clone()));
                }
                let whole = Validator::default().validate_import(&Value::Object(body.clone()));
                for (chunk, as_text) in [1, 2, 3, 7, 100]
                    .into_iter()
                    .flat_map(|c| [(c, false), (c, true)])
                {
                    let mut pieces = all.chunks(chunk).map(|rows| {
                        if as_text {
                            Chunk::Array {
                                text: serde_json::to_string(rows).unwrap(),
                                converted: Default::default(),
                            }
                        } else {
                            Chunk::Values(rows.to_vec())
                        }
                    });
                    let mut got = Vec::new();
                    let mut placeholder = body.clone();
                    placeholder.insert("payload".into(), json!([null]));
                    let (mut report, head) = Validator::default()
                        .validate_import_chunked::<()>(
                            &placeholder,
                            || Ok(pieces.next()),
                            |reports| {
                                got.extend(reports);
                                Ok(())
                            },
                            || (),
                        )
                        .unwrap();
                    let written = crate::report_json::row_reports(&got);
                    for r in &mut got {
                        r.materialise();
                    }
                    let written: Value = serde_json::from_str(&written).unwrap();
                    assert_eq!(written, serde_json::to_value(&got).unwrap());
                    report.rows = got;
                    request::fill_body(&mut report, head);
                    assert_eq!(
                        report, whole,
                        "chunk {chunk}, text {as_text}, head {body:?}"
                    );
                }
            }
        }
    }

    /// A body read from text a chunk of rows at a time gives the report of the text parsed
    /// whole, for any chunk size; what the chunked path cannot read goes to the whole path.
    /// An element beyond what the parser holds (nested past 128 levels, a number out of range)
    /// is that row's `invalid_json`: the rows around it are checked and reported, in order.
    #[test]
    fn an_unreadable_element_is_its_rows_error() {
        let deep = format!("{}{}", "[".repeat(130), "]".repeat(130));
        for bad in [deep.as_str(), "1e400"] {
            let text = format!(
                r#"{{"type": "contact_details", "payload": [{{"email": "a@b.de"}}, {{"email": "c@d.de", "n": {bad}}}, {{"email": "e@f.de"}}]}}"#
            );
            let r = Validator::default().validate_import_json(&text);
            assert!(r.errors.is_empty(), "{bad}: {:?}", r.errors);
            let ok: Vec<bool> = r.rows.iter().map(|r| r.ok).collect();
            assert_eq!(ok, [true, false, true], "{bad}");
            assert_eq!(r.rows[1].errors[0].code, "invalid_json");
            assert_eq!(r.rows[1].errors[0].field, None);
            let payload = r.request.as_ref().and_then(|b| b["payload"].as_array());
            assert_eq!(payload.map(Vec::len), Some(2));
        }
    }

    #[test]
    fn json_text_in_chunks_equals_whole() {
        let rows = r#"[ {"external_id": "c1", "whatsapp": ["0151 2345 6789"], "country_codes": ["DE"]},
            {"full_name": "no identifier"}, "not an object", null,
            {"email": " Ada@Example.com ", "birthday": "1990-12-25", "mystery": [1, {"]": "\"["}]},
            {"external_id": "c4", "is_blocked": "yes", "full_name": "Zo\u00eb \ud800"} ]"#;
        // (text, whether the chunked path reads it rather than leaving it to the whole path)
        let texts: [(String, bool); 11] = [
            (
                format!(r#"{{"type": "contact_details", "payload": {rows}}}"#),
                true,
            ),
            (
                format!(
                    r#" {{ "payload" : {rows} , "contact_list_external_id":"l","type":"CONTACT_DETAILS" }} "#
                ),
                true,
            ),
            (
                format!(
                    r#"{{"type": "deal_details", "payload": {rows}, "allow_deal_reassignment": 1}}"#
                ),
                true,
            ),
            (format!(r#"{{"payload": {rows}}}"#), true),
            (r#"{"type": "contact_details", "payload": []}"#.into(), true),
            (
                r#"{"type": "contact_details", "payload": {"a": 1}}"#.into(),
                true,
            ),
            (r#"{"type": "contact_details"}"#.into(), true),
            // A repeated payload, a cut text, not an object, not JSON.
            (
                format!(r#"{{"type": "contact_details", "payload": {rows}, "payload": []}}"#),
                false,
            ),
            (
                format!(r#"{{"type": "contact_details", "payload": {rows}"#),
                false,
            ),
            (rows.into(), false),
            ("".into(), false),
        ];
        for (text, chunked) in &texts {
            let (mut whole, body) = Validator::default().validate_import_json_whole(text);
            request::fill_body(&mut whole, body);
            assert_eq!(
                Validator::default().validate_import_json(text),
                whole,
                "{text}"
            );
            for (chunk, keep_text) in [1, 2, 3, 100]
                .into_iter()
                .flat_map(|c| [(c, true), (c, false)])
            {
                let mut got = Vec::new();
                let streamed = Validator::default()
                    .validate_import_json_chunked::<()>(text, chunk, keep_text, |reports| {
                        assert!(keep_text || reports.iter().all(|r| r.given.is_none()));
                        got.extend(reports);
                        Ok(())
                    })
                    .unwrap();
                assert_eq!(streamed.is_some(), *chunked, "{text}");
                if let Some((mut report, body)) = streamed {
                    let written = crate::report_json::row_reports(&got);
                    for r in &mut got {
                        r.materialise();
                    }
                    let written: Value = serde_json::from_str(&written).unwrap();
                    assert_eq!(written, serde_json::to_value(&got).unwrap(), "{text}");
                    report.rows = got;
                    request::fill_body(&mut report, body);
                    assert_eq!(report, whole, "chunk {chunk}: {text}");
                }
            }
        }
    }

    /// An error from the chunk source stops the check and comes back as it is.
    #[test]
    fn chunk_source_error_is_returned() {
        let body = json!({"type": "contact_details", "payload": [null]});
        let mut calls = 0;
        let got = Validator::default().validate_import_chunked(
            body.as_object().unwrap(),
            || {
                calls += 1;
                if calls == 1 {
                    Ok(Some(Chunk::Values(vec![json!({"email": "a@b.de"})])))
                } else {
                    Err("stringify failed")
                }
            },
            |_| Ok(()),
            || "unreadable",
        );
        assert_eq!(got.unwrap_err(), "stringify failed");
    }
}
