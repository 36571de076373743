// Deterministic benchmark data: POST /import bodies written to bench/data/ (git-ignored).
//
//   node bench/gen.mjs [--sizes 1000,10000,100000] [--seed 20240501] [--out bench/data]
//                      [--numbers wide|narrow]
//
// Data sets (one file per set and size, e.g. contacts-mixed-10k.json):
//   contacts-mixed   contact rows from ~60 regions in one file; `whatsapp` / `sms` are lists of
//                    messy candidates (national and international forms, 00 prefixes, punctuation,
//                    tel: URIs, blanks, junk), `country_codes` per row (the number's own region,
//                    sometimes after another one, sometimes several, sometimes none)
//   contacts-de      the one-country variant: German numbers only, `country_codes: ["DE"]`
//   deals            deal rows (contact references, extra keys of the open deal table)
//   appointments     appointment rows (uuids, RFC 3339 times, some ending before they start)
//
// `--numbers narrow` draws phone numbers as sessions 1-15 did: each region's example number with
// its last 2-4 digits replaced, a pool of at most 11,100 numbers a region, so that at 100k rows
// unrelated contacts share numbers by chance (38% of the mixed set's rows got a `shared_handle`,
// not the ~5% of repeats made on purpose below). Use it to reproduce figures recorded before
// session 16. The default, `wide`, replaces the last 6 digits (a million numbers a region, 99.7%
// still valid).
//
// The same seed gives byte-identical files (a seeded PRNG; the only library used is
// libphonenumber-js, pinned in bench/package-lock.json, for its example numbers and formats).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

// mulberry32: small, fast, deterministic (the e2e tests' generator uses the same).
import { rng as prng } from "../tests/e2e/generate.mjs";

const require = createRequire(import.meta.url);
const examples = require("libphonenumber-js/examples.mobile.json");
const { parsePhoneNumberFromString, getCountryCallingCode } = require("libphonenumber-js/max");

const HERE = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const SIZES = (args.sizes ?? "1000,10000,100000").split(",").map(Number);
const SEED = Number(args.seed ?? 20240501);
const OUT = resolve(args.out ?? join(HERE, "data"));
const NUMBERS = args.numbers ?? "wide";
if (!["wide", "narrow"].includes(NUMBERS)) throw new Error(`--numbers: wide or narrow, not ${NUMBERS}`);

function make(seed) {
  const rnd = prng(seed);
  const r = {
    f: rnd,
    int: (n) => Math.floor(rnd() * n),
    pick: (xs) => xs[Math.floor(rnd() * xs.length)],
    chance: (p) => rnd() < p,
    digits: (n) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join(""),
    hex: (n) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(rnd() * 16)]).join(""),
  };
  r.uuid = () => `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${"89ab"[r.int(4)]}${r.hex(3)}-${r.hex(12)}`;
  return r;
}

// Regions of the mixed file, weighted towards Mateo's home markets (DACH) but from every continent.
const REGIONS = [
  ["DE", 12], ["AT", 5], ["CH", 5], ["FR", 3], ["IT", 3], ["ES", 3], ["NL", 2], ["BE", 2], ["GB", 3],
  ["IE", 1], ["PT", 1], ["PL", 2], ["CZ", 1], ["SE", 1], ["NO", 1], ["DK", 1], ["FI", 1], ["GR", 1],
  ["TR", 2], ["RU", 1], ["UA", 1], ["RO", 1], ["HU", 1], ["HR", 1], ["RS", 1], ["US", 3], ["CA", 1],
  ["MX", 1], ["BR", 2], ["AR", 1], ["CO", 1], ["CL", 1], ["PE", 1], ["IN", 2], ["PK", 1], ["BD", 1],
  ["CN", 1], ["JP", 1], ["KR", 1], ["HK", 1], ["SG", 1], ["ID", 1], ["PH", 1], ["TH", 1], ["VN", 1],
  ["MY", 1], ["AU", 1], ["NZ", 1], ["ZA", 1], ["NG", 1], ["KE", 1], ["EG", 1], ["MA", 1], ["IL", 1],
  ["AE", 1], ["SA", 1], ["IR", 1], ["LU", 1], ["LI", 1], ["SI", 1], ["SK", 1], ["BG", 1],
];
const REGION_BAG = REGIONS.flatMap(([code, w]) => Array(w).fill(code));
const ALL_REGIONS = REGIONS.map(([c]) => c);

const FIRST = ["Anna", "Jonas", "Lea", "Lukas", "Mia", "Paul", "Sofia", "Noah", "Emma", "Elias", "José", "Zoë",
  "Mehmet", "Aylin", "Chen", "Priya", "Olga", "Søren", "Łukasz", "Fatima", "Kenji", "Ana", "Liam", "Chloé"];
const LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann",
  "García", "Rossi", "Dubois", "Nowak", "Yılmaz", "Silva", "Kumar", "Wang", "Tanaka", "O'Brien", "Jensen"];
const CITIES = ["Berlin", "München", "Wien", "Zürich", "Hamburg", "Köln", "Paris", "Madrid", "London", "Graz"];

/** A number of `region`: its example mobile number with the last digits replaced (mostly still valid). */
function numberOf(r, region) {
  const example = examples[region];
  const replaced = NUMBERS === "narrow" ? 2 + r.int(3) : Math.min(6, example.length - 2);
  const keep = Math.max(example.length - replaced, 1);
  const nsn = example.slice(0, keep) + r.digits(example.length - keep);
  return { region, cc: getCountryCallingCode(region), nsn };
}

/** German landline or mobile national significant number. */
function germanNumber(r) {
  if (r.chance(0.7)) return numberOf(r, "DE");
  const area = r.pick(["30", "40", "89", "69", "221", "211", "711", "341", "351", "511", "6221", "7531"]);
  return { region: "DE", cc: "49", nsn: area + r.digits(area.length >= 4 ? 5 + r.int(2) : 6 + r.int(3)) };
}

const punct = (r, s) => {
  const sep = r.pick([" ", " ", "-", ".", "/", ""]);
  return s.replace(/ /g, sep);
};

/** One messy written form of a number. */
function written(r, n) {
  const parsed = parsePhoneNumberFromString(`+${n.cc}${n.nsn}`);
  const national = parsed ? parsed.formatNational() : n.nsn;
  const intl = parsed ? parsed.formatInternational() : `+${n.cc} ${n.nsn}`;
  let s;
  switch (r.int(10)) {
    case 0: s = `+${n.cc}${n.nsn}`; break; // E.164
    case 1: s = intl; break; // +49 1512 3456789
    case 2: s = punct(r, intl); break;
    case 3: s = `00${n.cc} ${n.nsn}`; break; // IDD 00 (wrong for NANP & co: then invalid)
    case 4: s = punct(r, `00${intl.slice(1)}`); break;
    case 5: s = national; break; // 01512 3456789
    case 6: s = punct(r, national); break;
    case 7: s = national.replace(/\D/g, ""); break; // digits only
    case 8: s = `(+${n.cc}) ${punct(r, intl.split(" ").slice(1).join(" "))}`; break;
    default: s = r.chance(0.5) ? `tel:+${n.cc}${n.nsn}` : `+${n.cc} (0) ${n.nsn}`; break;
  }
  if (r.chance(0.08)) s = ` ${s} `; // stray spaces from spreadsheets
  return s;
}

function junk(r) {
  return r.pick(["", " ", "n/a", "-", "0", "123", "+49", "unknown", "call office", "12345678901234567890",
    "+999 1234567", "0000000", "tel:", "?"]);
}

/** A phone list: candidates in order; the first valid one wins on the server. */
function phoneList(r, main, regionOf) {
  const list = [];
  if (r.chance(0.15)) list.push(junk(r)); // junk before the real number
  if (r.chance(0.05)) list.push(written(r, numberOf(r, regionOf()))); // another region's number first
  list.push(written(r, main));
  if (r.chance(0.25)) list.push(written(r, numberOf(r, main.region))); // second number, not tried
  return list;
}

function contact(r, i, { oneCountry, seen }) {
  const first = r.pick(FIRST), last = r.pick(LAST);
  const row = { external_id: `c-${String(i).padStart(7, "0")}`, full_name: `${first} ${last}` };
  if (r.chance(0.2)) row.id = r.chance(0.8) ? r.uuid() : r.uuid().toUpperCase();
  const roll = r.f();
  if (roll < 0.85) row.email = `${first}.${last}${i}@example.com`.toLowerCase();
  else if (roll < 0.9) row.email = `${first}.${last}@`;
  else if (roll < 0.92) row.email = " ";

  let region, codes;
  if (oneCountry) {
    region = "DE";
    codes = ["DE"];
  } else {
    region = r.pick(REGION_BAG);
    const other = () => r.pick(ALL_REGIONS);
    const c = r.f();
    if (c < 0.7) codes = [region];
    else if (c < 0.85) codes = [other(), region];
    else if (c < 0.95) codes = [region, other(), other()];
    else codes = null; // no country_codes: only +… numbers resolve
  }
  // ~5% of rows repeat an earlier row's number (the same person twice), as real files do.
  let main;
  if (seen.length > 0 && r.chance(0.05)) main = r.pick(seen);
  else {
    main = oneCountry ? germanNumber(r) : numberOf(r, region);
    if (seen.length < 5000) seen.push(main);
  }
  const regionOf = () => (oneCountry ? "DE" : r.pick(ALL_REGIONS));
  const wa = phoneList(r, main, regionOf);
  const s = r.f();
  if (s < 0.6) row.whatsapp = wa;
  if (s < 0.3) row.sms = wa.slice();
  else if (s < 0.9) row.sms = phoneList(r, oneCountry ? germanNumber(r) : numberOf(r, main.region), regionOf);
  if (s >= 0.6 && s < 0.9 && r.chance(0.5)) row.whatsapp = written(r, main); // a single string
  if (codes) row.country_codes = r.chance(0.1) ? codes.join(",") : codes;

  if (r.chance(0.5)) {
    const y = 1940 + r.int(65), m = 1 + r.int(12), d = 1 + r.int(28);
    row.birthday = r.chance(0.95)
      ? `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`
      : r.pick([`${y}-02-30`, `${d}.${m}.${y}`, `${y}-13-01`]);
  }
  if (r.chance(0.3)) row.is_blocked = r.chance(0.9) ? false : r.pick(["no", "yes", 0]);
  if (r.chance(0.4)) row.whatsapp_marketing_opt_in = r.chance(0.9) ? r.chance(0.5) : r.pick(["true", "nope"]);
  if (r.chance(0.2)) row.whatsapp_transactional_opt_in = r.chance(0.95) ? "legitimate_interest" : "contract";
  if (r.chance(0.5)) {
    row.city = r.pick(CITIES);
    row.zipcode = r.digits(5);
  }
  if (r.chance(0.02)) row.created_at = "2024-01-01T00:00:00Z"; // server-managed: removed with a warning
  if (r.chance(0.02)) row.favourite_colour = "blue"; // unknown key
  return row;
}

function deal(r, i) {
  const row = { external_id: `d-${String(i).padStart(7, "0")}`, title: `Deal ${i}` };
  const c = r.f();
  if (c < 0.6) row.contact_external_id = `c-${String(r.int(1e6)).padStart(7, "0")}`;
  else if (c < 0.9) row.contact_id = r.uuid();
  else if (c < 0.97) {
    row.contact_id = r.uuid();
    row.contact_external_id = `c-${String(r.int(1e6)).padStart(7, "0")}`;
  } // else: no contact reference (error)
  if (r.chance(0.5)) row.value = r.int(100000) / 100;
  if (r.chance(0.3)) row.stage = r.pick(["new", "qualified", "won", "lost"]);
  return row;
}

function isoTime(r, base) {
  const d = new Date(base);
  const offset = r.pick(["Z", "+01:00", "+02:00", "-05:00"]);
  return d.toISOString().replace(/\.\d{3}Z$/, offset === "Z" ? "Z" : offset);
}

function appointment(r, i) {
  const start = Date.UTC(2025, r.int(12), 1 + r.int(28), 7 + r.int(11), r.pick([0, 15, 30, 45]));
  const row = {
    id: r.chance(0.97) ? r.uuid() : r.pick(["", "not-a-uuid", r.uuid().replace(/-/g, "")]),
    name: r.chance(0.98) ? r.pick(["Beratung", "Probefahrt", "Service", "Kontrolle", "Erstgespräch"]) : " ",
    start_time: isoTime(r, start),
    end_time: isoTime(r, start + (r.chance(0.97) ? 1 : -1) * (30 + r.int(90)) * 60000),
  };
  if (r.chance(0.5)) row.description = `Termin ${i}`;
  if (r.chance(0.7)) row.contact_id = r.uuid();
  else if (r.chance(0.9)) row.contact_external_id = `c-${String(r.int(1e6)).padStart(7, "0")}`;
  if (r.chance(0.5)) row.status_key = r.pick(["planned", "confirmed", "cancelled"]);
  if (r.chance(0.3)) row.assignee_id = r.uuid();
  if (r.chance(0.1)) row.confirmed_at = r.chance(0.8) ? isoTime(r, start - 86400000) : "2025-13-01T00:00:00";
  return row;
}

const SETS = {
  "contacts-mixed": (r, n) => {
    const ctx = { oneCountry: false, seen: [] };
    return { type: "contact_details", contact_list_id: r.uuid(), payload: Array.from({ length: n }, (_, i) => contact(r, i, ctx)) };
  },
  "contacts-de": (r, n) => {
    const ctx = { oneCountry: true, seen: [] };
    return { type: "contact_details", contact_list_id: r.uuid(), payload: Array.from({ length: n }, (_, i) => contact(r, i, ctx)) };
  },
  deals: (r, n) => ({ type: "deal_details", allow_deal_reassignment: false, payload: Array.from({ length: n }, (_, i) => deal(r, i)) }),
  appointments: (r, n) => ({
    type: "appointment_details",
    allow_appointment_reassignment: true,
    payload: Array.from({ length: n }, (_, i) => appointment(r, i)),
  }),
};

export const label = (n) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));

mkdirSync(OUT, { recursive: true });
// Which draw of numbers made the files (bench/run.sh makes them again when it is not the default).
writeFileSync(join(OUT, ".numbers"), `${NUMBERS}\n`);
let setIndex = 0;
for (const [name, build] of Object.entries(SETS)) {
  setIndex++;
  for (const n of SIZES) {
    // Each file has its own seed: the 10k file is not a prefix of the 100k one, so no file
    // warms the phone cache for another.
    const body = build(make(SEED + setIndex * 1_000_003 + n), n);
    const file = join(OUT, `${name}-${label(n)}.json`);
    writeFileSync(file, JSON.stringify(body));
    console.log(`${file}  ${n} rows`);
  }
}
