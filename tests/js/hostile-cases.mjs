// Hostile inputs for the JS facade, shared by the Node suite (tests/js/hostile.test.mjs) and the
// headless Chromium suite (tests/browser/hostile.test.mjs, which serves this file to the page).
// Plain ES module: no Node or DOM APIs, so it runs the same in both places.
//
// Every call must come back as a well-formed result or as a thrown Error with a string `code`;
// never a wasm trap (WebAssembly.RuntimeError: unreachable / memory access out of bounds), never
// another kind of exception, and never a polluted Object.prototype.

export const VALID = { type: "contact_details", payload: [{ email: "a@b.de" }] };
export const VALID_TEXT = JSON.stringify(VALID);
/** A small OpenAPI description (the live schema): a deal view of two columns. */
export const OPENAPI_DOC = { swagger: "2.0", definitions: { deal_details: { properties: { title: { format: "text", type: "string" }, stage: { enum: ["new", "won"], format: "public.deal_stage", type: "string" } } } } };
const UUID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

// ------------------------------------------------------------------------------------------------
// Classification

function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

const shapes = {
  report: (r) =>
    isPlainObject(r) && typeof r.ok === "boolean" && Array.isArray(r.errors) && Array.isArray(r.warnings) &&
    Array.isArray(r.rows) && r.total === r.rows.length && r.valid + r.invalid === r.total &&
    (r.request === null || isPlainObject(r.request)) &&
    r.rows.every((row, i) => row.index === i),
  row: (r) => isPlainObject(r) && typeof r.ok === "boolean" && Array.isArray(r.errors) && Array.isArray(r.warnings) && (r.row === null || isPlainObject(r.row)),
  rows: (r) => Array.isArray(r) && r.every(shapes.row),
  phone: (r) => isPlainObject(r) && typeof r.ok === "boolean" && Array.isArray(r.candidates) && (r.e164 === null || /^\+\d+$/.test(r.e164)),
  csv: (r) => isPlainObject(r) && Array.isArray(r.rows) && Array.isArray(r.headers) && Array.isArray(r.errors),
  table: (r) => isPlainObject(r) && Array.isArray(r.rows) && Array.isArray(r.headers) && Array.isArray(r.notices) && typeof r.format === "string",
  summary: (r) => isPlainObject(r) && typeof r.ok === "boolean" && r.valid + r.invalid === r.total,
  object: (r) => r !== null && typeof r === "object",
};

/** What a call did: {kind: "result" | "error" | "trap" | "bad-throw", ...}. */
export function attempt(fn) {
  const t0 = Date.now();
  try {
    const result = fn();
    return { kind: "result", result, ms: Date.now() - t0 };
  } catch (e) {
    const ms = Date.now() - t0;
    if (typeof WebAssembly !== "undefined" && e instanceof WebAssembly.RuntimeError) {
      return { kind: "trap", message: `${e.name}: ${e.message}`, ms };
    }
    if (e instanceof Error && typeof e.code === "string" && e.code.length > 0) {
      return { kind: "error", code: e.code, message: e.message, ms };
    }
    return { kind: "bad-throw", message: `${e && e.name}: ${e && e.message} (code: ${e && e.code})`, ms };
  }
}

/** One line for the docs table: what came back. */
export function describe(outcome, shape) {
  if (outcome.kind === "error") return `throws Error code=${outcome.code}`;
  if (outcome.kind !== "result") return `${outcome.kind}: ${outcome.message}`;
  const r = outcome.result;
  if (shape === "report" && shapes.report(r)) {
    const codes = [...new Set([...r.errors, ...r.rows.flatMap((x) => x.errors)].map((e) => e.code))].slice(0, 3);
    return `report ok=${r.ok} total=${r.total} valid=${r.valid}${codes.length ? ` errors=${codes.join(",")}` : ""}`;
  }
  if (shape === "row" && shapes.row(r)) return `row report ok=${r.ok}${r.errors.length ? ` errors=${r.errors.map((e) => e.code).join(",")}` : ""}`;
  if (shape === "rows" && shapes.rows(r)) return `${r.length} row reports`;
  if (shape === "phone" && shapes.phone(r)) return `resolution ok=${r.ok} e164=${r.e164}`;
  if (shape === "csv" && shapes.csv(r)) return `csv rows=${r.rows.length} errors=${r.errors.length}`;
  if (shape === "summary" && shapes.summary(r)) return `summary ok=${r.ok} total=${r.total}`;
  return `${shape}`;
}

/**
 * Checks one outcome: a trap or a throw without `code` always fails; a result must have the
 * entry point's shape; `expect` narrows it ("result" | "error"), `code` pins the error code and
 * `check(result)` can throw for case-specific expectations. Returns a failure message or null.
 */
export function verdict(outcome, { shape = "object", expect, code, check } = {}) {
  if (outcome.kind === "trap") return `wasm trap: ${outcome.message}`;
  if (outcome.kind === "bad-throw") return `threw without a code: ${outcome.message}`;
  if (expect && outcome.kind !== expect) return `expected ${expect}, got ${describe(outcome, shape)}`;
  if (outcome.kind === "error") {
    if (code && ![].concat(code).includes(outcome.code)) return `expected code ${code}, got ${outcome.code}`;
    return null;
  }
  if (!shapes[shape](outcome.result)) return `malformed ${shape}: ${JSON.stringify(outcome.result)?.slice(0, 300)}`;
  if (check) {
    try {
      check(outcome.result);
    } catch (e) {
      return `check failed: ${e.message}`;
    }
  }
  if ({}.polluted !== undefined || Object.prototype.polluted !== undefined) return "Object.prototype was polluted";
  return null;
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

// ------------------------------------------------------------------------------------------------
// Hostile values

function cyclic() {
  const body = { type: "contact_details", payload: [] };
  body.payload.push(body);
  return body;
}

function throwingGetter() {
  return {
    type: "contact_details",
    payload: [
      {
        get email() {
          throw new Error("getter boom");
        },
      },
      { email: "a@b.de" },
    ],
  };
}

function throwingProxy() {
  const boom = () => {
    throw new Error("trap boom");
  };
  return new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom, apply: boom });
}

function nested(depth) {
  let x = { email: "a@b.de" };
  for (let i = 0; i < depth; i++) x = { a: x };
  return x;
}

/** Values every entry point gets in every argument position. */
export function hostileValues() {
  return [
    ["undefined", () => undefined],
    ["null", () => null],
    ["0", () => 0],
    ["-1.5", () => -1.5],
    ["NaN", () => NaN],
    ["Infinity", () => Infinity],
    ["empty string", () => ""],
    ["string 'not json'", () => "not json"],
    ["string '{}'", () => "{}"],
    ["true", () => true],
    ["false", () => false],
    ["Symbol()", () => Symbol("s")],
    ["BigInt 10n", () => 10n],
    ["Date", () => new Date(0)],
    ["Map", () => new Map([["type", "contact_details"]])],
    ["function", () => function f() {}],
    ["array with holes", () => [, { email: "a@b.de" }, ,]], // eslint-disable-line no-sparse-arrays
    ["empty object", () => ({})],
    ["null-prototype object", () => Object.create(null)],
    ["__proto__ own key", () => JSON.parse('{"__proto__":{"polluted":1},"type":"contact_details","payload":[{"email":"a@b.de"}]}')],
    ["Proxy", () => new Proxy({ type: "contact_details", payload: [{ email: "a@b.de" }] }, {})],
    ["Proxy with throwing traps", throwingProxy],
    ["throwing getter", throwingGetter],
    ["cyclic object", cyclic],
    ["String object", () => new String("{}")], // eslint-disable-line no-new-wrappers
    ["object with length", () => ({ length: 3 })],
    ["array of strings", () => ["DE", "AT"]],
  ];
}

/** Entry points: [name, shape, call(m, x)]. */
export function entryPoints() {
  return [
    ["validateImport(x)", "report", (m, x) => m.validateImport(x)],
    ["validateImport(VALID, options=x)", "report", (m, x) => m.validateImport(VALID, x)],
    ["validateImportJson(x)", "report", (m, x) => m.validateImportJson(x)],
    ["validateImportJson(VALID_TEXT, options=x)", "report", (m, x) => m.validateImportJson(VALID_TEXT, x)],
    ["resolvePhone(x)", "phone", (m, x) => m.resolvePhone(x)],
    ["resolvePhone('+49 30 901820', x)", "phone", (m, x) => m.resolvePhone("+49 30 901820", x)],
    ["parseCsv(x)", "csv", (m, x) => m.parseCsv(x)],
    ["new Validator(x)", "object", (m, x) => { const v = new m.Validator(x); v.free(); return {}; }],
    ["validator.validateImport(x)", "report", (m, x, ctx) => ctx.validator.validateImport(x)],
    ["validator.validateImportJson(x)", "report", (m, x, ctx) => ctx.validator.validateImportJson(x)],
    ["validator.validateRow(x, row)", "row", (m, x, ctx) => ctx.validator.validateRow(x, { email: "a@b.de" })],
    ["validator.validateRow('contact_details', x)", "row", (m, x, ctx) => ctx.validator.validateRow("contact_details", x)],
    ["validator.resolvePhone(x)", "phone", (m, x, ctx) => ctx.validator.resolvePhone(x)],
    ["Validator.fromOpenApi(x)", "object", (m, x) => { const v = m.Validator.fromOpenApi(x); const s = v.schemaSource; v.free(); return s; }],
    ["Validator.fromOpenApi(DOC, options=x)", "object", (m, x) => { const v = m.Validator.fromOpenApi(OPENAPI_DOC, x); const s = v.schemaSource; v.free(); return s; }],
    ["validator.session(x)", "summary", (m, x, ctx) => { const s = ctx.validator.session(x); const r = s.finish(); s.free(); return r; }],
    ["validator.fieldNames(x)", "object", (m, x, ctx) => ctx.validator.fieldNames(x)],
    ["validator.suggestMapping(x, 'contact_details')", "object", (m, x, ctx) => ctx.validator.suggestMapping(x, "contact_details")],
    ["validator.suggestMapping(['E-Mail'], 'contact_details', sample=x)", "object", (m, x, ctx) => ctx.validator.suggestMapping(["E-Mail"], "contact_details", x)],
    ["new ImportSession(x)", "summary", (m, x) => { const s = new m.ImportSession(x); const r = s.finish(); s.free(); return r; }],
    ["new ImportSession(body, options=x)", "summary", (m, x) => { const s = new m.ImportSession({ type: "contact_details" }, x); const r = s.finish(); s.free(); return r; }],
    ["session.push(x)", "rows", (m, x, ctx) => ctx.session.push(x)],
    ["session.pushJson(x)", "rows", (m, x, ctx) => ctx.session.pushJson(x)],
    ["readTable(x)", "table", (m, x) => m.readTable(x)],
    ["readTable(BYTES, options=x)", "table", (m, x) => m.readTable(new TextEncoder().encode("a;b\n1;2\n"), x)],
    ["new TableReader(x)", "table", (m, x) => { const r = new m.TableReader(x); const t = r.finish(); r.free(); return t; }],
    ["tableReader.push(x)", "object", (m, x) => { const r = new m.TableReader(); try { r.push(x); return r.finish(); } finally { r.free(); } }],
  ];
}

/** State shared by the matrix calls: one Validator and one ImportSession, reused throughout. */
export function makeContext(m) {
  return { validator: new m.Validator(), session: new m.ImportSession({ type: "contact_details" }) };
}

// ------------------------------------------------------------------------------------------------
// Specific cases, with what must come back.

const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const rowCodes = (r, i = 0) => r.rows[i].errors.map((e) => e.code);

/** [name, shape, run(m), {expect, code, check}, big?] */
export function specificCases({ big = true } = {}) {
  const cases = [
    ["__proto__ key in a row stays an own key, prototype untouched", "report",
      (m) => m.validateImport(JSON.parse('{"type":"contact_details","payload":[{"external_id":"x","__proto__":{"polluted":1}}]}')),
      { expect: "result", check: (r) => {
        const row = r.rows[0].row;
        assert(r.valid === 1, "row should be valid (unknown key kept with a warning)");
        assert(hasOwn(row, "__proto__"), "__proto__ should come back as an own property");
        assert(Object.getPrototypeOf(row) === Object.prototype, "row prototype changed");
        assert(row.polluted === undefined && {}.polluted === undefined, "polluted");
        assert(hasOwn(r.request.payload[0], "__proto__"), "__proto__ missing from the request body");
      } }],
    ["__proto__ key at the top level of the body", "report",
      (m) => m.validateImportJson('{"__proto__":{"polluted":1},"type":"contact_details","payload":[{"email":"a@b.de"}]}'),
      { expect: "result", check: (r) => {
        assert(r.valid === 1 && hasOwn(r.request, "__proto__") && Object.getPrototypeOf(r.request) === Object.prototype, "request __proto__");
      } }],
    ["constructor and prototype keys", "report",
      (m) => m.validateImport({ type: "contact_details", payload: [{ external_id: "x", constructor: { prototype: { polluted: 1 } }, prototype: 1 }] }),
      { expect: "result", check: (r) => {
        assert(r.valid === 1 && hasOwn(r.rows[0].row, "constructor"), "constructor kept as data");
        assert(typeof r.rows[0].row.constructor === "object" && {}.constructor === Object, "Object.constructor intact");
      } }],
    ["__proto__ through validateRow and ImportSession", "rows",
      (m) => {
        const row = JSON.parse('{"email":"a@b.de","__proto__":{"polluted":1}}');
        const v = new m.Validator();
        const one = v.validateRow("contact_details", row);
        v.free();
        const s = new m.ImportSession({ type: "contact_details" });
        const rows = s.push([row]).concat(s.pushJson('[{"email":"a@b.de","__proto__":{"polluted":1}}]'));
        s.free();
        return [one, ...rows];
      },
      { expect: "result", check: (r) => assert(r.every((x) => x.ok && hasOwn(x.row, "__proto__")), "own __proto__ everywhere") }],
    // A row JSON cannot express is that row's invalid_json (with the engine's reason); the
    // other rows are checked, and every row comes back.
    ["throwing getter in a row", "report", (m) => m.validateImport(throwingGetter()),
      { expect: "result", check: (r) => assert(r.errors.length === 0 && rowCodes(r)[0] === "invalid_json" && /getter boom/.test(r.rows[0].errors[0].message) && r.rows[1].ok, "that row's invalid_json with the getter's message") }],
    ["Proxy body (transparent)", "report", (m) => m.validateImport(new Proxy(VALID, {})),
      { expect: "result", check: (r) => assert(r.ok && r.valid === 1, "a transparent Proxy is read like the object") }],
    ["Proxy body whose traps throw", "report", (m) => m.validateImport(throwingProxy()),
      { expect: "result", check: (r) => assert(r.errors[0].code === "invalid_json", "invalid_json") }],
    ["Proxy row whose traps throw", "report", (m) => m.validateImport({ type: "contact_details", payload: [throwingProxy(), { email: "a@b.de" }] }),
      { expect: "result", check: (r) => assert(r.errors.length === 0 && rowCodes(r)[0] === "invalid_json" && r.rows[1].ok, "that row's invalid_json") }],
    ["Proxy as options whose traps throw", "report", (m) => m.validateImport(VALID, throwingProxy()), { expect: "error", code: "invalid_options" }],
    ["cyclic body (the body is its own row)", "report", (m) => m.validateImport(cyclic()),
      { expect: "result", check: (r) => assert(r.errors.length === 0 && r.total === 1 && rowCodes(r)[0] === "invalid_json" && /circular/i.test(r.rows[0].errors[0].message), JSON.stringify(r.rows[0]?.errors)) }],
    ["cyclic rows pushed to a session", "rows",
      (m) => { const s = new m.ImportSession({ type: "contact_details" }); try { return s.push([...cyclic().payload, { email: "a@b.de" }]); } finally { s.free(); } },
      { expect: "result", check: (rows) => assert(rows.length === 2 && rows[0].errors[0].code === "invalid_json" && rows[1].ok, JSON.stringify(rows)) }],
    ["BigInt in a field", "report", (m) => m.validateImport({ type: "contact_details", payload: [{ email: "a@b.de", zipcode: 10115n }] }),
      { expect: "result", check: (r) => assert(r.errors.length === 0 && rowCodes(r)[0] === "invalid_json" && /BigInt/.test(r.rows[0].errors[0].message), JSON.stringify(r.rows[0]?.errors)) }],
    ["Symbol, function and undefined fields are dropped", "report",
      (m) => m.validateImport({ type: "contact_details", payload: [{ email: "a@b.de", full_name: Symbol("x"), city: () => 1, zipcode: undefined, [Symbol("k")]: 1 }] }),
      { expect: "result", check: (r) => assert(r.ok && JSON.stringify(r.rows[0].row) === '{"email":"a@b.de"}', JSON.stringify(r.rows[0].row)) }],
    ["Date fields become ISO strings", "report",
      (m) => m.validateImport({ type: "appointment_details", payload: [{ name: "Visit", contact_external_id: "c1", start_time: new Date(Date.UTC(2024, 4, 1, 12)), end_time: new Date(Date.UTC(2024, 4, 1, 13)) }] }),
      { expect: "result", check: (r) => assert(r.ok && r.rows[0].row.start_time === "2024-05-01T12:00:00.000Z", JSON.stringify(r.rows[0])) }],
    ["Date as birthday (a timestamp, not a date)", "report",
      (m) => m.validateImport({ type: "contact_details", payload: [{ email: "a@b.de", birthday: new Date(Date.UTC(1990, 11, 25)) }] }),
      { expect: "result", check: (r) => assert(rowCodes(r).includes("invalid_date"), "invalid_date") }],
    ["Map as a row", "report", (m) => m.validateImport({ type: "contact_details", payload: [new Map([["email", "a@b.de"]])] }),
      { expect: "result", check: (r) => assert(rowCodes(r).includes("missing_identifier"), "a Map stringifies to {}") }],
    ["array with holes as payload", "report", (m) => m.validateImport({ type: "contact_details", payload: [, { email: "a@b.de" }, ,] }), // eslint-disable-line no-sparse-arrays
      { expect: "result", check: (r) => {
        assert(r.total === 3 && r.valid === 1, `holes are null rows: ${r.total}/${r.valid}`);
        assert(rowCodes(r, 0)[0] === "row_not_object" && r.rows[1].ok && rowCodes(r, 2)[0] === "row_not_object", "row codes");
      } }],
    ["NaN and Infinity in fields become null, each with a sent_as_null warning", "report",
      (m) => m.validateImport({ type: "contact_details", payload: [{ email: "a@b.de", zipcode: NaN, city: Infinity, country: -Infinity }] }),
      { expect: "result", check: (r) => {
        assert(r.ok && r.rows[0].row.zipcode === null && r.rows[0].row.city === null, JSON.stringify(r.rows[0].row));
        const said = r.rows[0].warnings.filter((w) => w.code === "sent_as_null").map((w) => `${w.field}=${w.params.value}`);
        assert(said.join() === "zipcode=NaN,city=Infinity,country=-Infinity", said.join());
      } }],
    ["NaN in a phone list", "phone", (m) => m.resolvePhone([NaN, "+49 30 901820"]),
      { expect: "result", check: (r) => assert(r.ok && r.index === 1 && r.e164 === "+4930901820", JSON.stringify(r)) }],
    ["lone surrogates in values and keys (validateImport)", "report",
      (m) => m.validateImport({ type: "contact_details", payload: [{ external_id: "a\uD800b", "k\uDC00": "\uDBFF", full_name: "\uD83D\uDE00 ok" }] }),
      { expect: "result", check: (r) => {
        const row = r.rows[0].row;
        assert(r.ok && row.external_id === "a\uFFFDb" && row["k\uFFFD"] === "\uFFFD" && row.full_name === "\uD83D\uDE00 ok", JSON.stringify(row));
      } }],
    ["lone surrogates (validateImportJson, raw and escaped)", "report",
      (m) => m.validateImportJson('{"type":"contact_details","payload":[{"external_id":"\uD800","full_name":"\\udc00x"}]}'),
      { expect: "result", check: (r) => assert(r.ok && r.rows[0].row.external_id === "\uFFFD" && r.rows[0].row.full_name === "\uFFFDx", JSON.stringify(r.rows[0].row)) }],
    ["lone surrogate in a phone number", "phone", (m) => m.resolvePhone(["+49 30 9018\uD80020", "+49 30 901820"]),
      { expect: "result", check: (r) => assert(r.ok && r.e164 === "+4930901820", JSON.stringify(r)) }],
    ["RTL and zero-width characters in phone strings", "report",
      (m) => m.validateImport({ type: "contact_details", payload: [
        { whatsapp: "\u202B+49 30 901820\u202C" },
        { whatsapp: "+49\u200B30\u200B901820" },
        { sms: "\u200F0151 23456789\u200E", country_codes: ["DE"] },
        { sms: "\u2066+43 664 1234567\u2069" },
        { whatsapp: ["\u200B", "\uFEFF", "\u2060"] , external_id: "x" },
        { whatsapp: "\u0660\u0661\u0665\u0661 \u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669", country_codes: "DE" },
        { whatsapp: "+49 30 901820\u202E1234" },
      ] }),
      { expect: "result", check: (r) => {
        assert(r.total === 7, "7 rows");
        assert(r.rows[4].ok && !("whatsapp" in r.rows[4].row), "all-blank list removed");
        for (const row of r.rows) for (const k of ["whatsapp", "sms"]) if (row.ok && k in row.row) assert(/^\+\d+$/.test(row.row[k]), `${k} not E.164: ${row.row[k]}`);
      } }],
    ["RTL/zero-width phones through resolvePhone", "phone", (m) => m.resolvePhone(["\u200E\u200F", "\u202E0151 23456789", "0151\u200D23456789"], ["DE"]),
      { expect: "result" }],
    ["300-digit number as a JS number (1e299) in a text field", "report",
      (m) => m.validateImport({ type: "contact_details", payload: [{ external_id: 1e299, zipcode: Number.MAX_VALUE }] }),
      { expect: "result", check: (r) => assert(r.ok && r.rows[0].row.external_id === "1e+299", JSON.stringify(r.rows[0])) }],
    ["300-digit number in JSON text", "report",
      (m) => m.validateImportJson(`{"type":"contact_details","payload":[{"external_id":${"9".repeat(300)},"whatsapp":${"1".repeat(300)}}]}`),
      { expect: "result", check: (r) => assert(r.total === 1 && rowCodes(r).includes("no_valid_phone"), JSON.stringify(r.rows[0]?.errors)) }],
    ["400-digit number in JSON text (outside f64)", "report",
      (m) => m.validateImportJson(`{"type":"contact_details","payload":[{"external_id":${"9".repeat(400)}},{"email":"a@b.de"}]}`),
      { expect: "result", check: (r) => assert(r.errors.length === 0 && rowCodes(r)[0] === "invalid_json" && r.rows[1].ok, "that row's invalid_json") }],
    ["300-digit phone strings", "phone", (m) => m.resolvePhone(["+" + "4".repeat(300), "0".repeat(300)], ["DE"]),
      { expect: "result", check: (r) => assert(!r.ok && r.candidates.length === 2, JSON.stringify(r).slice(0, 200)) }],
    // A row nested deeper than the parser reads is that row's invalid_json; the rows around it
    // are checked (every row comes back, in order).
    ["10,000-level nesting in a row (validateImport)", "report",
      (m) => m.validateImport({ type: "contact_details", payload: [{ email: "x@y.de" }, nested(10000), { email: "z@y.de" }] }),
      { expect: "result", check: (r) => assert(r.errors.length === 0 && r.rows.length === 3 && rowCodes(r, 1)[0] === "invalid_json" && r.rows[0].ok && r.rows[2].ok, JSON.stringify(r.rows[1]?.errors)) }],
    ["10,000-level nesting (validateImportJson)", "report",
      (m) => m.validateImportJson(`{"type":"contact_details","payload":[${"[".repeat(10000)}${"]".repeat(10000)},{"email":"a@b.de"}]}`),
      { expect: "result", check: (r) => assert(r.errors.length === 0 && rowCodes(r)[0] === "invalid_json" && /128 levels/.test(r.rows[0].errors[0].message) && r.rows[1].ok, JSON.stringify(r.rows[0]?.errors)) }],
    ["10,000-level nesting in a head field (validateImportJson)", "report",
      (m) => m.validateImportJson(`{"type":"contact_details","x":${"[".repeat(10000)}${"]".repeat(10000)},"payload":[{"email":"a@b.de"}]}`),
      { expect: "result", check: (r) => assert(r.errors[0].code === "invalid_json" && /recursion/.test(r.errors[0].message), r.errors[0]?.message) }],
    ["10,000-level nesting in a session push", "rows",
      (m) => { const s = new m.ImportSession({ type: "deal_details" }); try { return s.push([nested(10000)]); } finally { s.free(); } },
      { expect: "result", check: (rows) => assert(rows.length === 1 && rows[0].errors[0].code === "invalid_json", JSON.stringify(rows[0]?.errors)) }],
    ["10,000-level nesting as options", "report", (m) => m.validateImport(VALID, { customFields: [nested(10000)] }), { expect: "error", code: "invalid_options" }],
    ["unknown country code in options", "report", (m) => m.validateImport(VALID, { defaultCountryCodes: ["XX"] }), { expect: "error", code: "invalid_options" }],
    ["unknown option key", "report", (m) => m.validateImport(VALID, { defaultCountryCode: ["DE"] }), { expect: "error", code: "invalid_options" }],
    ["unknown import type in validateRow", "row", (m) => { const v = new m.Validator(); try { return v.validateRow("contacts", {}); } finally { v.free(); } },
      { expect: "error", code: "unknown_import_type" }],
    ["non-array to session.push", "rows", (m) => { const s = new m.ImportSession(VALID); try { return s.push({ email: "a@b.de" }); } finally { s.free(); } },
      { expect: "error", code: "payload_not_array" }],
    ["cyclic body to ImportSession", "summary", (m) => new m.ImportSession(cyclic()).finish(), { expect: "error", code: "invalid_json" }],
  ];
  if (big) {
    cases.push(
      ["50 MB string in a text field", "report",
        (m) => m.validateImport({ type: "contact_details", payload: [{ external_id: "x", full_name: "a".repeat(50e6) }] }),
        { expect: "result", check: (r) => assert(r.ok && r.rows[0].row.full_name.length === 50e6 && r.request.payload[0].full_name.length === 50e6, "50 MB kept") }, true],
      ["50 MB string in a phone field", "report",
        (m) => m.validateImportJson(`{"type":"contact_details","payload":[{"whatsapp":"+49${"0".repeat(50e6)}"}]}`),
        { expect: "result", check: (r) => assert(!r.ok && rowCodes(r).includes("no_valid_phone"), JSON.stringify(rowCodes(r))) }, true],
      ["50 MB CSV cell", "csv", (m) => m.parseCsv(`email,full_name\na@b.de,${"x".repeat(50e6)}\n`),
        { expect: "result", check: (r) => assert(r.rows.length === 1 && r.rows[0].full_name.length === 50e6, "cell kept") }, true],
      ["1,000,000-element payload through ImportSession (chunks of 10,000)", "summary",
        (m) => {
          const s = new m.ImportSession({ type: "contact_details" }, { defaultCountryCodes: ["DE"] });
          let bad = 0;
          for (let c = 0; c < 100; c++) {
            const chunk = new Array(10000);
            for (let i = 0; i < 10000; i++) {
              const n = c * 10000 + i;
              chunk[i] = n % 10 === 0 ? { email: `broken-${n}` } : { external_id: `c${n}`, whatsapp: `030 ${900000 + (n % 99999)}` };
            }
            const reports = s.push(chunk);
            if (reports.length !== 10000 || reports[0].index !== c * 10000) throw new Error(`chunk ${c}: ${reports.length} reports, first index ${reports[0].index}`);
            bad += reports.filter((r) => !r.ok).length;
          }
          const summary = s.finish();
          summary.counted_invalid = bad;
          s.free();
          return summary;
        },
        { expect: "result", check: (r) => assert(r.total === 1e6 && r.invalid === 1e5 && r.counted_invalid === 1e5 && r.valid === 9e5, JSON.stringify(r)) }, true],
      ["1,000,000-element payload through validateImportJson", "report",
        (m) => {
          const rows = '{"external_id":"x"},'.repeat(999999) + '{"email":"nope"}';
          return m.validateImportJson(`{"type":"contact_details","payload":[${rows}]}`);
        },
        { expect: "result", check: (r) => assert(r.total === 1e6 && r.valid === 999999 && r.rows[999999].index === 999999 && !r.rows[999999].ok && r.request.payload.length === 999999, `${r.total}/${r.valid}`) }, true],
    );
  }
  return cases;
}

// ------------------------------------------------------------------------------------------------
// Endurance: many malformed calls on the same instances, then valid calls.

export function endurance(m, calls = 5000) {
  const v = new m.Validator({ defaultCountryCodes: ["DE"] });
  const s = new m.ImportSession({ type: "contact_details" });
  const values = hostileValues().filter(([name]) => !/cyclic|throwing|Proxy/.test(name)).map(([, make]) => make());
  values.push(cyclic(), throwingGetter(), throwingProxy(), "{\"type\":", "[".repeat(300), "\uD800");
  const calls_ = [
    (x) => v.validateImport(x),
    (x) => v.validateImportJson(x),
    (x) => v.validateRow("contact_details", x),
    (x) => v.validateRow(x, x),
    (x) => v.resolvePhone(x, x),
    (x) => m.validateImport(x, x),
    (x) => m.validateImportJson(x),
    (x) => m.resolvePhone(x),
    (x) => m.parseCsv(x),
    (x) => s.pushJson(x),
    (x) => s.push(x),
  ];
  const kinds = { result: 0, error: 0, trap: 0, "bad-throw": 0 };
  const bad = [];
  for (let i = 0; i < calls; i++) {
    const x = values[i % values.length];
    const o = attempt(() => calls_[i % calls_.length](x));
    kinds[o.kind]++;
    if ((o.kind === "trap" || o.kind === "bad-throw") && bad.length < 5) bad.push(`call ${i % calls_.length} with value ${i % values.length}: ${o.message}`);
  }
  const after = {
    validator: v.validateImport({ type: "contact_details", payload: [{ whatsapp: "030 901820" }, { email: "nope" }] }),
    row: v.validateRow("contact_details", { sms: "0151 23456789" }),
    free: m.validateImport(VALID),
    phone: m.resolvePhone("030 901820", ["DE"]),
    session: s.push([{ email: "a@b.de" }]),
    summary: s.finish(),
  };
  v.free();
  s.free();
  return { kinds, bad, after };
}

export function checkEndurance(result, calls = 5000) {
  const { kinds, bad, after } = result;
  if (kinds.trap || kinds["bad-throw"]) return `${kinds.trap} traps and ${kinds["bad-throw"]} throws without code in ${calls} calls: ${bad.join(" | ")}`;
  const a = after;
  if (!(a.validator.total === 2 && a.validator.valid === 1 && a.validator.rows[0].row.whatsapp === "+4930901820")) return `validator after: ${JSON.stringify(a.validator)}`;
  if (!(a.row.ok && a.row.row.sms === "+4915123456789")) return `validateRow after: ${JSON.stringify(a.row)}`;
  if (!(a.free.ok && a.free.valid === 1)) return `validateImport after: ${JSON.stringify(a.free)}`;
  if (a.phone.e164 !== "+4930901820") return `resolvePhone after: ${JSON.stringify(a.phone)}`;
  if (!(a.session.length === 1 && a.session[0].ok && a.summary.valid >= 1)) return `session after: ${JSON.stringify(a.session)}`;
  return null;
}

export { UUID };
