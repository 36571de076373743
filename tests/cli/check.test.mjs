// The command line's check, map and split through the real command on real files: each format,
// a broken CSV, an empty file, a non-UTF-8 file, a 200,000-row file in bounded memory, wrong
// options (exit 2 with a message naming the option or file, never a stack trace).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, readdirSync, existsSync, createWriteStream } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { run, runJson, fixture, tempDir, root, CLI } from "./helpers.mjs";

const noStack = (r) => assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at .+:\d+:\d+/, "no stack trace");

test("check: a German Excel CSV in Windows-1252 is read, mapped and checked", async () => {
  const dir = tempDir();
  const out = path.join(dir, "body.json");
  const r = await runJson(["check", fixture("excel-de.csv"), "--type", "contact_details", "--country", "DE", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json.read_as.format, "csv");
  assert.equal(r.json.read_as.encoding, "windows-1252");
  assert.equal(r.json.read_as.delimiter, ";");
  assert.ok(r.json.notices.some((n) => n.code === "encoding_guessed"));
  assert.equal(r.json.total, 3);
  assert.equal(r.json.valid, 3);
  assert.equal(r.json.mapping.columns.find((c) => c.header === "Vorname").field, "full_name");
  const body = JSON.parse(readFileSync(out, "utf8"));
  assert.equal(body.type, "contact_details");
  assert.equal(body.payload.length, 3);
  assert.equal(body.payload[0].full_name, "Jürgen Müller"); // the umlauts survived
  assert.equal(body.payload[0].birthday, "1990-12-25");
});

test("check: the human summary names the file, the totals and the findings with example rows", async () => {
  const dir = tempDir();
  const file = path.join(dir, "t.csv");
  writeFileSync(file, "E-Mail;Name\na@b.de;Anna\nkaputt;Bob\nauch kaputt;Carl\nd@b.de;Dora\n");
  const failed = path.join(dir, "failed.csv");
  const r = await run(["check", file, "--type", "contact_details", "--failed", failed]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /4 rows: 2 valid, 2 invalid/);
  assert.match(r.stdout, /2 × error invalid_email \(email\): .* \(rows 2, 3\)/);
  assert.match(r.stdout, new RegExp(`2 invalid rows written to ${failed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  assert.equal(r.stderr, "", "no progress output when stderr is not a terminal");
  // The failed rows as the library's failedRows writes them: the file's cells, its delimiter.
  const lines = readFileSync(failed, "utf8").replace(/^\uFEFF/, "").trim().split("\r\n");
  assert.equal(lines[0], "mateo_row;E-Mail;Name;mateo_errors");
  assert.match(lines[1], /^2;kaputt;Bob;"?invalid_email/);
  assert.match(lines[2], /^3;auch kaputt;Carl;/);
  assert.equal(lines.length, 3);
});

test("check --failed x.xlsx: the failed rows as a workbook that checks again to the same cells", async () => {
  const dir = tempDir();
  const file = path.join(dir, "t.csv");
  writeFileSync(file, "E-Mail;Mobil;PLZ\na@b.de;+4915123456789;01067\nkaputt;015123456789;01069\nauch kaputt;+4915123456780;\n");
  const failed = path.join(dir, "failed.xlsx");
  const r = await runJson(["check", file, "--type", "contact_details", "--country", "DE", "--failed", failed, "--lang", "de"]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.json.failed_file, failed);
  const bytes = readFileSync(failed);
  assert.equal(bytes.subarray(0, 2).toString("latin1"), "PK");
  // Read back by the command itself: the same cells, the added columns left out, 2 rows again.
  const again = await runJson(["check", failed, "--type", "contact_details", "--country", "DE"]);
  assert.equal(again.json.read_as.format, "xlsx");
  assert.equal(again.json.read_as.sheet, "Fehlerhafte Zeilen");
  assert.equal(again.json.total, 2);
  assert.ok(again.json.notices.some((n) => n.code === "failed_rows_columns_ignored"));
  const { createRequire } = await import("node:module");
  const lib = createRequire(import.meta.url)(path.join(root, "pkg"));
  lib.enableSpreadsheets(createRequire(import.meta.url)(path.join(root, "pkg/sheets/node/mateo_import_sheets.js")));
  const t = lib.readTable(bytes);
  assert.deepEqual(t.headers, ["E-Mail", "Mobil", "PLZ"]);
  assert.deepEqual(t.rows, [
    { "E-Mail": "kaputt", Mobil: "015123456789", PLZ: "01069" },
    { "E-Mail": "auch kaputt", Mobil: "+4915123456780" },
  ]);
  // No failed row, no file.
  const ok = path.join(dir, "ok.csv");
  writeFileSync(ok, "E-Mail\na@b.de\n");
  const none = path.join(dir, "none.xlsx");
  const r2 = await runJson(["check", ok, "--type", "contact_details", "--failed", none]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.equal(existsSync(none), false);
});

test("check: xlsx and ods through the spreadsheet module, JSON array, whole body and NDJSON", async () => {
  // contacts.xlsx: the mobile numbers were typed as +49… and Excel kept them as numbers
  // (4915123456789, the + lost): phone_ambiguous names both readings, no row is valid.
  for (const [name, format, total, valid] of [
    ["contacts.xlsx", "xlsx", 2, 0],
    ["contacts.ods", "ods", 3, 3],
    ["rows.json", "json", 2, 2],
    ["body.json", "json", 2, 2],
    ["rows.ndjson", "ndjson", 2, 2],
    ["excel-unicode.txt", "csv", 3, 3], // Excel's "Unicode text": UTF-16LE, tabs
  ]) {
    const r = await runJson(["check", fixture(name), "--type", "contact_details", "--country", "DE"]);
    assert.equal(r.code, valid === total ? 0 : 1, `${name}: ${r.stderr}`);
    assert.equal(r.json.read_as.format, format, name);
    assert.equal(r.json.total, total, name);
    assert.equal(r.json.valid, valid, name);
    if (valid < total) {
      const f = r.json.findings.find((f) => f.code === "phone_ambiguous");
      assert.equal(f?.field, "whatsapp", JSON.stringify(r.json.findings));
    }
  }
  // A whole body brings its own type and top-level fields.
  const dir = tempDir();
  const out = path.join(dir, "body.json");
  const r = await runJson(["check", fixture("body.json"), "--country", "DE", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json.type, "contact_details");
  const body = JSON.parse(readFileSync(out, "utf8"));
  assert.equal(body.contact_list_external_id, "messe");
  assert.deepEqual(body.payload.map((p) => p.external_id), ["c1", "c2"]);
  // … and a --type that contradicts it is a usage error.
  const bad = await run(["check", fixture("body.json"), "--type", "deal_details"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--type deal_details, but the file's body says "contact_details"/);
});

test("check: a broken CSV (a quote never closed) exits 2 and says where", async () => {
  const r = await run(["check", fixture("unterminated-quote.csv"), "--type", "contact_details"]);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /unterminated_quote: a quote opened on line 2/);
  assert.match(r.stdout, /is broken/);
  // The library's table.broken, in the --json report too; a sound file is not.
  const json = await run(["check", fixture("unterminated-quote.csv"), "--type", "contact_details", "--json"]);
  assert.equal(json.code, 2);
  assert.equal(JSON.parse(json.stdout).broken, true);
  const sound = await run(["check", fixture("mixed-line-endings.csv"), "--type", "contact_details", "--json"]);
  assert.equal(JSON.parse(sound.stdout).broken, false);
});

test("check: an empty file, a binary file and a missing file exit 2 with a message", async () => {
  const empty = await run(["check", fixture("empty.csv"), "--type", "contact_details"]);
  assert.equal(empty.code, 2);
  assert.match(empty.stdout, /No rows in .*empty\.csv/);
  assert.match(empty.stdout, /empty_payload/);
  const bin = await run(["check", fixture("random.bin"), "--type", "contact_details"]);
  assert.equal(bin.code, 2);
  assert.match(bin.stderr, /random\.bin: unreadable_file: /);
  noStack(bin);
  const missing = await run(["check", "/nonexistent/contacts.csv", "--type", "contact_details"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /\/nonexistent\/contacts\.csv: no such file/);
  const broken = await run(["check", fixture("truncated.xlsx"), "--type", "contact_details"]);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /truncated\.xlsx: unreadable_file/);
  noStack(broken);
});

test("wrong options exit 2 naming the option", async () => {
  const cases = [
    [[], /no command given/],
    [["frobnicate", "x.csv"], /unknown command "frobnicate"/],
    [["check"], /no input file/],
    [["check", fixture("excel-de.csv")], /--type is required/],
    [["check", fixture("excel-de.csv"), "--type", "contacts"], /option --type: "contacts" is not one of/],
    [["check", fixture("excel-de.csv"), "--type"], /option --type needs a value/],
    [["check", fixture("excel-de.csv"), "--type", "contact_details", "--bogus"], /unknown option --bogus for check/],
    [["check", fixture("excel-de.csv"), "--type", "contact_details", "--unknown", "drop"], /option --unknown: "drop"/],
    [["check", fixture("excel-de.csv"), "--type", "contact_details", "--country", "XX"], /invalid_options|refused the options/],
    [["check", fixture("excel-de.csv"), "--type", "contact_details", "--duplicates", "keepAll"], /option --duplicates: "keepAll"/],
    [["check", fixture("excel-de.csv"), "--type", "contact_details", "--mapping", "/nonexistent.json"], /--mapping \/nonexistent\.json: no such file/],
    [["check", fixture("excel-de.csv"), "--type", "contact_details", "--schema", fixture("rows.json")], /--schema .*rows\.json: /],
    [["split", fixture("excel-de.csv"), "--type", "contact_details"], /split needs --out-dir/],
    [["split", fixture("excel-de.csv"), "--type", "contact_details", "--out-dir", "/tmp/x", "--max-rows", "0"], /--max-rows: "0" is not a whole number between 1 and 25000/],
    [["send", fixture("excel-de.csv"), "--type", "contact_details", "--base-url", "ftp://x"], /--base-url "ftp:\/\/x" is not an http\(s\) URL/],
    [["send", fixture("excel-de.csv"), "--type", "contact_details", "--token", "abc"], /unknown option --token/],
  ];
  for (const [args, re] of cases) {
    const r = await run(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, re, args.join(" "));
    noStack(r);
  }
});

test("--lang de and LANG=de give the command's own texts in German", async () => {
  const r = await run(["check", fixture("excel-de.csv")], { env: { LANG: "de_DE.UTF-8" } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Fehler: --type ist erforderlich/);
  const r2 = await run(["check", fixture("excel-de.csv"), "--type", "kontakte", "--lang", "de"]);
  assert.match(r2.stderr, /„kontakte“ ist keiner der Werte/);
  const r3 = await run(["check", fixture("excel-de.csv"), "--type", "kontakte", "--lang", "en"], { env: { LANG: "de_DE.UTF-8" } });
  assert.match(r3.stderr, /is not one of/);
  // The summary and the library's messages in German.
  const dir = tempDir();
  const file = path.join(dir, "t.csv");
  writeFileSync(file, "E-Mail;Name\na@b.de;Anna\nkaputt;Bob\n");
  const r4 = await run(["check", file, "--type", "contact_details", "--lang", "de"]);
  assert.equal(r4.code, 1, r4.stderr);
  assert.match(r4.stdout, /2 Zeilen: 1 gültig, 1 ungültig/);
  assert.match(r4.stdout, /1 × Fehler invalid_email \(email\): .* \(Zeilen 2\)/);
  assert.match(r4.stdout, /„kaputt“ ist keine E-Mail-Adresse: Das @ fehlt/);
  const r5 = await run(["check", file, "--type", "contact_details", "--lang", "en"]);
  assert.match(r5.stdout, /"kaputt" is not an email address: it has no @/);
});

test("map: shows and saves the suggested mapping; check --mapping FILE uses it", async () => {
  const dir = tempDir();
  const out = path.join(dir, "mapping.json");
  const r = await run(["map", fixture("excel-de.csv"), "--type", "contact_details", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Geburtstag\s+→\s+birthday/);
  const mapping = JSON.parse(readFileSync(out, "utf8"));
  assert.equal(mapping.type, "contact_details");
  // Edit the saved mapping: the birthday column is not sent.
  mapping.columns.find((c) => c.header === "Geburtstag").field = null;
  writeFileSync(out, JSON.stringify(mapping));
  const body = path.join(dir, "body.json");
  const c = await runJson(["check", fixture("excel-de.csv"), "--type", "contact_details", "--country", "DE", "--mapping", out, "--out", body]);
  assert.equal(c.code, 0, c.stderr);
  const sent = JSON.parse(readFileSync(body, "utf8"));
  assert.equal(sent.payload[0].birthday, undefined);
  assert.equal(sent.payload[0].full_name, "Jürgen Müller");
  // --mapping none: the headers are sent as they are (unknown fields, warned).
  const none = await runJson(["check", fixture("excel-de.csv"), "--type", "contact_details", "--mapping", "none"]);
  assert.ok(none.json.findings.some((f) => f.code === "unknown_field" && f.field === "Vorname"));
});

test("split: batches of the valid rows, in order, within --max-rows; an existing split is not overwritten", async () => {
  const dir = tempDir();
  const file = path.join(dir, "in.csv");
  let csv = "external_id,email\n";
  for (let i = 1; i <= 23; i++) csv += `c${i},${i === 7 ? "broken" : `p${i}@example.de`}\n`;
  writeFileSync(file, csv);
  const outDir = path.join(dir, "batches");
  const r = await runJson(["split", file, "--type", "contact_details", "--max-rows", "5", "--out-dir", outDir]);
  assert.equal(r.code, 1, r.stderr); // one row invalid
  assert.equal(r.json.batches.batches, 5);
  const names = readdirSync(outDir).sort();
  assert.deepEqual(names, ["batch-00001.json", "batch-00002.json", "batch-00003.json", "batch-00004.json", "batch-00005.json"]);
  const bodies = names.map((n) => JSON.parse(readFileSync(path.join(outDir, n), "utf8")));
  assert.deepEqual(bodies.map((b) => b.payload.length), [5, 5, 5, 5, 2]);
  for (const b of bodies) assert.equal(b.type, "contact_details");
  const ids = bodies.flatMap((b) => b.payload.map((p) => p.external_id));
  assert.deepEqual(ids, Array.from({ length: 23 }, (_, i) => `c${i + 1}`).filter((id) => id !== "c7"));
  // The same cut as the library's planBatches of the whole body.
  const { planBatches } = await import(path.join(root, "pkg/node/index.mjs"));
  const whole = planBatches({ type: "contact_details", payload: bodies.flatMap((b) => b.payload) }, { maxRows: 5 });
  assert.deepEqual(whole.batches.map((b) => b.body), bodies);
  // --max-bytes cuts by size as well.
  const small = path.join(dir, "small");
  const s = await runJson(["split", file, "--type", "contact_details", "--max-bytes", "1000", "--out-dir", small]);
  for (const n of readdirSync(small)) assert.ok(readFileSync(path.join(small, n)).length <= 1000, n);
  assert.ok(s.json.batches.batches >= 2);
  // Running into the same directory again is refused.
  const again = await run(["split", file, "--type", "contact_details", "--out-dir", outDir]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already holds batch files/);
});

test("a 200,000-row CSV is checked and split in bounded memory", async () => {
  const dir = tempDir();
  const file = path.join(dir, "big.csv");
  const ws = createWriteStream(file);
  ws.write("Kundennummer;E-Mail;Vorname;Nachname;Mobil;Ort\n");
  for (let i = 0; i < 200_000; i++) {
    const line = `K${i};person${i}@example.de;Vorname${i};Nachname${i};+49151${String(10000000 + i)};Berlin\n`;
    if (!ws.write(line)) await once(ws, "drain");
  }
  ws.end();
  await once(ws, "finish");
  // A small JS heap: the command would die if it held the rows; the peak RSS must stay bounded too.
  const outDir = path.join(dir, "batches");
  const r = await runJson(["split", file, "--type", "contact_details", "--out-dir", outDir], { nodeArgs: ["--max-old-space-size=64"] });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json.total, 200_000);
  assert.equal(r.json.valid, 200_000);
  assert.equal(r.json.batches.batches, 40);
  assert.equal(r.json.batches.rows, 200_000);
  // (Measured: ~180 MiB, most of it the wasm memory and Node itself; holding the rows would
  // also exceed the 64 MiB JS heap and abort.)
  assert.ok(r.json.peak_rss_mib < 256, `peak RSS ${r.json.peak_rss_mib} MiB`);
  const last = JSON.parse(readFileSync(path.join(outDir, "batch-00040.json"), "utf8"));
  assert.equal(last.payload.at(-1).external_id, "K199999");
});

test("--json: an input error is a JSON report too; an output file that cannot be written is exit 2", async () => {
  const r = await run(["check", "/nonexistent/contacts.csv", "--type", "contact_details", "--json"]);
  assert.equal(r.code, 2);
  assert.match(JSON.parse(r.stdout).error, /\/nonexistent\/contacts\.csv: no such file/);
  const w = await run(["check", fixture("excel-de.csv"), "--type", "contact_details", "--out", "/nonexistent/dir/body.json"]);
  assert.equal(w.code, 2);
  assert.match(w.stderr, /ENOENT.*\/nonexistent\/dir\/body\.json/);
  noStack(w);
});

test("help prints the usage and exits 0", async () => {
  const r = await run(["--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /mateo-import check FILE --type TYPE/);
});

// util-linux's `script` gives the command a terminal: the progress bar shows there, and only there.
const hasScript = spawnSync("script", ["--version"]).status === 0;
test("a progress bar on stderr when stderr is a terminal", { skip: !hasScript && "no `script` to make a terminal" }, async () => {
  const dir = tempDir();
  const file = path.join(dir, "rows.csv");
  let csv = "external_id,email\n";
  for (let i = 0; i < 30_000; i++) csv += `c${i},p${i}@example.de\n`;
  writeFileSync(file, csv);
  const out = path.join(dir, "stdout.txt");
  const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} check ${JSON.stringify(file)} --type contact_details > ${JSON.stringify(out)}`;
  const tty = execFileSync("script", ["-qec", cmd, "/dev/null"], { env: { PATH: process.env.PATH, LANG: "C" } }).toString();
  assert.match(tty, /\r\[#*-*\] +\d+% +[\d,]+ rows\x1b\[K/);
  assert.match(readFileSync(out, "utf8"), /30,000 rows: 30,000 valid, 0 invalid/);
  assert.doesNotMatch(readFileSync(out, "utf8"), /\r/, "nothing of it on stdout");
});

test("map on a JSON file suggests a mapping too; send on a directory without batches is an input error", async () => {
  const r = await runJson(["map", fixture("rows.json"), "--type", "contact_details"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json.mapping.columns.find((c) => c.header === "email").field, "email");
  const dir = tempDir();
  const s = await run(["send", dir, "--dry-run"]);
  assert.equal(s.code, 2);
  assert.match(s.stderr, /no batch files \(batch-NNNNN\.json/);
});

test("--duplicates keepFirst / keepLast: one row per external_id in the body, across chunks", async () => {
  const dir = tempDir();
  const file = path.join(dir, "dupes.csv");
  // 5,000 rows (the command checks 2,000 at a time), 1,000 external ids, each five times.
  const lines = ["external_id;full_name"];
  for (let i = 0; i < 5000; i++) lines.push(`k${i % 1000};n${i}`);
  writeFileSync(file, lines.join("\n") + "\n");
  for (const [policy, first] of [["keepFirst", 0], ["keepLast", 4000]]) {
    const out = path.join(dir, `${policy}.json`);
    const r = await runJson(["check", file, "--type", "contact_details", "--duplicates", policy, "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([r.json.total, r.json.valid, r.json.invalid, r.json.dropped], [5000, 1000, 0, 4000]);
    const names = JSON.parse(readFileSync(out, "utf8")).payload.map((row) => row.full_name);
    assert.deepEqual(names, Array.from({ length: 1000 }, (_, i) => `n${first + i}`), policy);
  }
  const plain = await run(["check", file, "--type", "contact_details", "--duplicates", "keepLast", "--lang", "en"]);
  assert.match(plain.stdout, /4,000 valid rows left out/);
});

test("--schema: deal rows checked and mapped against the API's description", async () => {
  const dir = tempDir();
  const file = path.join(dir, "deals.csv");
  writeFileSync(file, "external_id;contact_external_id;title;stage;probability\nd1;c1;Angebot;won;80\nd2;c2;Rahmenvertrag;verloren;x\n");
  const schema = path.join(root, "tests/fixtures/openapi/postgrest-swagger2.json");
  // The built-in deal table knows three fields: the others are unknown (as given) or not mapped.
  const embedded = await runJson(["check", file, "--type", "deal_details", "--mapping", "none"]);
  assert.ok(embedded.json.findings.some((f) => f.code === "unknown_field" && f.field === "stage"), JSON.stringify(embedded.json.findings));
  const suggested = await runJson(["map", file, "--type", "deal_details"]);
  assert.equal(suggested.json.mapping.columns.find((c) => c.header === "stage").field, null);
  const liveMap = await runJson(["map", file, "--type", "deal_details", "--schema", schema]);
  assert.equal(liveMap.json.mapping.columns.find((c) => c.header === "stage").field, "stage");
  const live = await runJson(["check", file, "--type", "deal_details", "--schema", schema]);
  assert.equal(live.code, 1, live.stderr);
  assert.deepEqual([live.json.valid, live.json.invalid], [1, 1]);
  const codes = live.json.findings.map((f) => `${f.code}:${f.field}`).sort();
  assert.ok(!codes.some((c) => c.startsWith("unknown_field")), codes.join(" "));
  assert.ok(codes.includes("invalid_enum:stage"), codes.join(" "));
  const german = await run(["check", file, "--type", "deal_details", "--schema", schema, "--lang", "de"]);
  assert.match(german.stdout, /„verloren“ ist keiner der erlaubten Werte/);
  const broken = path.join(dir, "broken.json");
  writeFileSync(broken, JSON.stringify({ swagger: "2.0", definitions: { deal_details: { $ref: "#/definitions/deal_details" } } }));
  const r = await run(["check", file, "--type", "deal_details", "--schema", broken, "--lang", "en"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--schema .*broken\.json: .*ref_cycle/);
});

test("check: a reader that closes the pipe early (| head -1) gets no stack trace, and the exit code still counts", () => {
  // A file of 2,000 rows, some invalid: the summary has many lines.
  const dir = tempDir();
  const input = path.join(dir, "contacts.csv");
  const lines = ["external_id;email;full_name"];
  for (let i = 0; i < 2000; i++) lines.push(`c${i};${i % 7 ? `p${i}@example.de` : "kaputt"};Person ${i}`);
  writeFileSync(input, lines.join("\n") + "\n");
  const err = path.join(dir, "stderr.txt");
  // The summary is written a line at a time; `head` leaves after the first (EPIPE on the next).
  const script =
    `"${process.execPath}" "${CLI}" check "${input}" --type contact_details 2>"${err}" | head -1 >/dev/null; ` +
    `echo "exit \${PIPESTATUS[0]}"; cat "${err}"`;
  for (let i = 0; i < 4; i++) {
    const out = execFileSync("bash", ["-c", script], { encoding: "utf8", env: { PATH: process.env.PATH, LANG: "C" } });
    assert.equal(out, "exit 1\n", "stderr empty; exit 1 (rows are invalid), as without the pipe");
  }
});
