#!/usr/bin/env bash
# Runs the conformance suite (conformance/, docs/conformance.md) against the
# reference server: builds both, starts `switchboard-server --demo` on a free
# port with a temporary data folder, runs the short form, and stops the
# server when the script exits, whatever happens.
#   scripts/conformance.sh                 short form
#   scripts/conformance.sh --full          long form (any argument goes to the suite)
#   SERVER=path scripts/conformance.sh     use this server binary (not built)
#   BALANCE=1 scripts/conformance.sh       through the suite's round-robin
#                                          balancer (two routes to the one
#                                          instance: every request and socket
#                                          crosses a fresh proxied connection)
#   DATABASE=postgres scripts/conformance.sh
#                                          on a throwaway PostgreSQL
#                                          (scripts/postgres.sh) instead of SQLite
#   DATABASE=postgres INSTANCES=2 scripts/conformance.sh
#                                          two instances on that database behind
#                                          the balancer, which switches instance
#                                          between requests and connections
set -euo pipefail
cd "$(dirname "$0")/.."

target=${CARGO_TARGET_DIR:-target}
if [[ -z "${SERVER:-}" ]]; then
  cargo build -p switchboard-server -p switchboard-conformance
  SERVER=$target/debug/switchboard-server
else
  cargo build -p switchboard-conformance
fi
SUITE=$target/debug/switchboard-conformance

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

work=$(mktemp -d)
pids=()
cluster=
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "$cluster" ]]; then
    scripts/postgres.sh stop "$cluster" || true
    rm -rf "$cluster"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

database=()
case "${DATABASE:-sqlite}" in
  sqlite) ;;
  postgres)
    cluster=$(mktemp -d)
    database=(--database-url "$(scripts/postgres.sh start "$cluster")")
    ;;
  *) echo "conformance: DATABASE is sqlite or postgres" >&2; exit 2 ;;
esac
instances=${INSTANCES:-1}
if [[ $instances != 1 && ${DATABASE:-sqlite} != postgres ]]; then
  echo "conformance: several instances share a PostgreSQL database (DATABASE=postgres)" >&2
  exit 2
fi

# Starts instance $1 (its log: server-$1.log), with the demo data if $2 is
# "--demo", and waits until it answers; its port goes to `ports`.
start_instance() {
  local port
  port=$(free_port)
  # The Bot API is a closed local port: nothing waits on a network the
  # machine may not have.
  "$SERVER" --addr 127.0.0.1 --port "$port" --data-dir "$work/data-$1" --dist-dir "$work/no-dist" \
    "${database[@]}" ${2:+"$2"} --telegram-api-url http://127.0.0.1:9 >"$work/server-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/health" 2>/dev/null; then
      ports+=("$port")
      return 0
    fi
    sleep 0.2
  done
  echo "conformance: instance $1 did not start; its log:" >&2
  cat "$work/server-$1.log" >&2
  return 1
}

# The first instance seeds the demo workspace; the others join its database.
ports=()
start_instance 1 --demo
for i in $(seq 2 "$instances"); do
  start_instance "$i"
done
base="http://127.0.0.1:${ports[0]}"

url=$base
if [[ "${BALANCE:-}" == 1 || $instances != 1 ]]; then
  balance_port=$(free_port)
  routes=()
  for port in "${ports[@]}"; do routes+=(--to "127.0.0.1:$port"); done
  # One instance: two routes to it, so every request and socket still
  # crosses a fresh proxied connection.
  if [[ $instances == 1 ]]; then routes+=(--to "127.0.0.1:${ports[0]}"); fi
  "$SUITE" balance --listen "127.0.0.1:$balance_port" "${routes[@]}" \
    >"$work/balance.log" 2>&1 &
  pids+=($!)
  url="http://127.0.0.1:$balance_port"
  for _ in $(seq 1 50); do
    curl -fsS -o /dev/null "$url/api/v1/health" 2>/dev/null && break
    sleep 0.1
  done
fi

status=0
timeout --kill-after=10 "${CONFORMANCE_TIMEOUT:-600}" "$SUITE" --url "$url" "$@" || status=$?
for log in "$work"/server-*.log; do
  if grep -qi "panicked" "$log"; then
    echo "conformance: the server panicked ($(basename "$log")):" >&2
    grep -i -A5 "panicked" "$log" >&2
    status=1
  fi
done
if [[ $status != 0 ]]; then
  for log in "$work"/server-*.log; do
    echo "conformance: failed (exit $status); $(basename "$log") (tail):" >&2
    tail -n 30 "$log" >&2
  done
fi
exit "$status"
