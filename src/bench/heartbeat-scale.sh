#!/usr/bin/env bash
# A heartbeat over 1,000 agents against 10 (issue #21): its cost through the daemon, and the bytes
# a sync sends and receives for it.
#
#   src/bench/heartbeat-scale.sh [--runs N] [--agents N] [--syncs N] [--baseline OTHER_GHP]
#
# Prints, in one run:
#   node -e 0        wall time of a trivial process, the machine's reference at this load
#   heartbeat        through the daemon, --runs heartbeats (default 60) on a repository of 10 agents
#                    and one of --agents (default 1000), interleaved, after 20 unmeasured ones each:
#                    median wall time, and the mean CPU time per heartbeat of the daemon that ran
#                    them (each build has its own; from /proc/PID/stat, clock ticks of 10 ms, so a
#                    mean over the run; JIT and collector threads included); CPU time is what the
#                    load from other processes disturbs least. Each heartbeat is by the next agent
#                    with a new action, so every one commits a new table.
#   in-process       src/bench/HeartbeatLoop.java: the same heartbeats in one warm JVM, median CPU
#                    time of the thread that runs them (no client, no socket)
#   sync bytes       for each size, a bare remote served by `git daemon` on 127.0.0.1 behind a
#                    counting TCP proxy (node), clone A and clone B of it: --syncs times (default
#                    10) a heartbeat on A, agent-sync on A (pushed: bytes A sent to the remote) and
#                    agent-sync on B (fetched: bytes B received). Per sync, both directions of every
#                    connection the command opened are counted (advertisements included), then the median.
# --baseline OTHER_GHP runs everything with that launcher too (another checkout's bin/ghp, built),
# interleaved with this one's, on the same repositories.
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

runs=60
agents=1000
syncs=10
baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --agents) agents=$2; shift 2 ;;
    --syncs) syncs=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--agents N] [--syncs N] [--baseline OTHER_GHP]" >&2; exit 2 ;;
  esac
done
[ "$bench_mode" = daemon ] || { echo "$0 measures the daemon: unset GHP_DAEMON" >&2; exit 2; }

bench_setup
bench_workdir
launchers=("this=$ghp")
[ -n "$baseline" ] && launchers+=("before=$baseline")
sizes=(10 "$agents")
ticks_per_second=$(getconf CLK_TCK 2>/dev/null || echo 100)
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# user + sys clock ticks of process $1
ticks() {
  local stat
  stat=$(cat "/proc/$1/stat")
  stat=${stat##*) }
  # shellcheck disable=SC2086
  set -- $stat
  echo $((${12} + ${13}))
}

echo "ghp-agents heartbeat over $agents agents against 10: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores;" \
  "commit $(git -C "$root" rev-parse --short HEAD)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
TIMEFORMAT='%3R'
for _ in 1 2 3 4 5; do { time node -e 0; } 2>&1; done | awk '{print $1 * 1000}' | median | sed 's/^/node -e 0 median: /;s/$/ ms/'

# --- the heartbeat through the daemon ---------------------------------------------------------
for l in "${launchers[@]}"; do
  for n in "${sizes[@]}"; do
    "$root/src/bench/startup.sh" --seed-only "$work/${l%%=*}-$n" --agents "$n" --history 10
  done
done
# Each launcher's own daemon (another build is another daemon), warmed up by 20 heartbeats a size.
declare -A daemon
for l in "${launchers[@]}"; do
  for n in "${sizes[@]}"; do
    for ((i = 1; i <= 20; i++)); do
      printf -v agent 'agent-%04d' $(( (i - 1) % n + 1 ))
      "${l#*=}" agent-heartbeat -C "$work/${l%%=*}-$n" --agent "$agent" --action "warm-up $i" --quiet
    done
  done
  await_daemon
  daemon[${l%%=*}]=$(GHP_TRACE=1 "${l#*=}" agent-status -C "$work/${l%%=*}-10" 2>&1 >/dev/null \
    | sed -n 's/.*run by the daemon (pid \([0-9]*\)).*/\1/p')
  [ -n "${daemon[${l%%=*}]}" ] || { echo "no daemon ran the command for ${l#*=}" >&2; exit 1; }
done
for ((i = 1; i <= runs; i++)); do
  for l in "${launchers[@]}"; do
    for n in "${sizes[@]}"; do
      printf -v agent 'agent-%04d' $(( (i - 1) % n + 1 ))
      pid=${daemon[${l%%=*}]}
      d0=$(ticks "$pid")
      t=$( { time "${l#*=}" agent-heartbeat -C "$work/${l%%=*}-$n" --agent "$agent" --action "step $i" --quiet; } 2>&1 )
      d1=$(ticks "$pid")
      echo "$t $((d1 - d0))" >>"$work/beat.${l%%=*}.$n"
    done
  done
done

# --- the same heartbeats in one warm JVM ------------------------------------------------------
javac -nowarn --release 17 -cp "$root/target/ghp-agents.jar" -d "$work/classes" "$root/src/bench/HeartbeatLoop.java"
in_process() {
  local jar
  jar=$(dirname "$1")/../target/ghp-agents.jar
  java -cp "$jar:$work/classes" HeartbeatLoop "$2" "$3" 200 300 | sed -n 's/.*cpu median \([0-9.]*\) ms.*/\1/p'
}

# --- the bytes of a sync ----------------------------------------------------------------------
port=$((20000 + RANDOM % 20000))
proxy_port=$((port + 1))
mkdir -p "$work/served"
git daemon --listen=127.0.0.1 --port="$port" --base-path="$work/served" --export-all --enable=receive-pack \
  --reuseaddr --pid-file="$work/git-daemon.pid" --detach "$work/served"
# Each connection's bytes, client to server and back, one line when it closes.
node -e '
  const net = require("net"), fs = require("fs");
  const [port, target, log] = process.argv.slice(1);
  net.createServer(c => {
    let up = 0, down = 0;
    const s = net.connect(+target, "127.0.0.1");
    c.on("data", d => { up += d.length; s.write(d); });
    s.on("data", d => { down += d.length; c.write(d); });
    const end = () => { if (up + down >= 0) { fs.appendFileSync(log, up + " " + down + "\n"); up = -1e15; } c.destroy(); s.destroy(); };
    c.on("close", end); s.on("close", end); c.on("error", end); s.on("error", end);
  }).listen(+port, "127.0.0.1");
' "$proxy_port" "$port" "$work/connections" &
proxy=$!
trap 'kill "$proxy" 2>/dev/null; [ -f "$work/git-daemon.pid" ] && kill "$(cat "$work/git-daemon.pid")" 2>/dev/null; stop_daemons; [ -n "${KEEP-}" ] || rm -rf "$work"' EXIT
sleep 1

# bytes up and down over the connections a command opened
counted() {
  : >"$work/connections"
  "$@" >/dev/null
  sleep 0.2
  awk '{u += $1; d += $2} END {print u + 0, d + 0}' "$work/connections"
}

for l in "${launchers[@]}"; do
  for n in "${sizes[@]}"; do
    name=${l%%=*}-$n
    g=${l#*=}
    "$root/src/bench/startup.sh" --seed-only "$work/$name-a" --agents "$n" --history 10
    git init -q --bare "$work/served/$name.git"
    git -C "$work/$name-a" remote add origin "git://127.0.0.1:$proxy_port/$name.git"
    "$g" agent-sync -C "$work/$name-a" >/dev/null
    git clone -q "git://127.0.0.1:$proxy_port/$name.git" "$work/$name-b" 2>/dev/null
    "$g" agent-sync -C "$work/$name-b" >/dev/null
    for ((i = 1; i <= syncs; i++)); do
      printf -v agent 'agent-%04d' "$i"
      "$g" agent-heartbeat -C "$work/$name-a" --agent "$agent" --action "sync step $i" --quiet
      read -r up _ < <(counted "$g" agent-sync -C "$work/$name-a")
      read -r _ down < <(counted "$g" agent-sync -C "$work/$name-b")
      echo "$up $down" >>"$work/sync.$name"
    done
  done
done

printf '\n%-8s %8s %12s %12s %14s %12s %12s\n' build agents "wall ms" "daemon cpu" "in-process cpu" "pushed B" "fetched B"
for l in "${launchers[@]}"; do
  for n in "${sizes[@]}"; do
    wall=$(awk '{print $1 * 1000}' "$work/beat.${l%%=*}.$n" | median)
    cpu=$(awk -v hz="$ticks_per_second" '{s += $2} END {printf "%.1f", s * 1000 / hz / NR}' "$work/beat.${l%%=*}.$n")
    inproc=$(in_process "${l#*=}" "$work/${l%%=*}-$n" "$n")
    pushed=$(awk '{print $1}' "$work/sync.${l%%=*}-$n" | median)
    fetched=$(awk '{print $2}' "$work/sync.${l%%=*}-$n" | median)
    printf '%-8s %8s %12s %12s %14s %12s %12s\n' "${l%%=*}" "$n" "$wall" "$cpu" "$inproc" "$pushed" "$fetched"
    echo "$wall $cpu $inproc $pushed $fetched" >>"$work/summary.${l%%=*}"
  done
  awk -v b="${l%%=*}" 'NR == 1 {w = $1; c = $2; p = $3; u = $4; f = $5}
    NR == 2 {printf "%-8s %8s %11.2fx %11.2fx %13.2fx %11.2fx %11.2fx\n", b, "ratio", $1 / w, $2 / c, $3 / p, $4 / u, $5 / f}' \
    "$work/summary.${l%%=*}"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(wall: median of $runs heartbeats through the daemon; daemon cpu: mean per heartbeat; in-process cpu: median of 300"
echo " warm heartbeats in one JVM; pushed/fetched: median bytes on the wire of one agent-sync after one heartbeat, $syncs syncs)"
