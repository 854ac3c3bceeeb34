#!/usr/bin/env bash
# A hook that delivers while another process holds the record's write lock for 25 s (issue #22):
# how long the hook takes under its agent's 20 s kill (timeout -s KILL 20, as an agent tool does),
# what it printed, and whether the message it was to deliver is still unread afterwards (a message
# marked read but never shown is lost).
#
#   src/bench/hook-held-lock.sh [PATH/TO/bin/ghp ...]      (default: this checkout's bin/ghp)
#
# Through the daemon unless GHP_DAEMON=off. Needs git and python3 (for the lock holder: fcntl, as
# Java's FileChannel.lock takes it).
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -gt 0 ] || set -- "$here/bin/ghp"

one() {
  local g=$1 w rc start end ev
  w=$(mktemp -d)
  export HOME=$w/home GHP_DAEMON_DIR=$w/daemon NO_COLOR=1
  mkdir -p "$HOME"
  git init -q -b main "$w/r" && cd "$w/r" || return 1
  git -c user.name=bench -c user.email=bench@localhost commit -q --allow-empty -m init
  "$g" agent-heartbeat --agent w1 --issue 1 >/dev/null 2>&1
  "$g" agent-message --by alice --to w1 "please look at #2" >/dev/null 2>&1
  "$g" agent-status >/dev/null 2>&1 # starts the daemon
  python3 -c '
import fcntl, sys, time
f = open(sys.argv[1], "a+"); fcntl.lockf(f, fcntl.LOCK_EX); print("locked", flush=True); time.sleep(25)' \
    "$(git rev-parse --git-common-dir)/ghp-coordination.lock" >/dev/null &
  sleep 1
  ev='{"session_id":"s","hook_event_name":"PostToolUse","tool_name":"Bash","cwd":"'"$PWD"'"}'
  start=$(date +%s%N)
  echo "$ev" | GHP_AGENT=w1 timeout -s KILL 20 "$g" agent-hooks run post-tool-use >"$w/out" 2>"$w/err"
  rc=$?
  end=$(date +%s%N)
  wait
  sleep 12 # the lock is free again: a mark still due has had its chance
  printf '%s: exit %s after %d ms, %d bytes on stdout; afterwards %s\n' "$g" "$rc" $(((end - start) / 1000000)) \
    "$(wc -c <"$w/out")" "$("$g" agent-inbox --agent w1 --json 2>/dev/null | python3 -c '
import json, sys
print("%d unread message(s) still to deliver" % len(json.load(sys.stdin)["messages"]))')"
  "$g" agent-daemon stop >/dev/null 2>&1
  cd / && rm -rf "$w"
}

for g in "$@"; do (one "$g"); done
