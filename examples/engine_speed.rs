//! Rough native speed of the phone engines on the differential corpus.
//!
//! `cargo run --release --example engine_speed [-- --runs N]`
//! `cargo run --release --features engine-phonenumber --example engine_speed [-- --runs N]`
//!
//! Every list of `tests/fixtures/phone_corpus.jsonl` is resolved as the import does (`resolve`,
//! candidates × regions in order, first valid parse wins). Per engine: one untimed warm-up pass
//! (compiles the regexes the corpus needs), then `N` timed passes, each with a fresh `ParseCache`
//! (so every engine call really parses). Prints the median pass, lists/s and engine calls/s
//! ("numbers/s": one call = one candidate parsed in one region).
//!
//! With `engine-phonenumber`, the `phonenumber` crate is measured twice: first on its stock
//! 100-entry regex cache, then with the large cache the engine installs (the cache is global, so
//! the stock run must come first).
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use mateo_import::messages::Locale;
use mateo_import::phone::{
    resolve, Candidate, ParseCache, ParseFailure, PhoneEngine, RlibEngine, ValidNumber,
};

const CORPUS: &str = include_str!("../tests/fixtures/phone_corpus.jsonl");

#[derive(serde::Deserialize)]
struct Record {
    candidates: Vec<String>,
    regions: Vec<String>,
}

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

/// One pass over the corpus; returns (seconds, engine calls).
fn pass(engine: &dyn PhoneEngine, lists: &[(Vec<Candidate>, Vec<String>)]) -> (f64, usize) {
    let counting = Counting {
        inner: engine,
        calls: AtomicUsize::new(0),
    };
    let mut cache = ParseCache::new();
    let start = Instant::now();
    let mut ok = 0usize;
    for (candidates, regions) in lists {
        ok += usize::from(resolve(&counting, &mut cache, candidates, regions, Locale::En).ok);
    }
    let secs = start.elapsed().as_secs_f64();
    std::hint::black_box(ok);
    (secs, counting.calls.into_inner())
}

fn measure(
    label: &str,
    engine: &dyn PhoneEngine,
    lists: &[(Vec<Candidate>, Vec<String>)],
    runs: usize,
) {
    let (warm, _) = pass(engine, lists);
    let mut times = Vec::with_capacity(runs);
    let mut calls = 0;
    for _ in 0..runs {
        let (t, c) = pass(engine, lists);
        times.push(t);
        calls = c;
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "{label:<40} warm-up {warm:>7.3}s  median {median:>7.3}s  {:>9.0} lists/s  {:>9.0} numbers/s  ({} lists, {calls} calls, {runs} runs)",
        lists.len() as f64 / median,
        calls as f64 / median,
        lists.len(),
    );
}

fn main() {
    let mut runs = 5usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--runs" {
            runs = args
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(runs)
                .max(1);
        }
    }
    let lists: Vec<(Vec<Candidate>, Vec<String>)> = CORPUS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let r: Record = serde_json::from_str(l).expect("corpus line");
            (
                r.candidates
                    .into_iter()
                    .map(|s| Candidate::Text(s.into()))
                    .collect(),
                r.regions,
            )
        })
        .collect();
    println!(
        "rough figures: {} build, one thread, tests/fixtures/phone_corpus.jsonl",
        if cfg!(debug_assertions) {
            "DEBUG (use --release)"
        } else {
            "release"
        }
    );

    #[cfg(feature = "engine-phonenumber")]
    {
        use mateo_import::phone::phonenumber::PhonenumberEngine;
        measure(
            "phonenumber 0.3.10, stock 100-entry cache",
            &PhonenumberEngine::with_stock_regex_cache(),
            &lists,
            runs,
        );
        measure(
            "phonenumber 0.3.10, large regex cache",
            &PhonenumberEngine::new(),
            &lists,
            runs,
        );
    }
    measure("rlibphonenumber 2.2.15", &RlibEngine, &lists, runs);
}
