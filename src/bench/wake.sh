#!/usr/bin/env bash
# What waiting agents cost the daemon, and how soon a message wakes one (issue #23, "Wake the idle").
#
#   src/bench/wake.sh [--agents N] [--wakes N]
#
# Seeds a scratch repository with --agents agents (default 50; src/bench/startup.sh --seed-only),
# starts a daemon of its own, and samples its VmRSS, its thread count and its CPU time over 10 s
# (utime + stime, /proc/PID/stat) with no agent waiting. Then starts one wake run per agent as
# Claude Code starts it at a Stop (bin/ghp agent-hooks run wake --for claude, the Stop event on
# stdin, GHP_AGENT naming the agent), waits until the daemon holds all of them (threads named
# ghp-wake-wait in /proc), and samples the same again, with the launchers' (bash) resident memory.
# Last, for --wakes agents (default 10) one at a time: the time from just before agent-message
# --to AGENT starts to the exit (code 2) of that agent's wake run.
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

agents=50
wakes=10
while [ $# -gt 0 ]; do
  case "$1" in
    --agents) agents=$2; shift 2 ;;
    --wakes) wakes=$2; shift 2 ;;
    *) echo "usage: $0 [--agents N] [--wakes N]" >&2; exit 2 ;;
  esac
done
((wakes <= agents)) || wakes=$agents

bench_setup
bench_workdir
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
unset GITHUB_TOKEN GH_TOKEN MEM0_API_KEY
export GHP_CLI=/bin/false GHP_DAEMON=on GHP_WAKE_WAIT=30m
repo=$work/repo
"$root/src/bench/startup.sh" --seed-only "$repo" --agents "$agents" --history 10 >/dev/null
cd "$repo"
event='{"hook_event_name":"Stop","session_id":"s","cwd":"'"$repo"'","stop_hook_active":false}'

rss_mib() { awk '$1 == "VmRSS:" {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
threads() { local t n=0; for t in /proc/"$1"/task/*; do n=$((n + 1)); done; echo "$n"; }
waiting() {
  local t n=0
  for t in /proc/"$1"/task/*/comm; do
    [ "$(cat "$t" 2>/dev/null)" = ghp-wake-wait ] && n=$((n + 1))
  done
  echo "$n"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sample() {
  local pid=$1 label=$2 before after
  before=$(cpu_ticks "$pid")
  sleep 10
  after=$(cpu_ticks "$pid")
  printf '%-22s RSS %6s MiB  threads %4s  CPU over 10 s: %s ticks (%s Hz)\n' "$label" "$(rss_mib "$pid")" \
    "$(threads "$pid")" "$((after - before))" "$(getconf CLK_TCK)"
}

"$ghp" agent-status >/dev/null
await_daemon
pid=$(daemon_pids | head -1)
echo "ghp-agents wake: $agents agents; daemon pid $pid, $(readlink "/proc/$pid/exe"); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
# Warm: the commands the waits make (a hook run, a message) once, before the first sample.
printf '%s' "$event" | GHP_AGENT=agent-0001 "$ghp" agent-hooks run stop >/dev/null
sample "$pid" "0 agents waiting"

declare -a launchers
for ((i = 1; i <= agents; i++)); do
  printf -v a 'agent-%04d' "$i"
  printf '%s' "$event" | GHP_AGENT=$a "$ghp" agent-hooks run wake --for claude >/dev/null 2>"$work/wake-$i.err" &
  launchers[i]=$!
done
for _i in $(seq 600); do
  [ "$(waiting "$pid")" -ge "$agents" ] && break
  sleep 0.1
done
sample "$pid" "$(waiting "$pid") agents waiting"
launcher_kib=0
for ((i = 1; i <= agents; i++)); do
  kib=$(awk '$1 == "VmRSS:" {print $2}' "/proc/${launchers[i]}/status" 2>/dev/null || echo 0)
  launcher_kib=$((launcher_kib + ${kib:-0}))
done
printf 'launchers (bash, one per waiting agent): %s, RSS %.1f MiB in all\n' "$agents" "$(echo "$launcher_kib / 1024" | bc -l)"

echo "message to wake (ms), agent-message through the daemon included:"
for ((i = 1; i <= wakes; i++)); do
  printf -v a 'agent-%04d' "$i"
  start=$(date +%s%N)
  "$ghp" agent-message --to "$a" --by bench "wake up $i" >/dev/null
  status=0
  wait "${launchers[i]}" || status=$?
  end=$(date +%s%N)
  printf '  %s  %6.0f ms  exit %s\n' "$a" "$(echo "($end - $start) / 1000000" | bc -l)" "$status"
done
# The rest end with the daemon: their launchers exit 0.
stop_daemons
for ((i = wakes + 1; i <= agents; i++)); do
  wait "${launchers[i]}" 2>/dev/null || true
done
