//! Rows of one import that the server would merge: the same `external_id`, or contacts sharing
//! a handle (the resolved E.164 number, the lower-cased e-mail, …) under different external
//! ids. Kept as 64-bit hashes of the normalised values with the first row's index, not the
//! rows: 16 bytes per key in the maps, about 40 at the peak of their growth (a million contacts
//! with an external id and an e-mail: 78 MiB, `examples/bench_duplicates.rs`). `Off` keeps
//! nothing, for files of many millions of rows.
//! Two different values share a hash with a chance of about n²/2⁶⁵ (3·10⁻⁷ for three million
//! keys); such a collision would show as a false finding naming both rows, never a lost row.

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

    fn write_u32(&mut self, row: u32) {
        self.0 = u64::from(row).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Map = HashMap<u64, Seen, BuildHasherDefault<KeyHasher>>;

/// The keys seen so far, in [`SHARDS`] maps chosen by eight bits of the key. One map grows by
/// doubling: while it moves, the old and the new table are both there, and in wasm memory,
/// which never shrinks, the tables it left behind are holes a later table does not fit (the
/// 100k mixed set: 35.2 MiB of wasm memory with one map, 43.8 after a second pass; 28.4 and
/// 28.4 with 256 shards, 28.6 and 29.2 with 64). A shard moves a 256th of the keys at a time,
/// into tables the holes can take.
#[derive(Debug, Default)]
struct Shards(Vec<Map>);

const SHARDS: usize = 256;

impl Shards {
    fn shard(key: u64) -> usize {
        // Bits a map leaves alone: it places a key by its low bits (at most 32 of them in
        // wasm32) and tags it with its top seven.
        (key >> 40) as usize % SHARDS
    }

    fn get(&self, key: u64) -> Option<&Seen> {
        self.0.get(Self::shard(key))?.get(&key)
    }

    fn entry(&mut self, key: u64) -> Entry<'_, u64, Seen> {
        if self.0.is_empty() {
            self.0.resize_with(SHARDS, Map::default);
        }
        let at = Self::shard(key);
        // `at` < SHARDS = the length.
        self.0[at].entry(key)
    }
}

/// Where the keys of a kind of value are hashed: the external ids of each import type, then
/// the handles in [`HANDLES`]' order. Each has its own seed, so equal values of two kinds
/// differ in key without the kind's name being hashed with every value.
const SPACES: usize = ImportType::ALL.len() + HANDLES.len();

fn space_of_type(t: ImportType) -> usize {
    match t {
        ImportType::Contact => 0,
        ImportType::Deal => 1,
        ImportType::Appointment => 2,
    }
}

type Space = foldhash::fast::FixedState;

/// The keys seen so far in one import (a call, or a whole `ImportSession`).
#[derive(Debug, Default)]
pub struct Duplicates {
    policy: DuplicatePolicy,
    /// Hash the normalised values into keys, one per [`SPACES`].
    spaces: [Space; SPACES],
    seen: Shards,
    /// An e-mail address in lower case, when it was not already.
    lower: String,
    /// `keepLast`: rows left out because a later row has their external id. A handle only such
    /// a row had is nobody's in the body, so the next contact with it takes it over silently.
    superseded: std::collections::HashSet<u32, BuildHasherDefault<KeyHasher>>,
    /// `keepLast` drops found in the chunk being checked.
    late: Vec<LateDrop>,
    /// `keepLast` drops of rows in chunks already returned.
    earlier: Vec<LateDrop>,
    /// Rows noted and not yet compared.
    batch: Batch,
    /// What [`Duplicates::compare`]'s first lookups found, kept so that they are not optimised
    /// away (`std::hint::black_box` did not keep them in the wasm build: it came out 245 B
    /// smaller and no faster).
    touched: u32,
}

fn key(space: &Space, value: &str) -> u64 {
    // 0 means "no external id" in `Seen`.
    space.hash_one(value).max(1)
}

/// `v` in lower case, as `str::to_lowercase` makes it: most addresses are lower case already
/// and come back as they are; the others are written into `buffer` (no allocation per row
/// once it has grown).
fn lower_case<'a>(v: &'a str, buffer: &'a mut String) -> &'a str {
    if lower_ascii(v.as_bytes()) {
        return v;
    }
    if v.is_ascii() {
        buffer.clear();
        buffer.push_str(v);
        buffer.make_ascii_lowercase();
        return buffer;
    }
    let unchanged = |c: char| {
        if c.is_ascii() {
            !c.is_ascii_uppercase()
        } else {
            let mut lower = c.to_lowercase();
            lower.next() == Some(c) && lower.next().is_none()
        }
    };
    if v.chars().all(unchanged) {
        return v;
    }
    if v.contains('Σ') {
        // Its lower case depends on the letters around it (final sigma).
        *buffer = v.to_lowercase();
    } else {
        buffer.clear();
        for c in v.chars() {
            if c.is_ascii() {
                buffer.push(c.to_ascii_lowercase());
            } else {
                buffer.extend(c.to_lowercase());
            }
        }
    }
    buffer
}

/// Whether `b` is ASCII without an upper-case letter (most e-mail addresses), eight bytes at a
/// time.
fn lower_ascii(b: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = ONES * 0x80;
    // The high bit of each byte: set for a non-ASCII byte or one in `A..=Z`. (`low + (0x80 - x)`
    // sets a byte's high bit when that byte is at least `x`, without a carry into the next.)
    let upper_or_wide = |w: u64| {
        let low = w & !HIGHS;
        let from_a = low.wrapping_add(ONES * (0x80 - u64::from(b'A')));
        let past_z = low.wrapping_add(ONES * (0x80 - u64::from(b'Z') - 1));
        (w | (from_a & !past_z)) & HIGHS
    };
    let mut words = b.chunks_exact(8);
    let words_plain = words
        .by_ref()
        .all(|w| <[u8; 8]>::try_from(w).is_ok_and(|w| upper_or_wide(u64::from_le_bytes(w)) == 0));
    words_plain
        && words
            .remainder()
            .iter()
            .all(|c| c.is_ascii() && !c.is_ascii_uppercase())
}

/// `v.trim()`, without looking at characters when `v` starts and ends with a visible ASCII
/// character (no whitespace is ASCII above the space).
fn trimmed(v: &str) -> &str {
    let visible = |c: Option<&u8>| c.is_some_and(|&c| c > b' ' && c.is_ascii());
    let b = v.as_bytes();
    if visible(b.first()) && visible(b.last()) {
        v
    } else {
        v.trim()
    }
}

impl Duplicates {
    pub fn new(policy: DuplicatePolicy) -> Self {
        Duplicates {
            policy,
            spaces: std::array::from_fn(|i| {
                Space::with_seed(
                    0x006d_6174_656f ^ (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15),
                )
            }),
            seen: Shards::default(),
            lower: String::new(),
            superseded: Default::default(),
            late: Vec::new(),
            earlier: Vec::new(),
            batch: Batch::default(),
            touched: 0,
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

    /// Notes a checked row's keys, to be compared with the rows before it by
    /// [`Duplicates::compare`] (the row's report must still be at hand then). A valid row's
    /// values are normalised, so `0151 2345678` with DE and `+49 151 2345678` are the same
    /// number here. Invalid rows are not compared (their values are as given), and add no keys.
    pub(crate) fn note(&mut self, t: ImportType, row: &impl RowView, report: &RowReport) {
        if self.policy == DuplicatePolicy::Off || !report.ok {
            return;
        }
        // One walk over the row for the external id and the handles (a lookup per field hashed
        // each name: a fifth of the check's cost on the 100k benchmark).
        let mut external_id = None;
        let mut handles: [Option<&str>; HANDLES.len()] = [None; HANDLES.len()];
        for (k, v) in row.entries() {
            let Value::String(v) = v else { continue };
            if k == "external_id" {
                external_id = Some(trimmed(v)).filter(|e| !e.is_empty());
            } else if t == ImportType::Contact {
                if let Some(i) = handle_index(k) {
                    if let Some(h) = handles.get_mut(i) {
                        *h = Some(trimmed(v)).filter(|h| !h.is_empty());
                    }
                }
            }
        }
        let Duplicates {
            spaces,
            lower,
            batch,
            ..
        } = self;
        let ext_key = match (external_id, spaces.get(space_of_type(t))) {
            (Some(e), Some(space)) => key(space, e),
            _ => 0,
        };
        let ext = batch.keep(external_id.unwrap_or(""));
        if t == ImportType::Contact {
            let handle_spaces = spaces.iter().skip(ImportType::ALL.len());
            for (((handle, (_, fold_case)), v), space) in
                (0u8..).zip(&HANDLES).zip(handles).zip(handle_spaces)
            {
                let Some(v) = v else { continue };
                let normalised = if *fold_case { lower_case(v, lower) } else { v };
                let key = key(space, normalised);
                let text = batch.keep(normalised);
                batch.keys.push(PendingKey { handle, key, text });
            }
        }
        batch.rows.push(PendingRow {
            index: report.index,
            ext_key,
            ext,
            keys_end: batch.keys.len(),
            warnings: report.warnings.len(),
        });
    }

    /// Rows noted and not yet compared.
    pub(crate) fn pending(&self) -> usize {
        self.batch.rows.len()
    }

    /// Forgets the rows noted and not compared (a chunk whose check was given up).
    pub(crate) fn forget_pending(&mut self) {
        self.batch.clear();
    }

    /// Compares the rows noted since the last call with every row before them, in order, and
    /// adds the findings to their reports (`reports[0]` is row `start`). The map's slots of
    /// the whole batch are read first: in a map larger than the CPU's caches each lookup waits
    /// on memory, and read together their waits overlap instead of adding up.
    pub(crate) fn compare(&mut self, start: usize, reports: &mut [RowReport]) {
        let Duplicates {
            policy,
            seen,
            superseded,
            late,
            batch,
            touched,
            ..
        } = self;
        let ext_keys = batch.rows.iter().map(|r| r.ext_key).filter(|&k| k != 0);
        for key in ext_keys.chain(batch.keys.iter().map(|k| k.key)) {
            if let Some(s) = seen.get(key) {
                *touched ^= s.row;
            }
        }
        let mut first_key = 0;
        for row in &batch.rows {
            let keys = batch.keys.get(first_key..row.keys_end).unwrap_or_default();
            first_key = row.keys_end;
            let report = row
                .index
                .checked_sub(start)
                .and_then(|i| reports.get_mut(i));
            // Each noted row's report is in `reports` (the callers compare before handing
            // reports out); a row whose report is not is left out of the comparison.
            debug_assert!(report.is_some(), "row {} not in this batch", row.index);
            let Some(report) = report else { continue };
            let mut compared = Compared {
                policy: *policy,
                seen,
                superseded,
                late,
                report,
                at: row.warnings,
            };
            compared.row(row, keys, &batch.text);
        }
        batch.clear();
    }
}

/// Rows noted by [`Duplicates::note`], waiting for [`Duplicates::compare`]: their keys, and
/// the texts their findings would quote (the rows themselves may be gone by then).
#[derive(Debug, Default)]
struct Batch {
    rows: Vec<PendingRow>,
    keys: Vec<PendingKey>,
    text: String,
}

impl Batch {
    fn keep(&mut self, value: &str) -> std::ops::Range<usize> {
        let start = self.text.len();
        self.text.push_str(value);
        start..self.text.len()
    }

    fn clear(&mut self) {
        self.rows.clear();
        self.keys.clear();
        self.text.clear();
    }
}

#[derive(Debug)]
struct PendingRow {
    index: usize,
    /// 0: no external id.
    ext_key: u64,
    ext: std::ops::Range<usize>,
    /// Its handles are `keys[previous row's keys_end..keys_end]` (none for a deal or an
    /// appointment).
    keys_end: usize,
    /// Warnings the row had when noted: its findings go after them and before any added later
    /// (`sent_as_null`), as when rows were compared one at a time.
    warnings: usize,
}

#[derive(Debug)]
struct PendingKey {
    /// Its place in [`HANDLES`].
    handle: u8,
    key: u64,
    text: std::ops::Range<usize>,
}

/// One noted row compared with the rows before it.
struct Compared<'a> {
    policy: DuplicatePolicy,
    seen: &'a mut Shards,
    superseded: &'a mut std::collections::HashSet<u32, BuildHasherDefault<KeyHasher>>,
    late: &'a mut Vec<LateDrop>,
    report: &'a mut RowReport,
    /// Where the next warning goes.
    at: usize,
}

impl Compared<'_> {
    fn row(&mut self, row: &PendingRow, keys: &[PendingKey], text: &str) {
        let policy = self.policy;
        let index = u32::try_from(row.index).unwrap_or(u32::MAX);
        let ext_key = row.ext_key;
        let ext = || text.get(row.ext.clone()).unwrap_or_default().to_owned();
        if ext_key != 0 {
            match self.seen.entry(ext_key) {
                Entry::Occupied(first) if policy == DuplicatePolicy::KeepFirst => {
                    self.report.dropped = true;
                    let problem = Problem::DuplicateDropped {
                        value: ext(),
                        kept_row: first.get().row as usize,
                    };
                    self.warn(problem.at_field("external_id"));
                    return;
                }
                Entry::Occupied(mut last) if policy == DuplicatePolicy::KeepLast => {
                    self.late.push(LateDrop {
                        index: last.get().row as usize,
                        problem: Problem::DuplicateDropped {
                            value: ext(),
                            kept_row: row.index,
                        },
                    });
                    self.superseded.insert(last.get().row);
                    last.get_mut().row = index;
                }
                Entry::Occupied(first) => {
                    let problem = Problem::DuplicateExternalId {
                        value: ext(),
                        first_row: first.get().row as usize,
                    };
                    self.record("external_id", problem);
                }
                Entry::Vacant(slot) => {
                    slot.insert(Seen {
                        row: index,
                        external_id: ext_bits(ext_key),
                    });
                }
            }
        }
        for k in keys {
            let Some(&(field, _)) = HANDLES.get(usize::from(k.handle)) else {
                continue;
            };
            match self.seen.entry(k.key) {
                // Under `keepLast` the row that had the handle may be left out by now: this
                // contact's earlier row, or another contact's row with only dropped rows
                // holding the handle. The handle is then this row's. (A third contact's row
                // that shared it with the dropped one keeps no entry of its own here, so this
                // row is not warned about it: the one case where a share goes unnoticed.)
                Entry::Occupied(mut first)
                    if policy == DuplicatePolicy::KeepLast
                        && (first.get().external_id == ext_bits(ext_key) && ext_key != 0
                            || self.superseded.contains(&first.get().row)) =>
                {
                    *first.get_mut() = Seen {
                        row: index,
                        external_id: ext_bits(ext_key),
                    };
                }
                Entry::Occupied(first)
                    if first.get().external_id != ext_bits(ext_key) || ext_key == 0 =>
                {
                    let problem = Problem::SharedHandle {
                        handle: text.get(k.text.clone()).unwrap_or_default().to_owned(),
                        other_row: first.get().row as usize,
                    };
                    self.record(field, problem);
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

    /// A duplicate as the policy has it: a warning, or an error that keeps the row out.
    fn record(&mut self, field: &'static str, problem: Problem) {
        let issue = problem.at_field(field);
        if self.policy == DuplicatePolicy::Error {
            self.report.ok = false;
            self.report.errors.push(issue);
        } else {
            self.warn(issue);
        }
    }

    fn warn(&mut self, issue: crate::report::Issue) {
        let warnings = &mut self.report.warnings;
        let at = self.at.min(warnings.len());
        warnings.insert(at, issue);
        self.at = at + 1;
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

    /// Every byte value at every place of a word and of the tail: only ASCII without an
    /// upper-case letter passes.
    #[test]
    fn lower_ascii_finds_any_upper_case_or_wide_byte() {
        for len in [1, 7, 8, 9, 16, 17] {
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut b = vec![b'a'; len];
                    b[at] = byte;
                    let expected = byte.is_ascii() && !byte.is_ascii_uppercase();
                    assert_eq!(lower_ascii(&b), expected, "{byte:#x} at {at} of {len}");
                }
            }
        }
        assert!(lower_ascii(b""));
    }

    #[test]
    fn trimmed_is_str_trim() {
        for v in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "\u{a0}a",
            "a\u{3000}",
            "\u{85}x",
            "x\u{2028}",
            "ab",
            "é",
            " é ",
            "\u{1c}a\u{1f}",
            "a\u{7f}",
        ] {
            assert_eq!(trimmed(v), v.trim(), "{v:?}");
        }
    }

    #[test]
    fn lower_case_is_str_to_lowercase() {
        let mut buffer = String::new();
        for v in [
            "anna@example.de",
            "Anna.Müller@Example.DE",
            "ÖZLEM@BEISPIEL.DE",
            "ΟΔΟΣ@παράδειγμα.gr",
            "İstanbul@example.com",
            "ß@EXAMPLE.COM",
        ] {
            assert_eq!(lower_case(v, &mut buffer), v.to_lowercase(), "{v}");
        }
    }

    #[test]
    fn each_kind_of_value_has_its_own_keys() {
        let d = Duplicates::new(DuplicatePolicy::Warn);
        let keys: std::collections::HashSet<u64> =
            d.spaces.iter().map(|s| key(s, "+4915123456789")).collect();
        assert_eq!(keys.len(), SPACES);
    }
}
