#!/usr/bin/env bash
# The benchmark, in one command (see BENCHMARKS.md):
#
#   bash bench/run.sh
#
# 1. installs bench/node_modules (libphonenumber-js for the baseline) with `npm ci` if missing
# 2. generates the data sets into bench/data/ if missing or made with `--numbers narrow`
#    (node bench/gen.mjs; deterministic)
# 3. builds the package with scripts/build.sh (as shipped: pkg/), unless PKG is given
# 4. builds the native example (cargo build --release --example bench_native)
# 5. runs, writing JSON to bench/results/ (git-ignored) and printing the tables:
#      throughput.mjs   wasm API vs the JS baseline, one Node process, same rows; the native
#                       core on each set right after it (for wasm / native)
#      bench_native     the Rust core on all the files (its cached-phone mode; start-up)
#      startup-node.mjs / startup-web.mjs   import -> first result (Node, headless Chromium)
#      memory.mjs       wasm memory after 1k / 10k / 100k / 100k again
#      sizes.mjs        .wasm and libphonenumber-js bundle sizes
#    then report.mjs prints the summary (ratios, targets).
#
# Environment:
#   PKG=DIR        benchmark this package dir (with node/ and web/) instead of building pkg/,
#                  e.g. PKG=bench/build/regex-oz-lto.oz after bench/variants.sh
#   QUICK=1        1k and 10k sets only, 3 runs (a few minutes instead of ~30 on 2 shared cores)
#   RUNS=N         timed runs per method and set (default 5; 3 for 100k sets)
#   SKIP_WEB=1     skip the Chromium start-up measurement
#   CARGO_FEATURES e.g. "--no-default-features --features regex-engine" for the native build
#                  (must match the engine of the wasm package you measure)
#   RESULTS=DIR    where the JSON results go (default bench/results)
#   BENCH_TARGET_DIR  cargo target dir of the native build (default target/bench, apart from
#                  target/ so that the benchmark and other builds do not wait on each other)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
log() { printf '\n[bench] %s\n' "$*" >&2; }

RESULTS="${RESULTS:-$ROOT/bench/results}"
mkdir -p "$RESULTS"
RUNS="${RUNS:-5}"

if [ ! -d bench/node_modules/libphonenumber-js ]; then
  log "npm ci in bench/"
  (cd bench && npm ci --no-audit --no-fund)
fi
if [ ! -d node_modules/playwright-core ] && [ -z "${SKIP_WEB:-}" ]; then
  log "root node_modules missing (playwright-core, binaryen): run scripts/setup.sh or npm ci"
  exit 1
fi
# Data made before session 16 has no .numbers stamp: its phone numbers came from small pools
# (gen.mjs --numbers narrow), so it is made again.
if [ ! -f bench/data/contacts-mixed-100k.json ] || [ "$(cat bench/data/.numbers 2>/dev/null)" != wide ]; then
  log "generating data sets"
  node bench/gen.mjs
fi

if [ -z "${PKG:-}" ]; then
  log "building pkg/ (scripts/build.sh)"
  bash scripts/build.sh
  PKG="$ROOT/pkg"
fi
PKG="$(cd "$PKG" && pwd)"

log "building the native example"
NATIVE_TARGET="${BENCH_TARGET_DIR:-$ROOT/target/bench}"
# shellcheck disable=SC2086
CARGO_TARGET_DIR="$NATIVE_TARGET" cargo build --release --example bench_native ${CARGO_FEATURES:-}
NATIVE="$NATIVE_TARGET/release/examples/bench_native"

if [ -n "${QUICK:-}" ]; then
  SETS_SMALL="contacts-mixed-1k,contacts-mixed-10k,contacts-de-10k,deals-10k,appointments-10k"
  SETS_LARGE=""
  RUNS=3
else
  SETS_SMALL="contacts-mixed-1k,contacts-mixed-10k,contacts-de-1k,contacts-de-10k,deals-10k,appointments-10k"
  SETS_LARGE="contacts-mixed-100k,contacts-de-100k"
fi

log "throughput: wasm vs JS baseline (node bench/throughput.mjs)"
node bench/throughput.mjs --pkg "$PKG" --sets "$SETS_SMALL" --runs "$RUNS" --native "$NATIVE" \
  --json "$RESULTS/throughput-small.json"
if [ -n "$SETS_LARGE" ]; then
  node --max-old-space-size=8192 bench/throughput.mjs --pkg "$PKG" --sets "$SETS_LARGE" --runs 3 --native "$NATIVE" \
    --methods wasm-object,wasm-text,wasm-reuse-text,wasm-session,js --json "$RESULTS/throughput-large.json"
fi

log "native core (bench_native)"
FILES=()
for s in ${SETS_SMALL//,/ } ${SETS_LARGE//,/ }; do FILES+=("bench/data/$s.json"); done
"$NATIVE" --runs "$RUNS" "${FILES[@]}" | tee "$RESULTS/native.jsonl"

log "start-up in Node (fresh process per run)"
node bench/startup-node.mjs --pkg "$PKG" --runs 7 --json "$RESULTS/startup-node.json"
if [ -z "${SKIP_WEB:-}" ]; then
  log "start-up in headless Chromium"
  node bench/startup-web.mjs --pkg "$PKG" --runs 7 --json "$RESULTS/startup-web.json"
fi

log "wasm memory"
if [ -n "${QUICK:-}" ]; then
  echo "(QUICK: skipped; it needs the 100k sets)"
  rm -f "$RESULTS/memory.json"
else
  node bench/memory.mjs --pkg "$PKG" --kinds contacts-mixed,contacts-de --json "$RESULTS/memory.json"
fi

log "sizes"
node bench/sizes.mjs --json "$RESULTS/sizes.json" \
  "mateo-import .wasm=$PKG/web/mateo_import_bg.wasm" \
  "mateo-import web glue=$PKG/web/mateo_import.js" \
  "libphonenumber-js max bundle=bench/node_modules/libphonenumber-js/bundle/libphonenumber-max.js" \
  "libphonenumber-js min bundle=bench/node_modules/libphonenumber-js/bundle/libphonenumber-min.js"

log "summary"
node bench/report.mjs "$RESULTS"
