//! The entry point of the core: a [`Validator`] holds the compiled tables (with the
//! organisation's custom fields), the options, the phone engine and its parse cache.

use serde_json::Value;

use crate::options::{Options, OptionsError};
use crate::phone::{self, Candidate, ParseCache, PhoneEngine, PhoneResolution, RlibEngine};
use crate::report::{json_type, ImportReport, Problem, RowReport};
use crate::request;
use crate::row::RowChecker;
use crate::schema::{ImportType, Schema};

pub struct Validator {
    schema: Schema,
    options: Options,
    engine: Box<dyn PhoneEngine>,
    cache: ParseCache,
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
        Validator {
            schema: Schema::with_options(&options),
            options,
            engine,
            cache: ParseCache::new(),
        }
    }

    /// Options as JSON (the shape the JS API takes: camelCase keys); `null` for defaults.
    pub fn from_options_json(options: &Value) -> Result<Self, OptionsError> {
        let engine = RlibEngine;
        Ok(Self::new(Options::from_json(options, &engine)?))
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    pub fn engine(&self) -> &dyn PhoneEngine {
        self.engine.as_ref()
    }

    pub(crate) fn checker(&mut self) -> RowChecker<'_> {
        RowChecker {
            schema: &self.schema,
            options: &self.options,
            engine: self.engine.as_ref(),
            cache: &mut self.cache,
        }
    }

    /// Checks a whole `POST /import` body.
    pub fn validate_import(&mut self, request: &Value) -> ImportReport {
        let Value::Object(body) = request else {
            return ImportReport::rejected(Problem::RequestNotObject {
                got: json_type(request),
            });
        };
        let mut checker = self.checker();
        let head = request::check_head(&checker, body, true);
        let rows = match body.get("payload") {
            Some(Value::Array(elements)) => elements
                .iter()
                .enumerate()
                .map(|(i, element)| match head.import_type {
                    Some(t) => checker.check(t, i, element),
                    None => untyped_row(i, element),
                })
                .collect(),
            _ => Vec::new(),
        };
        request::report(head, rows)
    }

    /// Checks a body given as JSON text (the fast path from JS: one string crosses the
    /// boundary instead of every field).
    pub fn validate_import_json(&mut self, text: &str) -> ImportReport {
        match serde_json::from_str::<Value>(&crate::json_text::fix_lone_surrogates(text)) {
            Ok(v) => self.validate_import(&v),
            Err(e) => ImportReport::rejected(Problem::InvalidJson {
                reason: e.to_string(),
            }),
        }
    }

    /// Checks one row of the given type (`index` is reported back as given).
    pub fn validate_row(
        &mut self,
        import_type: ImportType,
        row: &Value,
        index: usize,
    ) -> RowReport {
        self.checker().check(import_type, index, row)
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
        phone::resolve(self.engine.as_ref(), &mut self.cache, candidates, regions)
    }
}

/// A row of an import whose type is unknown: only its shape can be checked.
pub(crate) fn untyped_row(index: usize, element: &Value) -> RowReport {
    match element {
        Value::Object(row) => RowReport {
            index,
            ok: true,
            row: Some(row.clone()),
            errors: Vec::new(),
            warnings: Vec::new(),
        },
        other => RowReport::rejected(
            index,
            Problem::RowNotObject {
                got: json_type(other),
            },
        ),
    }
}
