//! Bytes to text, a piece at a time: BOM first, then UTF-8 if the bytes are UTF-8, else
//! Windows-1252 (what Excel writes on German, Austrian and Swiss Windows).
//!
//! No `encoding_rs`: it adds about 132 KB gzip to the wasm because its dispatch links every
//! encoding, and only these four are needed (UTF-16 is in std, Windows-1252 is one table,
//! checked against the platform's `TextDecoder` for all 256 bytes in tests/js/read-table).

use crate::report::Problem;

use super::count_breaks;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl Encoding {
    /// The WHATWG name, as `TextDecoder` reports it.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    /// An encoding label as people write it. As in WHATWG, Latin-1 labels mean Windows-1252
    /// (it is a superset for every printable character).
    pub fn from_label(label: &str) -> Option<Encoding> {
        let l = label.trim().to_ascii_lowercase().replace('_', "-");
        Some(match l.as_str() {
            "utf-8" | "utf8" | "unicode-1-1-utf-8" => Encoding::Utf8,
            "utf-16le" | "utf-16" | "utf16" | "utf16le" | "ucs-2" | "unicode" => Encoding::Utf16Le,
            "utf-16be" | "utf16be" => Encoding::Utf16Be,
            "windows-1252" | "cp1252" | "x-cp1252" | "latin1" | "latin-1" | "iso-8859-1"
            | "iso8859-1" | "l1" | "ascii" | "us-ascii" | "ansi" => Encoding::Windows1252,
            _ => return None,
        })
    }
}

/// Windows-1252's bytes 0x80-0x9F (WHATWG's index; the five unassigned bytes map to the C1
/// controls of the same number, as `TextDecoder` does). Every other byte is its Latin-1 code point.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

fn cp1252(b: u8) -> char {
    if (0x80..0xA0).contains(&b) {
        CP1252_HIGH[usize::from(b - 0x80)]
    } else {
        char::from(b)
    }
}

/// What the decoder noticed, for the table's notices.
#[derive(Debug, Default)]
pub struct DecodeNotes {
    /// The encoding was guessed (no BOM, no option), and from which line it was decided.
    pub guessed: Option<u64>,
    /// Bytes that were not valid in the encoding, each decoded as U+FFFD: count, first line.
    pub replaced: (u64, u64),
    /// NUL characters dropped: count, first line.
    pub nuls: (u64, u64),
}

/// A streaming decoder. Until the first bytes are seen it does not know the encoding; after
/// that it keeps what it chose, except that a file assumed UTF-8 whose bytes so far were all
/// ASCII becomes Windows-1252 at the first byte that is not UTF-8 (nothing read so far changes:
/// ASCII is the same in both).
#[derive(Debug)]
pub struct Decoder {
    encoding: Option<Encoding>,
    forced: bool,
    started: bool,
    pending: Vec<u8>,
    seen_non_ascii: bool,
    /// Line breaks in the text produced so far (for the notices' line numbers).
    lines: u64,
    prev_cr: bool,
    /// Where the current call's text starts in `out`.
    call_start: usize,
    pub notes: DecodeNotes,
}

/// Bytes needed before a BOM or UTF-16 without a BOM can be told.
const SNIFF: usize = 64;

impl Decoder {
    pub fn new(forced: Option<Encoding>) -> Self {
        Decoder {
            encoding: forced,
            forced: forced.is_some(),
            started: false,
            pending: Vec::new(),
            seen_non_ascii: false,
            lines: 0,
            prev_cr: false,
            call_start: 0,
            notes: DecodeNotes::default(),
        }
    }

    /// The encoding in use (`None` until the first bytes were decoded; UTF-8 unless a BOM, the
    /// option or a byte that is not UTF-8 said otherwise).
    pub fn encoding(&self) -> Option<Encoding> {
        match self.encoding {
            None if self.started => Some(Encoding::Utf8),
            e => e,
        }
    }

    /// Decodes `bytes` onto `out`. With `last`, whatever is pending is decoded too.
    pub fn decode(&mut self, bytes: &[u8], last: bool, out: &mut String) {
        let start = out.len();
        self.call_start = start;
        let mut owned;
        let mut input = bytes;
        if !self.pending.is_empty() {
            owned = std::mem::take(&mut self.pending);
            owned.extend_from_slice(bytes);
            input = &owned[..];
        } else {
            owned = Vec::new();
        }
        if !self.started {
            if input.len() < SNIFF && !last {
                self.pending = input.to_vec();
                return;
            }
            self.started = true;
            input = self.start(input);
        }
        match self.encoding.unwrap_or(Encoding::Utf8) {
            Encoding::Utf8 => self.utf8(input, last, out),
            Encoding::Windows1252 => out.extend(input.iter().map(|&b| cp1252(b))),
            e @ (Encoding::Utf16Le | Encoding::Utf16Be) => self.utf16(input, e, last, out),
        }
        drop(owned);
        self.after(start, out);
    }

    /// Reads a BOM (dropped), or UTF-16 without one; returns the rest.
    fn start<'a>(&mut self, input: &'a [u8]) -> &'a [u8] {
        let (bom, len) = match input {
            [0xEF, 0xBB, 0xBF, ..] => (Some(Encoding::Utf8), 3),
            [0xFF, 0xFE, ..] => (Some(Encoding::Utf16Le), 2),
            [0xFE, 0xFF, ..] => (Some(Encoding::Utf16Be), 2),
            _ => (None, 0),
        };
        if self.forced {
            // A BOM of the forced encoding is still not part of the text.
            return if bom == self.encoding {
                &input[len..]
            } else {
                input
            };
        }
        if let Some(e) = bom {
            self.encoding = Some(e);
            return &input[len..];
        }
        // UTF-16 text without a BOM: mostly ASCII, so every other byte is zero.
        let head = &input[..input.len().min(SNIFF) & !1];
        if head.len() >= 8 {
            let zeros = |offset: usize| {
                head.iter()
                    .skip(offset)
                    .step_by(2)
                    .filter(|&&b| b == 0)
                    .count()
            };
            let half = head.len() / 2;
            let (even, odd) = (zeros(0), zeros(1));
            if odd * 10 >= half * 7 && even * 10 <= half {
                self.encoding = Some(Encoding::Utf16Le);
                self.notes.guessed = Some(1);
            } else if even * 10 >= half * 7 && odd * 10 <= half {
                self.encoding = Some(Encoding::Utf16Be);
                self.notes.guessed = Some(1);
            }
        }
        input
    }

    fn utf8(&mut self, mut input: &[u8], last: bool, out: &mut String) {
        loop {
            match std::str::from_utf8(input) {
                Ok(s) => {
                    self.seen_non_ascii |= !s.is_ascii();
                    out.push_str(s);
                    return;
                }
                Err(e) => {
                    let (good, rest) = input.split_at(e.valid_up_to());
                    // from_utf8 said these bytes are valid.
                    let good = std::str::from_utf8(good).unwrap_or_default();
                    self.seen_non_ascii |= !good.is_ascii();
                    out.push_str(good);
                    match e.error_len() {
                        None if !last => {
                            self.pending = rest.to_vec();
                            return;
                        }
                        _ if !self.forced && !self.seen_non_ascii && self.encoding.is_none() => {
                            self.encoding = Some(Encoding::Windows1252);
                            self.notes.guessed = Some(self.lines_so_far(out) + 1);
                            out.extend(rest.iter().map(|&b| cp1252(b)));
                            return;
                        }
                        len => {
                            let len = len.unwrap_or(rest.len()).max(1);
                            self.replaced(out);
                            out.push('\u{FFFD}');
                            input = &rest[len.min(rest.len())..];
                        }
                    }
                }
            }
        }
    }

    fn utf16(&mut self, input: &[u8], e: Encoding, last: bool, out: &mut String) {
        let mut usable = input.len() & !1;
        let unit = |i: usize| {
            let pair = [input[i], input[i + 1]];
            if e == Encoding::Utf16Le {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        };
        // A high surrogate at the end waits for its partner.
        if !last && usable >= 2 && (0xD800..0xDC00).contains(&unit(usable - 2)) {
            usable -= 2;
        }
        let units = (0..usable).step_by(2).map(unit);
        for c in char::decode_utf16(units) {
            match c {
                Ok(c) => out.push(c),
                Err(_) => {
                    self.replaced(out);
                    out.push('\u{FFFD}');
                }
            }
        }
        let rest = &input[usable..];
        if last {
            if !rest.is_empty() {
                self.replaced(out);
                out.push('\u{FFFD}');
            }
        } else {
            self.pending = rest.to_vec();
        }
    }

    fn lines_so_far(&self, out: &str) -> u64 {
        // Only the part of `out` this call wrote is not counted yet; `after` counts it.
        let mut prev_cr = self.prev_cr;
        let written = out.as_bytes().get(self.call_start..).unwrap_or_default();
        self.lines + count_breaks(written, &mut prev_cr)
    }

    fn replaced(&mut self, out: &str) {
        if self.notes.replaced.0 == 0 {
            self.notes.replaced.1 = self.lines_so_far(out) + 1;
        }
        self.notes.replaced.0 += 1;
    }

    /// Counts the line breaks of what this call wrote, and drops NULs (reported).
    fn after(&mut self, start: usize, out: &mut String) {
        let written = out.as_bytes().get(start..).unwrap_or_default();
        if let Some(first) = memchr::memchr(0, written) {
            if self.notes.nuls.0 == 0 {
                let mut prev_cr = self.prev_cr;
                self.notes.nuls.1 = self.lines + count_breaks(&written[..first], &mut prev_cr) + 1;
            }
            self.notes.nuls.0 += memchr::memchr_iter(0, written).count() as u64;
            let kept: String = out[start..].chars().filter(|&c| c != '\0').collect();
            out.truncate(start);
            out.push_str(&kept);
        }
        let written = out.as_bytes().get(start..).unwrap_or_default();
        self.lines += count_breaks(written, &mut self.prev_cr);
    }

    /// The notices for what was noticed.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        if let (Some(line), Some(e)) = (self.notes.guessed, self.encoding) {
            out.push(Problem::EncodingGuessed {
                encoding: e.name(),
                line,
            });
        }
        if self.notes.replaced.0 > 0 {
            out.push(Problem::UndecodableBytes {
                encoding: self.encoding.unwrap_or(Encoding::Utf8).name(),
                count: self.notes.replaced.0,
                line: self.notes.replaced.1,
            });
        }
        if self.notes.nuls.0 > 0 {
            out.push(Problem::NulRemoved {
                count: self.notes.nuls.0,
                line: self.notes.nuls.1,
            });
        }
        out
    }
}
