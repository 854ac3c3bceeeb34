#!/usr/bin/env bash
# What a prune costs: the one heartbeat in maxCommits/4 that rewrites history, through bin/ghp.
#
#   src/bench/prune-cost.sh [--max-commits N] [--runs N]
#
# Seeds a history one commit past the prune threshold (1.25 x --max-commits, default 50000, the
# default limit), then --runs times (default 5): resets the ref to that history, and times
#   dry-run      ghp agent-prune --dry-run (walks the kept part of the history, writes nothing)
#   pruning      the heartbeat that crosses the threshold and prunes (rewrites max-commits - 1 commits)
#   next         the heartbeat after it (back to the usual cost)
# Prints medians of wall and CPU time (user + sys), the size of the pack a prune writes, and
# checks the result with git fsck.
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

max=50000
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --max-commits) max=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--max-commits N] [--runs N]" >&2; exit 2 ;;
  esac
done

bench_setup
# Figures of the record and of one process each: no daemon (which a heartbeat would start).
export GHP_DAEMON=off
bench_workdir
repo=$work/repo
threshold=$((max + max / 4))
echo "seeding $threshold commits ..." >&2
"$root/src/bench/startup.sh" --seed-only "$repo" --agents 10 --history "$threshold"
printf '{"agents": {"history": {"maxCommits": %d, "maxAge": "3650d"}}}\n' "$max" >"$repo/.ghp/config.json"
tip=$(git -C "$repo" rev-parse refs/ghp/coordination)

TIMEFORMAT='%3R %3U %3S'
timed() {
  local file=$1 t
  shift
  t=$( { time "$@" >"$work/last.out" 2>&1; } 2>&1 ) || { cat "$work/last.out" >&2; exit 1; }
  echo "$t" | awk '{printf "%.0f %.0f\n", $1 * 1000, ($2 + $3) * 1000}' >>"$work/$file"
}
packs() { find "$repo/.git/objects/pack" -name '*.pack' | sort; }

for ((r = 1; r <= runs; r++)); do
  git -C "$repo" update-ref refs/ghp/coordination "$tip"
  timed dry-run "$ghp" agent-prune -C "$repo" --dry-run
  packs >"$work/packs-before"
  timed pruning "$ghp" agent-heartbeat -C "$repo" --agent bench --action "prune run $r" --json
  pruned=$(sed -n 's/^  "prunedCommits": \(.*\),$/\1/p' "$work/last.out")
  [ "$pruned" -gt 0 ] || { echo "the heartbeat did not prune: $(cat "$work/last.out")" >&2; exit 1; }
  packs >"$work/packs-after"
  comm -13 "$work/packs-before" "$work/packs-after" | xargs -r stat -c %s >>"$work/pack-bytes"  # later runs rewrite the same commits: the same pack
  timed next "$ghp" agent-heartbeat -C "$repo" --agent bench --action "after prune $r" --quiet
done
kept=$(git -C "$repo" rev-list --count refs/ghp/coordination)
git -C "$repo" fsck --strict --no-dangling 2>&1 | grep -iE 'error|warning' && { echo "fsck complained" >&2; exit 1; }

med() { sort -n -k"$1","$1" "$2" | awk -v c="$1" '{a[NR]=$c} END {printf "%s", a[int((NR+1)/2)]}'; }
echo "ghp-agents prune cost: history of $threshold commits, maxCommits $max, $runs runs; $("$ghp" --version | sed -n 2p); $(nproc) cores"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %10s %10s\n' case "wall med" "cpu med"
for c in dry-run pruning next; do
  printf '%-10s %10s %10s\n' "$c" "$(med 1 "$work/$c")" "$(med 2 "$work/$c")"
done
echo "(milliseconds) each prune removed $pruned commits and wrote a pack of $(med 1 "$work/pack-bytes") bytes;"
echo "history afterwards: $kept commits; git fsck --strict: clean"
