#!/usr/bin/env bash
# Builds the size/speed decision matrix into bench/build/<engine>-<profile>.<wasm-opt level>/:
#
#   engine   regex (rlibphonenumber on the `regex` crate)  |  lite (`regex-lite`)
#   profile  o3      opt-level 3, no LTO, 16 codegen units (cargo's release defaults)
#            o3-lto  opt-level 3, lto = "fat", codegen-units = 1
#            os-lto  opt-level "s", lto = "fat", codegen-units = 1
#            oz-lto  opt-level "z", lto = "fat", codegen-units = 1
#            <p>-abort   the same with panic = "abort"   (only for the profiles in ABORT_PROFILES)
#   wasm-opt Oz, O3 (and none for o3-lto)
#
#   bash bench/variants.sh                   # everything (about 10 cargo builds: slow)
#   ENGINES=lite PROFILES="oz-lto" bash bench/variants.sh
#
# The profile is set through cargo's CARGO_PROFILE_RELEASE_* variables, so Cargo.toml is not
# touched; builds go to target/bench (see build-variant.sh). Then run bench/compare.mjs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ENGINES="${ENGINES:-regex lite}"
PROFILES="${PROFILES:-o3 o3-lto os-lto oz-lto}"
ABORT_PROFILES="${ABORT_PROFILES:-}"

build() { # engine profile panic
  local engine="$1" profile="$2" panic="$3" name levels
  name="$engine-$profile$([ "$panic" = abort ] && echo -abort || true)"
  local feature_args=()
  [ "$engine" = lite ] && feature_args=(--no-default-features --features lite)
  local opt lto cgu
  case "$profile" in
    o3) opt=3 lto=false cgu=16 ;;
    o3-lto) opt=3 lto=fat cgu=1 ;;
    os-lto) opt=s lto=fat cgu=1 ;;
    oz-lto) opt=z lto=fat cgu=1 ;;
    *) echo "unknown profile $profile" >&2; exit 2 ;;
  esac
  levels="Oz O3"
  [ "$profile" = o3-lto ] && levels="Oz O3 none"
  CARGO_PROFILE_RELEASE_OPT_LEVEL="$opt" CARGO_PROFILE_RELEASE_LTO="$lto" \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS="$cgu" CARGO_PROFILE_RELEASE_PANIC="$panic" \
    WASM_OPT="$levels" bash bench/build-variant.sh "$name" "${feature_args[@]}"
}

for engine in $ENGINES; do
  for profile in $PROFILES; do
    build "$engine" "$profile" unwind
  done
  for profile in $ABORT_PROFILES; do
    build "$engine" "$profile" abort
  done
done
ls -d bench/build/*/
