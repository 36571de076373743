//! Differential test of the phone resolver against Google's libphonenumber.
//!
//! `tests/fixtures/phone_corpus.jsonl` holds ~20,000 phone lists and what the reference (Python
//! `phonenumbers` 9.0.42, same metadata as `rlibphonenumber`) makes of them under the resolver's
//! semantics; `scripts/gen_phone_corpus.py` writes it. Every list is resolved here with the
//! default engine and (with `--features engine-phonenumber`) the optional one, and
//! `(e164, index, region)` is compared.
//!
//! * Default engine: agreement must be ≥ 99.9% of the lists, and every disagreeing list must be in
//!   `tests/fixtures/phone_corpus_known_diffs.json` with the exact answer the engine gives and a
//!   one-line reason.
//! * `phonenumber` engine: reported only (agreement, classes, timing); it must not panic.
//!
//! Run with `-- --nocapture` to see the figures; `--release` for meaningful timings.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mateo_import::messages::Locale;
use mateo_import::phone::{
    resolve, Candidate, ParseCache, ParseFailure, PhoneEngine, RlibEngine, ValidNumber,
};
use serde::{Deserialize, Serialize};

const CORPUS: &str = include_str!("fixtures/phone_corpus.jsonl");
const KNOWN_DIFFS: &str = include_str!("fixtures/phone_corpus_known_diffs.json");
const MIN_AGREEMENT: f64 = 0.999;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
struct Answer {
    e164: Option<String>,
    index: Option<usize>,
    region: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Record {
    candidates: Vec<String>,
    regions: Vec<String>,
    #[serde(flatten)]
    google: Answer,
}

/// One allowed disagreement of the default engine.
#[derive(Debug, Deserialize)]
struct KnownDiff {
    candidates: Vec<String>,
    regions: Vec<String>,
    /// What `rlibphonenumber` answers (must stay exactly this).
    rlib: Answer,
    /// One line: why it differs.
    why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Class {
    /// Both give a number, not the same one: the dangerous kind (a message to the wrong phone).
    DifferentValidNumber,
    /// The engine gives a number, Google gives none.
    AcceptedWhereGoogleRejects,
    /// Google gives a number, the engine gives none.
    RejectedWhereGoogleAccepts,
    /// Same E.164, but another entry index or another region code.
    SameNumberOtherIndexOrRegion,
}

impl Class {
    fn label(self) -> &'static str {
        match self {
            Class::DifferentValidNumber => "different valid number",
            Class::AcceptedWhereGoogleRejects => "accepted where Google rejects",
            Class::RejectedWhereGoogleAccepts => "rejected where Google accepts",
            Class::SameNumberOtherIndexOrRegion => "same number, other index/region",
        }
    }
}

fn classify(google: &Answer, engine: &Answer) -> Option<Class> {
    if google == engine {
        return None;
    }
    Some(match (&google.e164, &engine.e164) {
        (Some(g), Some(e)) if g != e => Class::DifferentValidNumber,
        (Some(_), Some(_)) => Class::SameNumberOtherIndexOrRegion,
        (None, Some(_)) => Class::AcceptedWhereGoogleRejects,
        (Some(_), None) => Class::RejectedWhereGoogleAccepts,
        (None, None) => unreachable!("equal answers handled above"),
    })
}

fn corpus() -> Vec<Record> {
    CORPUS
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("phone_corpus.jsonl line {}: {e}", i + 1))
        })
        .collect()
}

fn known_diffs() -> HashMap<(Vec<String>, Vec<String>), KnownDiff> {
    let list: Vec<KnownDiff> =
        serde_json::from_str(KNOWN_DIFFS).expect("phone_corpus_known_diffs.json");
    let mut map = HashMap::new();
    for d in list {
        assert!(
            !d.why.trim().is_empty() && !d.why.contains('\n'),
            "known diff without a one-line reason: {d:?}"
        );
        let key = (d.candidates.clone(), d.regions.clone());
        assert!(
            map.insert(key, d).is_none(),
            "duplicate entry in phone_corpus_known_diffs.json"
        );
    }
    map
}

/// Counts the engine calls the resolver makes (the "numbers" of numbers/s).
struct Counting<'a> {
    inner: &'a dyn PhoneEngine,
    calls: AtomicUsize,
}

impl PhoneEngine for Counting<'_> {
    fn name(&self) -> &'static str {
        self.inner.name()
    }
    fn supports_region(&self, region: &str) -> bool {
        self.inner.supports_region(region)
    }
    fn canonical_into(&self, candidate: &str, out: &mut String) -> bool {
        self.inner.canonical_into(candidate, out)
    }
    fn parse_valid(
        &self,
        candidate: &str,
        region: Option<&str>,
    ) -> Result<ValidNumber, ParseFailure> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        self.inner.parse_valid(candidate, region)
    }
}

struct Diff<'r> {
    line: usize,
    record: &'r Record,
    engine: Answer,
    class: Class,
}

struct Run<'r> {
    lists: usize,
    calls: usize,
    elapsed: Duration,
    diffs: Vec<Diff<'r>>,
    google_ok: usize,
    google_ok_agree: usize,
}

fn run<'r>(engine: &dyn PhoneEngine, records: &'r [Record]) -> Run<'r> {
    let counting = Counting {
        inner: engine,
        calls: AtomicUsize::new(0),
    };
    // One cache for the whole run, as for one import file; the corpus has few repeated entries.
    let mut cache = ParseCache::new();
    let mut diffs = Vec::new();
    let (mut google_ok, mut google_ok_agree) = (0, 0);
    let start = Instant::now();
    for (i, rec) in records.iter().enumerate() {
        let candidates: Vec<Candidate> = rec
            .candidates
            .iter()
            .map(|s| Candidate::Text(s.as_str().into()))
            .collect();
        for r in &rec.regions {
            assert!(
                engine.supports_region(r),
                "{}: corpus region {r} unsupported (line {})",
                engine.name(),
                i + 1
            );
        }
        let res = resolve(&counting, &mut cache, &candidates, &rec.regions, Locale::En);
        let answer = Answer {
            e164: res.e164,
            index: res.index,
            region: res.region,
        };
        if rec.google.e164.is_some() {
            google_ok += 1;
        }
        match classify(&rec.google, &answer) {
            None => google_ok_agree += usize::from(rec.google.e164.is_some()),
            Some(class) => diffs.push(Diff {
                line: i + 1,
                record: rec,
                engine: answer,
                class,
            }),
        }
    }
    Run {
        lists: records.len(),
        calls: counting.calls.into_inner(),
        elapsed: start.elapsed(),
        diffs,
        google_ok,
        google_ok_agree,
    }
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        100.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

fn report(name: &str, run: &Run<'_>) -> f64 {
    let agree = run.lists - run.diffs.len();
    let agreement = agree as f64 / run.lists as f64;
    let google_rejects = run.lists - run.google_ok;
    let google_rejects_agree = agree - run.google_ok_agree;
    println!("== {name} vs Google libphonenumber (phonenumbers 9.0.42) ==");
    println!(
        "agreement: {agree}/{} lists = {:.3}%",
        run.lists,
        100.0 * agreement
    );
    println!(
        "  on lists Google resolves: {}/{} = {:.3}%; on lists Google rejects: {}/{} = {:.3}%",
        run.google_ok_agree,
        run.google_ok,
        pct(run.google_ok_agree, run.google_ok),
        google_rejects_agree,
        google_rejects,
        pct(google_rejects_agree, google_rejects)
    );
    let mut classes: BTreeMap<Class, usize> = BTreeMap::new();
    for d in &run.diffs {
        *classes.entry(d.class).or_default() += 1;
    }
    for class in [
        Class::DifferentValidNumber,
        Class::AcceptedWhereGoogleRejects,
        Class::RejectedWhereGoogleAccepts,
        Class::SameNumberOtherIndexOrRegion,
    ] {
        let n = classes.get(&class).copied().unwrap_or(0);
        println!(
            "  {:<32} {n:>6} lists ({:.3}%)",
            class.label(),
            pct(n, run.lists)
        );
        if class == Class::DifferentValidNumber && n > 0 {
            // Same entry read as another number, or an earlier/later entry won because one entry
            // was judged differently.
            let same_entry = run
                .diffs
                .iter()
                .filter(|d| d.class == class && d.engine.index == d.record.google.index)
                .count();
            let earlier = run
                .diffs
                .iter()
                .filter(|d| d.class == class && d.engine.index < d.record.google.index)
                .count();
            println!(
                "    of which: same entry, other number {same_entry}; an earlier entry won {earlier}; a later entry won {}",
                n - same_entry - earlier
            );
        }
    }
    let secs = run.elapsed.as_secs_f64();
    println!(
        "timing (rough, {} build, one thread, one ParseCache): {} lists, {} engine calls in {:.3}s = {:.0} lists/s, {:.0} numbers/s",
        if cfg!(debug_assertions) { "debug" } else { "release" },
        run.lists,
        run.calls,
        secs,
        run.lists as f64 / secs,
        run.calls as f64 / secs
    );
    agreement
}

/// The regions of the corpus (every region the reference supports: the generator uses them all)
/// against the letter pairs the engine supports. Returns (missing in engine, extra in engine).
fn region_support(engine: &dyn PhoneEngine, records: &[Record]) -> (Vec<String>, Vec<String>) {
    let corpus: BTreeSet<&str> = records
        .iter()
        .flat_map(|r| r.regions.iter().map(String::as_str))
        .collect();
    let mut engine_regions = BTreeSet::new();
    for a in b'A'..=b'Z' {
        for b in b'A'..=b'Z' {
            let code = String::from_utf8(vec![a, b]).expect("ascii");
            if engine.supports_region(&code) {
                engine_regions.insert(code);
            }
        }
    }
    let missing = corpus
        .iter()
        .filter(|r| !engine_regions.contains(**r))
        .map(|r| r.to_string())
        .collect();
    let extra = engine_regions
        .iter()
        .filter(|r| !corpus.contains(r.as_str()))
        .cloned()
        .collect();
    println!(
        "{}: supports {} regions; the reference's {} regions: missing {:?}, extra {:?}",
        engine.name(),
        engine_regions.len(),
        corpus.len(),
        missing,
        extra
    );
    (missing, extra)
}

fn show(d: &Diff<'_>) -> String {
    format!(
        "line {} [{}]: candidates {:?} regions {:?}: google {:?}, engine {:?}",
        d.line,
        d.class.label(),
        d.record.candidates,
        d.record.regions,
        d.record.google,
        d.engine
    )
}

#[test]
fn rlibphonenumber_agrees_with_google() {
    let records = corpus();
    assert!(
        records.len() >= 10_000,
        "corpus too small: {}",
        records.len()
    );
    let engine = RlibEngine;
    assert_eq!(
        region_support(&engine, &records),
        (vec![], vec![]),
        "rlibphonenumber and the reference support different regions"
    );
    let run = run(&engine, &records);
    let agreement = report(engine.name(), &run);

    let known = known_diffs();
    let mut unexplained = Vec::new();
    let mut used = 0;
    for d in &run.diffs {
        match known.get(&(d.record.candidates.clone(), d.record.regions.clone())) {
            Some(k) if k.rlib == d.engine => {
                used += 1;
                println!("  known: {}\n         why: {}", show(d), k.why);
            }
            Some(k) => unexplained.push(format!(
                "{} (allow-listed answer was {:?})",
                show(d),
                k.rlib
            )),
            None => unexplained.push(show(d)),
        }
    }
    if used < known.len() {
        println!(
            "note: {} entries of phone_corpus_known_diffs.json no longer disagree; they can be removed",
            known.len() - used
        );
    }
    assert!(
        unexplained.is_empty(),
        "{} disagreement(s) with Google not in tests/fixtures/phone_corpus_known_diffs.json:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    assert!(
        agreement >= MIN_AGREEMENT,
        "agreement {:.3}% below {:.1}%",
        100.0 * agreement,
        100.0 * MIN_AGREEMENT
    );
}

#[cfg(feature = "engine-phonenumber")]
#[test]
fn phonenumber_engine_report() {
    use mateo_import::phone::phonenumber::{
        regex_cache_len, PhonenumberEngine, REGEX_CACHE_CAPACITY,
    };

    let records = corpus();
    let engine = PhonenumberEngine::new();
    region_support(&engine, &records);
    // A panic aborts in wasm; here it would fail the test, which is what we want to know.
    let run = run(&engine, &records);
    let agreement = report(engine.name(), &run);
    let mut dangerous: Vec<&Diff<'_>> = run
        .diffs
        .iter()
        .filter(|d| d.class == Class::DifferentValidNumber)
        .collect();
    dangerous.truncate(15);
    for d in dangerous {
        println!("  e.g. {}", show(d));
    }
    let cached = regex_cache_len();
    println!(
        "phonenumber regex cache: {cached} compiled patterns (capacity {REGEX_CACHE_CAPACITY})"
    );
    assert_eq!(run.lists, records.len());
    assert!(
        cached < REGEX_CACHE_CAPACITY,
        "the regex cache filled up: patterns get evicted and recompiled"
    );
    assert!(agreement > 0.0);
}

/// Inputs that must not make an engine panic: a sample of the corpus candidates, mangled, plus
/// hand-picked shapes (RFC 3966 oddities, very long input, empty and lone symbols, other scripts).
fn adversarial_inputs(records: &[Record]) -> Vec<String> {
    let mut inputs: Vec<String> = Vec::new();
    for rec in records.iter().step_by(23) {
        for c in &rec.candidates {
            inputs.push(c.clone());
            inputs.push(format!("{c}#"));
            inputs.push(format!("+{c}"));
            inputs.push(c.chars().rev().collect());
            inputs.push(c.replace(' ', "\u{00e9}"));
            inputs.push(format!("{c};phone-context=+1"));
        }
    }
    for extra in [
        "  2 22#:",
        "+1 1",
        "+",
        "++",
        "+0",
        "+00",
        "+000000",
        "tel:",
        "tel:;phone-context=+",
        "tel:+1;ext=",
        "0\u{0}1",
        "\u{feff}+49 30 1234567",
        "+49 30 1234567 ext. ",
        "x",
        "x1",
        "1x",
        "+1 x",
        "#1",
        "*1",
        "+12345678901234567890123456789",
        "00000000000000000000",
        "+٤٩٣٠١٢٣٤٥٦٧",
        "١",
        "+ｘ",
        "(",
        ")",
        "tel:+1-800-555-0100;phone-context=+1;isub=1;ext=2",
        "tel:030;phone-context=example.com",
        // `tel:` after `;phone-context=`: rlibphonenumber 2.2.15 slices begin > end and panics
        // (phonenumberutil_internal.rs:1613); Java throws, Python returns a number.
        ";phone-context=+4930123456;tel:",
        "1;phone-context=+1;tel:2",
        "030 123456;phone-context=+49 tel:",
    ] {
        inputs.push(extra.to_owned());
    }
    inputs.push("9".repeat(300));
    inputs.push(format!("+{}", "1".repeat(249)));
    inputs.push(format!("{}1234567", "(".repeat(600)));
    inputs
}

/// Runs `engine` on every input with a few regions and returns the (input, region) pairs that
/// panicked. Natively a panic unwinds and can be caught here; in wasm it would abort the import.
fn panicking(engine: &dyn PhoneEngine, inputs: &[String]) -> Vec<String> {
    let regions = [None, Some("DE"), Some("US"), Some("RU"), Some("BR")];
    let mut bad = Vec::new();
    for input in inputs {
        for region in regions {
            let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                engine.parse_valid(input, region)
            }));
            if caught.is_err() {
                bad.push(format!("{input:?} in {region:?}"));
            }
        }
    }
    println!(
        "{}: {} parses of {} inputs, {} panicked",
        engine.name(),
        inputs.len() * regions.len(),
        inputs.len(),
        bad.len()
    );
    bad
}

/// The resolver parses an engine's canonical text instead of the candidate (shorter, and shared
/// by differently punctuated copies of a number). That is only sound if the engine reads both
/// the same way: same answer, same failure, for every corpus and adversarial input, in each of
/// the list's regions and with none.
#[test]
fn canonical_texts_parse_exactly_as_the_candidates() {
    let records = corpus();
    let engine = RlibEngine;
    let mut pairs: Vec<(String, Option<String>)> = Vec::new();
    for rec in &records {
        for c in &rec.candidates {
            pairs.push((c.clone(), None));
            pairs.extend(rec.regions.iter().map(|r| (c.clone(), Some(r.clone()))));
        }
    }
    for input in adversarial_inputs(&records) {
        for region in [None, Some("DE"), Some("US"), Some("IT"), Some("BR")] {
            pairs.push((input.clone(), region.map(str::to_owned)));
        }
    }
    // Separators around the digits, a leading `+` behind punctuation, and `+0…` (an invalid
    // calling code, where the region decides the retry without the plus).
    for (text, region) in [
        ("(+31) 6-1234.5395", "NL"),
        ("+0151 2345 6789", "DE"),
        ("  0151/2345-6789  ", "DE"),
        ("1-2", "DE"),
        ("12", "DE"),
        ("+ (1) 201 555 0123", "US"),
        ("((((201)))) 555-0123", "US"),
        ("0039 (0)6 1234 5678", "IT"),
        // A label before the number.
        ("tel:+49-151-2345-6789", "DE"),
        ("tel:0151 2345 6789", "DE"),
        ("Tel.: (030) 1234 567", "DE"),
        ("Mobil: +43 664 1234567", "AT"),
        ("tel:+1-201-555-0123", "US"),
        ("TEL:+1 (201) 555-0123", "CA"),
        ("x 0151 2345 6789", "DE"),
        ("ext. 123", "DE"),
        ("call: 201 555 0123", "US"),
        ("abc+49 30 1234567", "DE"),
        ("tel:+", "DE"),
        ("tel:12", "DE"),
    ] {
        pairs.push((text.to_owned(), Some(region.to_owned())));
        pairs.push((text.to_owned(), None));
    }
    let mut canonicalised = 0;
    let mut differ = Vec::new();
    for (input, region) in &pairs {
        // Written after a prefix, as the resolver writes it after its cache key's prefix.
        let mut canonical = String::from("2:DE");
        if !engine.canonical_into(input, &mut canonical) {
            assert_eq!(canonical, "2:DE", "{input:?}: left the buffer changed");
            continue;
        }
        let canonical = canonical.split_off(4);
        canonicalised += 1;
        assert!(canonical.len() < input.len(), "{input:?} → {canonical:?}");
        let (a, b) = (
            engine.parse_valid(input, region.as_deref()),
            engine.parse_valid(&canonical, region.as_deref()),
        );
        if a != b {
            differ.push(format!(
                "{input:?} in {region:?}: {a:?}; as {canonical:?}: {b:?}"
            ));
        }
    }
    println!(
        "{canonicalised} of {} (input, region) pairs canonicalised",
        pairs.len()
    );
    assert!(canonicalised > 10_000, "the corpus should exercise it");
    assert!(
        differ.is_empty(),
        "{} differ:\n{}",
        differ.len(),
        differ[..differ.len().min(20)].join("\n")
    );
}

#[test]
fn rlibphonenumber_does_not_panic() {
    let records = corpus();
    let bad = panicking(&RlibEngine, &adversarial_inputs(&records));
    assert!(
        bad.is_empty(),
        "RlibEngine panicked (aborts in wasm); guard the input in src/phone/rlib.rs:\n{}",
        bad.join("\n")
    );
}

#[cfg(feature = "engine-phonenumber")]
#[test]
fn phonenumber_engine_does_not_panic() {
    use mateo_import::phone::phonenumber::PhonenumberEngine;

    let records = corpus();
    let bad = panicking(&PhonenumberEngine::new(), &adversarial_inputs(&records));
    assert!(
        bad.is_empty(),
        "PhonenumberEngine panicked:\n{}",
        bad.join("\n")
    );
}
