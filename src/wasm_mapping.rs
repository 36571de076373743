//! The wasm facade of header mapping: `suggestMapping` and `applyMapping` convert their
//! arguments and call [`crate::mapping`].

use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use crate::mapping::{apply_mapping, suggest_mapping, Mapping};
use crate::report::Problem;
use crate::schema::{ImportType, Schema};
use crate::wasm::{js_error, options_from, problem_error, string_arg, to_js, to_json, JsValidator};

fn import_type_arg(v: &JsValue) -> Result<ImportType, JsValue> {
    let name = string_arg(v, "type")?;
    ImportType::parse(&name).ok_or_else(|| {
        problem_error(Problem::UnknownImportType {
            got: format!("{name:?}"),
        })
    })
}

fn rows_arg(v: &JsValue, name: &str) -> Result<Vec<Map<String, Value>>, JsValue> {
    match to_json(v) {
        Ok(None) | Ok(Some(Value::Null)) => Ok(Vec::new()),
        Ok(Some(Value::Array(items))) => Ok(items
            .into_iter()
            .filter_map(|i| match i {
                Value::Object(m) => Some(m),
                _ => None,
            })
            .collect()),
        Ok(Some(_)) => Err(js_error(
            "invalid_type",
            &format!("{name} must be an array of row objects"),
        )),
        Err(reason) => Err(js_error("invalid_json", &reason)),
    }
}

/// Suggests a field of `type` for every header: an exact API name, a known synonym (German and
/// English, the names CRM exports use), a similar name, or what `options.sample` (some rows of
/// the file) looks like. Custom fields and marketing channels of the options are targets too.
#[wasm_bindgen(js_name = suggestMapping, unchecked_return_type = "Mapping")]
pub fn suggest(
    #[wasm_bindgen(unchecked_param_type = "string[]")] headers: JsValue,
    #[wasm_bindgen(js_name = type, unchecked_param_type = "ImportType")] import_type: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "(Options & { sample?: Record<string, unknown>[] }) | null"
    )]
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let t = import_type_arg(&import_type)?;
    let headers = headers_arg(&headers)?;
    let mut sample = Vec::new();
    let rest = if options.is_object() {
        let copy = js_sys::Object::assign(&js_sys::Object::new(), options.unchecked_ref());
        sample = rows_arg(
            &js_sys::Reflect::get(&copy, &"sample".into())?,
            "options.sample",
        )?;
        js_sys::Reflect::delete_property(&copy, &"sample".into())?;
        copy.into()
    } else {
        options
    };
    let validator = options_from(&rest)?;
    let mut mapping = suggest_mapping(&headers, t, validator.schema(), &sample);
    mapping.localise(validator.options().locale);
    to_js(&mapping)
}

#[wasm_bindgen(js_class = Validator)]
impl JsValidator {
    /// `suggestMapping` on this validator's tables (e.g. from `Validator.fromOpenApi`: every
    /// deal column a target), custom fields and marketing channels. `sample`: some rows of the
    /// file.
    #[wasm_bindgen(js_name = suggestMapping, unchecked_return_type = "Mapping")]
    pub fn suggest_mapping(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] headers: JsValue,
        #[wasm_bindgen(js_name = type, unchecked_param_type = "ImportType")] import_type: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>[] | null")] sample: Option<
            JsValue,
        >,
    ) -> Result<JsValue, JsValue> {
        let t = import_type_arg(&import_type)?;
        let headers = headers_arg(&headers)?;
        let sample = rows_arg(&sample.unwrap_or(JsValue::UNDEFINED), "sample")?;
        let mut mapping = suggest_mapping(&headers, t, self.inner.schema(), &sample);
        mapping.localise(self.inner.options().locale);
        to_js(&mapping)
    }
}

fn headers_arg(headers: &JsValue) -> Result<Vec<String>, JsValue> {
    match to_json(headers) {
        Ok(Some(Value::Array(items))) if items.iter().all(Value::is_string) => Ok(items
            .into_iter()
            .filter_map(|h| h.as_str().map(str::to_owned))
            .collect()),
        _ => Err(js_error(
            "invalid_type",
            "headers must be an array of strings",
        )),
    }
}

/// The rows as the API's rows under `mapping`: columns renamed, several columns in one field
/// (phone lists in their order, text joined with a space), local dates, booleans and decimal
/// commas converted. The findings of these conversions come with `Options.mapping` in the
/// validators, which apply the same mapping.
#[wasm_bindgen(js_name = applyMapping, unchecked_return_type = "Record<string, unknown>[]")]
pub fn apply(
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>[]")] rows: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Mapping")] mapping: JsValue,
) -> Result<JsValue, JsValue> {
    // Every row comes back in its place: an element that is not an object is passed on as it
    // is, for the check to report (`row_not_object`) at the same index.
    let rows = match to_json(&rows) {
        Ok(Some(Value::Array(items))) => items,
        Ok(_) => {
            return Err(js_error(
                "invalid_type",
                "rows must be an array of row objects",
            ))
        }
        Err(reason) => return Err(js_error("invalid_json", &reason)),
    };
    let mapping = match to_json(&mapping) {
        Ok(Some(v)) => Mapping::from_json(&v).map_err(|e| js_error("invalid_mapping", &e))?,
        _ => {
            return Err(js_error(
                "invalid_mapping",
                "mapping must be a Mapping object",
            ))
        }
    };
    let table = Schema::embedded().rows(mapping.import_type);
    let out: Vec<Value> = rows
        .into_iter()
        .map(|r| match r {
            Value::Object(r) => Value::Object(apply_mapping(&r, &mapping, table, &[]).row),
            other => other,
        })
        .collect();
    to_js(&out)
}
