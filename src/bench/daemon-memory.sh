#!/usr/bin/env bash
# The daemon's resident memory over time: does it stay small, and flat once warm?
#
#   src/bench/daemon-memory.sh [--commands N] [--agents N] [--every N] [--mix all|hot] [--baseline OTHER_GHP]
#
# Builds a scratch repository with --agents agents (default 100; src/bench/startup.sh --seed-only),
# starts a daemon of its own, and sends it --commands commands (default 2400) in a day's mix, each
# for one of the agents in turn: a heartbeat that commits, a throttled hook heartbeat, a hook run
# with a Claude Code event on stdin, agent-status, agent-escalate --list, agent-handoff --show,
# the commit guard's check (--mix hot: only the first four, the commands a daemon served before
# issue #16; a launcher that does not send a command to the daemon runs it in a JVM of its own,
# which takes seconds on a loaded machine and tells nothing of the daemon). Every --every
# commands (default 100) it samples the daemon's VmRSS and VmHWM from /proc/PID/status, and the
# heap and metaspace in use (jcmd GC.heap_info) at the end. The issue's target: <= 96 MiB after
# 1,200 commands over 100 agents, and flat after that.
# With --baseline OTHER_GHP the same run is made first with another checkout's launcher (built).
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

commands=2400
agents=100
every=100
mix=all
baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --commands) commands=$2; shift 2 ;;
    --agents) agents=$2; shift 2 ;;
    --every) every=$2; shift 2 ;;
    --mix) mix=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    *) echo "usage: $0 [--commands N] [--agents N] [--every N] [--mix all|hot] [--baseline OTHER_GHP]" >&2; exit 2 ;;
  esac
done

bench_setup
bench_workdir
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
unset GITHUB_TOKEN GH_TOKEN MEM0_API_KEY
export GHP_CLI=/bin/false GHP_DAEMON=on
repo=$work/repo
"$root/src/bench/startup.sh" --seed-only "$repo" --agents "$agents" --history 10
cd "$repo"
echo staged >staged.txt
git add staged.txt
event='{"hook_event_name":"PostToolUse","session_id":"s","cwd":"'"$repo"'","tool_name":"Edit","tool_input":{"file_path":"'"$repo"'/README.md"}}'

rss() { awk -v k="$2:" '$1 == k {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

measure() {
  local g=$1 label=$2 i a pid
  stop_daemons
  rm -rf "$GHP_DAEMON_DIR"
  "$g" agent-status >/dev/null
  await_daemon
  pid=$(daemon_pids | head -1)
  echo "== $label: daemon pid $pid, $(readlink "/proc/$pid/exe"); load $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-9s %9s %9s %s\n' commands "RSS MiB" "HWM MiB" "(elapsed s)"
  printf '%-9s %9s %9s\n' 0 "$(rss "$pid" VmRSS)" "$(rss "$pid" VmHWM)"
  local start=$SECONDS
  for ((i = 1; i <= commands; i++)); do
    printf -v a 'agent-%04d' $(((i % agents) + 1))
    kinds=8
    [ "$mix" = hot ] && kinds=4
    case $((i % kinds)) in
      0) "$g" agent-heartbeat --agent "$a" --issue $((101 + i % agents)) --status implementing --action "step $i" --quiet ;;
      1) "$g" agent-heartbeat --agent "$a" --throttle 1h --quiet ;;
      2) printf '%s' "$event" | GHP_AGENT=$a "$g" agent-hooks run post-tool-use >/dev/null ;;
      3) "$g" agent-status >/dev/null ;;
      4) "$g" agent-escalate --list >/dev/null ;;
      5) "$g" agent-handoff --show --issue $((101 + i % agents)) >/dev/null 2>&1 || true ;;
      6) "$g" agent-guard check --agent "$a" >/dev/null 2>&1 || true ;;
      7) "$g" agent-status --agent "$a" >/dev/null ;;
    esac
    if ((i % every == 0)); then
      printf '%-9s %9s %9s %s\n' "$i" "$(rss "$pid" VmRSS)" "$(rss "$pid" VmHWM)" "($((SECONDS - start)))"
    fi
  done
  local jcmd
  jcmd=$(dirname "$(readlink "/proc/$pid/exe")")/jcmd
  if [ -x "$jcmd" ]; then
    "$jcmd" "$pid" GC.heap_info 2>/dev/null | sed -n '2,$p' | sed 's/^/  /'
    "$jcmd" "$pid" VM.native_memory summary 2>/dev/null | grep -E 'committed' | head -3 | sed 's/^/  /' || true
  fi
  [ -d "/proc/$pid" ] || echo "  the daemon is gone (log: $(cat "$GHP_DAEMON_DIR"/*.log 2>/dev/null | tail -3))"
  stop_daemons
}

echo "ghp-agents daemon memory: $commands commands over $agents agents, mix $mix; $(nproc) cores"
[ -n "$baseline" ] && measure "$baseline" baseline
measure "$ghp" this
