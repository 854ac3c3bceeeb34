# shellcheck shell=bash
# Sourced first by every benchmark: where the checkout is, the launcher to time, the set-up every
# run shares, and a daemon of the run's own (never the user's). bench_mode says whether commands
# go to the daemon (GHP_DAEMON unset or on) or each run in its own JVM (GHP_DAEMON=off).

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ghp=$root/bin/ghp

# Read by the benchmarks that source this file.
# shellcheck disable=SC2034
case "${GHP_DAEMON-}" in off | 0 | false | no) bench_mode=own-jvm ;; *) bench_mode=daemon ;; esac

# After the options are read: the launcher's checkout must be built; git's and the agent's own
# settings stay out of the measurements.
bench_setup() {
  [ -f "$(dirname "$ghp")/../target/ghp-agents.jar" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
  export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
  unset GHP_AGENT GHP_SPAWN_CONTEXT
}

# A scratch directory in $work, removed at exit (kept with KEEP=1), with the run's daemon in it.
bench_workdir() {
  work=$(mktemp -d)
  export GHP_DAEMON_DIR=$work/daemon
  trap 'stop_daemons; [ -n "${KEEP-}" ] || rm -rf "$work"' EXIT
}

# The pids that the state files in $GHP_DAEMON_DIR name.
daemon_pids() {
  local state pid
  for state in "${GHP_DAEMON_DIR:?}"/daemon*; do
    case "$state" in *.lock | *.log | *.spawn | *.tmp) continue ;; esac
    [ -f "$state" ] && read -r _ _ pid _ <"$state" && echo "$pid"
  done
  return 0
}

stop_daemons() {
  local pid
  for pid in $(daemon_pids); do kill "$pid" 2>/dev/null; done
  return 0
}

# Waits up to 10 s for the daemon the first command started.
await_daemon() {
  local _i
  for _i in $(seq 100); do
    [ -n "$(daemon_pids)" ] && return 0
    sleep 0.1
  done
  echo "no daemon started in $GHP_DAEMON_DIR" >&2
  return 1
}
