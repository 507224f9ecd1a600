#!/usr/bin/env bash
# Runs the Playwright suite against the release build (dist/) served by a
# freshly started server on a free port, with a temporary database.
#   scripts/e2e.sh [playwright args...]
set -euo pipefail
cd "$(dirname "$0")/.."

SERVER=${SERVER:-target/debug/switchboard-server}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

data=$(mktemp -d)
logs=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

port=$(free_port)
"$SERVER" --addr 127.0.0.1 --port "$port" --data-dir "$data" --dist-dir ./dist --demo \
  >"$logs/server.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then break; fi
  sleep 0.2
done
if ! curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null; then
  echo "e2e: the server did not start; its log:" >&2
  cat "$logs/server.log" >&2
  exit 1
fi

export BASE_URL="http://127.0.0.1:$port"
cd end2end
if ! npx playwright test "$@"; then
  echo "e2e: failed; server log:" >&2
  tail -n 50 "$logs/server.log" >&2
  exit 1
fi
