// Reading files, side by side in one Node process:
//   - bytes of a 100k-row contacts CSV -> row objects: readTable against Papa Parse (header: true)
//     on the same bytes decoded by TextDecoder (what a user of Papa Parse does), and parseCsv on
//     the decoded text; UTF-8 and Windows-1252 (German Excel) files;
//   - a 100k-row .xlsx (written here by SheetJS) -> row objects: readTable with the spreadsheet
//     module against SheetJS (XLSX.read + sheet_to_json), both giving the cells' text;
//   - TableReader over a generated CSV of --gb gigabytes (default 1) in 1 MiB pieces: wasm memory
//     before, during and after (it must stay flat), rows/s.
//
//   node bench/read.mjs [--pkg DIR] [--runs 5] [--rows 100000] [--gb 1] [--skip-stream] [--skip-xlsx]
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

import { contactsCsv } from "./contacts-csv.mjs";
import { fmt, loadNodePkg, median, MiB, parseArgs, pkgDir } from "./lib.mjs";

const args = parseArgs();
const runs = Number(args.runs ?? 5);
const rowsWanted = Number(args.rows ?? 100_000);
const { lib, memoryBytes } = loadNodePkg(pkgDir(args));
const require = createRequire(import.meta.url);
const Papa = require("papaparse");

function windows1252(text) {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c < 256 ? c : 0x3f; // Ł -> ? (not in Windows-1252)
  }
  return out;
}

function time(fn) {
  const t0 = performance.now();
  const out = fn();
  return [performance.now() - t0, out];
}

function bench(name, fn, check) {
  // Warm-up (300 ms at least), then `runs` timed runs.
  const until = performance.now() + 300;
  while (performance.now() < until) fn();
  const ms = [];
  let out;
  for (let r = 0; r < runs; r++) {
    const [t, o] = time(fn);
    ms.push(t);
    out = o;
  }
  check(out);
  return { name, median: median(ms), min: Math.min(...ms) };
}

const text = contactsCsv(rowsWanted);
const files = {
  "utf-8": new TextEncoder().encode(text),
  "windows-1252": windows1252(text),
};

console.log(`# Reading a ${fmt(rowsWanted / 1000, 0)}k-row contacts CSV to row objects (Node ${process.version}, ${runs} runs, median ms)`);
console.log("| file | bytes | readTable (bytes) | Papa Parse (TextDecoder + header: true) | parseCsv (decoded text) | readTable / Papa |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const [encoding, bytes] of Object.entries(files)) {
  const expectRows = (rows) => {
    if (rows.length !== rowsWanted) throw new Error(`${rows.length} rows`);
  };
  const ours = bench("readTable", () => lib.readTable(bytes), (t) => {
    expectRows(t.rows);
    if (t.rows[0].full_name !== "Jürgen Müller" || t.rows[0].city !== "Köln") throw new Error(`decoded wrong: ${JSON.stringify(t.rows[0])}`);
  });
  const papa = bench(
    "papaparse",
    () => Papa.parse(new TextDecoder(encoding).decode(bytes), { header: true, skipEmptyLines: true }),
    (r) => expectRows(r.data),
  );
  const csv = bench("parseCsv", () => lib.parseCsv(new TextDecoder(encoding).decode(bytes)), (r) => expectRows(r.rows));
  console.log(
    `| ${encoding} | ${bytes.length.toLocaleString("en")} | ${fmt(ours.median)} | ${fmt(papa.median)} | ${fmt(csv.median)} | **${fmt(papa.median / ours.median, 2)}×** |`,
  );
}
console.log(`\nwasm memory after these: ${fmt(MiB(memoryBytes()))} MiB`);

if (!args["skip-xlsx"]) {
  const XLSX = require("xlsx");
  const sheets = require(pkgDir(args) + "/sheets/node/mateo_import_sheets.js");
  lib.enableSpreadsheets(sheets);
  const n = Math.min(rowsWanted, 100_000);
  const data = [];
  for (let i = 0; i < n; i++) {
    data.push({ external_id: `K-${i}`, full_name: `Jürgen Müller ${i}`, email: `j.${i}@example.de`, phone: 4915100000000 + i, postcode: 10115 + (i % 1000), since: new Date(Date.UTC(2020, 0, 1 + (i % 365))), vip: i % 2 === 0 });
  }
  const ws = XLSX.utils.json_to_sheet(data, { cellDates: true });
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, "Kontakte");
  const xlsx = new Uint8Array(XLSX.write(wb, { type: "array", bookType: "xlsx" }));
  const ours = bench("readTable xlsx", () => lib.readTable(xlsx, { fileName: "big.xlsx" }), (t) => {
    if (t.rows.length !== n || t.rows[0].phone !== "4915100000000") throw new Error(JSON.stringify(t.rows[0]));
  });
  const sheetjs = bench(
    "sheetjs",
    () => {
      const book = XLSX.read(xlsx, { type: "array", cellDates: true });
      return XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0]], { raw: false, defval: undefined });
    },
    (rows) => {
      if (rows.length !== n) throw new Error(`${rows.length} rows`);
    },
  );
  console.log(`\n# A ${fmt(n / 1000, 0)}k-row .xlsx (${xlsx.length.toLocaleString("en")} bytes, 7 columns: text, numbers, dates, booleans) to row objects (median ms)`);
  console.log("| readTable + mateo-import/sheets | SheetJS 0.18.5 (read + sheet_to_json, raw: false) | readTable / SheetJS |");
  console.log("|---:|---:|---:|");
  console.log(`| ${fmt(ours.median)} | ${fmt(sheetjs.median)} | **${fmt(sheetjs.median / ours.median, 2)}×** |`);
}

if (!args["skip-stream"]) {
  const gb = Number(args.gb ?? 1);
  const target = gb * 2 ** 30;
  const chunkRows = 5000;
  const piece = new TextEncoder().encode(contactsCsv(chunkRows).split("\r\n").slice(1).join("\r\n"));
  const header = new TextEncoder().encode("external_id;full_name;email;whatsapp;sms;country_codes;city;note\r\n");
  const reader = new lib.TableReader({ fileName: "big.csv" });
  const memBefore = memoryBytes();
  let bytesIn = 0;
  let rows = 0;
  let memMax = 0;
  const t0 = performance.now();
  const feed = (b) => {
    for (let i = 0; i < b.length; i += 1 << 20) {
      rows += reader.push(b.subarray(i, i + (1 << 20))).length;
    }
    bytesIn += b.length;
  };
  feed(header);
  let k = 0;
  while (bytesIn < target) {
    feed(piece);
    if (++k % 200 === 0) memMax = Math.max(memMax, memoryBytes());
  }
  const end = reader.finish();
  rows += end.rows.length;
  reader.free();
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `\n# TableReader over ${fmt(bytesIn / 2 ** 30, 2)} GiB of CSV in 1 MiB pieces\n` +
      `rows ${rows.toLocaleString("en")} in ${fmt(secs)} s (${fmt(bytesIn / 2 ** 20 / secs)} MiB/s, ${Math.round(rows / secs).toLocaleString("en")} rows/s); ` +
      `wasm memory ${fmt(MiB(memBefore))} MiB before, at most ${fmt(MiB(Math.max(memMax, memoryBytes())))} MiB while reading, ${fmt(MiB(memoryBytes()))} MiB after`,
  );
}
