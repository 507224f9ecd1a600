#!/usr/bin/env bash
# Fuzzes the API from its own OpenAPI document (docs/openapi.json) with
# schemathesis (installed in tools/venv by `scripts/install-tools.sh --test`),
# against a demo server on a free port with a temporary database. Fails on
# any 5xx, any response that breaks its declared schema, any undeclared
# status code or content type, or if the server dies.
#   scripts/fuzz.sh                 bounded run (about 3 minutes)
#   FUZZ_SECONDS=600 scripts/fuzz.sh
#   FUZZ_SEED=12345 scripts/fuzz.sh   reproduce a run (the seed is printed)
set -euo pipefail
cd "$(dirname "$0")/.."

SERVER=${SERVER:-${CARGO_TARGET_DIR:-target}/debug/switchboard-server}
ST=tools/venv/bin/schemathesis
# Time budget of the main (operator) run; the admin run gets half, the
# session-ending endpoints a quarter.
FUZZ_SECONDS=${FUZZ_SECONDS:-100}
FUZZ_SEED=${FUZZ_SEED:-$RANDOM$RANDOM}
CHECKS=not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance

if [[ ! -x "$ST" ]]; then
  echo "fuzz: $ST is missing; run 'scripts/install-tools.sh --test'" >&2
  exit 1
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

work=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(free_port)
base="http://127.0.0.1:$port"
# The Bot API is a closed local port: "Check" and "Connect" are refused at
# once instead of waiting on a network the machine may not have.
"$SERVER" --addr 127.0.0.1 --port "$port" --data-dir "$work/data" --dist-dir "$work/no-dist" --demo \
  --telegram-api-url http://127.0.0.1:9 >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "$base/api/v1/health" 2>/dev/null && break
  sleep 0.2
done

token() {
  curl -fsS -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"demo\"}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

# One schemathesis pass with a seed; its output is also kept in $work/pass.log.
pass() {
  local bearer=$1 seconds=$2 seed=$3
  shift 3
  (cd "$work" && "$OLDPWD/$ST" --config-file "$OLDPWD/tools/schemathesis.toml" \
    run "$OLDPWD/docs/openapi.json" \
    --url "$base" \
    -H "Authorization: Bearer $bearer" \
    --checks "$CHECKS" \
    --phases examples,coverage,fuzzing \
    --max-time "$seconds" \
    --seed "$seed" \
    --workers 1 \
    --request-timeout 10 \
    --generation-database none \
    --no-color \
    --warnings off \
    "$@") 2>&1 | tee "$work/pass.log"
  return "${PIPESTATUS[0]}"
}

# One schemathesis run: fuzz.sh_run NAME TOKEN SECONDS [filters...]
run() {
  local name=$1 bearer=$2 seconds=$3
  shift 3
  echo "fuzz: $name (${seconds}s, seed $FUZZ_SEED)"
  if ! pass "$bearer" "$seconds" "$FUZZ_SEED" "$@"; then
    # Python 3.11's ast module keeps one recursion count per interpreter, not
    # per thread (cpython#106905): the fuzzer runs on one worker so that it
    # never describes two strategies at once. Should it crash that way all
    # the same, with no failure of the server's, the pass is made again once
    # with the next seed.
    local again=false
    if grep -q "AST constructor recursion depth mismatch" "$work/pass.log" \
      && ! grep -q "= FAILURES =" "$work/pass.log"; then
      echo "fuzz: $name: the fuzzer crashed (cpython#106905), not the server; again with seed $((FUZZ_SEED + 1))"
      pass "$bearer" "$seconds" "$((FUZZ_SEED + 1))" "$@" && again=true
    fi
    if [[ $again != true ]]; then
      echo "fuzz: $name found problems (seed $FUZZ_SEED); server log (tail):" >&2
      tail -n 30 "$work/server.log" >&2
      return 1
    fi
  fi
  if ! curl -fsS -o /dev/null "$base/api/v1/health"; then
    echo "fuzz: the server stopped answering after $name" >&2
    tail -n 30 "$work/server.log" >&2
    return 1
  fi
}

# Logging out and changing the password end the session: they get their own
# account and run last. The websocket is covered by the server's tests.
session_enders=(--exclude-path /api/v1/auth/logout --exclude-path /api/v1/me/password)
# Every session is opened before fuzzing starts: the fuzzer's own attempts
# at /auth/login soon trip the login rate limit of 127.0.0.1, and a run
# without a session would test only the refusals.
olivia=$(token olivia@example.com)
admin=$(token admin@example.com)
marc=$(token marc@example.com)
run "operator (olivia)" "$olivia" "$FUZZ_SECONDS" \
  "${session_enders[@]}" --exclude-path /api/v1/events
run "admin" "$admin" "$((FUZZ_SECONDS / 2))" \
  "${session_enders[@]}" --exclude-path /api/v1/events
run "logout and password (marc)" "$marc" "$((FUZZ_SECONDS / 4))" \
  --include-path /api/v1/auth/logout --include-path /api/v1/me/password
if grep -qi "panicked" "$work/server.log"; then
  echo "fuzz: the server panicked:" >&2
  grep -i -A5 "panicked" "$work/server.log" >&2
  exit 1
fi
echo "fuzz: no server error, every response matched the OpenAPI document"
