// Field tables in the shape of src/schema/fields.json from an OpenAPI description, for the JS
// baseline of the live-schema benchmark ONLY (the library's own reading is src/schema/openapi.rs):
// the same format → kind rules and the same overlay of the embedded tables' flags, written the
// short way a JS team would (Swagger 2.0 `definitions` or OpenAPI 3 `components.schemas`,
// `$ref` followed one level, no limits).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const EMBEDDED = JSON.parse(readFileSync(join(HERE, "..", "src", "schema", "fields.json"), "utf8"));
const TYPES = { contact_details: "contact", deal_details: "deal", appointment_details: "appointment" };
const KINDS = {
  uuid: "uuid", date: "date", "timestamp with time zone": "timestamp", "timestamp without time zone": "timestamp",
  boolean: "boolean", integer: "integer", smallint: "integer", bigint: "big_integer", numeric: "number", real: "number",
  "double precision": "number", text: "text", "character varying": "text", character: "text", "text[]": "string_list",
  "character varying[]": "string_list", json: "json", jsonb: "json",
};
const SERVER_DEFAULT = /now\(\)|current_timestamp|gen_random_uuid|uuid_generate_v4|nextval\(/i;

export function tablesFromOpenApi(doc) {
  const defs = doc.definitions ?? doc.components?.schemas ?? {};
  const resolve = (v) => (v?.$ref ? defs[v.$ref.split("/").pop()] : v?.allOf?.length === 1 ? resolve(v.allOf[0]) : v);
  const serverNames = new Set(Object.values(EMBEDDED).flatMap((t) => Object.entries(t.fields ?? {}).filter(([, f]) => f.server).map(([k]) => k)));
  const tables = structuredClone(EMBEDDED);
  for (const [type, entity] of Object.entries(TYPES)) {
    const def = resolve(defs[type] ?? defs[entity]);
    if (!def) continue;
    const known = EMBEDDED[type].fields;
    const required = new Set(def.required ?? []);
    const fields = {};
    for (const [name, raw] of Object.entries(def.properties ?? {})) {
      const col = resolve(raw);
      const e = known[name];
      const base = (col.format ?? "").replace(/\(.*\)/, "");
      let kind = col.enum ? "enum" : KINDS[base] ?? "text";
      if (e && ["phone_list", "country_codes", "email"].includes(e.kind)) kind = e.kind;
      const server = e ? !!e.server : serverNames.has(name) || SERVER_DEFAULT.test(String(col.default ?? ""));
      const spec = { ...(e ?? {}), kind, server, nullable: !required.has(name) && e?.nullable !== false };
      if (kind === "enum") Object.assign(spec, { values: col.enum, complete: true });
      else delete spec.values, delete spec.complete;
      fields[name] = spec;
    }
    for (const [name, spec] of Object.entries(known)) {
      if (!fields[name] && (spec.kind === "country_codes" || spec.contact_reference)) fields[name] = spec;
    }
    tables[type] = { entity, fields };
  }
  return tables;
}
