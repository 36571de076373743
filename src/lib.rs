//! Checks and normalises the rows of a Mateo `POST /import` before they are sent.
//!
//! The core (everything but `wasm`) knows nothing of JavaScript: it works on
//! `serde_json::Value` and is tested with plain `cargo test`. `wasm` is the thin facade that
//! converts at the boundary.

mod body_text;
mod converted;
pub mod csv_rows;
pub mod duplicates;
pub mod input;
pub mod json_text;
pub mod local;
pub mod mapping;
pub mod messages;
pub mod options;
pub mod output;
pub mod phone;
pub mod report;
pub mod report_json;
mod request;
mod row;
mod row_text;
pub mod schema;
pub mod session;
pub mod time;
pub mod validator;
pub mod value;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
#[cfg(target_arch = "wasm32")]
pub mod wasm_mapping;
#[cfg(target_arch = "wasm32")]
pub mod wasm_output;
#[cfg(target_arch = "wasm32")]
pub mod wasm_table;
pub mod xlsx;
pub mod zip;

pub use input::{read_table, ReadOptions, Table, TableReader};
pub use mapping::{apply_mapping, suggest_mapping, ColumnMapping, Mapping};
pub use options::{CustomField, CustomFieldType, Entity, Options, OptionsError, UnknownFields};
pub use phone::{PhoneResolution, RlibEngine};
pub use report::{ImportReport, Issue, Problem, RowReport, ALL_CODES};
pub use schema::ImportType;
pub use session::{ImportSession, SessionSummary};
pub use validator::Validator;

/// Checks a `POST /import` body with default options.
pub fn validate_import(request: &serde_json::Value) -> ImportReport {
    Validator::default().validate_import(request)
}
