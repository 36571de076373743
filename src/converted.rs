//! What the wasm facade's `JSON.stringify` did to the values it converted, for the core to say
//! on the rows: rows it could not convert at all, and values JSON has no form for, which it
//! wrote as `null` (NaN, ±Infinity, an invalid `Date`, `undefined` in a list).

use crate::report::{Issue, Problem};

/// A step of a value's path from the converted value: a key, or an index in a list.
#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(u32),
}

/// A value written as `null`: where, from the converted value, and what it was ("NaN",
/// "-Infinity", "Invalid Date", "undefined", "a function", "a symbol").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nulled {
    pub path: Vec<Step>,
    pub what: String,
}

impl Nulled {
    /// The finding, its path taken from `skip` steps on (past a chunk's row index, say) and
    /// attached to the field it starts with. `None` when nothing is left of the path: the
    /// converted thing itself was the value (a row that is `NaN` is `row_not_object`).
    pub fn issue(&self, skip: usize) -> Option<Issue> {
        let path = self.path.get(skip..).filter(|p| !p.is_empty())?;
        let mut text = String::new();
        for step in path {
            match step {
                Step::Key(k) if text.is_empty() => text.push_str(k),
                Step::Key(k) => {
                    text.push('.');
                    text.push_str(k);
                }
                Step::Index(i) => text.push_str(&format!("[{i}]")),
            }
        }
        let field = match path.first() {
            Some(Step::Key(k)) => Some(k.as_str()),
            _ => None,
        };
        Some(
            Problem::SentAsNull {
                value: self.what.clone(),
                path: text,
            }
            .at(field),
        )
    }
}

/// What converting a list of rows met, by the row's place in the list.
#[derive(Debug, Default, Clone)]
pub struct Converted {
    /// Rows that could not be converted, and why: each is a placeholder in the text and that
    /// row's `invalid_json`.
    pub refused: Vec<(usize, String)>,
    /// Values written as `null`, their paths starting with the row's place: that row's
    /// `sent_as_null` warnings.
    pub nulled: Vec<Nulled>,
}

impl Converted {
    /// Why row `at` could not be converted, if it could not.
    pub fn refused(&self, at: usize) -> Option<&str> {
        self.refused
            .iter()
            .find(|(i, _)| *i == at)
            .map(|(_, why)| why.as_str())
    }

    /// The `sent_as_null` findings of row `at`.
    pub fn nulled_in(&self, at: usize) -> impl Iterator<Item = Issue> + '_ {
        let row = u32::try_from(at).ok().map(Step::Index);
        self.nulled
            .iter()
            .filter(move |n| row.as_ref().is_some_and(|r| n.path.first() == Some(r)))
            .filter_map(|n| n.issue(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nulled(path: &[Step], what: &str) -> Nulled {
        Nulled {
            path: path.to_vec(),
            what: what.into(),
        }
    }

    #[test]
    fn a_path_reads_as_keys_and_indexes_on_its_first_key() {
        let key = |k: &str| Step::Key(k.into());
        let n = nulled(
            &[Step::Index(3), key("whatsapp"), Step::Index(1)],
            "undefined",
        );
        let issue = n.issue(1).unwrap();
        assert_eq!(issue.code, "sent_as_null");
        assert_eq!(issue.field.as_deref(), Some("whatsapp"));
        assert_eq!(
            issue.message,
            "undefined has no form in JSON: `whatsapp[1]` is sent as null"
        );
        let deep = nulled(&[Step::Index(0), key("custom_fields"), key("score")], "NaN");
        let params = deep.issue(1).unwrap().problem.params();
        assert_eq!(params["path"], "custom_fields.score");
        assert_eq!(params["value"], "NaN");
        assert!(nulled(&[Step::Index(2)], "NaN").issue(1).is_none());
    }

    #[test]
    fn each_row_gets_its_own_findings() {
        let key = |k: &str| Step::Key(k.into());
        let c = Converted {
            refused: vec![(1, "BigInt".into())],
            nulled: vec![
                nulled(&[Step::Index(0), key("amount")], "NaN"),
                nulled(&[Step::Index(2), key("value")], "Infinity"),
                nulled(&[Step::Index(2), key("end")], "Invalid Date"),
            ],
        };
        assert_eq!(c.refused(1), Some("BigInt"));
        assert_eq!(c.refused(0), None);
        let fields = |at| {
            c.nulled_in(at)
                .map(|i| i.field.unwrap_or_default())
                .collect::<Vec<_>>()
        };
        assert_eq!(fields(0), ["amount"]);
        assert!(fields(1).is_empty());
        assert_eq!(fields(2), ["value", "end"]);
    }
}
