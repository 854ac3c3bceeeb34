#!/usr/bin/env bash
# The daemon's descriptors and resident memory when it serves many repositories that come and go
# (CI workspaces, scratch clones): does it give back what a deleted repository held?
#
#   src/bench/daemon-repositories.sh [--repositories N] [--kept N] [--every N] [--baseline OTHER_GHP]
#
# Starts a daemon of its own and, for each of --repositories repositories (default 120), creates
# one with a packed history, runs a mixed handful of commands in it (heartbeats, a hook run,
# agent-status, agent-escalate --list, agent-inbox), and deletes it once --kept newer ones exist
# (default 8: a few live at once). Every --every repositories (default 20) it prints the daemon's
# VmRSS and VmHWM (/proc/PID/status), its open descriptors (/proc/PID/fd), and how many of them
# point to deleted files. The issue's target (#22): <= 96 MiB resident, and no descriptor to a
# deleted repository once the next command has run.
# With --baseline OTHER_GHP the same run is made first with another checkout's launcher (built).
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

repositories=120
kept=8
every=20
baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --repositories) repositories=$2; shift 2 ;;
    --kept) kept=$2; shift 2 ;;
    --every) every=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    *) echo "usage: $0 [--repositories N] [--kept N] [--every N] [--baseline OTHER_GHP]" >&2; exit 2 ;;
  esac
done

bench_setup
bench_workdir
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
unset GITHUB_TOKEN GH_TOKEN MEM0_API_KEY
export GHP_CLI=/bin/false GHP_DAEMON=on

rss() { awk -v k="$2:" '$1 == k {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
fds() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }
deleted_fds() {
  local n=0 fd
  for fd in /proc/"$1"/fd/*; do
    case "$(readlink "$fd" 2>/dev/null)" in *" (deleted)") n=$((n + 1)) ;; esac
  done
  echo "$n"
}

measure() {
  local g=$1 label=$2 i pid dir
  stop_daemons
  rm -rf "$GHP_DAEMON_DIR" "$work/repos"
  mkdir -p "$work/repos"
  (cd "$work" || exit 0; "$g" agent-status >/dev/null 2>&1 || true)
  await_daemon
  pid=$(daemon_pids | head -1)
  echo "== $label: daemon pid $pid, $(readlink "/proc/$pid/exe"); load $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-13s %9s %9s %6s %8s %s\n' repositories "RSS MiB" "HWM MiB" fds deleted "(elapsed s)"
  printf '%-13s %9s %9s %6s %8s\n' 0 "$(rss "$pid" VmRSS)" "$(rss "$pid" VmHWM)" "$(fds "$pid")" "$(deleted_fds "$pid")"
  local start=$SECONDS
  for ((i = 1; i <= repositories; i++)); do
    dir=$work/repos/r$i
    git init -q "$dir"
    (
      cd "$dir"
      echo "r$i" >README.md
      git add README.md && git commit -qm init
      "$g" agent-heartbeat --agent w1 --issue 1 --status implementing --quiet
      "$g" agent-heartbeat --agent w2 --issue 2 --files 'src/**' --quiet
      git gc -q
      printf '%s' '{"hook_event_name":"PostToolUse","session_id":"s","cwd":"'"$dir"'","tool_name":"Edit"}' |
        GHP_AGENT=w1 "$g" agent-hooks run post-tool-use >/dev/null
      "$g" agent-message --by lead --to w1 "hello $i" >/dev/null
      "$g" agent-inbox --agent w1 >/dev/null
      "$g" agent-status >/dev/null
      "$g" agent-escalate --list >/dev/null
    )
    if ((i > kept)); then
      rm -rf "$work/repos/r$((i - kept))"
    fi
    if ((i % every == 0)); then
      printf '%-13s %9s %9s %6s %8s %s\n' "$i" "$(rss "$pid" VmRSS)" "$(rss "$pid" VmHWM)" "$(fds "$pid")" \
        "$(deleted_fds "$pid")" "($((SECONDS - start)))"
    fi
  done
  [ -d "/proc/$pid" ] || echo "  the daemon is gone (log: $(cat "$GHP_DAEMON_DIR"/*.log 2>/dev/null | tail -3))"
  stop_daemons
}

echo "ghp-agents daemon and repositories: $repositories repositories, $kept alive at once; $(nproc) cores"
[ -n "$baseline" ] && measure "$baseline" baseline
measure "$ghp" this
