#!/usr/bin/env bash
# Installs everything `make demo` / `make test` need. Idempotent: when all tools are present it
# only checks versions and returns in about a second.
#
#   - rustup target wasm32-unknown-unknown (+ rustfmt, clippy components)
#   - wasm-bindgen CLI (+ wasm-bindgen-test-runner) at exactly the version pinned in Cargo.lock
#   - wasm-pack (drives `wasm-pack test`)
#   - npm dev dependencies from package-lock.json: binaryen (wasm-opt), playwright-core (e2e)
#   - Debian chromium + chromium-driver (headless browser tests), only if missing
#
# Never installs Debian's binaryen: its wasm-opt (108) breaks wasm-bindgen's externref table.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# cargo-installed tools live here; make sure they are found even in a non-login shell.
if [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

command -v cargo >/dev/null || die "cargo not found (install Rust via rustup first)"
command -v node >/dev/null || die "node not found (Node 20+ is required)"
command -v npm >/dev/null || die "npm not found"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null && SUDO="sudo" || true
fi

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null || die "need to install $* but apt-get is not available"
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" </dev/null
}

# --- C toolchain (ring, pulled in by wasm-bindgen-cli / wasm-pack, compiles C) ---------------
if ! command -v cc >/dev/null; then
  apt_install gcc libc6-dev
fi

# --- Rust target and components ----------------------------------------------------------------
if command -v rustup >/dev/null; then
  installed_targets="$(rustup target list --installed)"
  if ! grep -qx 'wasm32-unknown-unknown' <<<"$installed_targets"; then
    log "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  for comp in rustfmt clippy; do
    if ! cargo "${comp/rustfmt/fmt}" --version >/dev/null 2>&1; then
      log "rustup component add $comp"
      rustup component add "$comp"
    fi
  done
else
  sysroot="$(rustc --print sysroot)"
  [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown" ] ||
    die "rustup not found and the wasm32-unknown-unknown std is missing from $sysroot"
fi

# --- wasm-bindgen CLI, same version as the crate's wasm-bindgen ---------------------------------
if [ ! -f Cargo.lock ]; then
  log "Cargo.lock missing: cargo generate-lockfile"
  cargo generate-lockfile
fi
WBG_VERSION="$(awk '
  $0 == "name = \"wasm-bindgen\"" { hit = 1; next }
  hit && /^version = / { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)"
[ -n "$WBG_VERSION" ] || die "could not find the wasm-bindgen version in Cargo.lock"

have_wbg=""
if command -v wasm-bindgen >/dev/null && command -v wasm-bindgen-test-runner >/dev/null; then
  have_wbg="$(wasm-bindgen --version | awk '{print $2}')"
fi
if [ "$have_wbg" != "$WBG_VERSION" ]; then
  log "cargo install wasm-bindgen-cli --version $WBG_VERSION (found: ${have_wbg:-none}; takes ~5 min)"
  # No --locked: the published lockfile of wasm-bindgen-cli does not resolve on this registry.
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
  have_wbg="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')"
  [ "$have_wbg" = "$WBG_VERSION" ] ||
    die "wasm-bindgen on PATH is ${have_wbg:-missing} after the install, expected $WBG_VERSION ($(command -v wasm-bindgen || true))"
fi

# --- wasm-pack ---------------------------------------------------------------------------------
if ! command -v wasm-pack >/dev/null; then
  log "cargo install --locked wasm-pack (takes ~5 min)"
  cargo install --locked wasm-pack
  command -v wasm-pack >/dev/null || die "wasm-pack is not on PATH after the install"
fi

# --- npm dev dependencies ----------------------------------------------------------------------
# Re-run `npm ci` only when package-lock.json (or node) changed since the last install.
npm_stamp="node_modules/.setup-stamp"
want_stamp="$(sha256sum <package-lock.json | cut -d' ' -f1) node-$(node --version)"
if [ ! -f "$npm_stamp" ] || [ "$(cat "$npm_stamp")" != "$want_stamp" ] ||
  [ ! -x node_modules/.bin/wasm-opt ]; then
  log "npm ci"
  npm ci --no-audit --no-fund </dev/null
  printf '%s\n' "$want_stamp" >"$npm_stamp"
fi

# --- chromium + chromedriver (Debian) ----------------------------------------------------------
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  apt_install chromium chromium-driver
fi

log "ok: $(wasm-bindgen --version), $(wasm-pack --version), wasm-opt $(node_modules/.bin/wasm-opt --version | awk '{print $3}'), $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
