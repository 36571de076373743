#!/usr/bin/env node
// Writes N generated contact rows with phone numbers from many regions, for trying the command
// (`mateo-import check`) or examples/node/check-file.mjs on big files:
//
//   node examples/node/generate-contacts.mjs 1000000 contacts.csv     (or .json / .jsonl)
//   node examples/node/generate-contacts.mjs 1000000 contacts.csv --seed 7
//
// Mixed on purpose: national numbers with the row's country_codes, international ones without,
// rows that rely on --country defaults, lists with a blank or broken first entry, and about one
// row in eight with a real problem (bad email, day-first birthday, no identifier, a number that
// is valid nowhere). Deterministic for a given seed. Streams its output.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import path from "node:path";

const [nArg, file, ...rest] = process.argv.slice(2);
const n = Number(nArg);
if (!(n >= 0) || !file) {
  console.error("usage: node examples/node/generate-contacts.mjs N FILE.(csv|json|jsonl) [--seed S]");
  process.exit(2);
}
const seedAt = rest.indexOf("--seed");
let seed = seedAt >= 0 ? Number(rest[seedAt + 1]) : 20240501;

// mulberry32
function random() {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const digits = (k) => {
  let s = "";
  for (let i = 0; i < k; i++) s += Math.floor(random() * 10);
  return s;
};

// National formats per region (valid in the vast majority of draws) and the international prefix.
const regions = {
  DE: { cc: "49", national: [() => `0151 ${digits(8)}`, () => `0160 ${digits(7)}`, () => `030 ${digits(8)}`, () => `089 ${digits(7)}`] },
  AT: { cc: "43", national: [() => `0664 ${digits(7)}`, () => `0676 ${digits(7)}`] },
  CH: { cc: "41", national: [() => `079 ${digits(3)} ${digits(2)} ${digits(2)}`, () => `044 ${digits(3)} ${digits(2)} ${digits(2)}`] },
  US: { cc: "1", national: [() => `(${pick(["201", "212", "415", "646", "718", "312"])}) ${pick("23456789")}${digits(2)}-${digits(4)}`] },
  GB: { cc: "44", national: [() => `07${pick("4579")}${digits(2)} ${digits(6)}`, () => `020 7946 0${digits(3)}`] },
  FR: { cc: "33", national: [() => `06 ${pick("123456789")}${digits(1)} ${digits(2)} ${digits(2)} ${digits(2)}`, () => `01 42 ${digits(2)} ${digits(2)} ${digits(2)}`] },
  IN: { cc: "91", national: [() => `98${digits(3)} ${digits(5)}`] },
  BR: { cc: "55", national: [() => `(11) 9${digits(4)}-${digits(4)}`] },
  PL: { cc: "48", national: [() => `512 ${digits(3)} ${digits(3)}`] },
  TR: { cc: "90", national: [() => `0532 ${digits(3)} ${digits(2)} ${digits(2)}`] },
};
const codes = Object.keys(regions);
const names = ["Anna", "Jonas", "Émile", "Zoë", "Mohammed", "Ayşe", "Łukasz", "Priya", "João", "Olivia", "Noah", "Chen"];

function contact(i) {
  const region = pick(codes);
  const r = regions[region];
  const national = pick(r.national)();
  const row = { external_id: `c${i}`, full_name: `${pick(names)} ${pick(names)}` };
  const shape = random();
  if (shape < 0.45) {
    row.whatsapp = national;
    row.country_codes = random() < 0.8 ? [region] : [pick(codes), region];
  } else if (shape < 0.7) {
    row.whatsapp = `+${r.cc} ${national.replace(/^0/, "").replace(/[()]/g, "")}`;
  } else if (shape < 0.8) {
    row.sms = [pick(["", " ", "n/a", "12"]), national];
    row.country_codes = [region];
  } else if (shape < 0.9) {
    // Relies on the defaults (--country DE,AT): valid only for those regions.
    row.whatsapp = national;
  } else {
    row.email = `${row.full_name.split(" ")[0].toLowerCase()}.${i}@example.com`;
  }
  if (random() < 0.3) row.email = `user${i}@example.${pick(["com", "de", "co.uk"])}`;
  if (random() < 0.3) row.birthday = `19${digits(2)}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
  if (random() < 0.2) row.is_blocked = pick(["no", "false", "0", "yes"]);
  // Real problems, about one row in eight.
  const bad = random();
  if (bad < 0.03) row.email = "not-an-email";
  else if (bad < 0.06) row.birthday = "25.12.1990";
  else if (bad < 0.09) row.whatsapp = "12345";
  else if (bad < 0.11) {
    delete row.external_id;
    delete row.email;
    delete row.whatsapp;
    delete row.sms;
  } else if (bad < 0.125) row.is_blocked = "maybe";
  return row;
}

const columns = ["external_id", "full_name", "email", "whatsapp", "sms", "country_codes", "birthday", "is_blocked"];
const cell = (v) => {
  const s = v === undefined ? "" : Array.isArray(v) ? v.join("; ") : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const ext = path.extname(file).toLowerCase();
const out = createWriteStream(file);
async function write(s) {
  if (!out.write(s)) await once(out, "drain");
}
if (ext === ".csv") await write(columns.join(",") + "\n");
else if (ext === ".json") await write('{"type":"contact_details","payload":[\n');
let buffer = "";
for (let i = 0; i < n; i++) {
  const row = contact(i);
  if (ext === ".csv") buffer += columns.map((c) => cell(row[c])).join(",") + "\n";
  else if (ext === ".json") buffer += (i ? ",\n" : "") + JSON.stringify(row);
  else buffer += JSON.stringify(row) + "\n";
  if (buffer.length > 1 << 20) {
    await write(buffer);
    buffer = "";
  }
}
if (ext === ".json") buffer += "\n]}\n";
await write(buffer);
out.end();
await once(out, "finish");
console.error(`wrote ${n} rows to ${file}`);
