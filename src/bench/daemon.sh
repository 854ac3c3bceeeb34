# Sourced by the benchmarks: a daemon of the run's own, in $GHP_DAEMON_DIR (set before sourcing
# uses it), never the user's. bench_mode says whether commands go to it (GHP_DAEMON unset or on)
# or each run in its own JVM (GHP_DAEMON=off).

case "${GHP_DAEMON-}" in off | 0 | false | no) bench_mode=own-jvm ;; *) bench_mode=daemon ;; esac

# The pids that the state files in $GHP_DAEMON_DIR name.
daemon_pids() {
  local state pid
  for state in "${GHP_DAEMON_DIR:?}"/daemon*; do
    case "$state" in *.lock | *.log | *.spawn | *.tmp) continue ;; esac
    [ -f "$state" ] && read -r _ _ pid <"$state" && echo "$pid"
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
