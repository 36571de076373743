//! The native core on a benchmark file with the live schema (an OpenAPI description), for
//! profiling: `cargo run --release --example bench_schema -- SCHEMA.json BODY.json [PASSES]`.
//! Prints the median pass (validate_import_json + the report serialised, as bench_native does).
use std::time::Instant;

use mateo_import::schema::Schema;
use mateo_import::Validator;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(schema), Some(body)) = (args.first(), args.get(1)) else {
        eprintln!("usage: bench_schema SCHEMA.json BODY.json [PASSES]");
        std::process::exit(2);
    };
    let passes: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(20);
    let doc = std::fs::read_to_string(schema).unwrap();
    let mut loads = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let _ = Schema::from_openapi_text(&doc);
        loads.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    loads.sort_by(f64::total_cmp);
    println!(
        "{schema}: {} bytes loaded in {:.2} ms (median of 20)",
        doc.len(),
        loads[10]
    );
    let schema = Schema::from_openapi_text(&doc).unwrap();
    let text = std::fs::read_to_string(body).unwrap();
    let mut v = Validator::with_schema(Default::default(), &schema);
    let mut times = Vec::new();
    let mut total = 0;
    for _ in 0..passes {
        let t = Instant::now();
        let report = v.validate_import_json(&text);
        let out = serde_json::to_string(&report).unwrap_or_default();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(out);
        total = report.total;
    }
    times.sort_by(f64::total_cmp);
    let ms = times[times.len() / 2];
    println!(
        "{body}: {total} rows, median {ms:.1} ms, {:.0} rows/s",
        total as f64 / ms * 1000.0
    );
}
