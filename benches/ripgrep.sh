#!/usr/bin/env bash
# Compares `salvaguarda scan` with ripgrep searching the same phrases in the same file, side by
# side in one run, and measures the peak memory of each. Needs ripgrep (Debian: apt-get install
# -y ripgrep) and GNU time (/usr/bin/time).
#
#   bash benches/ripgrep.sh                 # cargo bench --bench scan first, then the comparison
#   SKIP_BENCH=1 bash benches/ripgrep.sh    # the comparison only (files already written)
#   OTHER=path/to/salvaguarda bash benches/ripgrep.sh   # also time another build of the binary
#
# 1. `cargo bench --bench scan` writes to target/scan-bench/: bill.md (about 15.7 MB, Spanish,
#    generated from the example bill), corpus-es.md and corpus-pt.md (the laws of tests/corpus
#    joined per language) and phrases-es.txt, phrases-pt.txt (the checklist's phrases).
# 2. For each file, alternating the programs, N runs each (N=5; RUNS=… to change), it prints the
#    best wall time, the user CPU time of that run and the median user CPU time of all runs (on
#    a shared machine the fairer comparison), the throughput and the peak memory:
#    - rg -F -i -f phrases -c         (literal, case-insensitive)
#    - salvaguarda scan --format json (folding accents and case, articles, negations, ranking)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v rg >/dev/null || { echo "ripgrep (rg) is not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is not installed" >&2; exit 1; }

if [ -z "${SKIP_BENCH:-}" ]; then
  cargo bench --bench scan
fi
cargo build --release --quiet

DIR=target/scan-bench
RUNS=${RUNS:-5}

# run NAME FILE CMD...: RUNS runs; prints the best (wall, user, max RSS).
run() {
  local name=$1 file=$2; shift 2
  local best="" best_user="" best_rss="" users=""
  for _ in $(seq "$RUNS"); do
    local out
    out=$( { /usr/bin/time -f "%e %U %M" "$@" > /dev/null; } 2>&1 | tail -1 )
    read -r wall user rss <<< "$out"
    users="$users$user"$'\n'
    if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc -l)" = 1 ]; then
      best=$wall; best_user=$user; best_rss=$rss
    fi
  done
  local bytes
  bytes=$(stat -c %s "$file")
  local median
  median=$(printf '%s' "$users" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  printf '%-34s %7.2f s (user %5.2f s, median %5.2f s) %8.1f MB/s %8.1f MiB peak (%.1f× the input)\n' \
    "$name" "$best" "$best_user" "$median" "$(echo "$bytes / 1048576 / $best" | bc -l)" \
    "$(echo "$best_rss / 1024" | bc -l)" "$(echo "$best_rss * 1024 / $bytes" | bc -l)"
}

for case in "bill.md es" "corpus-es.md es" "corpus-pt.md pt"; do
  read -r file lang <<< "$case"
  f=$DIR/$file
  p=$DIR/phrases-$lang.txt
  echo
  echo "$f ($(stat -c %s "$f") bytes), $(wc -l < "$p") $lang phrases"
  run "rg -F -i -f phrases -c" "$f" rg -F -i -f "$p" -c "$f"
  run "salvaguarda scan --format json" "$f" ./target/release/salvaguarda scan "$f" --text-lang "$lang" --format json
  if [ -n "${OTHER:-}" ]; then
    run "other: scan --format json" "$f" "$OTHER" scan "$f" --text-lang "$lang" --format json
  fi
done
