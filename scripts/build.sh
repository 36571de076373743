#!/usr/bin/env bash
# Builds the npm package in pkg/ (generated, git-ignored) from ONE cargo build of the wasm:
#
#   pkg/package.json              conditional exports (node: require/import, browser/default: web)
#   pkg/node/mateo_import.js      CommonJS (wasm-bindgen --target nodejs), loads the wasm synchronously
#   pkg/node/index.mjs            ESM wrapper re-exporting the CommonJS build (named exports)
#   pkg/web/mateo_import.js       ES module (wasm-bindgen --target web); call `await init()` first
#   pkg/web/mateo_import_bg.wasm  the wasm, used by both builds
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

size_line() {
  printf '  %-34s raw %8d bytes   gzip -9 %8d bytes\n' "$2" "$(stat -c %s "$1")" "$(gzip -9 -c "$1" | wc -c)"
}
report_sizes() {
  size_line "$RAW_WASM" "cargo output ($PROFILE)"
  size_line "pkg/web/${CRATE}_bg.wasm" "pkg/web/${CRATE}_bg.wasm"
  if [ -f "pkg/node/${CRATE}_bg.wasm" ]; then
    size_line "pkg/node/${CRATE}_bg.wasm" "pkg/node/${CRATE}_bg.wasm"
  else
    echo "  (pkg/node/ loads the same file, ../web/${CRATE}_bg.wasm)"
  fi
}

STAMP="$(cat "$RAW_WASM" "$ROOT/scripts/build.sh" | sha256sum | cut -d' ' -f1) $(wasm-bindgen --version) wasm-opt=$WASM_OPT_FLAGS"
if [ "${FORCE:-0}" != 1 ] && [ -f pkg/.build-stamp ] && [ "$(cat pkg/.build-stamp)" = "$STAMP" ] &&
  [ -f pkg/package.json ] && [ -f "pkg/web/${CRATE}_bg.wasm" ]; then
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
WEB_WASM="$OUT/web/${CRATE}_bg.wasm"
NODE_WASM="$OUT/node/${CRATE}_bg.wasm"
if cmp -s "$WEB_WASM" "$NODE_WASM" &&
  node -e '
    const fs = require("fs");
    const [glue, crate] = process.argv.slice(1);
    const line = "const wasmPath = `${__dirname}/" + crate + "_bg.wasm`;";
    const src = fs.readFileSync(glue, "utf8");
    if (src.split(line).length !== 2) process.exit(1);
    fs.writeFileSync(glue, src.replace(line,
      "const wasmPath = require(\"path\").join(__dirname, \"..\", \"web\", \"" + crate + "_bg.wasm\");"));
  ' "$OUT/node/$CRATE.js" "$CRATE"; then
  rm "$NODE_WASM"
  optimize "$WEB_WASM"
else
  log "web and node wasm differ (or the node glue changed shape): optimising and shipping both"
  optimize "$WEB_WASM"
  optimize "$NODE_WASM"
fi

# ESM wrapper for Node (named re-exports of the CommonJS build, names taken from the build itself),
# package.json files.
node - "$OUT" "$CRATE" "$PKG_META" <<'EOF'
const fs = require("fs");
const path = require("path");
const [out, crate, metaJson] = process.argv.slice(2);
const meta = JSON.parse(metaJson);
const write = (file, text) => fs.writeFileSync(path.join(out, file), text);

const names = Object.keys(require(path.join(out, "node", `${crate}.js`)))
  .filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== "default")
  .sort();
write(
  "node/index.mjs",
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
  "node/index.d.mts",
  [
    "// Generated by scripts/build.sh.",
    `export * from "./${crate}.js";`,
    `import * as cjs from "./${crate}.js";`,
    "export default cjs;",
    "",
  ].join("\n"),
);

const node = {
  import: { types: "./node/index.d.mts", default: "./node/index.mjs" },
  require: { types: `./node/${crate}.d.ts`, default: `./node/${crate}.js` },
};
const web = { types: `./web/${crate}.d.ts`, default: `./web/${crate}.js` };
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
    "./package.json": "./package.json",
  },
  files: ["node/", "web/"],
  sideEffects: [`./web/${crate}.js`, `./node/${crate}.js`, "./node/index.mjs"],
  engines: { node: ">=20" },
};
write("package.json", JSON.stringify(pkg, null, 2) + "\n");
// Module kind of the .js files for Node (web/ is ESM, node/ is CommonJS).
write("web/package.json", JSON.stringify({ type: "module" }) + "\n");
write("node/package.json", JSON.stringify({ type: "commonjs" }) + "\n");
EOF
rm -f "$OUT/web/.gitignore" "$OUT/node/.gitignore"
printf '%s\n' "$STAMP" >"$OUT/.build-stamp"

rm -rf pkg
mv "$OUT" pkg
trap - EXIT

log "done: pkg/ (cargo profile: $PROFILE, wasm-opt: $WASM_OPT_FLAGS)"
report_sizes
