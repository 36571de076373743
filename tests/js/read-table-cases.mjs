// The file-reading cases, run by Node (tests/js/read-table.test.mjs) and by headless Chromium
// (tests/browser/read-table.test.mjs) against the same fixture files: one body of tests, two
// runners. Each case gets the package `m` and a `files` map (name -> Uint8Array) and throws on
// a wrong answer.

const GERMAN_HEADERS = ["Vorname", "Nachname", "E-Mail", "Telefon", "Mobil", "Geburtstag", "Straße", "PLZ", "Ort"];
const JUERGEN = {
  Vorname: "Jürgen", Nachname: "Müller", "E-Mail": "juergen.mueller@example.de", Telefon: "030 901820",
  Mobil: "0151 23456789", Geburtstag: "25.12.1990", "Straße": "Hauptstraße 5", PLZ: "10115", Ort: "Berlin",
};

export const FILES = [
  "excel-de.csv", "excel-de-sep.csv", "excel-de-title.csv", "excel-unicode.txt", "excel-utf8-bom.csv",
  "google-sheets.csv", "libreoffice.csv", "numbers-de.csv", "rows.json", "body.json", "rows.ndjson",
  "empty.csv", "nul-bytes.csv", "mixed-line-endings.csv", "unterminated-quote.csv", "random.bin",
  "not-a-workbook.zip", "contacts.xlsx", "truncated.xlsx", "contacts.ods", "contacts.xls", "zeros.xlsx",
];

function eq(a, b, what) {
  const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
  if (x !== y) throw new Error(`${what}: expected ${y}, got ${x}`);
}

function german(t, what) {
  eq(t.headers, GERMAN_HEADERS, `${what} headers`);
  eq(t.rows.length, 3, `${what} rows`);
  eq(t.rows[0], JUERGEN, `${what} first row`);
  eq([t.rows[1].Nachname, t.rows[1].PLZ, t.rows[2].Ort], ["Groß", "01067", "München"], `${what} cells`);
}

const codes = (t) => t.notices.map((n) => n.code);

function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an Error");
}

/** [name, run(m, files, sheets)]: `sheets` is the spreadsheet module, initialised; the cases
 * before the workbook case run without it enabled. */
export const CASES = [
  ["German Excel CSV (Windows-1252, ;, CRLF): umlauts and ß intact, the guess said", (m, f) => {
    const t = m.readTable(f["excel-de.csv"], { fileName: "excel-de.csv" });
    eq([t.format, t.encoding, t.delimiter, t.sheet, t.sheets], ["csv", "windows-1252", ";", null, []], "read as");
    german(t, "excel-de");
    eq(codes(t), ["encoding_guessed"], "notices");
    eq(t.notices[0].params, { encoding: "windows-1252", line: 1 }, "params");
  }],
  ["sep=; line and a title row above the header", (m, f) => {
    const sep = m.readTable(f["excel-de-sep.csv"]);
    german(sep, "sep");
    eq(codes(sep), ["encoding_guessed", "separator_line"], "sep notices");
    const title = m.readTable(f["excel-de-title.csv"]);
    german(title, "title");
    eq(title.notices.find((n) => n.code === "title_rows_skipped").params, { lines: [1], text: "Kundenliste Messe 2026" }, "title");
  }],
  ["Excel Unicode text (UTF-16LE, tabs), UTF-8 with BOM, Google Sheets, LibreOffice, Numbers", (m, f) => {
    const u16 = m.readTable(f["excel-unicode.txt"]);
    eq([u16.encoding, u16.delimiter, u16.notices], ["utf-16le", "\t", []], "utf-16");
    german(u16, "utf-16");
    german(m.readTable(f["excel-utf8-bom.csv"]), "bom");
    german(m.readTable(f["google-sheets.csv"]), "google");
    const lo = m.readTable(f["libreoffice.csv"]);
    eq([lo.rows[0].Notiz, lo.rows[1].Notiz], ['Sagt "Hallo", gern', "Zeile 1\nZeile 2"], "quoted cells");
    const numbers = m.readTable(f["numbers-de.csv"]);
    eq([numbers.delimiter, numbers.rows[0].Betrag], [";", "1.234,50"], "decimal commas");
  }],
  ["JSON array, whole body, NDJSON: JSON types kept", (m, f) => {
    for (const name of ["rows.json", "body.json", "rows.ndjson"]) {
      const t = m.readTable(f[name], { fileName: name });
      eq(t.format, name.endsWith("ndjson") ? "ndjson" : "json", name);
      eq(t.headers, ["external_id", "full_name", "whatsapp", "email", "score"], `${name} headers`);
      eq(t.rows[1], { external_id: "c2", email: "a@example.de", score: 7 }, `${name} row`);
    }
  }],
  ["odd text files: empty, NUL bytes, mixed line endings, an unclosed quote", (m, f) => {
    const empty = m.readTable(f["empty.csv"]);
    eq([empty.rows, empty.headers], [[], []], "empty");
    const nul = m.readTable(f["nul-bytes.csv"]);
    eq([nul.rows[0].name, codes(nul), nul.broken], ["Anna", ["nul_removed"], false], "nul");
    eq(m.readTable(f["mixed-line-endings.csv"]).rows.map((r) => r.name), ["Anna", "Bob", "Cem"], "line endings");
    const open = m.readTable(f["unterminated-quote.csv"]);
    eq([codes(open), open.notices[0].params, open.broken], [["unterminated_quote"], { line: 2 }, true], "quote");
    // The same a piece at a time: the flag comes with the end of the file.
    const reader = new m.TableReader();
    const bytes = f["unterminated-quote.csv"];
    reader.push(bytes.subarray(0, 5));
    reader.push(bytes.subarray(5));
    eq(reader.finish().broken, true, "quote, read in pieces");
  }],
  ["files that are no table: a clear error with code and params, never rows of garbage", (m, f) => {
    const expected = {
      "random.bin": "unreadable_file", "not-a-workbook.zip": "unreadable_file", "contacts.xlsx": "unsupported_format",
      "truncated.xlsx": "unsupported_format", "contacts.ods": "unsupported_format", "contacts.xls": "unsupported_format",
    };
    for (const [name, code] of Object.entries(expected)) {
      const e = thrown(() => m.readTable(f[name], { fileName: name }));
      eq([e instanceof Error, e.code], [true, code], name);
      if (typeof e.message !== "string" || !e.params) throw new Error(`${name}: no message or params`);
    }
    eq(thrown(() => m.readTable(f["contacts.xlsx"])).params, { format: "xlsx" }, "params");
    eq(thrown(() => m.readTable("text, not bytes")).code, "invalid_read_option", "string argument");
    eq(thrown(() => m.readTable(f["excel-de.csv"], { encoding: "ebcdic" })).code, "unknown_encoding", "encoding");
    eq(thrown(() => m.readTable(f["excel-de.csv"], { delimiter: ";;" })).code, "invalid_read_option", "delimiter");
    eq(thrown(() => m.readTable(f["excel-de.csv"], { colour: "red" })).code, "invalid_read_option", "unknown option");
  }],
  ["Windows-1252: every byte as the platform's TextDecoder reads it", (m) => {
    // Node 20's TextDecoder decodes "windows-1252" as Latin-1 (a Node bug, fixed in later
    // versions); Chromium's is right. Where the platform is wrong, bytes 0x80-0x9F are compared
    // with WHATWG's index written out here instead.
    const dec = new TextDecoder("windows-1252");
    const platformRight = dec.decode(new Uint8Array([0x80])) === "\u20AC";
    const whatwg = "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
      "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";
    const bytes = [0x76, 0x0a];
    const want = [];
    for (let b = 0x20; b <= 0xff; b++) {
      if ([0x22, 0x2c, 0x3b, 0x7c, 0x20].includes(b)) continue; // quote, delimiters, space
      bytes.push(0x78, b, 0x78, 0x0a);
      const c = platformRight || b < 0x80 || b > 0x9f ? dec.decode(new Uint8Array([b])) : whatwg[b - 0x80];
      want.push("x" + c + "x");
    }
    const t = m.readTable(new Uint8Array(bytes), { encoding: "windows-1252" });
    eq(t.rows.map((r) => r.v), want, "all bytes");
  }],
  ["TableReader: pieces of any size give the rows of readTable, in order", (m, f) => {
    for (const name of ["excel-de-title.csv", "excel-unicode.txt", "libreoffice.csv", "rows.ndjson"]) {
      const whole = m.readTable(f[name], { fileName: name });
      for (const size of [1, 5, 64, 4096]) {
        const reader = new m.TableReader({ fileName: name });
        const rows = [];
        for (let i = 0; i < f[name].length; i += size) rows.push(...reader.push(f[name].subarray(i, i + size)));
        const end = reader.finish();
        reader.free();
        rows.push(...end.rows);
        eq({ ...end, rows }, whole, `${name} in pieces of ${size}`);
      }
    }
  }],
  ["a 30,000-row Windows-1252 file crosses in chunks, rows in order", (m) => {
    const lines = ["id;name"];
    for (let i = 0; i < 30000; i++) lines.push(`${i};Jürgen ${i}`);
    const text = lines.join("\r\n");
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) === 0xfc ? 0xfc : text.charCodeAt(i);
    const t = m.readTable(bytes);
    eq([t.rows.length, t.rows[29999], t.encoding], [30000, { id: "29999", name: "Jürgen 29999" }, "windows-1252"], "big");
  }],
];

CASES.push(["workbooks once enableSpreadsheets was given the spreadsheet module: cells as a person sees them", (m, f, sheets) => {
  eq(thrown(() => m.enableSpreadsheets({})).code, "invalid_read_option", "not a module");
  m.enableSpreadsheets(sheets);
  const t = m.readTable(f["contacts.xlsx"], { fileName: "contacts.xlsx" });
  eq([t.format, t.encoding, t.delimiter, t.sheet, t.sheets], ["xlsx", null, null, "Kontakte", ["Kontakte", "Notizen"]], "read as");
  eq(t.headers.slice(0, 9), GERMAN_HEADERS, "headers below the title row");
  eq(t.rows[0], { ...JUERGEN, Telefon: "30901820", Mobil: "4915123456789", Geburtstag: "1990-12-25", "Kunde seit": "2020-03-01T09:30:00", Aktiv: "true" }, "first row");
  eq([t.rows[1].PLZ, t.rows[1].Aktiv], ["01067", "false"], "postcode with its 00000 format, boolean");
  const codes_ = codes(t);
  if (!codes_.includes("title_rows_skipped") || !codes_.includes("formula_without_value")) throw new Error(`notices ${codes_}`);
  // Postcodes typed into General cells: kept as stored, the short ones named in one notice.
  const zeros = m.readTable(f["zeros.xlsx"], { locale: "de" });
  eq(zeros.rows.map((r) => r.PLZ), ["10115", "1067", "80331", "04109", "4109"], "postcodes as stored");
  const lost = zeros.notices.filter((n) => n.code === "leading_zeros_lost");
  eq(lost.map((n) => [n.params.column, n.params.cell, n.params.cells]), [["C", "C3", 2]], "one notice for the PLZ column");
  if (!lost[0].message.startsWith("Spalte C: 2 Zellen")) throw new Error(lost[0].message);
  const notes = m.readTable(f["contacts.xlsx"], { sheet: "Notizen" });
  eq([notes.sheet, notes.headers, notes.rows], ["Notizen", ["Datum", "Notiz"], [{ Datum: "2026-01-02", Notiz: "zweites Blatt" }]], "second sheet");
  eq(m.readTable(f["contacts.xlsx"], { sheet: 1 }).sheet, "Notizen", "sheet by index");
  const missing = thrown(() => m.readTable(f["contacts.xlsx"], { sheet: "Nope" }));
  eq([missing.code, missing.params.sheets], ["sheet_not_found", ["Kontakte", "Notizen"]], "no such sheet");
  for (const name of ["contacts.ods", "contacts.xls"]) german(m.readTable(f[name], { fileName: name }), name);
  eq(thrown(() => m.readTable(f["truncated.xlsx"])).code, "unreadable_file", "truncated");
  // A streaming TableReader is for text: a workbook there is still refused clearly.
  const reader = new m.TableReader();
  eq(thrown(() => { reader.push(f["contacts.xlsx"]); reader.finish(); }).code, "unsupported_format", "TableReader");
  reader.free();
}]);
