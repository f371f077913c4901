#!/usr/bin/env bash
# Compares the throughput of `salvaguarda scan` with ripgrep searching the same phrase list in
# the same file. Needs ripgrep (Debian: apt-get install -y ripgrep).
#
#   bash benches/ripgrep.sh
#
# 1. `cargo bench --bench scan` generates target/scan-bench/bill.md (about 16 MB, Spanish) and
#    target/scan-bench/phrases-es.txt (the checklist's Spanish phrases), and measures each stage.
# 2. This script then times, end to end on that file (best of 5 runs each):
#    - rg -F -f phrases -c            (literal, case-sensitive: ripgrep's fastest path)
#    - rg -F -i -f phrases -c         (literal, case-insensitive)
#    - salvaguarda scan --format json (folding accents and case, articles, negations, ranking)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v rg >/dev/null || { echo "ripgrep (rg) is not installed" >&2; exit 1; }

cargo bench --bench scan
cargo build --release --quiet

BILL=target/scan-bench/bill.md
PHRASES=target/scan-bench/phrases-es.txt
BYTES=$(stat -c %s "$BILL")

best_of_5() {
  local best=""
  for _ in 1 2 3 4 5; do
    local s e t
    s=$(date +%s.%N)
    "$@" > /dev/null
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  echo "$best"
}

report() {
  local name=$1 secs=$2
  printf '%-40s %8.3f s %10.1f MB/s\n' "$name" "$secs" "$(echo "$BYTES / 1048576 / $secs" | bc -l)"
}

echo
echo "file: $BILL ($BYTES bytes), phrases: $(wc -l < "$PHRASES")"
report "rg -F -f phrases -c" "$(best_of_5 rg -F -f "$PHRASES" -c "$BILL")"
report "rg -F -i -f phrases -c" "$(best_of_5 rg -F -i -f "$PHRASES" -c "$BILL")"
report "salvaguarda scan --format json" \
  "$(best_of_5 ./target/release/salvaguarda scan "$BILL" --text-lang es --format json)"
