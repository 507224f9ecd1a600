#!/usr/bin/env bash
# Runs the Playwright suite against the release build (dist/) twice:
#  - "same-origin": the app served by the reference server itself;
#  - "static-host": a copy of dist/ served by a plain static file server on
#    another port (another origin), its config.json pointing at the API, which
#    proves the app can be hosted on a CDN.
# The API server gets a temporary database and demo data; both servers are
# stopped when the script exits, whatever happens.
#   scripts/e2e.sh [playwright args...]     e.g. scripts/e2e.sh --project=static-host
# tests/faults.spec.ts starts its own fault-injecting proxy in front of the API
# server; its size comes from FAULTS_* variables, passed through (see
# end2end/README.md and `make faults-full`). tests/instances.spec.ts runs two
# servers on a throwaway PostgreSQL behind switchboard-conformance's balancer
# (CONFORMANCE=path, by default beside SERVER).
set -euo pipefail
cd "$(dirname "$0")/.."

SERVER=${SERVER:-${CARGO_TARGET_DIR:-target}/debug/switchboard-server}
# The app's release build (DIST= names another folder holding one).
DIST=${DIST:-dist}
# Upper bound for the whole Playwright run, so a hung browser cannot hold CI.
E2E_TIMEOUT=${E2E_TIMEOUT:-900}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

if [[ ! -f "$DIST/index.html" ]]; then
  echo "e2e: $DIST has no build; run 'make app' first" >&2
  exit 1
fi

data=$(mktemp -d)
static=$(mktemp -d)
logs=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$data" "$static"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits until a URL answers 2xx (at most ~20 s), or prints the log and fails.
wait_for() {
  local url=$1 log=$2 name=$3
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "e2e: $name did not start ($url); its log:" >&2
  cat "$log" >&2
  exit 1
}

api_port=$(free_port)
static_port=$(free_port)
while [[ "$static_port" == "$api_port" ]]; do static_port=$(free_port); done
api_url="http://127.0.0.1:$api_port"
static_url="http://127.0.0.1:$static_port"

# The static host: a copy of dist/ whose config.json points at the API.
cp -R "$DIST/." "$static/"
printf '{"api_base": "%s"}\n' "$api_url" >"$static/config.json"
python3 -m http.server --bind 127.0.0.1 --directory "$static" "$static_port" \
  >"$logs/static.log" 2>&1 &
pids+=($!)

"$SERVER" --addr 127.0.0.1 --port "$api_port" --data-dir "$data" --dist-dir "$DIST" --demo \
  --cors-origin "$static_url" >"$logs/server.log" 2>&1 &
pids+=($!)

wait_for "$api_url/api/v1/health" "$logs/server.log" "the API server"
wait_for "$static_url/index.html" "$logs/static.log" "the static file server"

# Browsers refuse to compile a module streamed with another type.
wasm=$(cd "$static" && ls ./*.wasm | head -n 1)
wasm_type=$(curl -fsS -o /dev/null -w '%{content_type}' "$static_url/${wasm#./}")
if [[ "$wasm_type" != application/wasm* ]]; then
  echo "e2e: the static server sends $wasm as '$wasm_type', not application/wasm" >&2
  exit 1
fi

export BASE_URL="$api_url" API_URL="$api_url" STATIC_URL="$static_url"
# For specs that run a server of their own (restart.spec.ts stops it).
SWITCHBOARD_SERVER=$(realpath "$SERVER")
SWITCHBOARD_DIST=$(realpath "$DIST")
export SWITCHBOARD_SERVER SWITCHBOARD_DIST
# The balancer of tests/instances.spec.ts (CONFORMANCE= names another binary).
SWITCHBOARD_CONFORMANCE=$(realpath -m "${CONFORMANCE:-$(dirname "$SERVER")/switchboard-conformance}")
export SWITCHBOARD_CONFORMANCE
cd end2end
status=0
# In the background, so a signal to this script stops everything at once.
# Its output is also kept, so the failure summary can be repeated last.
timeout --kill-after=10 "$E2E_TIMEOUT" npx playwright test "$@" > >(tee "$logs/playwright.log") 2>&1 &
pids+=($!)
wait $! || status=$?
if [[ $status -ne 0 ]]; then
  echo "e2e: API server log (tail):" >&2
  tail -n 50 "$logs/server.log" >&2
  echo "e2e: static server log (tail):" >&2
  tail -n 10 "$logs/static.log" >&2
  # Last, where a reader of the tail of the output sees it: why the first
  # test failed, and what failed.
  echo "e2e: the first failure:" >&2
  sed -n '/^  1) /,$p' "$logs/playwright.log" | head -n 40 >&2
  echo "e2e: failed; Playwright's summary:" >&2
  sed -n '/^ *[0-9]* failed/,$p' "$logs/playwright.log" >&2
  [[ $status -eq 124 ]] && echo "e2e: stopped after ${E2E_TIMEOUT}s" >&2
  exit 1
fi
