#!/usr/bin/env bash
# Every agent command, whole processes through the real launcher, side by side with `node -e 0`.
#
#   src/bench/commands.sh [--runs N] [--mode own-jvm|daemon|both] [--baseline OTHER_GHP]
#
# Builds a scratch repository (src/bench/startup.sh --seed-only, 10 agents) with a bare clone as
# its `origin`, then, --runs rounds (default 15), runs each case once per round and `node -e 0`
# between them, so that load from other processes falls on all of them alike:
#   guard-check       ghp agent-guard check (what the pre-commit hook runs), one staged file
#   escalate-open     ghp agent-escalate MESSAGE (no GitHub, no GHP CLI)
#   escalate-list     ghp agent-escalate --list
#   escalate-resolve  ghp agent-escalate --resolve ID --answer TEXT (the one opened this round)
#   handoff           ghp agent-handoff --note TEXT (writes a handoff)
#   handoff-show      ghp agent-handoff --show
#   sync              ghp agent-sync (with the bare origin; something new to send every round)
#   prune             ghp agent-prune (within the limits: nothing to prune)
#   heartbeat, status the hot commands, for comparison
#   status-ghp        ghp agent-status with agents.ghp.agents: true (another scratch repository) and,
#                     as GHP's CLI, a node script that prints [] (GHP's real CLI costs at least that)
# Prints, per mode, each case's median, p90 and min in ms and its median as a fraction of the
# median of `node -e 0` in the same run (the issue's target: <= 0.6).
# --baseline OTHER_GHP runs the same cases with another checkout's launcher (built), interleaved.
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

runs=15
mode=both
baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--mode own-jvm|daemon|both] [--baseline OTHER_GHP]" >&2; exit 2 ;;
  esac
done
command -v node >/dev/null || { echo "node is needed: the target is relative to node -e 0" >&2; exit 1; }

bench_setup
bench_workdir
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
# No GitHub, mem0 or GHP CLI: what is timed is the command, not a network.
unset GITHUB_TOKEN GH_TOKEN MEM0_API_KEY
export GHP_CLI=/bin/false GHP_AGENT=bench

repo=$work/repo
"$root/src/bench/startup.sh" --seed-only "$repo" --agents 10 --history 10
git clone -q --bare "$repo" "$work/origin.git"
cd "$repo"
git remote add origin "$work/origin.git"
echo staged >staged.txt
git add staged.txt
GHP_DAEMON=off "$ghp" agent-heartbeat --issue 1 --status implementing --action start --quiet
ghp_repo=$work/ghp-repo
"$root/src/bench/startup.sh" --seed-only "$ghp_repo" --agents 10 --history 10
mkdir -p "$ghp_repo/.ghp"
echo '{"agents": {"ghp": {"agents": true}}}' >"$ghp_repo/.ghp/config.json"
printf '#!/usr/bin/env node\nconsole.log("[]")\n' >"$work/ghp-node"
chmod +x "$work/ghp-node"

variants=(this)
[ -n "$baseline" ] && variants+=(baseline)
launcher() { case $1 in this) echo "$ghp" ;; baseline) echo "$baseline" ;; esac; }
modes=()
{ [ "$mode" = own-jvm ] || [ "$mode" = both ]; } && modes+=(own-jvm)
{ [ "$mode" = daemon ] || [ "$mode" = both ]; } && modes+=(daemon)
cases=(guard-check escalate-open escalate-list escalate-resolve handoff handoff-show sync prune heartbeat status status-ghp)

# The id of the escalation a variant opened last, to resolve it.
declare -A opened
n=0
# Runs one case with launcher $1; its output is thrown away, but a failure stops the benchmark.
run_case() {
  local g=$1 key=$2 case=$3 out
  n=$((n + 1))
  case $case in
    guard-check) "$g" agent-guard check >/dev/null ;;
    escalate-open)
      out=$("$g" agent-escalate --json "question $n")
      opened[$key]=$(printf '%s' "$out" | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' | head -1) ;;
    escalate-list) "$g" agent-escalate --list >/dev/null ;;
    escalate-resolve) "$g" agent-escalate --resolve "${opened[$key]}" --answer "answer $n" >/dev/null ;;
    handoff) "$g" agent-handoff --issue 1 --note "note $n" >/dev/null 2>&1 ;;
    handoff-show) "$g" agent-handoff --show --issue 1 >/dev/null ;;
    sync) "$g" agent-heartbeat --issue 1 --status implementing --action "sync $n" --quiet &&
      t0=$EPOCHREALTIME && "$g" agent-sync --quiet ;;
    prune) "$g" agent-prune --quiet ;;
    heartbeat) "$g" agent-heartbeat --issue 1 --status implementing --action "run $n" --quiet ;;
    status) "$g" agent-status >/dev/null ;;
    status-ghp) (cd "$ghp_repo" && GHP_CLI=$work/ghp-node "$g" agent-status >/dev/null) ;;
  esac
}

# Appends one timed run (ms) to $work/<mode>.<variant>.<case>; sync is timed without its heartbeat.
sample() {
  local m=$1 v=$2 case=$3 g
  g=$(launcher "$v")
  t0=$EPOCHREALTIME
  if [ "$m" = own-jvm ]; then
    GHP_DAEMON=off run_case "$g" "$m.$v" "$case" || { echo "$v: $case failed" >&2; exit 1; }
  else
    GHP_DAEMON=on run_case "$g" "$m.$v" "$case" || { echo "$v: $case failed" >&2; exit 1; }
  fi
  t1=$EPOCHREALTIME
  echo "$t0 $t1" | awk '{printf "%.3f\n", ($2 - $1) * 1000}' >>"$work/$m.$v.$case"
}
node_sample() {
  local t0 t1
  t0=$EPOCHREALTIME
  node -e 0
  t1=$EPOCHREALTIME
  echo "$t0 $t1" | awk '{printf "%.3f\n", ($2 - $1) * 1000}' >>"$work/node"
}

echo "ghp-agents command benchmark: $runs rounds; $(GHP_DAEMON=off "$ghp" --version | sed -n 2p)"
echo "$(nproc) cores; load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
for m in "${modes[@]}"; do
  if [ "$m" = daemon ]; then
    for v in "${variants[@]}"; do
      GHP_DAEMON=on "$(launcher "$v")" agent-status >/dev/null
    done
    await_daemon
    # Warm each daemon as a day of use would (both launchers' daemons, when two jars are compared).
    for _ in 1 2 3; do for v in "${variants[@]}"; do for c in "${cases[@]}"; do
      GHP_DAEMON=on run_case "$(launcher "$v")" "warm.$v" "$c" >/dev/null 2>&1 || true
    done; done; done
  else
    for v in "${variants[@]}"; do for c in "${cases[@]}"; do
      GHP_DAEMON=off run_case "$(launcher "$v")" "warm.$v" "$c" >/dev/null 2>&1 || true
    done; done
  fi
  for ((r = 0; r < runs; r++)); do
    for c in "${cases[@]}"; do
      for v in "${variants[@]}"; do sample "$m" "$v" "$c"; done
      node_sample
    done
  done
  [ "$m" = daemon ] && stop_daemons
done

stats() { sort -n "$1" | awk '{a[NR]=$1} END {printf "%s %s %s\n", a[int((NR+1)/2)], a[int(NR*0.9+0.5)], a[1]}'; }
read -r node_median _ <<<"$(stats "$work/node")"
echo "load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %-9s %-17s %8s %8s %8s %7s   (ms)\n' mode launcher case median p90 min x-node
printf '%-8s %-9s %-17s %8.1f %8s %8s %7s\n' - - "node -e 0" "$node_median" "" "" 1.00
for m in "${modes[@]}"; do for c in "${cases[@]}"; do for v in "${variants[@]}"; do
  read -r med p90 min <<<"$(stats "$work/$m.$v.$c")"
  printf '%-8s %-9s %-17s %8.1f %8.1f %8.1f %7.2f\n' "$m" "$v" "$c" "$med" "$p90" "$min" \
    "$(awk -v a="$med" -v b="$node_median" 'BEGIN {printf "%.2f", a / b}')"
done; done; done
