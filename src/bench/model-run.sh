#!/usr/bin/env bash
# The decision model (src/test/java/dev/ghp/agents/sync/DecisionModelTest) over many more random
# schedules than the suite runs, or one schedule replayed.
#
#   src/bench/model-run.sh [--runs N] [--from SEED]     N schedules from SEED (default 5000 from 1)
#   src/bench/model-run.sh --seed SEED                  replay one schedule (as a failure names it)
#
# Prints the model's summary line (schedules, decisions, records a merge changed, superseded, lost)
# and the wall time; a failure prints the seed and the schedule's history.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=5000
from=1
seed=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --from) from="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--from SEED] | --seed SEED" >&2; exit 2 ;;
    esac
done

if [ -n "$seed" ]; then
    properties=(-Dghp.model.seed="$seed")
else
    # With a first seed and a count, the test runs seeds from..from+runs-1.
    properties=(-Dghp.model.from="$from" -Dghp.model.runs="$runs")
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
status=0
mvn -B -o -q test -Dtest=DecisionModelTest -Dsurefire.failIfNoSpecifiedTests=false \
    -DtrimStackTrace=false "${properties[@]}" >"$log" 2>&1 || status=$?
grep -v '^\[WARNING\]' "$log" || true
echo "model-run: $(( $(date +%s) - start ))s wall, maven exit $status"
exit "$status"
