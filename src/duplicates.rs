//! Rows of one import that the server would merge: the same `external_id`, or contacts sharing
//! a handle (the resolved E.164 number, the lower-cased e-mail, …) under different external
//! ids. Kept as 64-bit hashes of the normalised values with the first row's index, not the
//! rows: 16 bytes per key in the map, about 55 at the peak of its growth (a million contacts
//! with an external id and an e-mail: 104 MiB, `examples/bench_duplicates.rs`). `Off` keeps
//! nothing, for files of many millions of rows.
//! Two different values share a hash with a chance of about n²/2⁶⁵ (3·10⁻⁷ for three million
//! keys); such a collision would show as a false finding naming both rows, never a lost row.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use serde_json::Value;

use crate::report::{Problem, RowReport};
use crate::schema::ImportType;

/// What a duplicate is: a warning (the default), an error that keeps the later row out, or
/// (for the same `external_id`) one row kept and the others dropped from the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DuplicatePolicy {
    #[default]
    Warn,
    Error,
    /// The first row of an `external_id` is sent; later ones are dropped.
    KeepFirst,
    /// The last row of an `external_id` is sent; earlier ones are dropped. An earlier row's
    /// report may already be out (chunks, sessions): its drop is known at the end
    /// ([`Duplicates::take_late_drops`]).
    KeepLast,
    /// Rows are not compared: no memory per row (for files of many millions of rows).
    Off,
}

impl DuplicatePolicy {
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "warn" => DuplicatePolicy::Warn,
            "error" => DuplicatePolicy::Error,
            "keepFirst" => DuplicatePolicy::KeepFirst,
            "keepLast" => DuplicatePolicy::KeepLast,
            "off" => DuplicatePolicy::Off,
            _ => return None,
        })
    }
}

/// A row dropped after its report was made (`keepLast`): its index and the warning it gets.
#[derive(Debug, Clone, PartialEq)]
pub struct LateDrop {
    pub index: usize,
    pub problem: Problem,
}

/// Handles of a contact, and how their values are compared.
const HANDLES: [(&str, bool); 6] = [
    ("email", true),
    ("whatsapp", false),
    ("sms", false),
    ("instagram", true),
    ("facebook", false),
    ("google_business_messaging", false),
];

#[derive(Debug, Clone, Copy)]
struct Seen {
    /// The first row with this key.
    row: u32,
    /// That row's external id: 32 bits of its hash (0 when it had none), enough to tell two
    /// contacts apart once their handles' 64-bit keys are equal. 8 bytes with `row`, so a key
    /// takes 16 bytes in the map (24 with the whole hash).
    external_id: u32,
}

/// The 32 bits of an external id's key kept in [`Seen`]; 0 only for "none".
fn ext_bits(key: u64) -> u32 {
    if key == 0 {
        0
    } else {
        ((key >> 32) as u32).max(1)
    }
}

/// The keys seen so far in one import (a call, or a whole `ImportSession`).
#[derive(Debug, Default)]
pub struct Duplicates {
    policy: DuplicatePolicy,
    seen: HashMap<u64, Seen, foldhash::fast::FixedState>,
    /// `keepLast` drops found in the chunk being checked.
    late: Vec<LateDrop>,
    /// `keepLast` drops of rows in chunks already returned.
    earlier: Vec<LateDrop>,
}

fn key(state: &foldhash::fast::FixedState, namespace: &str, value: &str) -> u64 {
    let mut h = state.build_hasher();
    h.write(namespace.as_bytes());
    h.write_u8(0xff);
    h.write(value.as_bytes());
    // 0 means "no external id" in `Seen`.
    h.finish().max(1)
}

impl Duplicates {
    pub fn new(policy: DuplicatePolicy) -> Self {
        Duplicates {
            policy,
            seen: HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0x006d_6174_656f)),
            late: Vec::new(),
            earlier: Vec::new(),
        }
    }

    /// The rows `keepLast` dropped that were in earlier chunks, in the order found; each index
    /// at most once.
    pub fn take_late_drops(&mut self) -> Vec<LateDrop> {
        std::mem::take(&mut self.earlier)
    }

    /// After a chunk starting at `start`: each drop of a row in it goes to `mark` (its report
    /// is still at hand); drops of earlier rows are kept for [`Duplicates::take_late_drops`].
    pub fn settle(&mut self, start: usize, mut mark: impl FnMut(usize, Problem)) {
        for d in std::mem::take(&mut self.late) {
            if d.index >= start {
                mark(d.index, d.problem);
            } else {
                self.earlier.push(d);
            }
        }
    }

    /// Looks at a checked row: a valid row's values are normalised, so `0151 2345678` with DE
    /// and `+49 151 2345678` are the same number here. Invalid rows are not compared (their
    /// values are as given), and add no keys.
    pub fn observe(&mut self, t: ImportType, report: &mut RowReport) {
        if self.policy == DuplicatePolicy::Off {
            return;
        }
        let Some(row) = report.row.as_ref().filter(|_| report.ok) else {
            return;
        };
        let index = u32::try_from(report.index).unwrap_or(u32::MAX);
        let state = self.seen.hasher().clone();
        // One walk over the row for the external id and the handles (a lookup per field hashed
        // each name: a fifth of this function's cost on the 100k benchmark).
        let mut external_id = None;
        let mut handles: [Option<&str>; HANDLES.len()] = [None; HANDLES.len()];
        for (k, v) in row {
            let Value::String(v) = v else { continue };
            if k == "external_id" {
                external_id = Some(v.trim()).filter(|e| !e.is_empty());
            } else if t == ImportType::Contact {
                if let Some(i) = HANDLES.iter().position(|(f, _)| *f == k) {
                    handles[i] = Some(v.trim()).filter(|h| !h.is_empty());
                }
            }
        }
        let ext_key = external_id.map_or(0, |e| key(&state, t.as_str(), e));
        let mut found: Vec<(Option<&str>, Problem)> = Vec::new();
        if let Some(ext) = &external_id {
            match self.seen.get_mut(&ext_key) {
                Some(first) if self.policy == DuplicatePolicy::KeepFirst => {
                    report.dropped = true;
                    report.warnings.push(
                        Problem::DuplicateDropped {
                            value: (*ext).to_owned(),
                            kept_row: first.row as usize,
                        }
                        .at(Some("external_id")),
                    );
                    return;
                }
                Some(last) if self.policy == DuplicatePolicy::KeepLast => {
                    self.late.push(LateDrop {
                        index: last.row as usize,
                        problem: Problem::DuplicateDropped {
                            value: (*ext).to_owned(),
                            kept_row: report.index,
                        },
                    });
                    last.row = index;
                }
                Some(first) => found.push((
                    Some("external_id"),
                    Problem::DuplicateExternalId {
                        value: (*ext).to_owned(),
                        first_row: first.row as usize,
                    },
                )),
                None => {
                    self.seen.insert(
                        ext_key,
                        Seen {
                            row: index,
                            external_id: ext_bits(ext_key),
                        },
                    );
                }
            }
        }
        if t == ImportType::Contact {
            for ((field, fold_case), v) in HANDLES.iter().zip(handles) {
                let Some(v) = v else { continue };
                // Most e-mail addresses are lower case already: no copy for them.
                let normalised: Cow<'_, str> =
                    if *fold_case && v.chars().any(|c| !c.is_ascii() || c.is_ascii_uppercase()) {
                        Cow::Owned(v.to_lowercase())
                    } else {
                        Cow::Borrowed(v)
                    };
                let field = *field;
                let k = key(&state, field, &normalised);
                match self.seen.get(&k) {
                    Some(first) if first.external_id != ext_bits(ext_key) || ext_key == 0 => found
                        .push((
                            Some(field),
                            Problem::SharedHandle {
                                handle: normalised.into_owned(),
                                other_row: first.row as usize,
                            },
                        )),
                    Some(_) => {}
                    None => {
                        self.seen.insert(
                            k,
                            Seen {
                                row: index,
                                external_id: ext_bits(ext_key),
                            },
                        );
                    }
                }
            }
        }
        for (field, problem) in found {
            let issue = problem.at(field);
            match self.policy {
                DuplicatePolicy::Warn
                | DuplicatePolicy::KeepFirst
                | DuplicatePolicy::KeepLast
                | DuplicatePolicy::Off => report.warnings.push(issue),
                DuplicatePolicy::Error => {
                    report.ok = false;
                    report.errors.push(issue);
                }
            }
        }
    }
}
