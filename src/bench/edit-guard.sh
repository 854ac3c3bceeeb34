#!/usr/bin/env bash
# What the edit guard costs an agent on every edit (issue #23: through the daemon, at most half of
# `node -e 0`).
#
#   src/bench/edit-guard.sh [--runs N] [--agents N]
#
# Seeds two repositories with src/bench/startup.sh --seed-only (10 agents, and --agents agents,
# default 1000), adds to each a holder of src/held/** and an editor, then runs, --runs rounds
# (default 21), each case once per round in a rotating order:
#   node        node -e 0, the yardstick
#   allow-N     ghp agent-hooks run pre-tool-use --for claude, Claude Code's Edit of src/free/F.java
#   deny-N      the same for src/held/H.java, refused in Claude Code's deny format
#   floor       the same hook for a Bash call (not an edit: answered before the record is read), so
#               the launcher's and the daemon's round trip alone; the guard's own cost is the rest
# through bin/ghp, the daemon warm (GHP_DAEMON=off: every run in its own JVM). Prints the median and
# p90 wall time in ms, the client's CPU (bash and the launcher) and the ratio to node's median.
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

runs=21
agents=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --agents) agents=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--agents N]" >&2; exit 2 ;;
  esac
done
command -v node >/dev/null || { echo "node is not installed: it is the yardstick" >&2; exit 1; }

bench_setup
bench_workdir
sizes=(10 "$agents")
for size in "${sizes[@]}"; do
  repo=$work/repo-$size
  echo "seeding $size agents ..." >&2
  "$root/src/bench/startup.sh" --seed-only "$repo" --agents "$size" --history 10
  GHP_AGENT=holder "$ghp" agent-heartbeat -C "$repo" --issue 1 --files 'src/held/**' --quiet
  GHP_AGENT=editor "$ghp" agent-heartbeat -C "$repo" --issue 2 --quiet
  for file in free/F held/H; do
    printf '{"session_id": "s", "cwd": "%s", "hook_event_name": "PreToolUse", "tool_name": "Edit", "tool_input":'\
' {"file_path": "%s/src/%s.java", "old_string": "a", "new_string": "b"}, "tool_use_id": "t"}' \
      "$repo" "$repo" "$file" >"$work/${file%%/*}-$size.json"
  done
done
printf '{"session_id": "s", "cwd": "%s", "hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input":'\
' {"command": "ls"}, "tool_use_id": "t"}' "$work/repo-10" >"$work/floor.json"

TIMEFORMAT='%3R %3U %3S'
# One timed run: appends "wall_ms cpu_ms" to $work/times.<case>.
sample() {
  local case=$1 t
  shift
  t=$( { time "$@" >"$work/out" 2>&1; } 2>&1 ) || { echo "$case failed: $*" >&2; cat "$work/out" >&2; exit 1; }
  echo "$t" | awk '{printf "%.1f %.1f\n", $1 * 1000, ($2 + $3) * 1000}' >>"$work/times.$case"
}
hook() {
  local verdict=$1 size=$2
  sample "$verdict-$size" env GHP_AGENT=editor "$ghp" agent-hooks run pre-tool-use --for claude \
    <"$work/$([ "$verdict" = allow ] && echo free || echo held)-$size.json"
  if [ "$verdict" = deny ]; then grep -q '"permissionDecision": "deny"' "$work/out" || { cat "$work/out" >&2; exit 1; }
  else [ ! -s "$work/out" ] || { cat "$work/out" >&2; exit 1; }; fi
}
cases=(node floor)
for size in "${sizes[@]}"; do cases+=("allow-$size" "deny-$size"); done
run_case() {
  case $1 in
    node) sample node node -e 0 ;;
    floor) sample floor env GHP_AGENT=editor "$ghp" agent-hooks run pre-tool-use --for claude <"$work/floor.json" ;;
    allow-* | deny-*) hook "${1%%-*}" "${1#*-}" ;;
  esac
}

# Warm-up, not counted: the daemon starts on the first command and warms on the next few.
for _ in $(seq 10); do for c in "${cases[@]}"; do run_case "$c"; done; done
[ "$bench_mode" = daemon ] && await_daemon
rm -f "$work"/times.*

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 0; r < runs; r++)); do
  for ((k = 0; k < ${#cases[@]}; k++)); do
    run_case "${cases[$(((r + k) % ${#cases[@]}))]}"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# median and p90 of column $1 of a file
stat() { sort -n -k"$1","$1" "$2" | awk -v c="$1" '{a[NR]=$c} END {printf "%s %s", a[int((NR+1)/2)], a[int(NR*0.9+0.5)]}'; }
java=$(GHP_DAEMON=off "$ghp" --version | sed -n 2p)
echo "ghp-agents edit-guard benchmark: $runs rotating rounds; mode $bench_mode; $java; node $(node --version);" \
  "$(nproc) cores; commit $(git -C "$root" rev-parse --short HEAD); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load average before: $load_before; after: $load_after"
read -r node_wall _ <<<"$(stat 1 "$work/times.node")"
printf '%-12s %10s %8s %10s %8s %12s\n' case "wall med" p90 "cpu med" p90 "wall/node"
for c in "${cases[@]}"; do
  read -r wall wall90 <<<"$(stat 1 "$work/times.$c")"
  read -r cpu cpu90 <<<"$(stat 2 "$work/times.$c")"
  printf '%-12s %10s %8s %10s %8s %12s\n' "$c" "$wall" "$wall90" "$cpu" "$cpu90" \
    "$(awk -v a="$wall" -v b="$node_wall" 'BEGIN {printf "%.2f", a / b}')"
done
