#!/usr/bin/env bash
# The bar scenario of SyncConvergenceIT (issue #21) run many times through bin/ghp, optionally with
# CPU burners, to measure how often the clones end on different trees after every sync exited 0.
#
#   src/bench/sync-converge.sh [--runs N] [--burners K] [--seed S]
#
# One run: a bare remote and 3 clones; in each clone 3 writers (background shells) write 5
# heartbeats each and sync after a random half of them (clone 2's writers also autoSync, 1s);
# then every clone syncs in turn, twice. The run is "diverged" when a clone's tree differs from the
# remote's, "failed" when a command exited with anything but 0 (a sync's exit 5 "gave up" counted
# apart). K burners (`nice yes >/dev/null`) load the CPU meanwhile. A diverged run is kept (its
# directory is printed) with every command's output, for a look.
set -uo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

runs=20
burners=0
seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --burners) burners="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--burners K] [--seed S]" >&2; exit 2 ;;
  esac
done
bench_setup
bench_workdir
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
export NO_COLOR=1
RANDOM=$seed

burner_pids=()
for _ in $(seq "$burners"); do
  nice -n 10 yes >/dev/null &
  burner_pids+=($!)
done
trap 'kill "${burner_pids[@]}" 2>/dev/null; stop_daemons; [ -n "${KEEP-}" ] || rm -rf "$work"' EXIT

# One writer: 5 heartbeats, each followed by a sync half of the time (its own random sequence).
writer() {
  local clone=$1 prefix=$2 coin=$3 w out rc env=()
  [ "$clone" = 2 ] && env=(GHP_AUTO_SYNC=1s)
  for w in 0 1 2 3 4; do
    out=$(cd "$dir/clone-$clone" && env "${env[@]}" "$ghp" agent-heartbeat --agent "$prefix-w$w" --status implementing \
      --action "write $w of $prefix" --quiet 2>&1)
    rc=$?
    echo "hb $prefix-w$w exit $rc $out" >>"$dir/log"
    if [ $(((coin >> w) & 1)) = 1 ]; then
      sync_once "$clone" "concurrent $prefix-w$w"
    fi
  done
}

sync_once() {
  local out rc
  out=$(cd "$dir/clone-$1" && "$ghp" agent-sync --json 2>&1)
  rc=$?
  printf 'sync clone-%s (%s) exit %s: %s\n' "$1" "$2" "$rc" "$(tr -d '\n ' <<<"$out")" >>"$dir/log"
}

diverged=0
failed=0
gave_up=0
start=$(date +%s)
for run in $(seq "$runs"); do
  dir=$work/run-$run
  mkdir -p "$dir"
  git init -q --bare -b main "$dir/remote.git"
  for c in 0 1 2; do git clone -q "$dir/remote.git" "$dir/clone-$c" 2>/dev/null; done
  pids=()
  for c in 0 1 2; do
    for p in 0 1 2; do
      writer "$c" "c$c-p$p" $((RANDOM & 31)) &
      pids+=($!)
    done
  done
  wait "${pids[@]}"
  for pass in 1 2; do
    for c in 0 1 2; do sync_once "$c" "quiesce pass $pass"; done
  done
  remote_tree=$(git -C "$dir/remote.git" rev-parse 'refs/ghp/coordination^{tree}')
  differ=0
  for c in 0 1 2; do
    [ "$(git -C "$dir/clone-$c" rev-parse 'refs/ghp/coordination^{tree}')" = "$remote_tree" ] || differ=1
  done
  verdict=converged
  if grep -v 'gave up syncing' "$dir/log" | grep -q ' exit [1-9]'; then failed=$((failed + 1)); verdict="$verdict, a command failed"; fi
  if grep -q 'gave up syncing' "$dir/log"; then gave_up=$((gave_up + 1)); verdict="$verdict, a sync gave up"; fi
  if grep -q 'quiesce.* exit [1-9]' "$dir/log"; then verdict="$verdict, a quiet sync did not exit 0"; fi
  if [ "$differ" = 1 ]; then
    diverged=$((diverged + 1))
    KEEP=1
    verdict="DIVERGED (kept in $dir)${verdict#converged}"
  else
    rm -rf "$dir"
  fi
  # One line a run: a run stopped half-way still leaves the figures of the runs before.
  echo "run $run: $verdict"
done
echo "sync-converge: $runs runs, $burners burners, $diverged diverged, $failed with a failed command," \
  "$gave_up with a sync that gave up; $(($(date +%s) - start))s wall ($bench_mode)"
