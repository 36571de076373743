#!/usr/bin/env python3
"""Generate tests/fixtures/phone_corpus.jsonl, the differential corpus for the phone resolver.

The reference is Google's libphonenumber as packaged for Python (`phonenumbers`), pinned in
scripts/requirements.txt to the metadata version rlibphonenumber embeds (9.0.42).

Every line is one phone list and what the reference makes of it under the resolver's semantics
(src/phone/mod.rs):

    {"candidates": [...], "regions": [...], "e164": "+..." | null, "index": n | null,
     "region": "DE" | "001" | null}

* candidates are tried in order; blank entries (nothing but white space / invisible marks) are
  skipped but still counted in `index`;
* for each candidate each region is tried in order; with no region, the number is parsed with no
  default region (so only `+…` numbers can succeed);
* the first parse that `is_valid_number` accepts wins; `e164` is its E.164 form, `region` is
  `region_code_for_number` of it; a parse exception counts as "not valid".

The output is deterministic (fixed seed, sorted iteration). Regenerate with:

    python3 -m venv /tmp/pnvenv && /tmp/pnvenv/bin/pip install -r scripts/requirements.txt
    /tmp/pnvenv/bin/python scripts/gen_phone_corpus.py
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys

import phonenumbers as pn
from phonenumbers import PhoneMetadata
from phonenumbers import PhoneNumberFormat as F
from phonenumbers import PhoneNumberType as T

EXPECTED_VERSION = "9.0.42"
SEED = 0x4D4154454F  # "MATEO"
TARGET_LISTS = 20_000
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "phone_corpus.jsonl")

TYPES = [
    T.FIXED_LINE,
    T.MOBILE,
    T.TOLL_FREE,
    T.PREMIUM_RATE,
    T.SHARED_COST,
    T.VOIP,
    T.PERSONAL_NUMBER,
    T.PAGER,
    T.UAN,
    T.VOICEMAIL,
]

# Regions whose national trunk prefix is (or may be) 8.
TRUNK8 = {"RU", "KZ", "BY", "LT"}

# Rust's `char::is_whitespace` (Unicode White_Space) plus the invisible marks the resolver's
# `is_blank` also treats as blank. Python's str.isspace() differs slightly (U+001C..U+001F), so
# the resolver's definition is reproduced here exactly.
RUST_WHITESPACE = set("\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | {chr(c) for c in range(0x2000, 0x200B)}
INVISIBLE = {chr(c) for c in range(0x200B, 0x2010)} | {"\u2060", "\ufeff"}


def is_blank(s: str) -> bool:
    return all(c in RUST_WHITESPACE or c in INVISIBLE for c in s)


GARBAGE = [
    "n/a", "N/A", "-", "--", "none", "null", "NULL", "0", "00", "+", "++", "tbd", "see notes",
    "#", "*", "?", "()", "+()", "call me", "123", "12345", "0000000000", "+0000000000",
    "1234567890123456789012", "+49", "+1", "+44 ", "email@example.com", "\U0001F600", "\u260E",
    "abc def", "phone", "tel:", "tel:+", "mobile: ", "+-+-", "...", "0-0-0", "x123", "ext. 5",
    "#N/A", "#VALUE!", "undefined", "NaN", "1e10", "4.9123E+11", "=+49301234567", "'+49 30 1234567",
    "+999 123 4567", "+0 123 456 789", "+00 44 20 7946 0018", "0 800", "112", "911", "110",
    "\u0661\u0662\u0663", "\uff0b\uff14\uff19", "+1 (555) CALL-NOW", "0800 FOR PIZZA",
    "+49 30 901820 / +49 30 901821", "030 901820 oder 0151 23456789", "(+",
]

BLANKS = ["", " ", "  ", "\t", "\u00a0", " \n", "\u200b", "\u3000", "\ufeff "]

KEYPAD = {
    "2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS", "8": "TUV", "9": "WXYZ",
}


class Entity:
    """A region (or a non-geographic calling code) and its example numbers."""

    def __init__(self, code: str, cc: int, numbers: list):
        self.code = code  # "DE", or "001:800" for non-geographic entities
        self.cc = cc
        self.numbers = numbers

    @property
    def region(self):
        return None if self.code.startswith("001") else self.code


def digit_idd(region: str):
    """The IDD a caller in `region` dials, as plain digits (None when it is not fixed)."""
    meta = PhoneMetadata.metadata_for_region(region)
    if meta is None:
        return None
    pref = meta.preferred_international_prefix
    if pref:
        return pref
    if meta.international_prefix and re.fullmatch(r"\d+", meta.international_prefix):
        return meta.international_prefix
    return None


def mutate_tail(rng: random.Random, n):
    """A sibling of an example number: same calling code, last 1-3 national digits changed."""
    nsn = pn.national_significant_number(n)
    k = rng.randint(1, min(3, len(nsn)))
    tail = "".join(rng.choice("0123456789") for _ in range(k))
    try:
        return pn.parse("+%d%s" % (n.country_code, nsn[:-k] + tail), None)
    except pn.NumberParseException:
        return None


def random_siblings(rng: random.Random, n, meta, count: int) -> list:
    """Numbers that share the first 1-3 national digits of an example number, with random digits
    up to one of the region's possible lengths: they exercise the metadata patterns (some are
    valid, some are not; the reference decides)."""
    nsn = pn.national_significant_number(n)
    lengths = [x for x in (meta.general_desc.possible_length if meta and meta.general_desc else ()) if x > 0] or [len(nsn)]
    out = []
    for _ in range(count):
        keep = rng.randint(1, min(3, len(nsn)))
        length = max(keep + 1, rng.choice(lengths))
        digits = nsn[:keep] + "".join(rng.choice("0123456789") for _ in range(length - keep))
        try:
            out.append(pn.parse("+%d%s" % (n.country_code, digits), None))
        except pn.NumberParseException:
            pass
    return out


def build_entities(rng: random.Random) -> list:
    entities = []
    for region in sorted(pn.SUPPORTED_REGIONS):
        cc = pn.country_code_for_region(region)
        seen = {}
        for t in TYPES:
            n = pn.example_number_for_type(region, t)
            if n is not None:
                seen.setdefault(pn.format_number(n, F.E164), n)
        n = pn.example_number(region)
        if n is not None:
            seen.setdefault(pn.format_number(n, F.E164), n)
        numbers = list(seen.values())
        for n in list(numbers):
            m = mutate_tail(rng, n)
            if m is not None:
                numbers.append(m)
        if numbers:
            numbers += random_siblings(rng, rng.choice(numbers), PhoneMetadata.metadata_for_region(region), 4)
        entities.append(Entity(region, cc, numbers))
    for cc in sorted(pn.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        n = pn.example_number_for_non_geo_entity(cc)
        numbers = [n] if n is not None else []
        for n in list(numbers):
            m = mutate_tail(rng, n)
            if m is not None:
                numbers.append(m)
        if numbers:
            numbers += random_siblings(rng, numbers[0], PhoneMetadata.metadata_for_nongeo_region(cc), 3)
        entities.append(Entity("001:%d" % cc, cc, numbers))
    return entities


# ---------------------------------------------------------------------------------------------
# Renderings. Each takes (rng, number, entity, ctx) and returns (text, hint_region) where
# hint_region is a region that makes the text meaningful (the region whose IDD was used), or None.

def only_digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit() and c in "0123456789")


def r_intl(rng, n, e, ctx):
    return pn.format_number(n, F.INTERNATIONAL), None


def r_e164(rng, n, e, ctx):
    return pn.format_number(n, F.E164), None


def r_national(rng, n, e, ctx):
    return pn.format_number(n, F.NATIONAL), None


def r_digits(rng, n, e, ctx):
    return pn.format_number(n, F.E164)[1:], None


def r_national_digits(rng, n, e, ctx):
    return only_digits(pn.format_number(n, F.NATIONAL)), None


def r_00(rng, n, e, ctx):
    intl = pn.format_number(n, F.INTERNATIONAL)
    choice = rng.randrange(3)
    if choice == 0:
        return "00" + intl[1:], None
    if choice == 1:
        return "00 " + intl[1:], None
    return "00" + pn.format_number(n, F.E164)[1:], None


def r_idd(rng, n, e, ctx):
    frm = rng.choice(ctx["idd_regions"])
    text = pn.format_out_of_country_calling_number(n, frm)
    idd = digit_idd(frm)
    if idd and "~" in idd and text.startswith(idd):
        # "8~10 49 …": the tilde means "wait for the tone"; people write 8 10 or 810.
        text = rng.choice([idd.replace("~", ""), idd.replace("~", " "), idd.replace("~", "-"), idd]) + text[len(idd):]
    return text, frm


def r_punct(rng, n, e, ctx):
    base = pn.format_number(n, rng.choice([F.INTERNATIONAL, F.INTERNATIONAL, F.NATIONAL]))
    sep = rng.choice([" ", "-", ".", "/", " - ", "  "])
    groups = re.split(r"[ \-]", base)
    groups = [g for g in groups if g]
    style = rng.randrange(5)
    if style == 0 and len(groups) > 2:
        # (area) rest
        return " ".join([groups[0], "(" + groups[1] + ")"] + [sep.join(groups[2:])]) if groups[0].startswith("+") \
            else "(" + groups[0] + ") " + sep.join(groups[1:]), None
    if style == 1 and base.startswith("+") and len(groups) > 1:
        # +49 (0)30 123456
        return groups[0] + " (0)" + sep.join(groups[1:]), None
    if style == 2 and base.startswith("+"):
        # (+49) 30 123456
        return "(" + groups[0] + ") " + sep.join(groups[1:]), None
    if style == 3:
        digits = only_digits(base)
        chunks = []
        i = 0
        while i < len(digits):
            k = rng.randint(2, 4)
            chunks.append(digits[i:i + k])
            i += k
        return ("+" if base.startswith("+") else "") + sep.join(chunks), None
    return sep.join(groups), None


def r_tel(rng, n, e, ctx):
    style = rng.randrange(4)
    uri = pn.format_number(n, F.RFC3966)
    if style == 0:
        return uri, None
    if style == 1:
        return "TEL:" + uri[4:], None
    if style == 2:
        nat = only_digits(pn.format_number(n, F.NATIONAL))
        return "tel:%s;phone-context=+%d" % (nat, n.country_code), None
    return "tel:" + pn.format_number(n, F.E164), None


def r_ext(rng, n, e, ctx):
    base = pn.format_number(n, rng.choice([F.INTERNATIONAL, F.NATIONAL, F.E164]))
    ext = str(rng.randint(1, 99999))
    word = rng.choice([
        " ext. ", " x", " #", ";ext=", " ext ", " доб. ", " extn ", " extension ", " X ", "#", " ｘ", " anexo ",
        " int ", ",,", ", ", " ~", " ex.", " e.", ";", " - ", " ext: ", " extensión ", "x", " ,",
    ])
    if rng.random() < 0.1:
        ext = ext * 3
    return base + word + ext + ("#" if rng.random() < 0.15 else ""), None


def r_spaced(rng, n, e, ctx):
    base = pn.format_number(n, rng.choice([F.INTERNATIONAL, F.NATIONAL]))
    ws = rng.choice([" ", "  ", "\t", "\u00a0", "\u200b"])
    if rng.random() < 0.5:
        base = base.replace(" ", rng.choice(["\u00a0", "\u2009", "\u202f", "  "]))
    return ws + base + rng.choice(["", " ", "\n", "\u200e"]), None


def r_unicode(rng, n, e, ctx):
    style = rng.randrange(3)
    if style == 0:
        base = pn.format_number(n, F.INTERNATIONAL)
        return "".join(chr(0xFF10 + ord(c) - 48) if c.isdigit() else ("\uff0b" if c == "+" else c) for c in base), None
    base = pn.format_number(n, rng.choice([F.INTERNATIONAL, F.NATIONAL]))
    zero = 0x0660 if style == 1 else 0x06F0
    return "".join(chr(zero + ord(c) - 48) if c in "0123456789" else c for c in base), None


def r_trunk8(rng, n, e, ctx):
    nsn = pn.national_significant_number(n)
    style = rng.randrange(7)
    if style == 0:
        return "8" + nsn, None
    if style == 1:
        return "8 " + nsn, None
    if style == 2 and len(nsn) >= 6:
        return "8 (%s) %s-%s" % (nsn[:3], nsn[3:6], nsn[6:]), None
    if style == 3:
        return "8-0" + nsn, None
    if style == 4:
        return "+%d 8 %s" % (n.country_code, nsn), None
    if style == 5:
        return "0" + nsn, None
    return "8 10 %d %s" % (n.country_code, nsn), None


def r_letter1(rng, n, e, ctx):
    base = pn.format_number(n, rng.choice([F.INTERNATIONAL, F.NATIONAL, F.E164]))
    pos = rng.randrange(len(base) + 1)
    letter = rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if rng.random() < 0.5 and pos < len(base) and base[pos].isdigit():
        return base[:pos] + letter + base[pos + 1:], None
    return base[:pos] + letter + base[pos:], None


def r_vanity(rng, n, e, ctx):
    base = pn.format_number(n, rng.choice([F.INTERNATIONAL, F.E164, F.NATIONAL]))
    chars = list(base)
    digit_pos = [i for i, c in enumerate(chars) if c in "0123456789"]
    k = rng.randint(3, min(7, max(3, len(digit_pos) - 2)))
    mapped = rng.random() < 0.7
    for i in digit_pos[-k:]:
        d = chars[i]
        if mapped:
            if d in KEYPAD:
                chars[i] = rng.choice(KEYPAD[d])
        else:
            chars[i] = rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    text = "".join(chars)
    if rng.random() < 0.3:
        text = text.lower()
    return text, None


def r_trunc(rng, n, e, ctx):
    base = pn.format_number(n, rng.choice([F.INTERNATIONAL, F.NATIONAL, F.E164]))
    k = rng.randint(1, 3)
    idx = [i for i, c in enumerate(base) if c.isdigit()]
    if len(idx) <= k:
        return base, None
    return base[:idx[-k]], None


def r_extra(rng, n, e, ctx):
    base = pn.format_number(n, rng.choice([F.INTERNATIONAL, F.NATIONAL, F.E164]))
    return base + "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 3))), None


def r_swap(rng, n, e, ctx):
    base = pn.format_number(n, rng.choice([F.INTERNATIONAL, F.NATIONAL, F.E164]))
    chars = list(base)
    idx = [i for i, c in enumerate(chars) if c.isdigit()]
    pairs = [(idx[j], idx[j + 1]) for j in range(len(idx) - 1) if chars[idx[j]] != chars[idx[j + 1]]]
    if not pairs:
        return base, None
    a, b = rng.choice(pairs)
    chars[a], chars[b] = chars[b], chars[a]
    return "".join(chars), None


def r_wrong_cc(rng, n, e, ctx):
    nsn = pn.national_significant_number(n)
    cc = rng.choice(ctx["all_ccs"] + [999, 0, 28, 969])
    return "+%d %s" % (cc, nsn), None


def r_plus_mess(rng, n, e, ctx):
    e164 = pn.format_number(n, F.E164)
    intl = pn.format_number(n, F.INTERNATIONAL)
    return rng.choice([
        "+" + e164,
        "+00" + e164[1:],
        "+ " + intl[1:],
        "+(" + str(n.country_code) + ")" + pn.national_significant_number(n),
        intl.replace("+", "+0"),
        e164[1:] + "+",
        "(" + intl + ")",
        intl + ",",
        '"' + intl + '"',
    ]), None


def r_invalid_example(rng, n, e, ctx):
    if e.region is None:
        return r_trunc(rng, n, e, ctx)
    inv = pn.invalid_example_number(e.region)
    if inv is None:
        return r_trunc(rng, n, e, ctx)
    return pn.format_number(inv, rng.choice([F.INTERNATIONAL, F.NATIONAL, F.E164])), None


def idd_samples(region: str) -> list:
    """Digit strings of 2-5 digits the region's international-prefix pattern accepts in full."""
    meta = PhoneMetadata.metadata_for_region(region)
    if meta is None or not meta.international_prefix:
        return []
    pat = re.compile(meta.international_prefix)
    out = []
    for length in range(2, 6):
        for i in range(10 ** length):
            d = str(i).zfill(length)
            if length == 5 and not d.startswith(("00", "01", "14", "19", "99")):
                continue
            if pat.fullmatch(d):
                out.append(d)
    return out


def r_idd_regex(rng, n, e, ctx):
    """A number dialled with one of the (many) IDDs a region's pattern allows (BR 0015, AU 0014…)."""
    frm = rng.choice(ctx["regex_idd_regions"])
    idd = rng.choice(ctx["idd_samples"][frm])
    nsn = pn.national_significant_number(n)
    sep = rng.choice(["", " ", "-"])
    return "%s%s%d%s%s" % (idd, sep, n.country_code, sep, nsn), frm


def r_local(rng, n, e, ctx):
    """The subscriber part only (NANPA 7-digit, GG/JE/IM 6-digit, SM, NF, MG… local dialling)."""
    nsn = pn.national_significant_number(n)
    k = rng.choice([5, 6, 7, len(nsn) - 1, len(nsn) - 2, len(nsn) - 3])
    k = max(2, min(k, len(nsn)))
    local = nsn[-k:]
    if rng.random() < 0.5 and len(local) > 4:
        local = local[:-4] + "-" + local[-4:]
    return local, None


def r_carrier(rng, n, e, ctx):
    """National forms with a carrier-selection code (BR 0 15 11…, CO 03…, AR 0 11 15…)."""
    nsn = pn.national_significant_number(n)
    style = rng.randrange(5)
    if style == 0:
        return "0 %s %s" % (rng.choice(["15", "21", "31", "41", "12", "99", "14", "55"]), nsn), None
    if style == 1:
        return "0%s%s" % (rng.choice(["3", "5", "7", "9", "444", "456", "414"]), nsn), None
    if style == 2:
        return "(0xx%s) %s" % (nsn[:2], nsn[2:]), None
    if style == 3 and n.country_code == 54 and nsn.startswith("9") and len(nsn) > 5:
        # AR mobile: 9 11 2345 6789 is dialled nationally as 011 15 2345-6789
        rest = nsn[1:]
        return "0%s 15 %s" % (rest[:2], rest[2:]), None
    return "90" + nsn, None


def r_tel_extra(rng, n, e, ctx):
    """RFC 3966 with parameters: isub, ext, phone-context as a domain, an odd or empty context."""
    uri = pn.format_number(n, F.RFC3966)
    nat = only_digits(pn.format_number(n, F.NATIONAL))
    return rng.choice([
        uri + ";isub=12345",
        uri + ";ext=" + str(rng.randint(1, 9999)),
        "tel:%s;phone-context=example.com" % nat,
        "tel:%s;phone-context=" % nat,
        "tel:%s;phone-context=+%d-%s" % (nsn_tail(n, 6), n.country_code, pn.national_significant_number(n)[:-6] or "0"),
        "tel:%s;phone-context=+" % nat,
        "tel:%s;phone-context=%d" % (nat, n.country_code),
        uri + ";phone-context=+1",
        "tel:" + only_digits(pn.format_number(n, F.E164)),
        "sip:" + pn.format_number(n, F.E164) + "@example.com",
        uri.replace("tel:", "tel: "),
        "tel:+%d%s;isub=1;phone-context=+%d" % (n.country_code, pn.national_significant_number(n), n.country_code),
    ]), None


def nsn_tail(n, k):
    nsn = pn.national_significant_number(n)
    return nsn[-k:]


def r_text_around(rng, n, e, ctx):
    """Words around the number, as people type in a 'phone' column."""
    base = pn.format_number(n, rng.choice([F.INTERNATIONAL, F.NATIONAL, F.E164]))
    pre = rng.choice(["Tel: ", "tel. ", "Mob. ", "phone: ", "T ", "cell:", "WhatsApp ", "(", "call ", "№ ", "☎ ", "M: "])
    post = rng.choice(["", " (office)", " mobile", " only after 5pm", ".", ")", " - private", " [work]", "!", " / fax", " oder"])
    if rng.random() < 0.5:
        return pre + base, None
    return base + post if rng.random() < 0.5 else pre + base + post, None


def r_two_numbers(rng, n, e, ctx):
    """Two numbers in one cell."""
    a = pn.format_number(n, rng.choice([F.INTERNATIONAL, F.NATIONAL]))
    m = rng.choice(e.numbers)
    b = pn.format_number(m, rng.choice([F.INTERNATIONAL, F.NATIONAL]))
    return a + rng.choice([", ", " / ", "/", "; ", " or ", " | ", "/x", " \\ x", "\n"]) + b, None


def r_trunk_after_cc(rng, n, e, ctx):
    """+49 (0)30…, +49 030…, +39 6… (Italian leading zero dropped), +44 (0) 20…"""
    nsn = pn.national_significant_number(n)
    cc = n.country_code
    style = rng.randrange(4)
    if style == 0:
        return "+%d 0%s" % (cc, nsn), None
    if style == 1:
        return "+%d (0) %s" % (cc, nsn), None
    if style == 2 and nsn.startswith("0"):
        return "+%d %s" % (cc, nsn.lstrip("0")), None
    return "00%d0%s" % (cc, nsn), None


def r_double_cc(rng, n, e, ctx):
    """The calling code written twice, or written before a national number without '+'."""
    nsn = pn.national_significant_number(n)
    cc = n.country_code
    nat = only_digits(pn.format_number(n, F.NATIONAL))
    return rng.choice([
        "+%d %d %s" % (cc, cc, nsn),
        "%d %s" % (cc, nsn),
        "%d%s" % (cc, nat),
        "(%d) %s" % (cc, nat),
        "%d-%s" % (cc, nsn),
    ]), None


EXOTIC = ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\u30fc", "\uff0d", "\uff0e",
          "\u00b7", "\u2022", "_", "|", ",", "\u00ad", "\u2060", "\u3000", "\uff08", "\uff09", "~", "\u2053",
          "\u223c", "\uff5e", "*", "'", ":", "\u00a0", "\u2009", "\u202f", "\ufe63", "\u2043"]


def r_exotic_punct(rng, n, e, ctx):
    """Unusual separators: some in Google's punctuation set, some not."""
    base = pn.format_number(n, rng.choice([F.INTERNATIONAL, F.NATIONAL]))
    sep = rng.choice(EXOTIC)
    out = base.replace(" ", sep)
    if rng.random() < 0.2:
        out = out.replace("-", rng.choice(EXOTIC))
    if rng.random() < 0.15:
        out = out.replace("+", "\uff0b")
    return out, None


DIGIT_ZEROS = [0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x1040, 0x07C0, 0x1D7CE, 0x0AE6]


def r_unicode_more(rng, n, e, ctx):
    """Digits from other scripts (full-width, Arabic-Indic, Devanagari, Thai, Myanmar, NKo, math…)."""
    base = pn.format_number(n, rng.choice([F.INTERNATIONAL, F.NATIONAL, F.E164]))
    zero = rng.choice(DIGIT_ZEROS)
    mixed = rng.random() < 0.3
    return "".join(chr(zero + ord(c) - 48) if c in "0123456789" and (not mixed or rng.random() < 0.5) else c for c in base), None


GOOD = [
    (r_intl, 10), (r_e164, 8), (r_national, 10), (r_digits, 5), (r_national_digits, 5), (r_00, 5),
    (r_idd, 6), (r_punct, 8), (r_tel, 4), (r_spaced, 3), (r_unicode, 2),
]
LETTER = [(r_letter1, 5), (r_vanity, 4)]
QUIRK = [
    (r_idd_regex, 4), (r_local, 5), (r_carrier, 3), (r_tel_extra, 4), (r_text_around, 5), (r_two_numbers, 3),
    (r_trunk_after_cc, 4), (r_double_cc, 4), (r_exotic_punct, 4), (r_unicode_more, 2), (r_ext, 3),
]
BROKEN = [
    (r_trunc, 6), (r_extra, 6), (r_swap, 5), (r_wrong_cc, 3), (r_plus_mess, 3), (r_invalid_example, 3),
    (r_trunk8, 2),
]


def weighted(rng, table):
    total = sum(w for _, w in table)
    x = rng.uniform(0, total)
    for item, w in table:
        x -= w
        if x <= 0:
            return item
    return table[-1][0]


def random_garbage(rng):
    style = rng.randrange(4)
    if style == 0:
        return rng.choice(GARBAGE)
    if style == 1:
        return ("+" if rng.random() < 0.5 else "") + "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 22)))
    if style == 2:
        return "".join(rng.choice("0123456789 -()+./abcxyz#*") for _ in range(rng.randint(1, 18)))
    return rng.choice(BLANKS)


def candidate(rng, home: Entity, entities, ctx):
    """One candidate string, and a region hint."""
    roll = rng.random()
    if roll < 0.08:
        return random_garbage(rng), None
    if roll < 0.12:
        return rng.choice(BLANKS), None
    ent = home if roll < 0.85 or not home.numbers else rng.choice(entities)
    if not ent.numbers:
        return random_garbage(rng), None
    n = rng.choice(ent.numbers)
    if ent.region in TRUNK8 and rng.random() < 0.25:
        return r_trunk8(rng, n, ent, ctx)
    kind = rng.random()
    if kind < 0.42:
        fn = weighted(rng, GOOD)
    elif kind < 0.52:
        fn = weighted(rng, LETTER)
    elif kind < 0.75:
        fn = weighted(rng, QUIRK)
    else:
        fn = weighted(rng, BROKEN)
    return fn(rng, n, ent, ctx)


def region_list(rng, home: Entity, hints, ctx):
    regions = ctx["regions"]
    home_r = home.region or rng.choice(regions)
    siblings = [r for r in pn.region_codes_for_country_code(home.cc) if r != home_r and r in pn.SUPPORTED_REGIONS]

    def wrong():
        return rng.choice(regions)

    roll = rng.random()
    if hints and rng.random() < 0.7:
        out = [rng.choice(hints)]
        if rng.random() < 0.5:
            out.append(home_r)
        if rng.random() < 0.3:
            out.insert(0, wrong())
    elif roll < 0.20:
        out = []
    elif roll < 0.45:
        out = [home_r]
    elif roll < 0.60:
        out = [wrong(), home_r]
    elif roll < 0.70:
        out = [wrong()]
    elif roll < 0.78:
        out = [home_r, wrong()]
    elif roll < 0.86:
        out = [wrong(), wrong(), home_r]
        if rng.random() < 0.5:
            out = [out[0], home_r, out[1]]
    elif roll < 0.95 and siblings:
        out = [rng.choice(siblings)] + ([home_r] if rng.random() < 0.6 else [])
    else:
        out = [wrong(), wrong()][: rng.randint(1, 2)]
    dedup = []
    for r in out:
        if r not in dedup:
            dedup.append(r)
    return dedup[:3]


# ---------------------------------------------------------------------------------------------
# The reference resolver.

def ref_valid(text: str, region):
    try:
        n = pn.parse(text, region)
    except Exception:  # NumberParseException, or anything else: "not valid"
        return None
    try:
        return n if pn.is_valid_number(n) else None
    except Exception:
        return None


def ref_resolve(candidates, regions):
    for i, text in enumerate(candidates):
        if is_blank(text):
            continue
        for region in (regions or [None]):
            n = ref_valid(text, region)
            if n is not None:
                return pn.format_number(n, F.E164), i, pn.region_code_for_number(n)
    return None, None, None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--lists", type=int, default=TARGET_LISTS)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()

    if pn.__version__ != EXPECTED_VERSION:
        print("phonenumbers %s installed, %s expected (see scripts/requirements.txt)" % (pn.__version__, EXPECTED_VERSION), file=sys.stderr)
        return 2

    rng = random.Random(args.seed)
    entities = build_entities(rng)
    regions = sorted(pn.SUPPORTED_REGIONS)
    ctx = {
        "regions": regions,
        "idd_regions": [r for r in regions if digit_idd(r)],
        "regex_idd_regions": [],
        "idd_samples": {},
        "all_ccs": sorted({e.cc for e in entities}),
    }

    for r in regions:
        samples = idd_samples(r)
        if len(samples) > 1:
            ctx["regex_idd_regions"].append(r)
            ctx["idd_samples"][r] = samples

    per_entity = args.lists // len(entities)
    extra = args.lists - per_entity * len(entities)
    records = []
    seen = set()
    for k, home in enumerate(entities):
        want = per_entity + (1 if k < extra else 0)
        if home.region in TRUNK8:
            want += per_entity // 2
        made = 0
        tries = 0
        while made < want and tries < want * 20:
            tries += 1
            size = weighted(rng, [(1, 40), (2, 30), (3, 18), (4, 12)])
            cands = []
            hints = []
            for _ in range(size):
                text, hint = candidate(rng, home, entities, ctx)
                cands.append(text)
                if hint:
                    hints.append(hint)
            regs = region_list(rng, home, hints, ctx)
            key = json.dumps([cands, regs], ensure_ascii=False)
            if key in seen:
                continue
            seen.add(key)
            e164, index, region = ref_resolve(cands, regs)
            records.append({"candidates": cands, "regions": regs, "e164": e164, "index": index, "region": region})
            made += 1

    out = os.path.normpath(args.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")

    ok = sum(1 for r in records if r["e164"])
    print("wrote %d lists (%d resolve to a number) to %s, %d bytes" % (len(records), ok, out, os.path.getsize(out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
