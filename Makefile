# Single entry point. See docs/building.md.
#
#   make demo   install tools (scripts/setup.sh), build pkg/, serve www/ on http://127.0.0.1:8080
#   make test   install tools, then fmt, clippy, cargo test (and the patched rlibphonenumber's
#               tests), wasm tests (Node + headless Chromium), build pkg/ and run the JS tests

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
# npm's wasm-opt (binaryen) before anything else; cargo-installed tools (wasm-bindgen, wasm-pack).
CARGO_BIN := $(if $(CARGO_HOME),$(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(ROOT)/node_modules/.bin:$(CARGO_BIN):$(PATH)
# Debian's chromedriver drives Debian's chromium; nothing is downloaded.
export CHROMEDRIVER ?= /usr/bin/chromedriver
# Per-test-binary time limit of wasm-bindgen-test-runner, in seconds (dev builds are slow).
export WASM_BINDGEN_TEST_TIMEOUT ?= 600
export CARGO_TERM_COLOR ?= never

HOST ?= 127.0.0.1
PORT ?= 8080
WASM_PACK_TEST := wasm-pack test --mode no-install

.NOTPARALLEL:
.PHONY: help setup build demo serve test fmt-check clippy cargo-test wasm-test-node \
        wasm-test-chrome js-test fuzz-smoke vendor-test clean

help:
	@echo "make demo   - setup + build + serve www/ on http://$(HOST):$(PORT)/"
	@echo "make test   - setup + fmt + clippy + cargo test + wasm-pack test (node, chrome) + npm test"
	@echo "make setup | build | serve | fmt-check | clippy | cargo-test | vendor-test | wasm-test-node | wasm-test-chrome | js-test | clean"

setup:
	scripts/setup.sh

build: setup
	scripts/build.sh

demo: build
	$(MAKE) --no-print-directory serve

serve:
	node scripts/serve.mjs --host $(HOST) --port $(PORT)

test: setup
	$(MAKE) --no-print-directory fmt-check clippy cargo-test vendor-test wasm-test-node wasm-test-chrome js-test fuzz-smoke
	@echo "make test: all passed"

fmt-check:
	cargo fmt --all --check
	cargo fmt --all --check --manifest-path sheets/Cargo.toml

# Host targets as asked for, plus the wasm32 build so tests/node.rs and tests/web.rs get linted too.
clippy:
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --all-targets --manifest-path sheets/Cargo.toml -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --manifest-path sheets/Cargo.toml -- -D warnings

# The core, then the spreadsheet module (sheets/: its own crate, the second wasm module).
cargo-test:
	cargo test
	cargo test --manifest-path sheets/Cargo.toml

# The patched rlibphonenumber (vendor/rlibphonenumber/PATCHES.md): its own test suite, with the
# engine this crate ships (regex-lite), and the patches' own tests.
VENDOR_FEATURES := lite,builtin_metadata,global_static,protox
vendor-test:
	cargo test --locked --manifest-path vendor/rlibphonenumber/Cargo.toml \
		--no-default-features --features $(VENDOR_FEATURES)

wasm-test-node:
	$(WASM_PACK_TEST) --node

wasm-test-chrome:
	$(WASM_PACK_TEST) --headless --chrome --chromedriver $(CHROMEDRIVER)

# Builds pkg/ (release wasm) and runs the JS tests against it.
js-test:
	scripts/build.sh
	npm test

# Each cargo-fuzz target for FUZZ_SECONDS (installs cargo-fuzz, uses the nightly toolchain).
FUZZ_SECONDS ?= 60
fuzz-smoke:
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

clean:
	rm -rf pkg
