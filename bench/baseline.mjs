// A plain-JS baseline for the benchmark ONLY (not shipped, not a second implementation to keep in
// sync): the same checks as mateo-import, written the way a JS team would, on libphonenumber-js/max.
//
// Same resolver semantics as the library: candidates in order × `country_codes` in order (no
// region when there are none, so only +… numbers can succeed), the first parse that `isValid()`
// wins, E.164 out. Field checks are driven by the same table (src/schema/fields.json): uuid, date,
// timestamp, email, enums, booleans (with the same coercions), integers, server-managed and unknown
// keys, identifier / contact-reference / required rules, end before start. Messages are shorter
// than the library's, but every finding is built as an { code, field, message } object, as there.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parsePhoneNumberFromString, isSupportedCountry } from "libphonenumber-js/max";

const HERE = dirname(fileURLToPath(import.meta.url));
const TABLES = JSON.parse(readFileSync(join(HERE, "..", "src", "schema", "fields.json"), "utf8"));
const TYPES = ["contact_details", "deal_details", "appointment_details"];

const issue = (code, field, message) => ({ code, field, message });
const typeOf = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "object" ? "object" : typeof v);
const isBlank = (s) => /^[\s\u200B-\u200F\u2060\uFEFF]*$/.test(s);

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const UUID_LOOSE = /^\{?[0-9a-fA-F]{32}\}?$|^\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const EMAIL_DOMAIN = /^[^.@\s][^@\s]*\.[^.@\s]+$/;

function daysIn(y, m) {
  return [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}
function validDate(y, m, d) {
  return y > 0 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

// Each check returns { value } (value undefined = drop the key) or { error } and may push warnings.
const CHECKS = {
  text(v, w) {
    if (typeof v === "string") return { value: v };
    if (typeof v === "number" || typeof v === "boolean") {
      w.push(issue("coerced", null, `${v} read as text`));
      return { value: String(v) };
    }
    return { error: issue("invalid_type", null, `expected a string, got ${typeOf(v)}`) };
  },
  uuid(v, w) {
    if (typeof v !== "string") return { error: issue("invalid_type", null, `expected a UUID string, got ${typeOf(v)}`) };
    const s = v.trim();
    if (s === "") return blank("UUID", w);
    if (UUID.test(s)) return { value: s.toLowerCase() };
    if (UUID_LOOSE.test(s)) {
      const h = s.replace(/[{}-]/g, "").toLowerCase();
      const out = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
      w.push(issue("coerced", null, `${JSON.stringify(v)} read as UUID ${out}`));
      return { value: out };
    }
    return { error: issue("invalid_uuid", null, `${JSON.stringify(v)} is not a UUID`) };
  },
  date(v, w) {
    if (typeof v !== "string") return { error: issue("invalid_type", null, `expected a date string, got ${typeOf(v)}`) };
    const s = v.trim();
    if (s === "") return blank("date", w);
    const m = DATE.exec(s);
    if (!m || !validDate(+m[1], +m[2], +m[3])) return { error: issue("invalid_date", null, `${JSON.stringify(v)}: expected YYYY-MM-DD`) };
    return { value: s };
  },
  timestamp(v, w) {
    if (typeof v !== "string") return { error: issue("invalid_type", null, `expected a timestamp string, got ${typeOf(v)}`) };
    const s = v.trim();
    if (s === "") return blank("timestamp", w);
    const m = TIMESTAMP.exec(s);
    if (!m || !validDate(+m[1], +m[2], +m[3]) || +m[4] > 23 || +m[5] > 59 || (m[6] !== undefined && +m[6] > 60)) {
      return { error: issue("invalid_timestamp", null, `${JSON.stringify(v)} is not an RFC 3339 timestamp`) };
    }
    let offset = m[8];
    if (offset === undefined) {
      w.push(issue("timestamp_without_offset", null, `${JSON.stringify(v)} has no offset; read as UTC`));
      offset = "Z";
    } else if (offset === "z") offset = "Z";
    else if (offset !== "Z" && offset.length === 3) offset += ":00";
    else if (offset !== "Z" && offset.length === 5) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
    const out = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? "00"}${m[7] ?? ""}${offset}`;
    return { value: out, instant: Date.parse(out) };
  },
  boolean(v, w) {
    if (typeof v === "boolean") return { value: v };
    let b;
    if (typeof v === "string") {
      const t = v.trim();
      if (t === "") return blank("boolean", w);
      const l = t.toLowerCase();
      if (["true", "t", "yes", "y", "1"].includes(l)) b = true;
      else if (["false", "f", "no", "n", "0"].includes(l)) b = false;
    } else if (v === 1) b = true;
    else if (v === 0) b = false;
    if (b === undefined) return { error: issue("invalid_type", null, `expected a boolean, got ${typeOf(v)}`) };
    w.push(issue("coerced", null, `${JSON.stringify(v)} read as ${b}`));
    return { value: b };
  },
  integer(v, w) {
    let n = v;
    if (typeof v === "string") {
      if (v.trim() === "") return blank("integer", w);
      if (!/^[+-]?\d{1,30}$/.test(v.trim())) return { error: issue("invalid_type", null, "expected a whole number") };
      n = Number(v.trim());
      w.push(issue("coerced", null, `${JSON.stringify(v)} read as ${n}`));
    }
    if (typeof n !== "number" || !Number.isInteger(n)) return { error: issue("invalid_type", null, "expected a whole number") };
    if (n < -2147483648 || n > 2147483647) return { error: issue("out_of_range", null, `${v} is not a 32-bit integer`) };
    return { value: n };
  },
  number(v, w) {
    if (typeof v === "number") return { value: v };
    if (typeof v === "string" && v.trim() !== "" && /^[\d+\-.eE]+$/.test(v.trim()) && Number.isFinite(Number(v.trim()))) {
      w.push(issue("coerced", null, `${JSON.stringify(v)} read as a number`));
      return { value: Number(v.trim()) };
    }
    if (typeof v === "string" && v.trim() === "") return blank("number", w);
    return { error: issue("invalid_type", null, "expected a number") };
  },
  email(v, w) {
    if (typeof v !== "string") return { error: issue("invalid_type", null, `expected an email string, got ${typeOf(v)}`) };
    const s = v.trim();
    if (s === "") return blank("email", w);
    const bad = (reason) => ({ error: issue("invalid_email", null, `${JSON.stringify(v)} is not an email address: ${reason}`) });
    if (/[\s\p{Cc}]/u.test(s)) return bad("it contains a space");
    const parts = s.split("@");
    if (parts.length !== 2) return bad(parts.length > 2 ? "it has more than one @" : "it has no @");
    const [local, domain] = parts;
    if (local === "") return bad("nothing before the @");
    if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return bad("misplaced dot before the @");
    if (domain === "") return bad("nothing after the @");
    if (!EMAIL_DOMAIN.test(domain) || domain.includes("..")) return bad("the domain has no dot");
    return { value: s };
  },
  string_list(v) {
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return { value: v };
    if (typeof v === "string") return { value: [v] };
    return { error: issue("invalid_type", null, "expected a list of strings") };
  },
  big_integer(v, w) {
    return CHECKS.integer(v, w);
  },
  json(v) {
    return { value: v };
  },
};

function blank(kind, w) {
  w.push(issue("blank_removed", null, `blank ${kind} removed`));
  return { value: undefined };
}

function enumeration(v, spec, w) {
  if (typeof v !== "string") return { error: issue("invalid_type", null, "expected one of the allowed values") };
  const t = v.trim();
  if (spec.values.includes(t)) return { value: t };
  if (spec.complete === false) {
    w.push(issue("unknown_enum_value", null, `${JSON.stringify(v)} is not a documented value`));
    return { value: t };
  }
  return { error: issue("invalid_enum", null, `${JSON.stringify(v)} is not one of ${spec.values.join(", ")}`) };
}

// ---- phone lists ----------------------------------------------------------------------------

export function checkCountryCodes(codes) {
  const known = [];
  const unknown = [];
  for (const raw of codes) {
    const code = raw.trim().toUpperCase();
    if (/^[A-Z]{2}$/.test(code) && isSupportedCountry(code)) {
      if (!known.includes(code)) known.push(code);
    } else unknown.push(raw);
  }
  return { known, unknown };
}

/** First valid candidate × region, as E.164 (same order as the library). */
export function resolvePhone(candidates, regions) {
  const outcomes = [];
  let winner = null;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (winner) {
      outcomes.push({ input: String(c), ok: false, reason: "not tried: an earlier entry is valid" });
      continue;
    }
    if (typeof c !== "string") {
      outcomes.push({ input: `<${typeOf(c)}>`, ok: false, reason: `not a string (${typeOf(c)})` });
      continue;
    }
    if (isBlank(c)) {
      outcomes.push({ input: c, ok: false, reason: "blank" });
      continue;
    }
    let found = null;
    if (regions.length === 0) {
      const p = parsePhoneNumberFromString(c);
      if (p && p.isValid()) found = p;
    } else {
      for (const region of regions) {
        const p = parsePhoneNumberFromString(c, region);
        if (p && p.isValid()) {
          found = p;
          break;
        }
      }
    }
    if (found) {
      outcomes.push({ input: c, ok: true, reason: null });
      winner = { index: i, e164: found.number, region: found.country ?? "001", type: found.getType() ?? "unknown" };
    } else {
      outcomes.push({ input: c, ok: false, reason: `not a valid number (tried ${regions.join(", ") || "no region"})` });
    }
  }
  return winner
    ? { ok: true, e164: winner.e164, index: winner.index, region: winner.region, type: winner.type, candidates: outcomes }
    : { ok: false, e164: null, index: null, region: null, type: null, candidates: outcomes };
}

function phoneList(v, regions, w) {
  let list;
  if (typeof v === "string") list = [v];
  else if (typeof v === "number") {
    w.push(issue("coerced", null, `${v} read as text`));
    list = [String(v)];
  } else if (Array.isArray(v)) list = v.map((x) => (typeof x === "number" ? String(x) : x));
  else return { error: issue("invalid_type", null, `expected a phone number or a list of them, got ${typeOf(v)}`) };
  const r = resolvePhone(list, regions);
  if (r.ok) return { value: r.e164 };
  if (r.candidates.every((c) => c.reason === "blank")) return blank("phone number", w);
  const reasons = r.candidates.filter((c) => c.reason !== "blank").map((c) => `${JSON.stringify(c.input)}: ${c.reason}`);
  return { error: issue("no_valid_phone", null, `no valid phone number: ${reasons.join("; ")}`) };
}

// ---- rows -----------------------------------------------------------------------------------

function present(v) {
  if (v === undefined || v === null) return false;
  if (typeof v === "string") return !isBlank(v);
  if (Array.isArray(v)) return v.some(present);
  return true;
}

const RULES = new WeakMap();

function checkRow(type, table, index, row, options) {
  if (typeOf(row) !== "object") {
    return { index, ok: false, row: null, errors: [issue("row_not_object", null, `row is ${typeOf(row)}`)], warnings: [] };
  }
  const errors = [];
  const warnings = [];
  const fields = table.fields;

  // Regions for this row's phone lists.
  let regions = options.defaultCountryCodes;
  const rawCodes = row.country_codes;
  if (fields.country_codes && rawCodes !== undefined && rawCodes !== null) {
    let codes = [];
    if (typeof rawCodes === "string") codes = rawCodes.split(/[,;| ]/).filter((c) => c.trim() !== "");
    else if (Array.isArray(rawCodes)) {
      for (const c of rawCodes) {
        if (typeof c === "string") {
          if (c.trim() !== "") codes.push(c);
        } else errors.push(issue("invalid_type", "country_codes", "expected a list of country codes"));
      }
    } else errors.push(issue("invalid_type", "country_codes", "expected a list of country codes"));
    const { known, unknown } = checkCountryCodes(codes);
    for (const u of unknown) errors.push(issue("invalid_country_code", "country_codes", `${JSON.stringify(u)} is not a country code`));
    if (known.length > 0) regions = known;
  }

  const out = {};
  const times = {};
  for (const key of Object.keys(row)) {
    const v = row[key];
    const spec = fields[key];
    if (!spec) {
      const policy = table.open ? "warn" : options.unknownFields;
      if (policy === "error") errors.push(issue("unknown_field", key, `unknown field ${key}`));
      else {
        warnings.push(issue("unknown_field", key, `unknown field ${key} of ${type}${policy === "warn" ? "; kept as is" : "; removed"}`));
        if (policy === "warn") out[key] = v;
      }
      continue;
    }
    if (spec.server) {
      warnings.push(issue("read_only_field", key, `${key} is set by the server; removed`));
      continue;
    }
    if (v === null) {
      if (spec.nullable === false) errors.push(issue("not_nullable", key, `${key} may not be null`));
      if (spec.kind !== "country_codes") out[key] = null;
      continue;
    }
    if (spec.kind === "country_codes") continue;
    const w = [];
    let r;
    if (spec.kind === "phone_list") r = phoneList(v, regions, w);
    else if (spec.kind === "enum") r = enumeration(v, spec, w);
    else r = CHECKS[spec.kind](v, w);
    for (const x of w) warnings.push({ ...x, field: key });
    if (r.error) errors.push({ ...r.error, field: key });
    else if (r.value !== undefined) {
      out[key] = r.value;
      if (r.instant !== undefined) times[key] = r.instant;
    }
  }

  // The fields each rule looks at, listed once per table (not walked for every row).
  const rules = (RULES.get(table) ?? RULES.set(table, {
    required: Object.keys(fields).filter((k) => fields[k].required),
    identifiers: Object.keys(fields).filter((k) => fields[k].identifier),
    references: Object.keys(fields).filter((k) => fields[k].contact_reference),
  }).get(table));
  for (const key of rules.required) {
    if (row[key] !== null && !present(row[key])) errors.push(issue("required", key, `${key} is required`));
  }
  if (type === "contact_details") {
    if (!rules.identifiers.some((k) => present(row[k]))) {
      errors.push(issue("missing_identifier", null, "a contact needs an identifier"));
    }
  } else {
    const given = rules.references.filter((k) => present(row[k])).length;
    if (given === 0) errors.push(issue("missing_contact_reference", null, "no contact reference"));
    else if (given > 1) warnings.push(issue("ambiguous_contact_reference", null, "several contact references"));
    if (type === "appointment_details" && times.start_time !== undefined && times.end_time !== undefined && times.end_time < times.start_time) {
      errors.push(issue("end_before_start", "end_time", "the appointment ends before it starts"));
    }
  }
  const ok = errors.length === 0;
  return { index, ok, row: ok ? out : row, errors, warnings };
}

/** Checks a POST /import body; a report of the same shape as the library's. `options.tables`:
 * other tables than src/schema/fields.json (bench/openapi-tables.mjs makes them from an OpenAPI
 * description, for the live-schema comparison). */
export function validateImport(request, options = {}) {
  const opts = { defaultCountryCodes: options.defaultCountryCodes ?? [], unknownFields: options.unknownFields ?? "warn" };
  if (typeOf(request) !== "object") {
    const errors = [issue("request_not_object", null, `the request is ${typeOf(request)}`)];
    return { ok: false, errors, warnings: [], total: 0, valid: 0, invalid: 0, rows: [], request: null };
  }
  const errors = [];
  const warnings = [];
  const type = TYPES.includes(request.type) ? request.type : null;
  if (!type) errors.push(issue("unknown_import_type", "type", `unknown import type ${JSON.stringify(request.type)}`));
  const head = {};
  const reqFields = TABLES.import_request.fields;
  for (const [key, v] of Object.entries(request)) {
    const spec = reqFields[key];
    if (!spec) {
      warnings.push(issue("unknown_field", key, `unknown field ${key}`));
      head[key] = v;
    } else if (key === "type") head.type = type;
    else if (key !== "payload") {
      const w = [];
      const r = v === null ? { value: null } : (CHECKS[spec.kind] ?? CHECKS.text)(v, w);
      for (const x of w) warnings.push({ ...x, field: key });
      if (r.error) errors.push({ ...r.error, field: key });
      else if (r.value !== undefined) head[key] = r.value;
      if (type && spec.applies_to && !spec.applies_to.includes(type)) {
        warnings.push(issue("flag_not_applicable", key, `${key} applies to ${spec.applies_to.join(", ")}`));
      }
    }
  }
  const payload = request.payload;
  if (!Array.isArray(payload)) errors.push(issue("payload_not_array", "payload", "payload must be an array"));
  else if (payload.length === 0) errors.push(issue("empty_payload", "payload", "payload is empty"));
  const rows = Array.isArray(payload)
    ? payload.map((row, i) => (type ? checkRow(type, (options.tables ?? TABLES)[type], i, row, opts) : { index: i, ok: true, row, errors: [], warnings: [] }))
    : [];
  const valid = rows.filter((r) => r.ok).length;
  const usable = errors.length === 0;
  return {
    ok: usable && valid === rows.length,
    errors,
    warnings,
    total: rows.length,
    valid,
    invalid: rows.length - valid,
    rows,
    request: usable ? { ...head, payload: rows.filter((r) => r.ok).map((r) => r.row) } : null,
  };
}
