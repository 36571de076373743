#!/usr/bin/env bash
# Builds the npm package in pkg/ (generated, git-ignored) from ONE cargo build of the wasm:
#
#   pkg/package.json              conditional exports (node: require/import, browser/default: web)
#   pkg/node/mateo_import.js      CommonJS (wasm-bindgen --target nodejs), loads the wasm synchronously
#   pkg/node/index.mjs            ESM wrapper re-exporting the CommonJS build (named exports)
#   pkg/web/mateo_import.js       ES module (wasm-bindgen --target web); call `await init()` first
#   pkg/web/mateo_import_bg.wasm  the wasm, used by both builds
#   pkg/cli/                      the command line (cli/ copied as it is; "bin": mateo-import)
#
# The .wasm from cargo goes through wasm-bindgen twice (once per target). Both targets get the same
# .wasm (only the JS glue differs), so it is optimised once with wasm-opt from npm's binaryen (never
# Debian's binaryen 108: it breaks the externref table) and shipped once, as pkg/web/*_bg.wasm; the
# Node glue is pointed at ../web/. The package is assembled in pkg-build.*/ and then moved to pkg/,
# so a failed build never leaves a half-written pkg/. When the cargo output, the flags and this
# script are unchanged since the last build, pkg/ is left as it is. Run scripts/setup.sh first.
#
# Environment:
#   WASM_OPT_FLAGS   optimisation flags for wasm-opt (default: -Oz); "none" skips wasm-opt
#   WASM_PROFILE     cargo profile (default: wasm-release if Cargo.toml defines it, else release)
#   FORCE=1          rebuild pkg/ even when it is up to date
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '[build] %s\n' "$*" >&2; }
die() { printf '[build] ERROR: %s\n' "$*" >&2; exit 1; }

if [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
# npm's wasm-opt first, so nothing (wasm-pack included) picks up a system binaryen.
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

command -v wasm-bindgen >/dev/null || die "wasm-bindgen not found: run scripts/setup.sh"
[ -x node_modules/.bin/wasm-opt ] || die "node_modules/.bin/wasm-opt not found: run scripts/setup.sh"

WASM_OPT_FLAGS="${WASM_OPT_FLAGS:--Oz}"
CRATE="mateo_import"
METADATA="$(cargo metadata --format-version 1 --no-deps)"
TARGET_DIR="$(node -e 'console.log(JSON.parse(process.argv[1]).target_directory)' "$METADATA")"
PKG_META="$(node -e '
  const p = JSON.parse(process.argv[1]).packages.find((p) => p.name === "mateo-import");
  console.log(JSON.stringify({ version: p.version, description: p.description, license: p.license }));
' "$METADATA")"

# A size-tuned profile for the wasm when Cargo.toml defines one (native builds keep `release`).
PROFILE="${WASM_PROFILE:-}"
if [ -z "$PROFILE" ]; then
  if grep -q '^\[profile\.wasm-release\]' Cargo.toml; then PROFILE=wasm-release; else PROFILE=release; fi
fi
log "cargo build --profile $PROFILE --target wasm32-unknown-unknown --lib"
cargo build --profile "$PROFILE" --target wasm32-unknown-unknown --lib
RAW_WASM="$TARGET_DIR/wasm32-unknown-unknown/$PROFILE/$CRATE.wasm"
[ -f "$RAW_WASM" ] || die "missing $RAW_WASM"

# The spreadsheet module (sheets/: calamine), a second wasm that pages load only when a workbook
# is dropped. Its own crate and target dir; its release profile is size-tuned (opt-level z, LTO).
SHEETS_CRATE="mateo_import_sheets"
log "cargo build --release --target wasm32-unknown-unknown (sheets/)"
cargo build --release --target wasm32-unknown-unknown --lib --manifest-path sheets/Cargo.toml
SHEETS_WASM="$ROOT/sheets/target/wasm32-unknown-unknown/release/$SHEETS_CRATE.wasm"
[ -f "$SHEETS_WASM" ] || die "missing $SHEETS_WASM"

size_line() {
  printf '  %-34s raw %8d bytes   gzip -9 %8d bytes\n' "$2" "$(stat -c %s "$1")" "$(gzip -9 -c "$1" | wc -c)"
}
report_sizes() {
  size_line "$RAW_WASM" "cargo output ($PROFILE)"
  size_line "pkg/web/${CRATE}_bg.wasm" "pkg/web/${CRATE}_bg.wasm"
  size_line "pkg/sheets/web/${SHEETS_CRATE}_bg.wasm" "pkg/sheets/web/${SHEETS_CRATE}_bg.wasm"
  if [ -f "pkg/node/${CRATE}_bg.wasm" ]; then
    size_line "pkg/node/${CRATE}_bg.wasm" "pkg/node/${CRATE}_bg.wasm"
  else
    echo "  (pkg/node/ loads the same file, ../web/${CRATE}_bg.wasm)"
  fi
}

# The command line (cli/, plain ES modules) is copied into pkg/cli/. It has a stamp of its own:
# a change there only copies it again (and rewrites nothing else).
CLI_FILES=(cli/*.mjs)
cli_stamp() { cat "${CLI_FILES[@]}" | sha256sum | cut -d' ' -f1; }
copy_cli() {
  rm -rf "$1/cli"
  mkdir -p "$1/cli"
  cp "${CLI_FILES[@]}" "$1/cli/"
  chmod +x "$1/cli/mateo-import.mjs"
  cli_stamp >"$1/cli/.stamp"
}

STAMP="$(cat "$RAW_WASM" "$SHEETS_WASM" "$ROOT/scripts/build.sh" | sha256sum | cut -d' ' -f1) $(wasm-bindgen --version) wasm-opt=$WASM_OPT_FLAGS"
if [ "${FORCE:-0}" != 1 ] && [ -f pkg/.build-stamp ] && [ "$(cat pkg/.build-stamp)" = "$STAMP" ] &&
  [ -f pkg/package.json ] && [ -f "pkg/web/${CRATE}_bg.wasm" ] && [ -f "pkg/sheets/web/${SHEETS_CRATE}_bg.wasm" ]; then
  if [ ! -f pkg/cli/.stamp ] || [ "$(cat pkg/cli/.stamp)" != "$(cli_stamp)" ]; then
    log "cli/ changed: copying it to pkg/cli/"
    copy_cli pkg
  fi
  log "pkg/ is up to date (FORCE=1 to rebuild)"
  report_sizes
  exit 0
fi

OUT="$ROOT/pkg-build.$$"
trap 'rm -rf "$OUT"' EXIT
rm -rf "$OUT"
mkdir -p "$OUT/web" "$OUT/node"

log "wasm-bindgen --target web -> pkg/web/"
wasm-bindgen --target web --out-dir "$OUT/web" "$RAW_WASM"
log "wasm-bindgen --target nodejs -> pkg/node/"
wasm-bindgen --target nodejs --out-dir "$OUT/node" "$RAW_WASM"

# The Node glue `require`s the crate's JS snippets (src/js/), which are ES modules; under
# node/'s `"type": "commonjs"` they are rewritten as CommonJS (each is plain `export function`s,
# which this checks), so Node before 20.19 (no `require` of an ES module) loads them too.
# commonjs_snippets DIR: every snippet under DIR/snippets.
commonjs_snippets() {
  [ -d "$1/snippets" ] || return 0
  node - "$1/snippets" <<'EOF_CJS'
const fs = require("fs");
const path = require("path");
const walk = (d) => fs.readdirSync(d, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
for (const file of walk(process.argv[2]).filter((f) => f.endsWith(".js"))) {
  const src = fs.readFileSync(file, "utf8");
  const names = [];
  const out = src.replace(/^export function (\w+)/gm, (_, name) => (names.push(name), `function ${name}`));
  if (names.length === 0 || /^\s*(export|import)\b/m.test(out)) {
    console.error(`${file}: not a module of plain \`export function\`s; cannot make it CommonJS`);
    process.exit(1);
  }
  fs.writeFileSync(file, `"use strict";\n${out}\n${names.map((n) => `module.exports.${n} = ${n};`).join("\n")}\n`);
}
EOF_CJS
}
commonjs_snippets "$OUT/node"

# Trailing parameters that take null are optional in the declarations: wasm-bindgen writes
# `options: Options | null` for an `Option<JsValue>` with an explicit type, which makes
# `validateImport(body)` a TS2554 error under `tsc --strict` (tests/types/ checks the result).
node - "$OUT/web/$CRATE.d.ts" "$OUT/node/$CRATE.d.ts" <<'EOF_TS'
const fs = require("fs");
function optionalTail(params) {
  const parts = [];
  let depth = 0, start = 0;
  for (let i = 0; i < params.length; i++) {
    const c = params[i];
    if ("({[<".includes(c)) depth++;
    else if (")}]>".includes(c) && params[i - 1] !== "=") depth--;
    else if (c === "," && depth === 0) { parts.push(params.slice(start, i)); start = i + 1; }
  }
  parts.push(params.slice(start));
  for (let i = parts.length - 1; i >= 0; i--) {
    const m = /^(\s*)(\w+): ([\s\S]*) \| null(\s*)$/.exec(parts[i]);
    if (!m) break;
    parts[i] = `${m[1]}${m[2]}?: ${m[3]} | null${m[4]}`;
  }
  return parts.join(",");
}
for (const file of process.argv.slice(2)) {
  const src = fs.readFileSync(file, "utf8");
  const out = src.split("\n").map((line) => {
    const m = /^(\s*(?:export function \w+|constructor|(?:static )?\w+))\((.*)\)(: [^;]+)?;$/.exec(line);
    return m && m[2].includes("| null") ? `${m[1]}(${optionalTail(m[2])})${m[3] ?? ""};` : line;
  });
  // failedRows gives bytes only for `format: 'xlsx'`: two overloads, so a CSV caller gets `string`.
  const text = out.join("\n");
  const fr = /^export function failedRows\((report: [^,]+), options\?: \{ format\?: 'csv' \| 'json' \| 'xlsx'(.*) \} \| null\): string \| Uint8Array;$/m;
  const m = fr.exec(text);
  if (!m) { console.error(`[build] ERROR: failedRows changed shape in ${file}; update the overloads`); process.exit(1); }
  fs.writeFileSync(file, text.replace(m[0], [
    `export function failedRows(${m[1]}, options: { format: 'xlsx'${m[2]} }): Uint8Array;`,
    `export function failedRows(${m[1]}, options?: { format?: 'csv' | 'json'${m[2]} } | null): string;`,
  ].join("\n")));
}
EOF_TS

# The browser build before `await init()`: wasm-bindgen's glue leaves `wasm` undefined, so a call
# fails with "Cannot read properties of undefined". A stand-in says what to do instead, with the
# code `not_initialized` (tests/js/init.test.mjs).
node - "$OUT/web/$CRATE.js" <<'EOF_INIT'
const fs = require("fs");
const file = process.argv[2];
let src = fs.readFileSync(file, "utf8");
const decl = "let wasmModule, wasmInstance, wasm;";
const guard = "if (wasm !== undefined) return wasm;";
if (src.split(decl).length !== 2 || src.split(guard).length !== 3) {
  console.error("[build] ERROR: the web glue changed shape; update the not-initialized stand-in");
  process.exit(1);
}
src = src.replace(decl, [
  "const NOT_READY = new Proxy({}, { get() {",
  "    const e = new Error(\"mateo-import: call `await init()` (the default export) before anything else: the .wasm is not loaded yet\");",
  "    e.code = \"not_initialized\";",
  "    throw e;",
  "} });",
  "let wasmModule, wasmInstance, wasm = NOT_READY;",
].join("\n"));
src = src.split(guard).join("if (wasm !== NOT_READY) return wasm;");
fs.writeFileSync(file, src);
EOF_INIT

# Features wasm-bindgen's output may use (rustc's wasm32 defaults; externref via reference-types).
WASM_FEATURES=(
  --enable-reference-types --enable-multivalue --enable-mutable-globals --enable-sign-ext
  --enable-bulk-memory --enable-nontrapping-float-to-int
)
optimize() {
  [ "$WASM_OPT_FLAGS" != "none" ] || return 0
  log "wasm-opt $WASM_OPT_FLAGS ${1#"$OUT/"} (takes a minute or two)"
  # shellcheck disable=SC2086
  wasm-opt $WASM_OPT_FLAGS "${WASM_FEATURES[@]}" "$1" -o "$1.opt"
  mv "$1.opt" "$1"
}

# Both targets get the same .wasm from wasm-bindgen (only the JS glue differs). Ship it once, in
# web/, and point the Node glue at it; fall back to two copies if either assumption breaks.
# ship_once DIR CRATE: DIR/web and DIR/node hold one crate's two builds.
ship_once() {
  local dir="$1" crate="$2"
  local web_wasm="$dir/web/${crate}_bg.wasm" node_wasm="$dir/node/${crate}_bg.wasm"
  if cmp -s "$web_wasm" "$node_wasm" &&
    node -e '
      const fs = require("fs");
      const [glue, crate] = process.argv.slice(1);
      const line = "const wasmPath = `${__dirname}/" + crate + "_bg.wasm`;";
      const src = fs.readFileSync(glue, "utf8");
      if (src.split(line).length !== 2) process.exit(1);
      fs.writeFileSync(glue, src.replace(line,
        "const wasmPath = require(\"path\").join(__dirname, \"..\", \"web\", \"" + crate + "_bg.wasm\");"));
    ' "$dir/node/$crate.js" "$crate"; then
    rm "$node_wasm"
    optimize "$web_wasm"
  else
    log "web and node wasm of $crate differ (or the node glue changed shape): optimising and shipping both"
    optimize "$web_wasm"
    optimize "$node_wasm"
  fi
}
ship_once "$OUT" "$CRATE"

mkdir -p "$OUT/sheets/web" "$OUT/sheets/node"
log "wasm-bindgen --target web, nodejs -> pkg/sheets/"
wasm-bindgen --target web --out-dir "$OUT/sheets/web" "$SHEETS_WASM"
wasm-bindgen --target nodejs --out-dir "$OUT/sheets/node" "$SHEETS_WASM"
commonjs_snippets "$OUT/sheets/node"
ship_once "$OUT/sheets" "$SHEETS_CRATE"

# `Code`: the union of every code the library emits, from the build's own `codes()` (the list
# the code table test keeps equal to what the inputs produce), so `Issue.code` is checked by tsc.
node - "$OUT" "$CRATE" <<'EOF_CODES'
const fs = require("fs");
const path = require("path");
const [out, crate] = process.argv.slice(2);
const codes = require(path.join(out, "node", `${crate}.js`)).codes();
const union = `/** Every code the library emits (see the README's code table). */\nexport type Code = ${codes.map((c) => JSON.stringify(c)).join(" | ")};\n`;
for (const dir of ["web", "node"]) {
  const file = path.join(out, dir, `${crate}.d.ts`);
  const src = fs.readFileSync(file, "utf8");
  const at = src.indexOf("export interface Issue {");
  if (at < 0) { console.error(`[build] ERROR: no Issue interface in ${file}`); process.exit(1); }
  fs.writeFileSync(file, src.slice(0, at) + union + src.slice(at));
}
EOF_CODES

# The rows as sent, per import type, from the embedded field tables (src/schema/fields.json):
# `ContactRow`, `DealRow`, `AppointmentRow`, `RowOf<T>`. Fields the server manages and
# `country_codes` (read, never sent) are left out; custom fields and marketing channels stay open.
node - "$OUT" "$CRATE" "$ROOT/src/schema/fields.json" <<'EOF_ROWS'
const fs = require("fs");
const path = require("path");
const [out, crate, tables] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(tables, "utf8"));
const kinds = {
  text: "string", uuid: "string", date: "string", timestamp: "string", email: "string",
  phone_list: "string", boolean: "boolean", integer: "number", number: "number",
  string_list: "string[]",
};
const names = { contact_details: "ContactRow", deal_details: "DealRow", appointment_details: "AppointmentRow" };
let text = "";
for (const [type, name] of Object.entries(names)) {
  const lines = [];
  for (const [field, spec] of Object.entries(schema[type].fields)) {
    if (spec.server || spec.kind === "country_codes") continue;
    let ts = kinds[spec.kind];
    if (spec.kind === "enum") ts = spec.complete === false ? "string" : spec.values.map((v) => JSON.stringify(v)).join(" | ");
    if (!ts) { console.error(`[build] ERROR: no TypeScript type for the kind ${spec.kind} (${type}.${field})`); process.exit(1); }
    lines.push(`  ${field}?: ${ts}${spec.nullable === false ? "" : " | null"};`);
  }
  text += `/** A ${type} row as the library sends it (normalised: E.164 numbers, ISO dates, booleans); custom fields and marketing channels beside. */\nexport interface ${name} {\n${lines.join("\n")}\n  [customField: string]: unknown;\n}\n`;
}
text += `/** The row type of an import type. */\nexport type RowOf<T extends ImportType> = T extends "contact_details" ? ContactRow : T extends "deal_details" ? DealRow : AppointmentRow;\n`;
for (const dir of ["web", "node"]) {
  const file = path.join(out, dir, `${crate}.d.ts`);
  const src = fs.readFileSync(file, "utf8");
  const at = src.indexOf("/** A row report;");
  if (at < 0) { console.error(`[build] ERROR: no RowReport in ${file}`); process.exit(1); }
  fs.writeFileSync(file, src.slice(0, at) + text + src.slice(at));
}
EOF_ROWS

# ESM wrapper for Node (named re-exports of the CommonJS build, names taken from the build itself),
# package.json files.
node - "$OUT" "$CRATE" "$PKG_META" "$SHEETS_CRATE" <<'EOF'
const fs = require("fs");
const path = require("path");
const [out, crate, metaJson, sheetsCrate] = process.argv.slice(2);
const meta = JSON.parse(metaJson);
const write = (file, text) => fs.writeFileSync(path.join(out, file), text);

// ESM entries for Node: named re-exports of a CommonJS build (names taken from the build itself).
function esmEntry(dir, crate) {
  const names = Object.keys(require(path.join(out, dir, "node", `${crate}.js`)))
    .filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== "default")
    .sort();
  write(
    path.join(dir, "node/index.mjs"),
    [
      "// Generated by scripts/build.sh: ES module entry for Node, re-exporting the CommonJS build.",
      `import cjs from "./${crate}.js";`,
      "",
      ...names.map((n) => `export const ${n} = cjs.${n};`),
      "export default cjs;",
      "",
    ].join("\n"),
  );
  write(
    path.join(dir, "node/index.d.mts"),
    [
      "// Generated by scripts/build.sh.",
      `export * from "./${crate}.js";`,
      `import * as cjs from "./${crate}.js";`,
      "export default cjs;",
      "",
    ].join("\n"),
  );
}
esmEntry("", crate);
esmEntry("sheets", sheetsCrate);

const node = {
  import: { types: "./node/index.d.mts", default: "./node/index.mjs" },
  require: { types: `./node/${crate}.d.ts`, default: `./node/${crate}.js` },
};
const web = { types: `./web/${crate}.d.ts`, default: `./web/${crate}.js` };
const sheetsNode = {
  import: { types: "./sheets/node/index.d.mts", default: "./sheets/node/index.mjs" },
  require: { types: `./sheets/node/${sheetsCrate}.d.ts`, default: `./sheets/node/${sheetsCrate}.js` },
};
const sheetsWeb = { types: `./sheets/web/${sheetsCrate}.d.ts`, default: `./sheets/web/${sheetsCrate}.js` };
const pkg = {
  name: "mateo-import",
  version: meta.version,
  description: meta.description,
  license: meta.license,
  // Directory require('./pkg') and old resolvers use "main"; bundlers may use "module".
  main: `./node/${crate}.js`,
  module: `./web/${crate}.js`,
  types: `./node/${crate}.d.ts`,
  exports: {
    ".": { node, browser: web, default: web },
    "./node": node,
    "./web": web,
    "./web/*": "./web/*",
    "./node/*": "./node/*",
    // The spreadsheet module: load it only when a workbook is dropped, then enableSpreadsheets(it).
    "./sheets": { node: sheetsNode, browser: sheetsWeb, default: sheetsWeb },
    "./sheets/*": "./sheets/*",
    "./package.json": "./package.json",
  },
  // The command line: npx mateo-import check|map|split|send (cli/mateo-import.mjs).
  bin: { "mateo-import": "cli/mateo-import.mjs" },
  files: ["node/", "web/", "sheets/", "cli/", "README.md", "LICENSE"],
  sideEffects: [`./web/${crate}.js`, `./node/${crate}.js`, "./node/index.mjs", "./sheets/web/*.js", "./sheets/node/*"],
  engines: { node: ">=20" },
};
write("package.json", JSON.stringify(pkg, null, 2) + "\n");
// Module kind of the .js files for Node (web/ is ESM, node/ is CommonJS).
write("web/package.json", JSON.stringify({ type: "module" }) + "\n");
write("node/package.json", JSON.stringify({ type: "commonjs" }) + "\n");
write("sheets/web/package.json", JSON.stringify({ type: "module" }) + "\n");
write("sheets/node/package.json", JSON.stringify({ type: "commonjs" }) + "\n");
EOF
rm -f "$OUT/web/.gitignore" "$OUT/node/.gitignore" "$OUT/sheets/web/.gitignore" "$OUT/sheets/node/.gitignore"
# The packed tarball carries the README and the license (npm includes them from `files`).
cp README.md LICENSE "$OUT/"
copy_cli "$OUT"
printf '%s\n' "$STAMP" >"$OUT/.build-stamp"

rm -rf pkg
mv "$OUT" pkg
trap - EXIT

log "done: pkg/ (cargo profile: $PROFILE, wasm-opt: $WASM_OPT_FLAGS)"
report_sizes
