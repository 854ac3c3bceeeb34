#!/usr/bin/env bash
# What one heartbeat adds to the object store, loose and after `git gc` (packed).
#
#   src/bench/heartbeat-bytes.sh [--agents "10 1000"] [--beats N]
#
# For each agent count: a repository whose agent table holds that many agents (src/bench/startup.sh
# --seed-only), packed with `git gc`; then --beats heartbeats (default 100) through bin/ghp, each
# by one of the agents with a new action, as agents do. Measured:
#   loose    bytes of the new loose objects (their file sizes), and the disk they take (du: each
#            loose object occupies at least one file-system block)
#   objects  loose objects per heartbeat
#   packed   growth of the packs after `git gc` (git's defaults: deltas, zlib), per heartbeat
# Prints one row per agent count, figures per heartbeat.
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

agent_counts="10 1000"
beats=100
while [ $# -gt 0 ]; do
  case "$1" in
    --agents) agent_counts=$2; shift 2 ;;
    --beats) beats=$2; shift 2 ;;
    *) echo "usage: $0 [--agents \"10 1000\"] [--beats N]" >&2; exit 2 ;;
  esac
done

bench_setup
# Figures of the record and of one process each: no daemon (which a heartbeat would start).
export GHP_DAEMON=off
bench_workdir

loose_bytes() { find "$1/.git/objects" -path '*/objects/[0-9a-f][0-9a-f]/*' -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
loose_disk() { find "$1/.git/objects" -path '*/objects/[0-9a-f][0-9a-f]/*' -type f -printf '%b\n' | awk '{s += $1 * 512} END {print s + 0}'; }
loose_count() { find "$1/.git/objects" -path '*/objects/[0-9a-f][0-9a-f]/*' -type f | wc -l; }
pack_bytes() { find "$1/.git/objects/pack" -name '*.pack' -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
per() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f", a / b}'; }

echo "ghp-agents bytes per heartbeat: $beats heartbeats per repository; $(git --version)"
printf '%-8s %14s %14s %14s %12s %14s\n' agents "table bytes" "loose bytes" "loose on disk" "objects" "packed bytes"
for agents in $agent_counts; do
  repo=$work/repo-$agents
  "$root/src/bench/startup.sh" --seed-only "$repo" --agents "$agents" --history 1
  git -C "$repo" gc -q --prune=now
  table=$(git -C "$repo" cat-file -s refs/ghp/coordination:.ghp/agent-status.json)
  packed_before=$(pack_bytes "$repo")
  for ((i = 1; i <= beats; i++)); do
    printf -v name 'agent-%04d' $(( (i - 1) % agents + 1 ))
    "$ghp" agent-heartbeat -C "$repo" --agent "$name" --action "step $i of the plan" --quiet
  done
  loose=$(loose_bytes "$repo")
  disk=$(loose_disk "$repo")
  count=$(loose_count "$repo")
  git -C "$repo" gc -q --prune=now
  packed_after=$(pack_bytes "$repo")
  [ "$(loose_count "$repo")" -eq 0 ] || { echo "gc left loose objects in $repo" >&2; exit 1; }
  printf '%-8s %14s %14s %14s %12s %14s\n' "$agents" "$table" "$(per "$loose" "$beats")" "$(per "$disk" "$beats")" \
    "$(awk -v a="$count" -v b="$beats" 'BEGIN {printf "%.1f", a / b}')" "$(per $((packed_after - packed_before)) "$beats")"
done
echo "(per heartbeat; table bytes: the size of .ghp/agent-status.json; packed: after git gc --prune=now)"
