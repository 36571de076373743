#!/usr/bin/env node
// The library's streaming API in one page: a file of any size, read as bytes by TableReader,
// its columns mapped by suggestMapping, its rows checked by one ImportSession, the valid rows
// written to body.json as they come, the failed rows to failed.csv by failedRows.
//
//   node examples/node/check-file.mjs FILE TYPE [COUNTRY,…]
//   node examples/node/check-file.mjs contacts.csv contact_details DE,AT
//
// Prints a summary as JSON; exit 0 when every row is valid, 1 otherwise. The package's command
// (`npx mateo-import check`, README "Command line") does the same with every option, workbooks,
// progress and messages in German; read this to drive the API yourself.
import { createRequire } from "node:module";
import { createReadStream, createWriteStream, writeFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const { ImportSession, TableReader, failedRows, suggestMapping } = require(process.env.MATEO_PKG || "../../pkg");

const [file, type, countries] = process.argv.slice(2);
if (!file || !type) {
  console.error("usage: node examples/node/check-file.mjs FILE TYPE [COUNTRY,…]");
  process.exit(2);
}
const options = { defaultCountryCodes: countries ? countries.split(",") : [] };

const reader = new TableReader({ fileName: file });
const body = createWriteStream("body.json");
const failed = [];
let session = null;
let headers = null;
let written = 0;

// The first rows that come out decide the mapping (the header row is known by then).
function check(rows, fileHeaders) {
  if (!rows.length) return;
  if (!session) {
    headers = fileHeaders;
    const mapping = suggestMapping(headers, type, { ...options, sample: rows.slice(0, 200) });
    session = new ImportSession({ type }, { ...options, mapping });
    body.write('{"payload":[\n');
  }
  const reports = session.push(rows);
  reports.forEach((r, i) => {
    if (r.ok && !r.dropped) body.write((written++ ? ",\n" : "") + JSON.stringify(r.row));
    else if (!r.ok) failed.push({ ...r, row: rows[i] }); // the cells as read, for failedRows
  });
}

for await (const piece of createReadStream(file, { highWaterMark: 1 << 20 })) check(reader.push(piece), reader.headers);
const table = reader.finish(); // what the file was read as, its notices, the last rows
check(table.rows, table.headers);

const summary = session ? session.finish() : { total: 0, valid: 0, invalid: 0, request: null };
// The checked top-level fields (type, …) go after the payload: JSON objects have no key order
// that matters to the API.
const head = summary.request ? JSON.stringify(summary.request).slice(1, -1) : `"type":${JSON.stringify(type)}`;
body.end(`\n],${head}}\n`);
if (failed.length) {
  const delimiter = table.delimiter ?? ",";
  writeFileSync("failed.csv", failedRows(failed, { delimiter, headers: headers ?? table.headers }));
}
console.log(JSON.stringify({
  readAs: { format: table.format, encoding: table.encoding, delimiter: table.delimiter },
  notices: table.notices.map((n) => n.code),
  total: summary.total, valid: summary.valid, invalid: summary.invalid,
  body: "body.json", failed: failed.length ? "failed.csv" : null,
}, null, 2));
process.exitCode = summary.invalid ? 1 : 0;
