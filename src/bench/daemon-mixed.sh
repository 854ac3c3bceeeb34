#!/usr/bin/env bash
# The daemon's memory in a mixed workload (issue #22): does it stay <= 96 MiB whatever it runs?
#
#   src/bench/daemon-mixed.sh [--commands N] [--agents N] [--every N]
#
# Builds a scratch repository with --agents agents (default 1000; src/bench/startup.sh
# --seed-only) and a bare remote, starts a daemon of its own, and sends it --commands commands
# (default 1200) in turn: heartbeats that commit, throttled ones, hook runs that deliver messages,
# messages (half of them to agent-0001, whose inbox stays at its bound of 100 unread), agent-inbox
# reads of that full inbox, agent-status over all the agents, agent-sync with the bare remote,
# and every 50th command a sync against a listener that never answers whose launcher is killed
# after 0.5 s (the daemon cancels it: docs/architecture.md). (--wait never runs in the daemon, so a
# killed wait is a killed sync here.) Every --every commands (default 100) it samples VmRSS, and
# at the end prints the high-water mark (VmHWM), the end's VmRSS, the heap after a full GC (jcmd
# GC.run, GC.heap_info), open descriptors and threads.
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

commands=1200
agents=1000
every=100
while [ $# -gt 0 ]; do
  case "$1" in
    --commands) commands=$2; shift 2 ;;
    --agents) agents=$2; shift 2 ;;
    --every) every=$2; shift 2 ;;
    *) echo "usage: $0 [--commands N] [--agents N] [--every N]" >&2; exit 2 ;;
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
git init -q --bare "$work/remote.git"
cd "$repo"
git remote add origin "$work/remote.git"
# A listener that accepts and never says a word: the syncs whose launchers are killed wait on it.
python3 -c '
import socket, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(64)
print(s.getsockname()[1], flush=True)
held = []
while True:
    c, _ = s.accept()
    held.append(c)
' >"$work/silent.port" &
silent=$!
trap 'kill $silent 2>/dev/null; stop_daemons; [ -n "${KEEP-}" ] || rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$work/silent.port" ] && break; sleep 0.1; done
git remote add silent "git://127.0.0.1:$(cat "$work/silent.port")/remote.git"
event='{"hook_event_name":"PostToolUse","session_id":"s","cwd":"'"$repo"'","tool_name":"Edit","tool_input":{"file_path":"'"$repo"'/README.md"}}'

status_kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

"$ghp" agent-status >/dev/null
await_daemon
pid=$(daemon_pids | head -1)
"$ghp" agent-sync >/dev/null 2>&1 || true
echo "ghp-agents daemon, mixed load: $commands commands over $agents agents; $(nproc) cores; commit $(git -C "$root" rev-parse --short HEAD); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "daemon pid $pid, $(readlink "/proc/$pid/exe"); load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-9s %9s %8s %8s %s\n' commands "RSS MiB" threads fds "(elapsed s)"
sample() {
  printf '%-9s %9s %8s %8s %s\n' "$1" "$(mib "$(status_kib "$pid" VmRSS)")" "$(status_kib "$pid" Threads)" \
    "$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)" "($((SECONDS - start)))"
}
start=$SECONDS
sample 0
killed=0
for ((i = 1; i <= commands; i++)); do
  printf -v a 'agent-%04d' $(((i % agents) + 1))
  printf -v b 'agent-%04d' $((((i * 7) % agents) + 1))
  if ((i % 50 == 0)); then
    "$ghp" agent-sync --remote silent >/dev/null 2>&1 &
    launcher=$!
    sleep 0.5
    kill -9 "$launcher" 2>/dev/null || true
    wait "$launcher" 2>/dev/null || true
    killed=$((killed + 1))
  else
    case $((i % 9)) in
      0) "$ghp" agent-heartbeat --agent "$a" --issue $((101 + i % agents)) --status implementing --action "step $i" --quiet ;;
      1) "$ghp" agent-heartbeat --agent "$a" --throttle 1h --quiet ;;
      2) printf '%s' "$event" | GHP_AGENT=$a "$ghp" agent-hooks run post-tool-use >/dev/null ;;
      3) "$ghp" agent-message --to agent-0001 --by "$b" "note $i from $b" >/dev/null 2>&1 || true ;;
      4) "$ghp" agent-message --to "$a" --by "$b" "note $i" >/dev/null 2>&1 || true ;;
      5) "$ghp" agent-status >/dev/null ;;
      6) "$ghp" agent-inbox --agent agent-0001 --all >/dev/null ;;
      7) "$ghp" agent-sync >/dev/null 2>&1 || true ;;
      8) printf '%s' "$event" | GHP_AGENT=agent-0001 "$ghp" agent-hooks run post-tool-use >/dev/null ;;
    esac
  fi
  if ((i % every == 0)); then sample "$i"; fi
done
sample end
echo "agent-0001's inbox at the end: $(git ls-tree --name-only refs/ghp/coordination:.ghp/inbox/agent-0001 2>/dev/null | wc -l) unread, $(git ls-tree --name-only refs/ghp/coordination:.ghp/read/agent-0001 2>/dev/null | wc -l) read; coordination commits: $(git rev-list --count refs/ghp/coordination)"
echo "launchers killed mid-sync: $killed; the daemon's threads by name now:"
cat "/proc/$pid"/task/*/comm | sort | uniq -c | sort -rn | sed 's/^/  /'
echo "commands running now (caller-watch threads): $(grep -c '^ghp-caller-watc' /proc/"$pid"/task/*/comm | awk -F: '{n += $2} END {print n + 0}')"
echo "RSS high-water mark (VmHWM): $(mib "$(status_kib "$pid" VmHWM)") MiB; at the end (VmRSS): $(mib "$(status_kib "$pid" VmRSS)") MiB"
jcmd=$(dirname "$(readlink "/proc/$pid/exe")")/jcmd
if [ -x "$jcmd" ]; then
  "$jcmd" "$pid" GC.run >/dev/null 2>&1 || true
  echo "heap after a full GC (jcmd GC.heap_info):"
  "$jcmd" "$pid" GC.heap_info 2>/dev/null | sed -n '2,$p' | sed 's/^/  /'
  echo "RSS after that GC: $(mib "$(status_kib "$pid" VmRSS)") MiB"
fi
[ -d "/proc/$pid" ] || echo "  the daemon is gone (log: $(cat "$GHP_DAEMON_DIR"/*.log 2>/dev/null | tail -3))"
