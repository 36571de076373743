//! The native reader on a generated 100k-row contacts CSV (as bench/read.mjs makes it): time to
//! JSON text (what the wasm facade sends) and to row objects, best of five.
//!
//!   cargo run --release --example bench_read [rows]
use std::time::Instant;

use mateo_import::input::{JsonRows, ReadOptions, TableReader};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut text =
        String::from("external_id;full_name;email;whatsapp;sms;country_codes;city;note\r\n");
    for i in 0..n {
        text.push_str(&format!(
            "K-{i};Jürgen Müller;j.{i}@example.de;0151 {}, +43 664 {};+49 30 {};DE|AT;München;\"Kunde seit; Messe \"\"Nord\"\"\"\r\n",
            2_000_000 + i,
            100_000 + i,
            900_000 + i
        ));
    }
    let bytes = text.as_bytes();
    let only_json = std::env::args().nth(2).is_some();
    for (name, json) in [("json text", true), ("row objects", false)] {
        if only_json && !json {
            continue;
        }
        let mut best = f64::MAX;
        for _ in 0..5 {
            let t = Instant::now();
            let mut reader = TableReader::new(ReadOptions::default()).expect("options");
            let mut count = 0;
            if json {
                let mut sink = JsonRows::default();
                for piece in bytes.chunks(1 << 20) {
                    reader.push_into(piece, &mut sink).expect("read");
                    if sink.len() > 96 * 1024 {
                        count += sink.count();
                        std::hint::black_box(sink.take());
                    }
                }
                reader.finish_into(&mut sink).expect("finish");
                count += sink.count();
            } else {
                let mut rows = Vec::new();
                for piece in bytes.chunks(1 << 20) {
                    reader.push_into(piece, &mut rows).expect("read");
                }
                reader.finish_into(&mut rows).expect("finish");
                count = rows.len();
            }
            assert_eq!(count, n);
            best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        }
        println!("{name}: {n} rows, {} bytes, best {best:.1} ms", bytes.len());
    }
}
