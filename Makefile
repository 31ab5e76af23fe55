# botpress-chat-wasm: build, test, demo, bench.
#   make demo   build pkg/ and serve the demo + emulator on 127.0.0.1
#   make test   every test (installs what is missing first)
#   make pkg    the npm package in pkg/
#   make size   gzip size of the web target (wasm + JS glue)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

CRATE    := botpress_chat_wasm
WASM_OUT := target/wasm32-unknown-unknown/release/$(CRATE).wasm
BINDGEN  := target/bindgen
# npm's binaryen first: Debian's wasm-opt 108 silently corrupts wasm-bindgen's externref table.
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export DENO_NO_UPDATE_CHECK := 1
# The wasm-bindgen CLI must match the crate exactly; read the version from Cargo.lock.
WB_VERSION = $(shell awk '$$0=="name = \"wasm-bindgen\"" {getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
# No machine paths in the shipped .wasm (panic locations embed source paths); wasm target only,
# so native builds keep their cache.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS := --remap-path-prefix=$(HOME)/.cargo/registry/src=crates --remap-path-prefix=$(CURDIR)=botpress-chat-wasm --remap-path-prefix=$(HOME)/.rustup=rustup
# Size check for the web target (the bundled browser entry + wasm-url.js + the .wasm), gzip -9
# (bytes). A ratchet: it sits just above the current size so any growth fails `make test`; the
# goal is 30 KB (30720), see the README's Performance section for where the bytes are. Raised
# from 45696 by the reliability work (issue 10): +768 for one abort listener per shared signal,
# +448 for the forbidden headers, +1472 for copying error causes that could lead to the token,
# +384 for the exact fallback text, +1536 for reading bodies chunk by chunk under
# maxResponseBytes; +1100 for the trap recovery; -1226 for bundling the browser entry; -3100
# for short import and export names (pkg-template/short-names.mjs). Raised by the design card's
# stack (issue 11): serde-wasm-bindgen for issues and error fields (~1.3 KB), the web-sys
# bindings and their glue (one JS shim per typed member instead of a shared Reflect.get/set),
# the catch views and the private Headers copy gloo-net reads; -592 for wasm-opt --converge
# --low-memory-unused; +373 for decoding bodies with a TextDecoder (not a Blob: 0.8 ms a call in
# Chromium). Lowered to the stack issue's 48 000 by replacing the panic machinery and the
# formatting code only it used with `unreachable` (pkg-template/snip.mjs, -2.3 KB); -172 for
# a value tree that borrows its strings from the JSON text; +401 for the per-call path's JS
# strings made once (URLs, method, read-result keys) and one shared TextDecoder (-4 us a call).
# Raised to the stack issue's 48 000 for reading bodies by filling buffers where the host can
# (workerd's readAtLeast: one read instead of two for a small body, +494 B); -355 for decoding
# bodies straight to a JS string; +104 for the parser's inlined whitespace check. Lowered to
# 47 900 (47 873) after -93 for letting Promise.race adopt an injected fetch's values; the
# stack issue's limit stays 48 000.
SIZE_BUDGET := 47900

.PHONY: deps deps-browser deps-bundlers lint pkg pkg-names pack size size-check test test-native test-wasm test-js test-types test-runtimes test-bundlers test-e2e demo emulator bench fuzz soak clean

## Install what is missing: wasm target, wasm-bindgen-cli (pinned), npm dev tools.
deps: node_modules/.installed
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WB_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WB_VERSION)"; \
	  cargo install wasm-bindgen-cli --version "$(WB_VERSION)" --no-default-features --debug --force; \
	fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

## The bundlers and hosts of tests/bundlers/ (Vite, webpack, esbuild, wrangler, Next.js, attw,
## publint), pinned in their own package.json so the root dev tools stay small.
deps-bundlers: tests/bundlers/node_modules/.installed

tests/bundlers/node_modules/.installed: tests/bundlers/package.json tests/bundlers/package-lock.json
	cd tests/bundlers && npm ci --no-audit --no-fund
	@touch $@

## Debian's Chromium and ChromeDriver for the browser tests (never Debian's binaryen).
deps-browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

## The npm package: release wasm once, wasm-bindgen per target, wasm-opt -Oz once, assemble.
pkg: deps
	cargo build --release --locked --target wasm32-unknown-unknown -p botpress-chat-wasm
	rm -rf $(BINDGEN) && mkdir -p $(BINDGEN)
	wasm-bindgen --target nodejs --out-dir $(BINDGEN)/nodejs $(WASM_OUT)
	wasm-bindgen --target web --omit-default-module-path --out-dir $(BINDGEN)/web $(WASM_OUT)
	cmp -s $(BINDGEN)/nodejs/$(CRATE)_bg.wasm $(BINDGEN)/web/$(CRATE)_bg.wasm  # one wasm for every target
	# --converge repeats -Oz until nothing changes. --low-memory-unused lets binaryen fold constant
	# offsets into loads and stores: Rust's wasm32 layout puts the 1 MiB stack at the bottom of
	# memory, so the first 1 KiB is only reached when the stack is all but exhausted.
	# Panics trap at once, and the formatting code only they used goes (pkg-template/snip.mjs).
	# --no-inline (before -Oz) keeps a failed attempt's code out of the call's state machine,
	# which hosts compile on the first call (cold start; see transport.rs after_failure).
	node pkg-template/snip.mjs $(BINDGEN)/web/$(CRATE)_bg.wasm $(BINDGEN)/snipped.wasm
	wasm-opt --no-inline='*after_failure*' -Oz --converge --low-memory-unused --strip-producers --strip-target-features $(BINDGEN)/snipped.wasm -o $(BINDGEN)/opt.wasm
	node pkg-template/assemble.mjs $(BINDGEN) pkg
	ln -sfn ../pkg node_modules/botpress-chat-wasm  # tests import the package by name, through its exports

## The same package with the wasm's function names kept, in target/pkg-names, for profiles
## (tests/bench/profile.mjs --pkg, profile-workerd.mjs --pkg); never shipped.
pkg-names: pkg
	rm -rf target/bindgen-names target/pkg-names && cp -r $(BINDGEN) target/bindgen-names
	wasm-opt --no-inline='*after_failure*' -Oz -g --low-memory-unused $(BINDGEN)/snipped.wasm -o target/bindgen-names/opt.wasm
	node pkg-template/assemble.mjs target/bindgen-names target/pkg-names

## The tarball users install (npm pack of pkg/): target/pack/botpress-chat-wasm-<version>.tgz.
pack: pkg
	rm -rf target/pack && mkdir -p target/pack
	npm pack ./pkg --pack-destination target/pack --silent

size: pkg
	@node tests/size.mjs pkg

## Fails when the web target's wasm + glue exceed the budget (a size check, not a timing).
size-check: pkg
	@node tests/size.mjs pkg --budget $(SIZE_BUDGET)

test: deps deps-browser deps-bundlers lint pkg test-native test-wasm test-js test-types test-runtimes test-bundlers test-e2e size-check
	@echo "make test: all suites passed"

## Gates: rustfmt, and clippy with -D warnings on both targets (native: every crate and test;
## wasm32: the library and its wasm-bindgen-test suites).
lint: deps
	cargo fmt --all --check
	cargo clippy --locked --workspace --all-targets -- -D warnings
	cargo clippy --locked -p botpress-chat-wasm --lib --tests --target wasm32-unknown-unknown -- -D warnings

test-native:
	cargo test --locked --workspace

test-wasm: deps deps-browser emulator
	node tests/with-emulator.mjs cargo test --locked --target wasm32-unknown-unknown -p botpress-chat-wasm

test-js: pkg emulator
	node --test --test-reporter=spec tests/js/

test-types: pkg
	node tests/types/run.mjs

## Node ESM + CJS, Deno, Bun, workerd (miniflare) and an unbundled page in Chromium, each for real.
test-runtimes: pkg emulator deps-browser
	node --test --test-reporter=spec tests/runtimes/

## The packed tarball installed into fresh apps, built for production and run for real: Vite
## (build + dev server), webpack 5 (production + development), esbuild, wrangler (in workerd),
## Next.js (client component in Chromium, edge and Node route handlers); attw and publint.
test-bundlers: pack emulator deps-browser deps-bundlers
	node --test --test-reporter=spec tests/bundlers/*.test.mjs

## The demo page driven in Debian's Chromium by playwright-core.
test-e2e: pkg emulator deps-browser
	node --test --test-reporter=spec tests/e2e/

emulator:
	cargo build --locked -p botpress-emulator

## The demo page and the emulator on 127.0.0.1 (Ctrl-C stops it).
demo: deps pkg emulator
	./target/debug/botpress-emulator --host 127.0.0.1 --port $${PORT:-8787} --www www --pkg pkg

## The five figures beside @botpress/client (size, throughput, per-call CPU, cold start, memory):
## prints a table and writes target/bench/bench.json (about 2 min).
bench: pkg
	node tests/bench/run.mjs

## Fuzzing: every parser of outside input natively (FUZZ_RUNS, default 1 000 000 inputs per
## target; libFuzzer with nightly + cargo-fuzz, else proptest), then across the wasm boundary:
## 100 000 random JS values and 20 000 random responses through an injected fetch.
fuzz: pkg
	bash tests/fuzz/run.sh
	node --expose-gc tests/reliability/boundary-fuzz.mjs
	node --expose-gc tests/reliability/response-fuzz.mjs

## 20 000 calls at concurrency 32 against the emulator with 10 % chaos faults; memory must stay flat.
soak: pkg emulator
	node --expose-gc tests/reliability/soak.mjs

clean:
	rm -rf pkg target/bindgen target/pack tests/bundlers/.apps
