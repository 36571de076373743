//! Memory of the duplicate check: one `ImportSession` over N contact rows (each with its own
//! `external_id` and e-mail: two keys), pushed in chunks of 2,000, with `duplicates` "warn" and
//! "off"; prints the process's peak resident memory (Linux `VmHWM`) after each.
//!
//! `cargo run --release --example bench_duplicates -- [ROWS] [warn|off]`
use mateo_import::{ImportSession, Validator};
use serde_json::json;

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows: usize = args
        .get(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let policy = args.get(2).map_or("warn", String::as_str);
    let before = peak_kib();
    let v = Validator::from_options_json(&json!({ "duplicates": policy })).expect("options");
    let mut s = ImportSession::new(v, &json!({ "type": "contact_details" }));
    let start = std::time::Instant::now();
    let mut at = 0;
    while at < rows {
        let n = (rows - at).min(2_000);
        let chunk: Vec<serde_json::Value> = (at..at + n)
            .map(|i| json!({ "external_id": format!("c{i}"), "email": format!("person{i}@example.de") }))
            .collect();
        let reports = s.push_rows(chunk);
        assert_eq!(reports.len(), n);
        at += n;
    }
    let summary = s.finish();
    let peak = peak_kib();
    println!(
        "{{\"rows\":{rows},\"duplicates\":\"{policy}\",\"valid\":{},\"seconds\":{:.2},\"peak_rss_mib\":{:.1},\"growth_mib\":{:.1},\"bytes_per_row\":{:.0}}}",
        summary.valid,
        start.elapsed().as_secs_f64(),
        peak as f64 / 1024.0,
        (peak - before) as f64 / 1024.0,
        (peak - before) as f64 * 1024.0 / rows as f64
    );
}
