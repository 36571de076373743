//! `cargo run --example dump -- FILE [SHEET]`: prints what read_workbook makes of a file.
fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: dump FILE [SHEET]");
        return;
    };
    let sheet = args.next().map(|s| match s.parse::<usize>() {
        Ok(i) => mateo_import_sheets::SheetRef::Index(i),
        Err(_) => mateo_import_sheets::SheetRef::Name(s),
    });
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return;
        }
    };
    let hint = path.rsplit('.').next();
    let t = std::time::Instant::now();
    match mateo_import_sheets::read_workbook(&bytes, hint, sheet) {
        Ok(wb) => println!(
            "{}",
            serde_json::to_string_pretty(&wb.to_json()).unwrap_or_default()
        ),
        Err(e) => println!(
            "ERROR {} {} {}",
            e.code,
            e.message,
            serde_json::Value::Object(e.params)
        ),
    }
    eprintln!("{:?}", t.elapsed());
}
