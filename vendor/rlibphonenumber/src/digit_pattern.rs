// Copyright (C) 2026 mateo-import authors. Licensed under the Apache License, Version 2.0.
//
// MATEO PATCH 3 (PATCHES.md): a matcher for the metadata's digit patterns.
//
// Number patterns are matched against national numbers, which are ASCII digits, so a match is a
// walk over at most 17 symbols of a 10-letter alphabet. A general regex engine (regex-lite's
// PikeVM) pays for captures, Unicode and a thread pool on every step; this one compiles the
// pattern once into its position (Glushkov) automaton, where a step is a bit test per
// candidate position. Patterns that use anything beyond digits, `\d`, digit classes, groups,
// `|` and quantifiers are not compiled (`parse` gives `None`) and stay with the regex engine.

use std::sync::{
    Mutex,
    atomic::{AtomicUsize, Ordering},
};

use rustc_hash::FxHashMap;

/// A compiled digit pattern: the positions (one per digit class written in the pattern, after
/// counted repetitions are unrolled) and which may follow which; and, built while matching, the
/// deterministic automaton of the sets of positions reached, so a repeated walk is one table
/// lookup per digit.
#[derive(Debug)]
pub(crate) struct DigitPattern {
    /// Digits (bit `d` for digit `d`) accepted at each position.
    classes: Vec<u16>,
    /// Whether a match may end at each position.
    last: Vec<bool>,
    /// Positions a match may start with.
    first: Vec<u32>,
    /// `follow[follow_start[p]..follow_start[p + 1]]`: positions that may come after `p`.
    follow_start: Vec<u32>,
    follow: Vec<u32>,
    /// Whether the empty text matches.
    nullable: bool,
    dfa: Mutex<Dfa>,
}

impl Clone for DigitPattern {
    fn clone(&self) -> Self {
        Self {
            classes: self.classes.clone(),
            last: self.last.clone(),
            first: self.first.clone(),
            follow_start: self.follow_start.clone(),
            follow: self.follow.clone(),
            nullable: self.nullable,
            dfa: Mutex::new(Dfa::default()),
        }
    }
}

/// The sets of positions seen so far, as states of a deterministic automaton. State 0 is the
/// start (no digit read); `next` holds `UNKNOWN` until a digit's step from that state has been
/// worked out, or `DEAD` when no position takes it.
#[derive(Debug, Default)]
struct Dfa {
    states: Vec<DfaState>,
    index: FxHashMap<Box<[u32]>, u32>,
}

#[derive(Debug)]
struct DfaState {
    positions: Box<[u32]>,
    next: [u32; 10],
    accepting: bool,
}

const UNKNOWN: u32 = u32::MAX;
const DEAD: u32 = u32::MAX - 1;
/// States kept per pattern, and over all patterns (about 100 bytes each, so at most a few
/// megabytes: a file of random digits for every region must not grow memory without end).
/// Real numbers reach few of them; past a limit a match walks the positions instead, with the
/// same answer.
const MAX_DFA_STATES: usize = 4_096;
const MAX_DFA_STATES_IN_ALL: usize = 65_536;
static DFA_STATES_IN_ALL: AtomicUsize = AtomicUsize::new(0);

/// Working sets of a match.
#[derive(Default)]
struct Scratch {
    seen: Vec<u64>,
    current: Vec<u32>,
    next: Vec<u32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// The pattern as parsed, before positions are assigned.
enum Node {
    Class(u16),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

/// Limits that keep a hostile or unexpected pattern from costing much: such patterns go to the
/// regex engine instead. The largest pattern of the metadata unrolls to about 2,000 positions.
const MAX_DEPTH: usize = 32;
const MAX_REPEAT: u32 = 32;
const MAX_POSITIONS: usize = 50_000;

impl DigitPattern {
    /// Compiles the inside of `^(?:…)$`; `None` when the pattern is outside the supported syntax.
    pub(crate) fn parse(pattern: &str) -> Option<Self> {
        let mut parser = Parser {
            bytes: pattern.as_bytes(),
            at: 0,
            depth: 0,
        };
        let node = parser.alternation()?;
        if parser.at != parser.bytes.len() {
            return None;
        }
        let mut builder = Builder {
            classes: Vec::new(),
            follow: Vec::new(),
        };
        let info = builder.build(&node)?;
        let count = builder.classes.len();
        let mut last = vec![false; count];
        for &p in &info.last {
            last[p as usize] = true;
        }
        let mut follow_start = Vec::with_capacity(count + 1);
        let mut follow = Vec::new();
        for mut list in builder.follow {
            list.sort_unstable();
            list.dedup();
            follow_start.push(follow.len() as u32);
            follow.extend(list);
        }
        follow_start.push(follow.len() as u32);
        let mut first = info.first;
        first.sort_unstable();
        first.dedup();
        Some(Self {
            classes: builder.classes,
            last,
            first,
            follow_start,
            follow,
            nullable: info.nullable,
            dfa: Mutex::new(Dfa::default()),
        })
    }

    /// Whether the pattern matches all of `digits` (ASCII digits only), or with `prefix` some
    /// start of it: the answers of `^(?:…)$` and `^(?:…)`.
    pub(crate) fn matches(&self, digits: &[u8], prefix: bool) -> bool {
        if self.nullable && (prefix || digits.is_empty()) {
            return true;
        }
        if let Ok(mut dfa) = self.dfa.try_lock()
            && let Some(answer) = self.walk(&mut dfa, digits, prefix)
        {
            return answer;
        }
        // The sets are reused across calls: a match then allocates nothing.
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => self.run(digits, prefix, &mut scratch),
            // Not reachable (nothing here calls back into a match), but never a panic.
            Err(_) => self.run(digits, prefix, &mut Scratch::default()),
        })
    }

    /// The match on the deterministic automaton, adding the states it needs; `None` when the
    /// automaton is full (then the positions are walked instead).
    fn walk(&self, dfa: &mut Dfa, digits: &[u8], prefix: bool) -> Option<bool> {
        if dfa.states.is_empty() {
            dfa.states.push(DfaState {
                positions: Box::default(),
                next: [UNKNOWN; 10],
                accepting: self.nullable,
            });
        }
        let mut state = 0usize;
        for &byte in digits {
            let Some(digit) = byte.checked_sub(b'0').filter(|d| *d <= 9) else {
                return Some(false);
            };
            let mut next = dfa.states[state].next[digit as usize];
            if next == UNKNOWN {
                next = self.step(dfa, state, digit)?;
                dfa.states[state].next[digit as usize] = next;
            }
            if next == DEAD {
                return Some(false);
            }
            state = next as usize;
            if prefix && dfa.states[state].accepting {
                return Some(true);
            }
        }
        Some(dfa.states[state].accepting)
    }

    /// The state reached from `state` on `digit` (found or added), `DEAD`, or `None` when a
    /// new state is needed and the automaton is full.
    fn step(&self, dfa: &mut Dfa, state: usize, digit: u8) -> Option<u32> {
        let bit = 1u16 << digit;
        let from = (state != 0).then(|| &*dfa.states[state].positions);
        let mut reached: Vec<u32> = self
            .successors(from)
            .filter(|&q| self.classes[q as usize] & bit != 0)
            .collect();
        if reached.is_empty() {
            return Some(DEAD);
        }
        reached.sort_unstable();
        reached.dedup();
        if let Some(&known) = dfa.index.get(reached.as_slice()) {
            return Some(known);
        }
        if dfa.states.len() >= MAX_DFA_STATES
            || DFA_STATES_IN_ALL.fetch_add(1, Ordering::Relaxed) >= MAX_DFA_STATES_IN_ALL
        {
            return None;
        }
        let id = dfa.states.len() as u32;
        let positions: Box<[u32]> = reached.into_boxed_slice();
        dfa.states.push(DfaState {
            accepting: positions.iter().any(|&q| self.last[q as usize]),
            positions: positions.clone(),
            next: [UNKNOWN; 10],
        });
        dfa.index.insert(positions, id);
        Some(id)
    }

    fn run(&self, digits: &[u8], prefix: bool, scratch: &mut Scratch) -> bool {
        let Scratch {
            seen,
            current,
            next,
        } = scratch;
        seen.clear();
        seen.resize(self.classes.len().div_ceil(64), 0);
        current.clear();
        for (i, &byte) in digits.iter().enumerate() {
            let Some(digit) = byte.checked_sub(b'0').filter(|d| *d <= 9) else {
                return false;
            };
            let bit = 1u16 << digit;
            next.clear();
            for q in self.successors((i != 0).then_some(&current[..])) {
                self.admit(q, bit, seen, next);
            }
            for &q in next.iter() {
                seen[(q / 64) as usize] = 0;
            }
            if next.is_empty() {
                return false;
            }
            if prefix && next.iter().any(|&q| self.last[q as usize]) {
                return true;
            }
            std::mem::swap(current, next);
        }
        current.iter().any(|&p| self.last[p as usize])
    }

    /// The positions that may come next: the first ones at the start (`None`), else those that
    /// may follow a position of `from` (with repeats).
    fn successors<'a>(&'a self, from: Option<&'a [u32]>) -> impl Iterator<Item = u32> + 'a {
        let (start, set): (&[u32], &[u32]) = match from {
            None => (&self.first, &[]),
            Some(set) => (&[], set),
        };
        start.iter().copied().chain(set.iter().flat_map(move |&p| {
            let p = p as usize;
            let (from, to) = (self.follow_start[p], self.follow_start[p + 1]);
            self.follow[from as usize..to as usize].iter().copied()
        }))
    }

    /// Adds position `q` to `next` if it accepts the digit `bit` and is not there yet.
    #[inline]
    fn admit(&self, q: u32, bit: u16, seen: &mut [u64], next: &mut Vec<u32>) {
        let (word, mask) = ((q / 64) as usize, 1u64 << (q % 64));
        if self.classes[q as usize] & bit != 0 && seen[word] & mask == 0 {
            seen[word] |= mask;
            next.push(q);
        }
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn alternation(&mut self) -> Option<Node> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mut branches = vec![self.concatenation()?];
        while self.peek() == Some(b'|') {
            self.at += 1;
            branches.push(self.concatenation()?);
        }
        self.depth -= 1;
        Some(if branches.len() == 1 {
            branches.pop()?
        } else {
            Node::Alt(branches)
        })
    }

    fn concatenation(&mut self) -> Option<Node> {
        let mut items = Vec::new();
        while let Some(b) = self.peek() {
            if b == b'|' || b == b')' {
                break;
            }
            let mut node = self.atom()?;
            while let Some((min, max)) = self.quantifier()? {
                node = Node::Repeat {
                    node: Box::new(node),
                    min,
                    max,
                };
            }
            items.push(node);
        }
        Some(Node::Concat(items))
    }

    fn atom(&mut self) -> Option<Node> {
        let b = self.peek()?;
        self.at += 1;
        match b {
            b'0'..=b'9' => Some(Node::Class(1 << (b - b'0'))),
            b'\\' => {
                let escaped = self.peek()?;
                self.at += 1;
                (escaped == b'd').then_some(Node::Class(0x3FF))
            }
            b'[' => self.class(),
            b'(' => {
                if self.bytes[self.at..].starts_with(b"?:") {
                    self.at += 2;
                }
                let node = self.alternation()?;
                (self.peek() == Some(b')')).then(|| {
                    self.at += 1;
                    node
                })
            }
            _ => None,
        }
    }

    /// `[…]` of digits, digit ranges and `\d`; the `[` is already read.
    fn class(&mut self) -> Option<Node> {
        let mut set = 0u16;
        loop {
            let b = self.peek()?;
            self.at += 1;
            match b {
                b']' if set != 0 => return Some(Node::Class(set)),
                b'\\' if self.peek() == Some(b'd') => {
                    self.at += 1;
                    set |= 0x3FF;
                }
                b'0'..=b'9' => {
                    let low = b - b'0';
                    let high = if self.peek() == Some(b'-')
                        && self.bytes.get(self.at + 1).is_some_and(u8::is_ascii_digit)
                    {
                        let high = self.bytes[self.at + 1] - b'0';
                        self.at += 2;
                        high
                    } else {
                        low
                    };
                    if high < low {
                        return None;
                    }
                    for d in low..=high {
                        set |= 1 << d;
                    }
                }
                _ => return None,
            }
        }
    }

    /// `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`, each optionally followed by a lazy `?` (which
    /// does not change whether there is a match).
    fn quantifier(&mut self) -> Option<Option<(u32, Option<u32>)>> {
        let quantifier = match self.peek() {
            Some(b'?') => (0, Some(1)),
            Some(b'*') => (0, None),
            Some(b'+') => (1, None),
            Some(b'{') => {
                let close = self.bytes[self.at..].iter().position(|&b| b == b'}')?;
                let inside = std::str::from_utf8(&self.bytes[self.at + 1..self.at + close]).ok()?;
                let number = |s: &str| -> Option<u32> {
                    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| s.parse().ok())
                        .flatten()
                };
                let bounds = match inside.split_once(',') {
                    None => {
                        let n = number(inside)?;
                        (n, Some(n))
                    }
                    Some((low, "")) => (number(low)?, None),
                    Some((low, high)) => (number(low)?, Some(number(high)?)),
                };
                if bounds.0 > MAX_REPEAT || bounds.1.is_some_and(|m| m > MAX_REPEAT || m < bounds.0)
                {
                    return None;
                }
                self.at += close;
                bounds
            }
            _ => return Some(None),
        };
        self.at += 1;
        if self.peek() == Some(b'?') {
            self.at += 1;
        }
        Some(Some(quantifier))
    }
}

/// What the Glushkov construction needs to know of a sub-pattern.
struct Info {
    nullable: bool,
    first: Vec<u32>,
    last: Vec<u32>,
}

struct Builder {
    classes: Vec<u16>,
    follow: Vec<Vec<u32>>,
}

impl Builder {
    /// Assigns fresh positions to `node` (a repeated node is built once per copy) and records
    /// which positions may follow which.
    fn build(&mut self, node: &Node) -> Option<Info> {
        match node {
            Node::Class(set) => {
                if self.classes.len() >= MAX_POSITIONS {
                    return None;
                }
                let p = self.classes.len() as u32;
                self.classes.push(*set);
                self.follow.push(Vec::new());
                Some(Info {
                    nullable: false,
                    first: vec![p],
                    last: vec![p],
                })
            }
            Node::Concat(items) => {
                let mut acc = Info {
                    nullable: true,
                    first: Vec::new(),
                    last: Vec::new(),
                };
                for item in items {
                    let next = self.build(item)?;
                    acc = self.concat(acc, next);
                }
                Some(acc)
            }
            Node::Alt(branches) => {
                let mut acc = Info {
                    nullable: false,
                    first: Vec::new(),
                    last: Vec::new(),
                };
                for branch in branches {
                    let info = self.build(branch)?;
                    acc.nullable |= info.nullable;
                    acc.first.extend(info.first);
                    acc.last.extend(info.last);
                }
                Some(acc)
            }
            Node::Repeat { node, min, max } => {
                let mut acc = Info {
                    nullable: true,
                    first: Vec::new(),
                    last: Vec::new(),
                };
                for _ in 0..*min {
                    let copy = self.build(node)?;
                    acc = self.concat(acc, copy);
                }
                match max {
                    None => {
                        let copy = self.build(node)?;
                        for &p in &copy.last {
                            self.follow[p as usize].extend_from_slice(&copy.first);
                        }
                        let star = Info {
                            nullable: true,
                            ..copy
                        };
                        acc = self.concat(acc, star);
                    }
                    Some(max) => {
                        for _ in *min..*max {
                            let copy = self.build(node)?;
                            let optional = Info {
                                nullable: true,
                                ..copy
                            };
                            acc = self.concat(acc, optional);
                        }
                    }
                }
                Some(acc)
            }
        }
    }

    fn concat(&mut self, a: Info, b: Info) -> Info {
        for &p in &a.last {
            self.follow[p as usize].extend_from_slice(&b.first);
        }
        let mut first = a.first;
        if a.nullable {
            first.extend_from_slice(&b.first);
        }
        let mut last = b.last;
        if b.nullable {
            last.extend(a.last);
        }
        Info {
            nullable: a.nullable && b.nullable,
            first,
            last,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DigitPattern;

    fn full(pattern: &str, text: &str) -> bool {
        DigitPattern::parse(pattern)
            .unwrap()
            .matches(text.as_bytes(), false)
    }

    #[test]
    fn matches_as_an_anchored_regex_does() {
        assert!(full("[2-9]\\d{2}", "299"));
        assert!(!full("[2-9]\\d{2}", "199"));
        assert!(!full("[2-9]\\d{2}", "2999"));
        assert!(full("1(?:5[0-25-9]|7[0-9])\\d{7,8}", "15123456789"));
        assert!(full("1(?:5[0-25-9]|7[0-9])\\d{7,8}", "1512345678"));
        assert!(!full("1(?:5[0-25-9]|7[0-9])\\d{7,8}", "153123456789"));
        assert!(full("(?:1|2)?3+", "3333"));
        assert!(full("(?:1|2)?3+", "23"));
        assert!(!full("(?:1|2)?3+", "12"));
        assert!(full("\\d{0,2}", ""));
        assert!(full("4|", ""));
        let p = DigitPattern::parse("80\\d{2}").unwrap();
        assert!(p.matches(b"80123456", true));
        assert!(!p.matches(b"801", true));
    }

    #[test]
    fn refuses_what_it_does_not_know() {
        for pattern in [
            "a", "\\w", "[^1]", "[a-z]", "(?i)1", "1{2", "1{3,2}", "(1", "1)", ".",
        ] {
            assert!(DigitPattern::parse(pattern).is_none(), "{pattern}");
        }
    }
}

/// Every number and leading-digits pattern of the shipped metadata, matched both ways on
/// example numbers, their mutations and prefixes, and pseudo-random digit texts.
#[cfg(all(test, feature = "builtin_metadata"))]
mod metadata_tests {
    #![allow(deprecated)]
    use super::{DigitPattern, Scratch};
    use crate::{phonenumberutil::helper_functions::load_compiled_metadata, regexp::Regex};

    #[test]
    fn agrees_with_the_regex_engine_on_every_metadata_pattern() {
        let collection = load_compiled_metadata().unwrap();
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut random_digit = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            b'0' + (state % 10) as u8
        };
        let (mut compiled, mut refused, mut checks) = (0, 0, 0);
        for metadata in &collection.metadata {
            let mut patterns: Vec<(&str, Option<&str>)> = Vec::new();
            for desc in [
                &metadata.general_desc,
                &metadata.fixed_line,
                &metadata.mobile,
                &metadata.toll_free,
                &metadata.premium_rate,
                &metadata.shared_cost,
                &metadata.personal_number,
                &metadata.voip,
                &metadata.pager,
                &metadata.uan,
                &metadata.voicemail,
                &metadata.no_international_dialling,
            ]
            .into_iter()
            .flatten()
            {
                if let Some(pattern) = &desc.national_number_pattern {
                    patterns.push((pattern, desc.example_number.as_deref()));
                }
            }
            if let Some(pattern) = &metadata.leading_digits {
                patterns.push((pattern, None));
            }
            let examples: Vec<&str> = patterns.iter().filter_map(|(_, e)| *e).collect();
            for (base, _) in &patterns {
                let Some(inner) = base.strip_prefix("^(?:").and_then(|b| b.strip_suffix(")$"))
                else {
                    continue;
                };
                let Some(digits) = DigitPattern::parse(inner) else {
                    refused += 1;
                    continue;
                };
                compiled += 1;
                let full = Regex::new(base).unwrap();
                let start = Regex::new(&base[..base.len() - 1]).unwrap();
                let mut texts: Vec<Vec<u8>> = Vec::new();
                for example in &examples {
                    let bytes = example.as_bytes().to_vec();
                    for cut in 1..=bytes.len() {
                        texts.push(bytes[..cut].to_vec());
                    }
                    for i in 0..bytes.len() {
                        let mut changed = bytes.clone();
                        changed[i] = random_digit();
                        texts.push(changed);
                    }
                    let mut longer = bytes.clone();
                    longer.push(random_digit());
                    texts.push(longer);
                }
                for len in 1..=17 {
                    for _ in 0..6 {
                        texts.push((0..len).map(|_| random_digit()).collect());
                    }
                }
                for text in &texts {
                    let s = std::str::from_utf8(text).unwrap();
                    let (want_full, want_start) = (full.is_match(s), start.is_match(s));
                    assert_eq!(digits.matches(text, false), want_full, "{base} on {s}");
                    assert_eq!(digits.matches(text, true), want_start, "{base} ^ on {s}");
                    // The position walk, which answers when the automaton is full.
                    let mut scratch = Scratch::default();
                    assert_eq!(digits.run(text, false, &mut scratch), want_full, "{base}");
                    assert_eq!(digits.run(text, true, &mut scratch), want_start, "{base}");
                    checks += 4;
                }
            }
        }
        // About 21,000: the automata were built, not skipped for the limit.
        let states = super::DFA_STATES_IN_ALL.load(std::sync::atomic::Ordering::Relaxed);
        assert!(states < super::MAX_DFA_STATES_IN_ALL, "{states}");
        // The metadata is all digit patterns: none should need the regex engine.
        assert_eq!(refused, 0);
        assert!(compiled > 1_400, "{compiled}");
        assert!(checks > 1_000_000, "{checks}");
    }
}
