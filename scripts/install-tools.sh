#!/usr/bin/env bash
# Installs what building and running Switchboard needs, skipping every tool
# that is already present at the right version. Safe to run any number of times.
#   scripts/install-tools.sh         build tools (wasm target, trunk, wasm-bindgen, wasm-opt)
#   scripts/install-tools.sh --test  also the test tools (Chromium, chromedriver, Playwright, PostgreSQL,
#                                    schemathesis, openapi-spec-validator and moto in tools/venv)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=version_132
# The API fuzzer (PyPI), in a virtualenv of the repository (tools/venv, ignored by git).
SCHEMATHESIS_VERSION=4.32.5
# Checks that docs/openapi.json is a valid OpenAPI document (`make openapi-check`).
OPENAPI_SPEC_VALIDATOR_VERSION=0.9.0
# A local S3 server (`moto_server`) for the server's test of the S3 file store.
MOTO_VERSION=5.2.5
# Splits the app's wasm module at its #[wasm_split] points (scripts/split-wasm.mjs);
# the same version as the wasm_split_helpers crate's companion in Cargo.lock.
WASM_SPLIT_VERSION=0.2.4
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock, to the patch.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)

say() { printf '==> %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " ${TRUNK_VERSION}\$"; then
  say "installing trunk ${TRUNK_VERSION} (about 15 minutes on 2 cores, once)"
  cargo install trunk --version "${TRUNK_VERSION}" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}\$" \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION} (about 8 minutes, once)"
  # Not --locked: its lock file pins a webpki-roots release the registry no longer serves.
  cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}" --force
fi

# (It prints no version of its own; cargo's list of installed crates does.)
if ! command -v wasm-split-cli >/dev/null \
  || ! cargo install --list | grep -qx "wasm_split_cli_support v${WASM_SPLIT_VERSION}:"; then
  say "installing wasm-split-cli ${WASM_SPLIT_VERSION} (about 3 minutes, once)"
  cargo install wasm_split_cli_support --version "${WASM_SPLIT_VERSION}" --features build-binary --locked
fi

if ! tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "${BINARYEN_VERSION}"; then
  say "installing wasm-opt (${BINARYEN_VERSION}) from npm"
  npm ci --prefix tools --no-audit --no-fund
fi

if [ "${1:-}" = "--test" ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! command -v brotli >/dev/null; then
    say "installing Debian's chromium, chromium-driver and brotli"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver brotli
  fi
  # The tests run the server on a throwaway PostgreSQL too (scripts/postgres.sh).
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    say "installing Debian's postgresql"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
  fi
  stamp=end2end/node_modules/.switchboard-lock
  if [ ! -f "$stamp" ] || ! cmp -s end2end/package-lock.json "$stamp"; then
    say "installing the end-to-end test packages"
    npm ci --prefix end2end --no-audit --no-fund
    cp end2end/package-lock.json "$stamp"
  fi
  if ! tools/venv/bin/schemathesis --version 2>/dev/null | grep -q " ${SCHEMATHESIS_VERSION}\$"; then
    say "installing schemathesis ${SCHEMATHESIS_VERSION} into tools/venv"
    python3 -m venv tools/venv
    tools/venv/bin/pip install --quiet --disable-pip-version-check "schemathesis==${SCHEMATHESIS_VERSION}"
  fi
  if ! tools/venv/bin/openapi-spec-validator --version 2>/dev/null \
    | grep -q " ${OPENAPI_SPEC_VALIDATOR_VERSION}\$"; then
    say "installing openapi-spec-validator ${OPENAPI_SPEC_VALIDATOR_VERSION} into tools/venv"
    python3 -m venv tools/venv
    tools/venv/bin/pip install --quiet --disable-pip-version-check \
      "openapi-spec-validator==${OPENAPI_SPEC_VALIDATOR_VERSION}"
  fi
  if [ ! -x tools/venv/bin/moto_server ] \
    || ! tools/venv/bin/python -m pip show moto 2>/dev/null | grep -qx "Version: ${MOTO_VERSION}"; then
    say "installing moto[server] ${MOTO_VERSION} into tools/venv"
    python3 -m venv tools/venv
    tools/venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==${MOTO_VERSION}"
  fi
fi

if [ "${1:-}" = "--bench" ]; then
  stamp=bench/node_modules/.switchboard-lock
  if [ ! -f "$stamp" ] || ! cmp -s bench/package-lock.json "$stamp"; then
    say "installing the benchmark's packages (Lighthouse)"
    npm ci --prefix bench --no-audit --no-fund
    cp bench/package-lock.json "$stamp"
  fi
fi
