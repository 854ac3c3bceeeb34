#!/usr/bin/env bash
# CPU time of agent-status through the daemon, 10 agents against 1,000: the daemon's and the client's.
#
#   src/bench/daemon-cpu.sh [--commands N] [--agents N] [--baseline OTHER_GHP]
#
# Builds two repositories (10 agents; --agents agents, default 1000) with src/bench/startup.sh
# --seed-only, warms a daemon of the run's own with 20 commands, then runs agent-status --commands
# times in a row (default 200) on each and prints, per command, the daemon's CPU time (user + sys
# from /proc/PID/stat before and after), the client's (bash, and cat for a long stdout: `time` of
# the loop) and the wall time. Nothing changes the table between commands, so every one after the
# first reads it from the daemon's cache of decoded tables. CPU time is what a loaded machine
# disturbs least: on a 2-core machine that other builds keep busy, wall-time medians move by
# a third between identical runs. --baseline runs the same with another checkout's bin/ghp (built).
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

commands=200
agents=1000
baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --commands) commands=$2; shift 2 ;;
    --agents) agents=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    *) echo "usage: $0 [--commands N] [--agents N] [--baseline OTHER_GHP]" >&2; exit 2 ;;
  esac
done
[ "$bench_mode" = daemon ] || { echo "$0 measures the daemon: unset GHP_DAEMON" >&2; exit 2; }

bench_setup
bench_workdir
"$root/src/bench/startup.sh" --seed-only "$work/small" --agents 10 --history 10
"$root/src/bench/startup.sh" --seed-only "$work/large" --agents "$agents" --history 10
tick=$(getconf CLK_TCK 2>/dev/null || echo 100)

# user + sys clock ticks of process $1
ticks() {
  local stat
  stat=$(cat "/proc/$1/stat")
  stat=${stat##*) }
  # shellcheck disable=SC2086
  set -- $stat
  echo $((${12} + ${13}))
}

# One launcher on one repository: prints the line of figures.
measure() {
  local g=$1 repo=$2 pid d0 d1 t0 t1 client i
  for i in $(seq 20); do "$g" agent-status -C "$repo" >/dev/null 2>&1 || true; done
  await_daemon
  pid=$(GHP_TRACE=1 "$g" agent-status -C "$repo" 2>&1 >/dev/null | sed -n 's/.*run by the daemon (pid \([0-9]*\)).*/\1/p')
  [ -n "$pid" ] || { echo "no daemon ran the command for $g" >&2; exit 1; }
  d0=$(ticks "$pid")
  t0=$(date +%s%N)
  TIMEFORMAT='%3U %3S'
  client=$( { time (for ((i = 0; i < commands; i++)); do "$g" agent-status -C "$repo" >/dev/null 2>&1 || true; done); } 2>&1 )
  t1=$(date +%s%N)
  d1=$(ticks "$pid")
  echo "$client" | awk -v d=$((d1 - d0)) -v hz="$tick" -v n="$commands" -v w=$(((t1 - t0) / 1000000)) \
    -v label="$3" '{printf "%-20s %10.2f %10.2f %10.1f\n", label, d * 1000 / hz / n, ($1 + $2) * 1000 / n, w / n}'
}

echo "ghp-agents daemon CPU per agent-status: $commands commands each; $(nproc) cores"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-20s %10s %10s %10s\n' case "daemon cpu" "client cpu" "wall"
launchers=("this=$ghp")
[ -n "$baseline" ] && launchers+=("baseline=$baseline")
for l in "${launchers[@]}"; do
  measure "${l#*=}" "$work/small" "${l%%=*}/10"
  measure "${l#*=}" "$work/large" "${l%%=*}/$agents"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(milliseconds per command; daemon cpu in clock ticks of $((1000 / tick)) ms, summed over the run)"
