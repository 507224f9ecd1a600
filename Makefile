# Switchboard: `make run` to start the workspace, `make test` to check everything.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

ADDR ?= 127.0.0.1
PORT ?= 8080
DATA ?= ./data
# The initial load every operator downloads at cold start (KiB, brotli: the
# start module, its glue, the loader and the styles; the parts of src/lazy.rs
# are fetched once the queue is on screen and counted apart). `make test`
# fails above it.
BUNDLE_BUDGET_KIB ?= 300
# Upper bound of the scenarios of `make bench` once built (seconds); they usually take 1-2 minutes.
BENCH_TIMEOUT ?= 900

APP_SOURCES := $(shell find src style public locales -type f 2>/dev/null) \
	$(shell find protocol/src -type f 2>/dev/null) \
	index.html Trunk.toml .cargo/config.toml scripts/post-build.mjs scripts/split-wasm.mjs scripts/externalize-loader.mjs scripts/compress-dist.mjs Cargo.toml Cargo.lock protocol/Cargo.toml

.PHONY: run test tools test-tools bench-tools app server fmt-check clippy openapi-check unit unit-postgres wasm-test e2e bundle fuzz faults-full bench bench-scale conformance conformance-local

## run: install what is missing, build the app and the server, start with demo data.
run: tools app server
	@echo "Switchboard: open http://$(ADDR):$(PORT) (demo accounts in README.md)"
	$${CARGO_TARGET_DIR:-target}/server/switchboard-server --addr $(ADDR) --port $(PORT) --data-dir $(DATA) --dist-dir ./dist --demo

tools:
	@scripts/install-tools.sh

test-tools:
	@scripts/install-tools.sh --test

bench-tools:
	@scripts/install-tools.sh --bench

## app: the release build of the wasm app in dist/, rebuilt only when a source changed.
app: dist/index.html
dist/index.html: $(APP_SOURCES)
	trunk build --release --offline

server:
	cargo build --profile server -p switchboard-server

## test: everything CI checks, failing on the first failure.
# One build from scratch: incremental caches would only take disk space.
test: export CARGO_INCREMENTAL := 0
test: test-tools fmt-check clippy openapi-check unit unit-postgres wasm-test app e2e conformance-local fuzz bundle

fmt-check:
	cargo fmt --all --check

clippy:
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p switchboard --target wasm32-unknown-unknown --all-targets -- -D warnings

## openapi-check: docs/openapi.json is a valid OpenAPI 3.1 document (unique
## operation ids, resolvable references...); `make unit` checks it is the
## document the server serves. The validator's message quotes the whole
## document, hence the cut.
openapi-check: test-tools
	tools/venv/bin/openapi-spec-validator docs/openapi.json 2>&1 | cut -c1-400

unit:
	cargo test --workspace
	node --test scripts/

## unit-postgres: the server's integration tests again, each test server on a
## database of its own in a throwaway PostgreSQL (scripts/with-postgres.sh).
unit-postgres: test-tools
	scripts/with-postgres.sh cargo test -p switchboard-server --test integration

wasm-test:
	CHROMEDRIVER=/usr/bin/chromedriver \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	cargo test -p switchboard --target wasm32-unknown-unknown

e2e: app
	cargo build -p switchboard-server -p switchboard-conformance
	scripts/e2e.sh

## fuzz: schemathesis against a demo server, from docs/openapi.json (about 3 minutes).
fuzz: test-tools
	cargo build -p switchboard-server
	scripts/fuzz.sh

bundle: app
	@scripts/bundle-size.sh --max $(BUNDLE_BUDGET_KIB)

## conformance: the black-box conformance suite (docs/conformance.md) against
## a running server: `make conformance URL=http://127.0.0.1:8080` (FULL=1 for
## the long form; credentials and the connector token as CONFORMANCE_* variables).
URL ?= http://$(ADDR):$(PORT)
conformance:
	cargo build -p switchboard-conformance
	$${CARGO_TARGET_DIR:-target}/debug/switchboard-conformance --url $(URL) $(if $(FULL),--full,)

## conformance-local: the suite's short form against fresh demo servers it starts
## itself: on SQLite, on PostgreSQL, and two instances on PostgreSQL behind the
## suite's round-robin balancer.
conformance-local: test-tools
	scripts/conformance.sh
	DATABASE=postgres scripts/conformance.sh
	DATABASE=postgres INSTANCES=2 scripts/conformance.sh

## faults-full: the full fault-injection run (50 conversations, 1,000 customer
## messages, 200 replies, 30+ websocket cuts); `make e2e` runs a short one.
faults-full: app
	cargo build -p switchboard-server
	FAULTS_CONVERSATIONS=50 FAULTS_MESSAGES=1000 FAULTS_REPLIES=200 FAULTS_CUTS=30 \
	E2E_TIMEOUT=1800 scripts/e2e.sh tests/faults.spec.ts --project=same-origin

## bench: the performance benchmark (issue 10) on the release app and server:
## seeds a fresh database, drives headless Chromium, loads the webhook, writes
## bench/results.json, prints each measure against its budget, fails above one.
bench: test-tools bench-tools app server
	status=0; timeout --kill-after=10 $(BENCH_TIMEOUT) node bench/run.mjs || status=$$?; \
	$(MAKE) faults-full || status=$$?; \
	$(MAKE) bench-scale || status=$$?; \
	exit $$status

## bench-scale: the scale section (issue 27, bench/scale.mjs): webhook rate,
## websocket fan-out and the seeded queue on SQLite, PostgreSQL and two
## PostgreSQL instances, then the conformance suite in full in the same three
## set-ups, on the release server. Results join bench/results.json (`scale`).
SCALE_TIMEOUT ?= 3600
bench-scale: test-tools app server
	status=0; \
	timeout --kill-after=10 $(SCALE_TIMEOUT) node --experimental-websocket bench/scale.mjs || status=$$?; \
	server=$${CARGO_TARGET_DIR:-target}/server/switchboard-server; \
	SERVER=$$server scripts/conformance.sh --full || status=$$?; \
	SERVER=$$server DATABASE=postgres scripts/conformance.sh --full || status=$$?; \
	SERVER=$$server DATABASE=postgres INSTANCES=2 scripts/conformance.sh --full || status=$$?; \
	exit $$status
