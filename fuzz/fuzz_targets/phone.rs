//! Phone lists and region lists: `resolve_phone` (checked regions, defaults) and
//! `resolve_candidates` (regions never checked) must not panic, keep one outcome per candidate,
//! pick the first valid entry, and return an E.164 that resolves to itself.
//!
//! Input format (so seeds are readable and libFuzzer's byte mutations stay meaningful):
//! line 1 = regions separated by commas; every further line = one candidate; a line starting
//! with \x01 is a non-string entry (null).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mateo_import::phone::{check_country_codes, Candidate, PhoneResolution, RlibEngine};
use mateo_import::{Problem, Validator};
use serde_json::Value;

const NOT_TRIED: &str = "not tried: an earlier entry is valid";

fn check(r: &PhoneResolution, n: usize, v: &mut Validator) {
    assert_eq!(r.candidates.len(), n, "one outcome per candidate");
    assert_eq!(r.ok, r.e164.is_some());
    assert_eq!(r.ok, r.index.is_some());
    match (r.index, &r.e164) {
        (Some(i), Some(e164)) => {
            assert!(r.candidates[i].ok);
            assert!(r.candidates[..i].iter().all(|c| !c.ok));
            assert!(r.candidates[i + 1..]
                .iter()
                .all(|c| c.reason.as_deref() == Some(NOT_TRIED)));
            assert!(
                e164.starts_with('+')
                    && e164.len() <= 21
                    && e164[1..].bytes().all(|b| b.is_ascii_digit()),
                "bad E.164 {e164:?}"
            );
            let again = v
                .resolve_phone(&Value::String(e164.clone()), Some(&[]))
                .expect("a string is a phone value");
            assert_eq!(
                again.e164.as_ref(),
                Some(e164),
                "E.164 {e164} does not resolve to itself"
            );
        }
        _ => assert!(r.candidates.iter().all(|c| !c.ok && c.reason.is_some())),
    }
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut lines = input.split('\n');
    let regions_line = lines.next().unwrap_or("");
    let raw_regions: Vec<String> = regions_line
        .split(',')
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect();
    let candidates: Vec<Candidate> = lines
        .map(|l| match l.strip_prefix('\u{1}') {
            Some(_) => Candidate::NotText("null"),
            None => Candidate::Text(l.into()),
        })
        .collect();
    let as_value = Value::Array(
        candidates
            .iter()
            .map(|c| match c {
                Candidate::Text(s) => Value::String(s.to_string()),
                Candidate::NotText(_) => Value::Null,
            })
            .collect(),
    );

    let mut v = Validator::default();
    // Regions exactly as given, unchecked: the engine must cope with any string.
    let r = v.resolve_candidates(&candidates, &raw_regions);
    check(&r, candidates.len(), &mut v);
    // Regions checked first, as the row checker does.
    let (known, unknown) = check_country_codes(&RlibEngine, raw_regions.iter().map(String::as_str));
    let r = v.resolve_candidates(&candidates, &known);
    check(&r, candidates.len(), &mut v);
    // The public entry point, with the list and with each candidate alone.
    match v.resolve_phone(&as_value, Some(&raw_regions)) {
        Ok(r) => {
            assert!(unknown.is_empty());
            check(&r, candidates.len(), &mut v);
        }
        Err(Problem::InvalidCountryCode { value }) => assert_eq!(unknown.first(), Some(&value)),
        Err(other) => panic!("unexpected error {other:?}"),
    }
    for c in candidates.iter().take(4) {
        if let Candidate::Text(s) = c {
            let r = v
                .resolve_phone(&Value::String(s.to_string()), None)
                .expect("a string is a phone value");
            check(&r, 1, &mut v);
        }
    }
});
