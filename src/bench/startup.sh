#!/usr/bin/env bash
# Whole-process timing of ghp-agents through the real launcher (bin/ghp), with medians.
#
#   src/bench/startup.sh [--runs N] [--agents N] [--history N] [--mode own-jvm|daemon|both] [--seed-only DIR]
#
# Builds a scratch repository whose coordination record holds --agents agents and --history
# commits (made with git plumbing, so seeding is fast; each commit carries the Ghp-History trailer
# a real write leaves, and .ghp/config.json keeps agents.history from pruning the seeded history),
# then times, --runs times each:
#   heartbeat   a heartbeat that commits (its action changes every run)
#   throttled   a hook-style heartbeat (--throttle 1h --quiet) that finds nothing to write
#   status      agent-status over every agent
# The JVM and its flags are the launcher's; set GHP_JAVA / GHP_JAVA_OPTS to compare others.
# Each case runs in two modes (--mode): own-jvm, every command in a JVM of its own (GHP_DAEMON=off),
# and daemon, every command sent to the resident daemon (started, and warmed with a few commands,
# before the timing; stopped afterwards).
# Prints one table row per case: median, p90 and min wall time in milliseconds.
# With --seed-only DIR it only builds the repository, at DIR, and exits (src/bench/flat-cost.sh).
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

runs=21
agents=10
history=10
seed_only=""
mode=both
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --agents) agents=$2; shift 2 ;;
    --history) history=$2; shift 2 ;;
    --seed-only) seed_only=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--agents N] [--history N] [--mode own-jvm|daemon|both] [--seed-only DIR]" >&2; exit 2 ;;
  esac
done

bench_setup
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

if [ -n "$seed_only" ]; then
  repo=$(mkdir -p "$seed_only" && cd "$seed_only" && pwd)
else
  bench_workdir
  repo=$work/repo
fi
git init -q -b main "$repo"
cd "$repo"
git commit -q --allow-empty -m init
# Keep the seeded history: the default limits would prune a big one on the first write.
mkdir -p .ghp
printf '{"agents": {"history": {"maxCommits": 1000000, "maxAge": "3650d"}}}\n' >.ghp/config.json

# The agent table: $agents agents, seconds-old timestamps so none is stale.
status_json() {
  local now i sep=""
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  printf '{\n  "schemaVersion": 1,\n  "agents": {\n'
  for ((i = 1; i <= agents; i++)); do
    printf '%s    "agent-%04d": {\n      "issue": %d,\n      "status": "implementing",\n      "lastAction": "step %d of the plan",\n      "timestamp": "%s",\n      "branch": "bench/%d-work",\n      "worktree": "%s"\n    }' \
      "$sep" "$i" "$((100 + i))" "$i" "$now" "$((100 + i))" "$repo"
    sep=$',\n'
  done
  printf '\n  }\n}\n'
}

# $history commits on refs/ghp/coordination through fast-import, one a second up to now, each with
# the history trailer a write leaves; the last holds the full table.
start=$(( $(date +%s) - history ))
since=$(date -u -d "@$((start + 1))" +%Y-%m-%dT%H:%M:%SZ)
{
  for ((c = 1; c < history; c++)); do
    printf -v msg 'history %06d\n\nGhp-History: generation=%d since=%s' "$c" "$c" "$since"
    printf 'commit refs/ghp/coordination\ncommitter bench <bench@example.com> %d +0000\ndata %d\n%s\n' "$((start + c))" "$(( ${#msg} + 1 ))" "$msg"
    # A different table each time, as heartbeats leave it: a blob and two trees per commit.
    printf -v old '{"agents": {"h": {"lastAction": "step %06d"}}}' "$c"
    printf 'M 100644 inline .ghp/agent-status.json\ndata %d\n%s\n\n' "$(( ${#old} + 1 ))" "$old"
  done
  body=$(status_json)
  printf -v msg 'seeded\n\nGhp-History: generation=%d since=%s' "$history" "$since"
  printf 'commit refs/ghp/coordination\ncommitter bench <bench@example.com> %d +0000\ndata %d\n%s\n' "$((start + history))" "$(( ${#msg} + 1 ))" "$msg"
  printf 'M 100644 inline .ghp/agent-status.json\ndata %d\n%s\n' "$(( $(printf '%s' "$body" | wc -c) + 1 ))" "$body"
} | git fast-import --quiet
git gc -q --prune=now 2>/dev/null || true
[ -n "$seed_only" ] && exit 0

median() { sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; p=a[int(NR*0.9+0.5)]; printf "%8.1f %8.1f %8.1f", m, p, a[1]}'; }

time_case() {
  local name=$1; shift
  local i t0 t1
  "$@" >/dev/null 2>&1 || { echo "$name: command failed: $*" >&2; "$@"; exit 1; }  # warm the page cache
  for ((i = 0; i < runs; i++)); do
    t0=$EPOCHREALTIME
    "$@" >/dev/null
    t1=$EPOCHREALTIME
    echo "$t0 $t1" | awk '{printf "%.3f\n", ($2 - $1) * 1000}'
  done | median
}


java_used=$(GHP_DAEMON=off "$ghp" --version | sed -n 2p)
echo "ghp-agents start-up benchmark: $runs runs, $agents agents, $history commits of history"
echo "$java_used; GHP_JAVA_OPTS='${GHP_JAVA_OPTS-}'; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %-12s %8s %8s %8s   (ms)\n' mode case median p90 min
n=0
bump() { n=$((n + 1)); "$ghp" agent-heartbeat --agent bench --issue 1 --status implementing --action "run $n-$RANDOM" "$@"; }
run_cases() {
  local label=$1
  printf '%-8s %-12s %s\n' "$label" heartbeat "$(time_case heartbeat bump --quiet)"
  "$ghp" agent-heartbeat --agent bench --issue 1 --status implementing --action steady --quiet
  printf '%-8s %-12s %s\n' "$label" throttled "$(time_case throttled "$ghp" agent-heartbeat --agent bench --throttle 1h --quiet)"
  printf '%-8s %-12s %s\n' "$label" status "$(time_case status "$ghp" agent-status)"
}
if [ "$mode" = own-jvm ] || [ "$mode" = both ]; then
  GHP_DAEMON=off run_cases own-jvm
fi
if [ "$mode" = daemon ] || [ "$mode" = both ]; then
  export GHP_DAEMON=on
  "$ghp" agent-status >/dev/null
  await_daemon
  # Warm the daemon's code as a day of use would.
  for _ in $(seq 20); do bump --quiet; "$ghp" agent-status >/dev/null; done
  run_cases daemon
  stop_daemons
fi
