//! Rows of one import that the server would merge: the same `external_id`, or contacts sharing
//! a handle (the resolved E.164 number, the lower-cased e-mail, …) under different external
//! ids. Kept as 64-bit hashes of the normalised values with the first row's index, not the
//! rows: 16 bytes per key in the map, about 55 at the peak of its growth (a million contacts
//! with an external id and an e-mail: 104 MiB, `examples/bench_duplicates.rs`). `Off` keeps
//! nothing, for files of many millions of rows.
//! Two different values share a hash with a chance of about n²/2⁶⁵ (3·10⁻⁷ for three million
//! keys); such a collision would show as a false finding naming both rows, never a lost row.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

use serde_json::Value;

use crate::report::{Problem, RowReport};
use crate::row::RowView;
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

/// The place of a field in [`HANDLES`]: one `match` on the name instead of comparing it with
/// each handle in turn, for every field of every row.
fn handle_index(field: &str) -> Option<usize> {
    Some(match field {
        "email" => 0,
        "whatsapp" => 1,
        "sms" => 2,
        "instagram" => 3,
        "facebook" => 4,
        "google_business_messaging" => 5,
        _ => return None,
    })
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

/// The map's hasher: its keys are already 64-bit hashes, so they are used as they are (hashing
/// them again doubled the hashing, which in wasm32 is 64-bit multiplies done in 32-bit halves).
#[derive(Debug, Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed here; any other input still gets a well-defined hash.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The keys seen so far in one import (a call, or a whole `ImportSession`).
#[derive(Debug, Default)]
pub struct Duplicates {
    policy: DuplicatePolicy,
    /// Hashes the normalised values into the map's keys.
    state: foldhash::fast::FixedState,
    seen: HashMap<u64, Seen, BuildHasherDefault<KeyHasher>>,
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
            state: foldhash::fast::FixedState::with_seed(0x006d_6174_656f),
            seen: HashMap::default(),
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
    pub(crate) fn observe(&mut self, t: ImportType, row: &impl RowView, report: &mut RowReport) {
        if self.policy == DuplicatePolicy::Off || !report.ok {
            return;
        }
        let index = u32::try_from(report.index).unwrap_or(u32::MAX);
        let state = self.state.clone();
        // One walk over the row for the external id and the handles (a lookup per field hashed
        // each name: a fifth of this function's cost on the 100k benchmark).
        let mut external_id = None;
        let mut handles: [Option<&str>; HANDLES.len()] = [None; HANDLES.len()];
        for (k, v) in row.entries() {
            let Value::String(v) = v else { continue };
            if k == "external_id" {
                external_id = Some(v.trim()).filter(|e| !e.is_empty());
            } else if t == ImportType::Contact {
                if let Some(i) = handle_index(k) {
                    if let Some(h) = handles.get_mut(i) {
                        *h = Some(v.trim()).filter(|h| !h.is_empty());
                    }
                }
            }
        }
        let ext_key = external_id.map_or(0, |e| key(&state, t.as_str(), e));
        let mut found: Vec<(Option<&str>, Problem)> = Vec::new();
        if let Some(ext) = &external_id {
            match self.seen.entry(ext_key) {
                Entry::Occupied(first) if self.policy == DuplicatePolicy::KeepFirst => {
                    report.dropped = true;
                    report.warnings.push(
                        Problem::DuplicateDropped {
                            value: (*ext).to_owned(),
                            kept_row: first.get().row as usize,
                        }
                        .at(Some("external_id")),
                    );
                    return;
                }
                Entry::Occupied(mut last) if self.policy == DuplicatePolicy::KeepLast => {
                    self.late.push(LateDrop {
                        index: last.get().row as usize,
                        problem: Problem::DuplicateDropped {
                            value: (*ext).to_owned(),
                            kept_row: report.index,
                        },
                    });
                    last.get_mut().row = index;
                }
                Entry::Occupied(first) => found.push((
                    Some("external_id"),
                    Problem::DuplicateExternalId {
                        value: (*ext).to_owned(),
                        first_row: first.get().row as usize,
                    },
                )),
                Entry::Vacant(slot) => {
                    slot.insert(Seen {
                        row: index,
                        external_id: ext_bits(ext_key),
                    });
                }
            }
        }
        if t == ImportType::Contact {
            for ((field, fold_case), v) in HANDLES.iter().zip(handles) {
                let Some(v) = v else { continue };
                // Most e-mail addresses are lower case already: no copy for them; ASCII ones
                // without the Unicode tables (the same result for ASCII).
                let normalised: Cow<'_, str> = if !*fold_case {
                    Cow::Borrowed(v)
                } else if !v.is_ascii() {
                    Cow::Owned(v.to_lowercase())
                } else if v.bytes().any(|b| b.is_ascii_uppercase()) {
                    Cow::Owned(v.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(v)
                };
                let field = *field;
                let k = key(&state, field, &normalised);
                match self.seen.entry(k) {
                    Entry::Occupied(first)
                        if first.get().external_id != ext_bits(ext_key) || ext_key == 0 =>
                    {
                        found.push((
                            Some(field),
                            Problem::SharedHandle {
                                handle: normalised.into_owned(),
                                other_row: first.get().row as usize,
                            },
                        ))
                    }
                    Entry::Occupied(_) => {}
                    Entry::Vacant(slot) => {
                        slot.insert(Seen {
                            row: index,
                            external_id: ext_bits(ext_key),
                        });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handle_index_names_each_handle_at_its_place() {
        for (i, (field, _)) in HANDLES.iter().enumerate() {
            assert_eq!(handle_index(field), Some(i), "{field}");
        }
        assert_eq!(handle_index("external_id"), None);
        assert_eq!(handle_index("Email"), None);
    }

    #[test]
    fn key_hasher_passes_keys_through_and_still_hashes_bytes() {
        let mut h = KeyHasher::default();
        h.write_u64(0x1234_5678_9abc_def0);
        assert_eq!(h.finish(), 0x1234_5678_9abc_def0);
        let (mut a, mut b) = (KeyHasher::default(), KeyHasher::default());
        a.write(b"ab");
        b.write(b"ba");
        assert_ne!(a.finish(), b.finish());
    }
}
