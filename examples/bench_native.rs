//! The native Rust core on the benchmark files, for the wasm/native ratio in BENCHMARKS.md.
//!
//! `cargo run --release --example bench_native -- [--runs N] [FILE.json...]`
//!
//! First prints the start-up line: the process's first result (one contact row: builds the phone
//! engine's tables, compiles the regexes that row needs) and a second row of another region.
//!
//! Per file: untimed warm-up passes for at least 300 ms (compiles the engine's regexes once per
//! process, as the warm-up does for wasm and JS), then `N` timed passes, each with a fresh `Validator` (empty phone
//! cache), then `N` passes with one reused `Validator` (its cache warm from the first of them).
//! A pass is what the wasm `validateImportJson` does minus the JS glue: JSON text in,
//! `validate_import_json`, report serialised to JSON text. Prints one JSON line per file and mode
//! with the median, and rows per second at the median, by the wall clock and by the thread's CPU
//! time (Linux `/proc/thread-self/schedstat`; less disturbed by other processes on a shared
//! machine).
use std::time::{Duration, Instant};

use mateo_import::Validator;

/// The rows of the start-up measurement (the same as bench/startup-node.mjs).
/// Untimed passes per file before the timed ones, at least (a 1k-row pass takes ~10 ms).
const WARM_UP: Duration = Duration::from_millis(300);

const STARTUP_BODY: &str = r#"{"type":"contact_details","payload":[{"external_id":"c-1","full_name":"Anna Müller","whatsapp":["0151 23456789"],"sms":"+1 201-555-0123","country_codes":["DE"]}]}"#;
const STARTUP_BODY_2: &str = r#"{"type":"contact_details","payload":[{"external_id":"c-2","whatsapp":["06 12 34 56 78"],"country_codes":["FR"]}]}"#;

fn pass(v: &mut Validator, text: &str) -> (usize, usize) {
    let report = v.validate_import_json(text);
    let out = serde_json::to_string(&report).unwrap_or_default();
    (report.total, out.len())
}

/// CPU time of this thread in ms (NaN where /proc is not available).
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|ns| ns.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |ns| ns / 1e6)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

fn main() {
    let mut runs = 5usize;
    let mut files = Vec::new();
    // `--duplicates off|warn|…`: the duplicates option of every validator (default: warn).
    let mut duplicates = String::from("warn");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => {
                runs = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(runs)
                    .max(1)
            }
            "--duplicates" => duplicates = args.next().unwrap_or(duplicates),
            _ => files.push(a),
        }
    }
    // Start-up: the first result of the process (builds the engine's tables and compiles the
    // regexes the row needs), then a second row of another region.
    let t = Instant::now();
    let first = Validator::default().validate_import_json(STARTUP_BODY);
    let first_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let second = Validator::default().validate_import_json(STARTUP_BODY_2);
    let second_ms = t.elapsed().as_secs_f64() * 1e3;
    assert!(
        first.valid == 1 && second.valid == 1,
        "start-up rows should be valid"
    );
    println!("{{\"engine\":\"native\",\"startup\":{{\"first_ms\":{first_ms:.2},\"second_ms\":{second_ms:.2}}}}}");
    if files.is_empty() {
        return;
    }
    let new = || {
        Validator::from_options_json(&serde_json::json!({ "duplicates": duplicates }))
            .expect("a duplicates option")
    };
    for file in files {
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{file}: {e}");
                std::process::exit(1);
            }
        };
        let (rows, _) = pass(&mut new(), &text);
        // Warm-up as in throughput.mjs: at least WARM_UP of passes.
        let warm = Instant::now();
        while warm.elapsed() < WARM_UP {
            pass(&mut new(), &text);
        }

        let timed = |v: &mut Validator, wall: &mut Vec<f64>, cpu: &mut Vec<f64>| {
            let (t, c) = (Instant::now(), cpu_ms());
            pass(v, &text);
            cpu.push(cpu_ms() - c);
            wall.push(t.elapsed().as_secs_f64() * 1e3);
        };
        let (mut fresh, mut fresh_cpu) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            timed(&mut new(), &mut fresh, &mut fresh_cpu);
        }
        let (mut reused, mut reused_cpu) = (Vec::new(), Vec::new());
        let mut v = new();
        pass(&mut v, &text);
        for _ in 0..runs {
            timed(&mut v, &mut reused, &mut reused_cpu);
        }
        for (mode, wall, cpu) in [("fresh", fresh, fresh_cpu), ("reused", reused, reused_cpu)] {
            let ms = median(wall.clone());
            let cpu = median(cpu);
            let all: Vec<String> = wall.iter().map(|t| format!("{t:.1}")).collect();
            println!(
                "{{\"engine\":\"native\",\"file\":{:?},\"duplicates\":{duplicates:?},\"rows\":{rows},\"mode\":\"{mode}\",\"runs\":{runs},\"median_ms\":{ms:.2},\"rows_per_s\":{:.0},\"median_cpu_ms\":{cpu:.2},\"rows_per_cpu_s\":{:.0},\"all_ms\":[{}]}}",
                file,
                rows as f64 / (ms / 1e3),
                rows as f64 / (cpu / 1e3),
                all.join(",")
            );
        }
    }
}
