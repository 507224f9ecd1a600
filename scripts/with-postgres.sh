#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL (scripts/postgres.sh): its URL is
# in SWITCHBOARD_TEST_DATABASE_URL, and the cluster is stopped and removed
# when the command ends, whatever happens.
#   scripts/with-postgres.sh cargo test -p switchboard-server --test integration
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

cluster=$(mktemp -d)
cleanup() {
  scripts/postgres.sh stop "$cluster" || true
  rm -rf "$cluster"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SWITCHBOARD_TEST_DATABASE_URL=$(scripts/postgres.sh start "$cluster")
export SWITCHBOARD_TEST_DATABASE_URL
"$@"
