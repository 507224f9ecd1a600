#!/usr/bin/env bash
# Prints the brotli size of the initial load of the release build in dist/,
# then what is loaded on demand:
#   bundle: N KiB brotli (wasm M KiB, js J KiB, css C KiB)
#   on demand: L KiB brotli in P parts (...)
# The initial load is what index.html references (the loader, the styles, the
# start module and its glue) and every module those scripts import
# statically; the other wasm files are the parts of src/lazy.rs, fetched once
# the queue is on screen. With --max KIB, fails when the initial load is above
# that budget. Sizes are measured by compressing each file here, the way
# scripts/compress-dist.mjs wrote its .br copy; those copies (and the .gz
# ones) are not files of their own in this count.
set -euo pipefail
cd "$(dirname "$0")/.."
max=""
if [ "${1:-}" = "--max" ]; then max="$2"; fi

if [ ! -f dist/index.html ]; then
  echo "bundle: dist/ has no build; run 'make app' first" >&2
  exit 1
fi

brotli_size() { brotli -c -q 11 "dist/$1" | wc -c; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

# The files index.html names, then the static imports of every script found.
mapfile -t pending < <(grep -oE '(href|src)="\./[^"]+\.(js|wasm|css)"' dist/index.html |
  sed -E 's/^(href|src)="\.\///; s/"$//' | sort -u)
declare -A initial=()
while [ "${#pending[@]}" -gt 0 ]; do
  file=${pending[0]}
  pending=("${pending[@]:1}")
  [ -n "${initial[$file]:-}" ] && continue
  if [ ! -f "dist/$file" ]; then
    echo "bundle: index.html references $file, which dist/ lacks" >&2
    exit 1
  fi
  initial[$file]=1
  if [[ "$file" == *.js ]]; then
    while read -r imported; do
      pending+=("$imported")
    done < <(grep -oE "(from|import) *['\"]\./[^'\"]+\.js['\"]" "dist/$file" |
      sed -E "s/^(from|import) *['\"]\.\///; s/['\"]$//")
  fi
done

wasm=0 js=0 css=0
for file in "${!initial[@]}"; do
  size=$(brotli_size "$file")
  case "$file" in
    *.wasm) wasm=$((wasm + size)) ;;
    *.js) js=$((js + size)) ;;
    *.css) css=$((css + size)) ;;
  esac
done
total=$((wasm + js + css))
echo "bundle: $(kib "$total") KiB brotli (wasm $(kib "$wasm") KiB, js $(kib "$js") KiB, css $(kib "$css") KiB)"

lazy=0 parts=()
shopt -s nullglob
for path in dist/*.wasm; do
  file=${path#dist/}
  [ -n "${initial[$file]:-}" ] && continue
  size=$(brotli_size "$file")
  lazy=$((lazy + size))
  parts+=("${file%%-*} $(kib "$size")")
done
if [ "${#parts[@]}" -gt 0 ]; then
  list=$(printf '%s, ' "${parts[@]}")
  echo "on demand: $(kib "$lazy") KiB brotli in ${#parts[@]} parts (${list%, })"
fi

if [ -n "$max" ] && [ "$total" -gt $((max * 1024)) ]; then
  echo "bundle: the initial load is over the budget of ${max} KiB brotli" >&2
  exit 1
fi
