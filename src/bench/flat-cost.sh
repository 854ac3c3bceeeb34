#!/usr/bin/env bash
# Does the cost of a heartbeat and of agent-status stay flat as agents and history grow?
#
#   src/bench/flat-cost.sh [--runs N] [--agents N] [--history N] [--baseline OTHER_GHP]
#
# Builds three repositories with src/bench/startup.sh --seed-only:
#   base      10 agents, 10 commits of history
#   agents    --agents agents (default 1000), 10 commits
#   history   10 agents, --history commits (default 100000; a blob and two trees per commit)
# then runs, --runs rounds (default 21), in each round and for each repository in turn (the order
# rotates every round, so load from other processes falls on all of them alike):
#   heartbeat   ghp agent-heartbeat that commits (its action changes every run)
#   status      ghp agent-status over every agent
#   hook        ghp agent-hooks run post-tool-use, Claude Code's JSON on stdin, for the agent the
#               heartbeat case just wrote: throttled, with nothing unread (the path of almost every tool call)
# Each run is timed for wall time and CPU time (user + sys of the process, which other load on
# the machine disturbs much less). Prints medians and p90s, and each case's ratio to base.
# Commands go to the daemon unless GHP_DAEMON=off (every command in its own JVM); in daemon mode
# the CPU column is the client's (bash, and cat for a long stdout) alone, and "daemon cpu" is the
# daemons' mean CPU time per command (from /proc/PID/stat, in clock ticks of 10 ms, so a mean over
# the runs, not a median): on a loaded machine, client and daemon CPU are the figures to compare.
# --baseline OTHER_GHP runs every case with that launcher too (another checkout's bin/ghp, built),
# interleaved with this one's, for a before/after comparison on the same repositories.
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

runs=21
baseline=""
agents=1000
history=100000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --agents) agents=$2; shift 2 ;;
    --history) history=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--agents N] [--history N] [--baseline OTHER_GHP]" >&2; exit 2 ;;
  esac
done

bench_setup

bench_workdir
mode=$bench_mode
repos=(base agents history)
# A variant is a launcher and a repository: "this" is this checkout's bin/ghp.
variants=()
for r in "${repos[@]}"; do
  variants+=("this/$r")
  [ -n "$baseline" ] && variants+=("baseline/$r")
done
launcher() { case $1 in this/*) echo "$ghp" ;; baseline/*) echo "$baseline" ;; esac; }
echo "seeding: base (10 agents, 10 commits), agents ($agents agents), history ($history commits) ..." >&2
"$root/src/bench/startup.sh" --seed-only "$work/base" --agents 10 --history 10
"$root/src/bench/startup.sh" --seed-only "$work/agents" --agents "$agents" --history 10
"$root/src/bench/startup.sh" --seed-only "$work/history" --agents 10 --history "$history"

TIMEFORMAT='%3R %3U %3S'
n=0
# One timed run: appends "wall_ms cpu_ms" to $work/<launcher>.<repo>.<case>.
sample() {
  local variant=$1 case=$2 t d0 d1
  shift 2
  d0=$(daemon_ticks)
  t=$( { time "$@" >/dev/null 2>&1; } 2>&1 ) || { echo "$variant $case failed: $*" >&2; "$@"; exit 1; }
  d1=$(daemon_ticks)
  echo "$t" | awk -v d=$((d1 - d0)) -v hz="$ticks_per_second" '{printf "%.1f %.1f %.1f\n", $1 * 1000, ($2 + $3) * 1000, d * 1000 / hz}' \
    >>"$work/${variant/\//.}.$case"
}
ticks_per_second=$(getconf CLK_TCK 2>/dev/null || echo 100)
# CPU time (user + sys, clock ticks) of every daemon of this run so far; 0 in own-JVM mode.
daemon_ticks() {
  local pid total=0 stat
  [ "$mode" = daemon ] || { echo 0; return; }
  for pid in $(daemon_pids); do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    # shellcheck disable=SC2086
    set -- $stat
    total=$((total + ${12} + ${13}))
  done
  echo "$total"
}
run_case() {
  local variant=$1 case=$2 g repo
  g=$(launcher "$variant")
  repo=$work/${variant#*/}
  n=$((n + 1))
  case $case in
    heartbeat) sample "$variant" heartbeat "$g" agent-heartbeat -C "$repo" --agent bench --issue 1 \
                 --status implementing --action "run $n" --quiet ;;
    status) sample "$variant" status "$g" agent-status -C "$repo" ;;
    hook) printf '{"cwd": "%s", "hook_event_name": "PostToolUse", "tool_name": "Bash"}' "$repo" >"$work/hook.json"
          sample "$variant" hook env GHP_AGENT=bench "$g" agent-hooks run post-tool-use <"$work/hook.json" ;;
  esac
}

# Warm-up: one of each per repository, not counted (page cache, the first write's lock file).
for v in "${variants[@]}"; do
  for c in heartbeat status hook; do
    run_case "$v" "$c"
  done
done
if [ "$mode" = daemon ]; then
  await_daemon
  for _ in $(seq 10); do
    for v in "${variants[@]}"; do run_case "$v" heartbeat; run_case "$v" status; run_case "$v" hook; done
  done
fi
rm -f "$work"/this.* "$work"/baseline.*

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 0; r < runs; r++)); do
  for ((k = 0; k < ${#variants[@]}; k++)); do
    v=${variants[$(((r + k) % ${#variants[@]}))]}
    run_case "$v" heartbeat
    run_case "$v" status
    run_case "$v" hook
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# median and p90 of column $1 of a file
stat() { sort -n -k"$1","$1" "$2" | awk -v c="$1" '{a[NR]=$c} END {printf "%s %s", a[int((NR+1)/2)], a[int(NR*0.9+0.5)]}'; }

echo "ghp-agents flat-cost benchmark: $runs interleaved rounds; mode $mode; $(GHP_DAEMON=off "$ghp" --version | sed -n 2p); $(nproc) cores"
[ -n "$baseline" ] && echo "this: $ghp; baseline: $baseline"
echo "load average before: $load_before; after: $load_after"
# mean of column $1 of a file
mean() { awk -v c="$1" '{s += $c} END {printf "%.1f", s / NR}' "$2"; }

printf '%-10s %-18s %10s %8s %10s %8s %10s %9s %12s %9s\n' case variant "wall med" p90 "cpu med" p90 "wall/base" "cpu/base" \
  "daemon cpu" "/base"
for c in heartbeat status hook; do
  for l in this baseline; do
    [ -f "$work/$l.base.$c" ] || continue
    read -r base_wall _ <<<"$(stat 1 "$work/$l.base.$c")"
    read -r base_cpu _ <<<"$(stat 2 "$work/$l.base.$c")"
    base_daemon=$(mean 3 "$work/$l.base.$c")
    for r in "${repos[@]}"; do
      read -r wall wall90 <<<"$(stat 1 "$work/$l.$r.$c")"
      read -r cpu cpu90 <<<"$(stat 2 "$work/$l.$r.$c")"
      daemon=$(mean 3 "$work/$l.$r.$c")
      printf '%-10s %-18s %10s %8s %10s %8s %10s %9s %12s %9s\n' "$c" "$l/$r" "$wall" "$wall90" "$cpu" "$cpu90" \
        "$(awk -v a="$wall" -v b="$base_wall" 'BEGIN {printf "%.2fx", a / b}')" \
        "$(awk -v a="$cpu" -v b="$base_cpu" 'BEGIN {printf "%.2fx", a / b}')" \
        "$daemon" "$(awk -v a="$daemon" -v b="$base_daemon" 'BEGIN {if (b > 0) printf "%.2fx", a / b; else printf "-"}')"
    done
  done
done
echo "(milliseconds; base = 10 agents and 10 commits, agents = $agents agents, history = $history commits)"
