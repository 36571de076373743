#!/usr/bin/env bash
# Builds one variant of the wasm package for the benchmark, once per wasm-opt level:
#
#   bench/build-variant.sh NAME [cargo build args...]
#     -> bench/build/NAME.<level>/{node,web}/   wasm-bindgen --target nodejs / web, .wasm through
#                                               `wasm-opt -<level>` (level "none": not optimised)
#        bench/build/NAME.<level>/raw.wasm       cargo's output, before wasm-bindgen
#
# Environment:
#   WASM_OPT   space-separated wasm-opt levels (default "Oz", as scripts/build.sh); e.g. "Oz O3 none"
#   CARGO_PROFILE_RELEASE_*   cargo's overrides of [profile.release] (OPT_LEVEL=s, LTO=fat, ...)
#   BENCH_TARGET_DIR   cargo target dir (default target/bench: apart from target/, so the benchmark
#                      never waits on, or invalidates, other builds)
#   CDYLIB_ONLY=1      build with `cargo rustc --lib --crate-type cdylib` instead of `cargo build
#                      --lib`: cargo performs LTO only when every crate type of the unit can be
#                      LTO'd, and Cargo.toml's crate-type = ["cdylib", "rlib"] includes rlib, so
#                      `lto = ...` in [profile.release] has no effect on `cargo build --lib`
# Uses npm's wasm-opt (node_modules/.bin), never a system binaryen.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -x node_modules/.bin/wasm-opt ] || { echo "node_modules/.bin/wasm-opt missing: run scripts/setup.sh (or npm ci)" >&2; exit 1; }

NAME="${1:?usage: build-variant.sh NAME [cargo args...]}"; shift
LEVELS="${WASM_OPT:-Oz}"
export CARGO_TARGET_DIR="${BENCH_TARGET_DIR:-$ROOT/target/bench}"
CRATE=mateo_import
FEATURES=(--enable-reference-types --enable-multivalue --enable-mutable-globals --enable-sign-ext
          --enable-bulk-memory --enable-nontrapping-float-to-int)

echo "[bench-build] $NAME: cargo build --release --target wasm32-unknown-unknown --lib $*" \
  "$(env | grep '^CARGO_PROFILE_RELEASE_' | tr '\n' ' ')" >&2
START=$(date +%s)
if [ -n "${CDYLIB_ONLY:-}" ]; then
  cargo rustc --release --target wasm32-unknown-unknown --lib --crate-type cdylib "$@"
else
  cargo build --release --target wasm32-unknown-unknown --lib "$@"
fi
echo "[bench-build] $NAME: cargo took $(( $(date +%s) - START )) s" >&2
RAW="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/$CRATE.wasm"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
wasm-bindgen --target nodejs --out-dir "$TMP/node" "$RAW"
wasm-bindgen --target web --out-dir "$TMP/web" "$RAW"

for level in $LEVELS; do
  OUT="$ROOT/bench/build/$NAME.${level,,}"
  rm -rf "$OUT"; mkdir -p "$OUT"
  cp -r "$TMP/node" "$TMP/web" "$OUT/"
  cp "$RAW" "$OUT/raw.wasm"
  if [ "$level" != none ]; then
    wasm-opt "-$level" "${FEATURES[@]}" "$TMP/node/${CRATE}_bg.wasm" -o "$OUT/web/${CRATE}_bg.wasm"
    cp "$OUT/web/${CRATE}_bg.wasm" "$OUT/node/${CRATE}_bg.wasm"
  fi
  printf '{"type":"module"}\n' > "$OUT/web/package.json"
  printf '{"type":"commonjs"}\n' > "$OUT/node/package.json"
  { echo "name=$NAME"; echo "wasm_opt=$level"; echo "cargo_args=$*"; env | grep '^CARGO_PROFILE_RELEASE_' || true; } > "$OUT/variant.txt"
  echo "[bench-build] $OUT: $(stat -c %s "$OUT/web/${CRATE}_bg.wasm") bytes" >&2
done
