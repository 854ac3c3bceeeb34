#!/usr/bin/env bash
# Picocli's annotation model against its programmatic API, in fresh JVMs (docs/decisions.md).
#
#   src/bench/picocli-model.sh [--runs N]
#
# Runs src/bench/PicocliModel.java --runs times (default 15) in each mode, alternating, on the
# launcher's JVM with its flags, and prints the median and min of the milliseconds from main to a
# parsed heartbeat command line. The source is compiled once, outside the timing.
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"
runs=15
[ "${1-}" = --runs ] && runs=$2
bench_setup
jar=$root/target/ghp-agents.jar
java=${GHP_JAVA:-java}
classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
javac -cp "$jar" -d "$classes" "$root/src/bench/PicocliModel.java"
out=$classes/times
for ((i = 0; i < runs; i++)); do
  for mode in annotated programmatic; do
    "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -cp "$jar:$classes" PicocliModel "$mode" >>"$out.$mode"
  done
done
for mode in annotated programmatic; do
  sort -n "$out.$mode" | awk -v m="$mode" '{a[NR] = $1} END {printf "%-13s median %6.1f  min %6.1f ms  (%d runs)\n", m, a[int((NR + 1) / 2)], a[1], NR}'
done
echo "$("$java" -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
