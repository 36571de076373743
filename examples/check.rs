//! `cargo run --example check -- FILE.json`: prints the report for a POST /import body.
use std::io::Read;

fn main() {
    let mut text = String::new();
    match std::env::args().nth(1) {
        Some(path) => text = std::fs::read_to_string(path).unwrap_or_default(),
        None => {
            let _ = std::io::stdin().read_to_string(&mut text);
        }
    }
    let report = mateo_import::Validator::default().validate_import_json(&text);
    println!(
        "{}",
        serde_json::to_string_pretty(&report).unwrap_or_default()
    );
}
