#!/usr/bin/env bash
# Prints the brotli size of the initial load of the release build in dist/:
#   bundle: N KiB brotli (wasm M KiB, js J KiB, css C KiB)
# With --max KIB, fails when the total is above that budget.
set -euo pipefail
cd "$(dirname "$0")/.."
max=""
if [ "${1:-}" = "--max" ]; then max="$2"; fi

size_of() {
  local total=0 file
  for file in "$@"; do
    [ -f "$file" ] || continue
    total=$((total + $(brotli -c -q 11 "$file" | wc -c)))
  done
  echo "$total"
}

shopt -s nullglob
wasm=$(size_of dist/*.wasm)
js=$(size_of dist/*.js)
css=$(size_of dist/*.css)
total=$((wasm + js + css))
kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
echo "bundle: $(kib "$total") KiB brotli (wasm $(kib "$wasm") KiB, js $(kib "$js") KiB, css $(kib "$css") KiB)"
if [ -n "$max" ] && [ "$total" -gt $((max * 1024)) ]; then
  echo "bundle: over the budget of ${max} KiB brotli" >&2
  exit 1
fi
