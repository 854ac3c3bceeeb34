#!/usr/bin/env bash
# Many agents heartbeating at once against one repository, through bin/ghp.
#
#   src/bench/contention.sh [--procs N] [--beats N] [--ghp LAUNCHER]
#
# Starts --procs processes (default 16) at the same moment; each makes --beats heartbeats
# (default 20) one after another as its own agent, with --json. Prints the total wall time, writes
# per second, compare-and-swap attempts per write, how long writers waited for the OS write lock,
# each heartbeat's own wall time, failures (a heartbeat that exits non-zero has told its caller
# that nothing was written), and entries lost: heartbeats that reported a commit which is not in
# the ref's history, or agents missing from the final table. Must be 0.
# --ghp runs another build's launcher (another checkout's bin/ghp) for a before/after comparison.
# Exits non-zero when anything was lost or failed.
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

procs=16
beats=20
while [ $# -gt 0 ]; do
  case "$1" in
    --procs) procs=$2; shift 2 ;;
    --beats) beats=$2; shift 2 ;;
    --ghp) ghp=$2; shift 2 ;;
    *) echo "usage: $0 [--procs N] [--beats N] [--ghp LAUNCHER]" >&2; exit 2 ;;
  esac
done

bench_setup

# Heartbeats go to a daemon of this run's own (started by the warm-up) unless GHP_DAEMON=off.
bench_workdir
mode=$bench_mode
repo=$work/repo
git init -q -b main "$repo"
# One heartbeat first, so the ref and the lock file exist and the page cache is warm.
"$ghp" agent-heartbeat -C "$repo" --agent warm-up --quiet
if [ "$mode" = daemon ]; then
  await_daemon
  for i in $(seq 10); do "$ghp" agent-heartbeat -C "$repo" --agent warm-up --action "warm $i" --quiet; done
fi
commits_before=$(git -C "$repo" rev-list --count refs/ghp/coordination)

writer() {
  local p=$1 i t0 t1
  for ((i = 1; i <= beats; i++)); do
    t0=$EPOCHREALTIME
    "$ghp" agent-heartbeat -C "$repo" --agent "agent-$p" --issue "$p" --status implementing \
      --action "beat $i" --json >"$work/out-$p-$i.json" 2>"$work/err-$p-$i" || echo "failed" >"$work/failed-$p-$i"
    t1=$EPOCHREALTIME
    echo "$t0 $t1" | awk '{printf "%.1f\n", ($2 - $1) * 1000}' >>"$work/latency"
  done
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$EPOCHREALTIME
for ((p = 1; p <= procs; p++)); do
  writer "$p" &
done
wait
end=$EPOCHREALTIME
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

failed=$(find "$work" -name 'failed-*' | wc -l)
writes=$((procs * beats))
wall=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')
field() { sed -n "s/^  \"$1\": \\(.*\\),\$/\\1/p" "$work"/out-*.json; }
field attempts >"$work/attempts"
field lockWaitMillis >"$work/lockwait"
field commit | tr -d '"' >"$work/commits"

lost=0
while read -r c; do
  git -C "$repo" merge-base --is-ancestor "$c" refs/ghp/coordination 2>/dev/null || lost=$((lost + 1))
done <"$work/commits"
status=$(git -C "$repo" show refs/ghp/coordination:.ghp/agent-status.json)
for ((p = 1; p <= procs; p++)); do
  grep -q "\"agent-$p\"" <<<"$status" || lost=$((lost + 1))
done
last_ok=$(grep -c "\"lastAction\": \"beat $beats\"" <<<"$status" || true)
commits=$(( $(git -C "$repo" rev-list --count refs/ghp/coordination) - commits_before ))

q() { sort -n "$1" | awk -v p="$2" '{a[NR]=$1} END {printf "%s", a[int(NR*p+0.5) < 1 ? 1 : int(NR*p+0.5)]}'; }
echo "ghp-agents contention: $procs processes x $beats heartbeats at once, one repository; $(nproc) cores"
echo "$ghp on $(GHP_DAEMON=off "$ghp" --version | sed -n 2p); mode $mode"
echo "load average before: $load_before; after: $load_after"
echo "total wall time          ${wall} s"
echo "writes                   $writes ($commits commits on the ref, $failed failed$( [ "$failed" -gt 0 ] && echo ": $(cat "$work"/err-* | sort | uniq -c | sort -rn | head -1)"))"
echo "writes per second        $(awk -v w="$writes" -v s="$wall" 'BEGIN {printf "%.1f", w / s}')"
echo "attempts per write       mean $(awk '{s += $1} END {printf "%.3f", s / NR}' "$work/attempts"), max $(sort -n "$work/attempts" | tail -1)"
echo "lock wait (ms)           median $(q "$work/lockwait" 0.5), p90 $(q "$work/lockwait" 0.9), max $(sort -n "$work/lockwait" | tail -1)"
echo "heartbeat wall (ms)      median $(q "$work/latency" 0.5), p90 $(q "$work/latency" 0.9), max $(sort -n "$work/latency" | tail -1)"
echo "agents at their last beat $last_ok of $procs (an agent whose last heartbeat failed is at an earlier one)"
echo "entries lost             $lost"
[ "$lost" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$commits" -eq "$writes" ] && [ "$last_ok" -eq "$procs" ]
