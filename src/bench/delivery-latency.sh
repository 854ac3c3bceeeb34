#!/usr/bin/env bash
# How long a message takes from one clone to another through a shared remote (issue #21), through
# bin/ghp, with the agents' hooks as they run in a session.
#
#   src/bench/delivery-latency.sh [--clones "2 5"] [--messages N] [--gap SECONDS] [--auto-sync D]
#                                 [--remote-check D] [--ghp LAUNCHER]
#
# For each number of clones (default 2, then 5): a local bare remote and that many clones of it,
# with agents.autoSync (default "2m") and agents.remoteCheck (default "3s") in .ghp/config.json.
# On every clone but the first an agent's PostToolUse hook runs once a second (bin/ghp agent-hooks
# run post-tool-use with Claude Code's JSON on stdin), as in a session that is busy with tools; on
# the first, one sender sends --messages messages (default 10) to all, one every --gap seconds
# (default 3). Prints each message's latency per receiving clone (from just before agent-message
# starts to the first hook run whose output carries it) as median, p90 and max, the messages never
# delivered within 60 s of the last one, and per clone and minute the pushes, fetches and
# advertisement reads (looks) counted in .git/ghp-sync.json over the same time.
# GHP_DAEMON=off runs every command in its own JVM (each look then happens inside a hook run).
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

clone_counts="2 5"
messages=10
gap=3
auto_sync=2m
remote_check=3s
while [ $# -gt 0 ]; do
  case "$1" in
    --clones) clone_counts=$2; shift 2 ;;
    --messages) messages=$2; shift 2 ;;
    --gap) gap=$2; shift 2 ;;
    --auto-sync) auto_sync=$2; shift 2 ;;
    --remote-check) remote_check=$2; shift 2 ;;
    --ghp) ghp=$2; shift 2 ;;
    *) echo "usage: $0 [--clones \"2 5\"] [--messages N] [--gap SECONDS] [--auto-sync D] [--remote-check D] [--ghp LAUNCHER]" >&2
       exit 2 ;;
  esac
done

bench_setup
bench_workdir

# A clone's count of one kind of traffic with origin (0 before the first).
count() {
  local n
  n=$(sed -n "s/^ *\"$2\" *: *\\([0-9]*\\).*/\\1/p" "$1/.git/ghp-sync.json" 2>/dev/null | head -n 1)
  echo "${n:-0}"
}

# Percentiles of the numbers in a file, one a line: "median p90 max" (nearest rank).
stats() {
  sort -n "$1" | awk '{v[NR] = $1} END {
    if (NR == 0) { print "- - -"; exit }
    m = int((NR + 1) / 2); p = int(NR * 0.9 + 0.999); if (p < 1) p = 1
    printf "%.1f %.1f %.1f\n", v[m], v[p], v[NR] }'
}

# A receiver: its hook every second until $run/stop exists; the first output with a message is logged.
receiver() {
  local clone=$1 agent=$2 run=$3 out t k event
  event="{\"session_id\": \"$agent\", \"cwd\": \"$clone\", \"hook_event_name\": \"PostToolUse\", \"tool_name\": \"Bash\", \"tool_input\": {\"command\": \"ls\"}, \"tool_response\": {\"stdout\": \"a\"}}"
  while [ ! -e "$run/stop" ]; do
    out=$(cd "$clone" && printf '%s' "$event" | GHP_AGENT=$agent "$ghp" agent-hooks run post-tool-use 2>>"$run/hook-errors") || true
    t=$EPOCHREALTIME
    { grep -o 'bench-message-[0-9]*' <<<"$out" || true; } | sort -u | while read -r k; do
      echo "${k#bench-message-} $t" >>"$run/delivered-$agent"
    done
    sleep 1
  done
}

printf '%-7s %-6s %9s %9s %9s %11s %13s %13s %13s\n' clones mode "median s" "p90 s" "max s" undelivered \
  "pushes/min" "fetches/min" "looks/min"
for n in $clone_counts; do
  run=$work/run-$n
  mkdir -p "$run"
  git init -q --bare -b main "$run/remote.git"
  for ((c = 1; c <= n; c++)); do
    git clone -q "$run/remote.git" "$run/clone-$c" 2>/dev/null
    mkdir -p "$run/clone-$c/.ghp"
    printf '{"agents": {"autoSync": "%s", "remoteCheck": "%s"}}\n' "$auto_sync" "$remote_check" \
      >"$run/clone-$c/.ghp/config.json"
  done
  # Every agent in the record everywhere, then every clone just synced: the interval is not due.
  for ((c = 1; c <= n; c++)); do
    "$ghp" agent-heartbeat -C "$run/clone-$c" --agent "agent-$c" --action ready --quiet
    "$ghp" agent-sync -C "$run/clone-$c" >/dev/null
  done
  for ((c = 1; c <= n; c++)); do "$ghp" agent-sync -C "$run/clone-$c" >/dev/null; done
  [ "$bench_mode" = daemon ] && await_daemon

  declare -a before_push before_fetch before_look
  for ((c = 1; c <= n; c++)); do
    before_push[c]=$(count "$run/clone-$c" pushes)
    before_fetch[c]=$(count "$run/clone-$c" fetches)
    before_look[c]=$(count "$run/clone-$c" checks)
  done
  start=$EPOCHREALTIME
  for ((c = 2; c <= n; c++)); do
    receiver "$run/clone-$c" "agent-$c" "$run" &
  done
  for ((k = 1; k <= messages; k++)); do
    echo "$k $EPOCHREALTIME" >>"$run/sent"
    "$ghp" agent-message -C "$run/clone-1" --agent agent-1 --to all "bench-message-$k" >/dev/null 2>>"$run/send-errors" \
      || echo "send $k failed" >>"$run/send-errors"
    sleep "$gap"
  done
  # Until every receiver has every message, or 60 s.
  for _ in $(seq 60); do
    done_all=1
    for ((c = 2; c <= n; c++)); do
      [ "$(sort -u -k1,1 "$run/delivered-agent-$c" 2>/dev/null | wc -l)" -ge "$messages" ] || done_all=0
    done
    [ "$done_all" = 1 ] && break
    sleep 1
  done
  touch "$run/stop"
  wait
  end=$EPOCHREALTIME

  undelivered=0
  : >"$run/latency"
  for ((c = 2; c <= n; c++)); do
    touch "$run/delivered-agent-$c"
    while read -r k t0; do
      t1=$(awk -v k="$k" '$1 == k {print $2; exit}' "$run/delivered-agent-$c")
      if [ -z "$t1" ]; then
        undelivered=$((undelivered + 1))
      else
        awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f\n", b - a}' >>"$run/latency"
      fi
    done <"$run/sent"
  done
  minutes=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.4f", (b - a) / 60}')
  pushes=0 fetches=0 looks=0
  for ((c = 1; c <= n; c++)); do
    pushes=$((pushes + $(count "$run/clone-$c" pushes) - before_push[c]))
    fetches=$((fetches + $(count "$run/clone-$c" fetches) - before_fetch[c]))
    looks=$((looks + $(count "$run/clone-$c" checks) - before_look[c]))
  done
  read -r median p90 max < <(stats "$run/latency")
  per_minute() { awk -v x="$1" -v n="$n" -v m="$minutes" 'BEGIN {printf "%.1f", x / n / m}'; }
  printf '%-7s %-6s %9s %9s %9s %11s %13s %13s %13s\n' "$n" "$bench_mode" "$median" "$p90" "$max" "$undelivered" \
    "$(per_minute "$pushes")" "$(per_minute "$fetches")" "$(per_minute "$looks")"
  if [ -s "$run/send-errors" ] || [ -s "$run/hook-errors" ]; then
    echo "  stderr of sends and hooks (first lines):" >&2
    cat "$run/send-errors" "$run/hook-errors" 2>/dev/null | head -n 5 >&2
  fi
done
echo "autoSync $auto_sync, remoteCheck $remote_check, $messages messages $gap s apart, hooks every second"
