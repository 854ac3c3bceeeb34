#!/usr/bin/env bash
# Jackson databind against the hand-written codecs (src/bench/JsonMapping.java), on the status file.
#
#   src/bench/json-mapping.sh [--runs N] [--agents N]
#
# For each JVM found (Java 17: `java` on PATH; Java 25: Temurin's, when installed) and each model
# (codec, databind), prints the median over --runs fresh JVMs of
#   cold ms    one read + write, timed inside the JVM from the start of main (own-JVM command)
#   wall ms    the whole process (JVM start included)
# and, for Java 25, the same with an AOT cache trained on that model's own run (the best a cached
# own-JVM start can do), and once per model the warm cost in microseconds (median of 2,000 rounds
# after 2,000 unmeasured: a command in the daemon). node -e 0 is timed in the same run.
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

runs=11
agents=10
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --agents) agents=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--agents N]" >&2; exit 2 ;;
  esac
done
bench_setup
jar=$root/target/ghp-agents.jar
work=$(mktemp -d)
trap '[ -n "${KEEP-}" ] || rm -rf "$work"' EXIT
javac -q -nowarn --release 17 -cp "$jar" -d "$work/classes" "$root/src/bench/JsonMapping.java" 2>/dev/null \
  || javac --release 17 -cp "$jar" -d "$work/classes" "$root/src/bench/JsonMapping.java"
jar -cf "$work/bench.jar" -C "$work/classes" .   # an AOT cache takes jars only, no directories
cp="$jar:$work/bench.jar"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Prints "cold-median wall-median" for: java-binary model extra-jvm-flags...
measure() {
  local java=$1 model=$2 i t0 t1 cold
  shift 2
  : >"$work/cold" && : >"$work/wall"
  for i in $(seq "$runs"); do
    t0=$(now_ms)
    cold=$("$java" "$@" -cp "$cp" JsonMapping "$model" "$agents" cold)
    t1=$(now_ms)
    echo "$cold" >>"$work/cold"
    echo $((t1 - t0)) >>"$work/wall"
    : "$i"
  done
  echo "$(median <"$work/cold") $(median <"$work/wall")"
}

node_ms() {
  local i t0 t1
  : >"$work/node"
  for i in $(seq "$runs"); do
    t0=$(now_ms); node -e 0; t1=$(now_ms)
    echo $((t1 - t0)) >>"$work/node"
    : "$i"
  done
  median <"$work/node"
}

printf '%-34s %9s %9s\n' "case ($agents agents, $runs runs)" "cold ms" "wall ms"
printf '%-34s %9s %9s\n' "node -e 0" "-" "$(node_ms)"
jvms=("java17:$(command -v java)")
for j in /usr/lib/jvm/temurin-25*/bin/java; do [ -x "$j" ] && jvms+=("java25:$j"); done
for entry in "${jvms[@]}"; do
  name=${entry%%:*} java=${entry#*:}
  for model in codec databind; do
    read -r cold wall < <(measure "$java" "$model")
    printf '%-34s %9s %9s\n' "$name $model" "$cold" "$wall"
    if [ "$name" = java25 ]; then
      "$java" -XX:AOTCacheOutput="$work/$model.aot" -cp "$cp" JsonMapping "$model" "$agents" cold >/dev/null 2>&1
      read -r cold wall < <(measure "$java" "$model" -XX:AOTCache="$work/$model.aot")
      printf '%-34s %9s %9s\n' "$name $model + AOT cache" "$cold" "$wall"
    fi
  done
done
for model in codec databind; do
  printf '%-34s %9s\n' "warm $model (java17, µs/round)" "$(java -cp "$cp" JsonMapping "$model" "$agents" warm)"
done
