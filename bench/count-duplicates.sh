#!/bin/bash
# The duplicate check's cost counted in instructions (issue 15; BENCHMARKS.md, session 13): JS,
# wasm and V8's collector together, under callgrind, with V8 made deterministic
# (`--predictable`; `--no-incremental-marking`, whose pacing by time moved major collections
# between passes from one build to the next). One pass and three passes per process, off and
# warn; prints the mean of passes two and three. Needs valgrind (apt) and bench/data (node
# bench/gen.mjs). ~25 min for the 100k set on two cores.
#   bash bench/count-duplicates.sh [PKG_DIR] [SET]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pkg=$(cd "${1:-$here/../pkg}" && pwd)
set_name=${2:-contacts-mixed-100k}
out=$(mktemp -d)
run() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    node --predictable --no-incremental-marking --no-liftoff --no-wasm-tier-up \
    "$here/count.mjs" "$pkg" "$1" "$2" "$set_name" > "$out/$1_$2.log" 2>&1
}
run off 1 & run warn 1 & wait
run off 3 & run warn 3 & wait
count() { grep -o "Collected : [0-9]*" "$out/$1_$2.log" | grep -o "[0-9]*$"; }
for m in off warn; do
  echo "$m $(( ($(count $m 3) - $(count $m 1)) / 2 ))"
done | awk '{ v[$1] = $2; print $1 ": " $2 " instructions a pass" }
  END { printf "warn / off: %+.2f%%\n", (v["warn"] / v["off"] - 1) * 100 }'
rm -rf "$out"
