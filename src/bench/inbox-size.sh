#!/usr/bin/env bash
# What a full inbox costs (issue #22): a hook run that delivers, and a message sent, to an agent
# with N unread messages already waiting (default 10000, seeded with git fast-import).
#
#   src/bench/inbox-size.sh [--runs N] [--unread N] [--baseline OTHER_GHP]
#
# Each run starts from the same seeded record (the ref is reset between runs), so every hook run
# finds N unread and marks 5 read, and every send goes to an inbox of N. Prints each case's median
# and max wall time in ms. Commands go to the daemon unless GHP_DAEMON=off. --baseline OTHER_GHP
# times another checkout's launcher (built) on the same record, interleaved with this one's.
set -euo pipefail
# shellcheck source=src/bench/common.sh
. "$(dirname "$0")/common.sh"

runs=5
unread=10000
baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --unread) unread=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--unread N] [--baseline OTHER_GHP]" >&2; exit 2 ;;
  esac
done

bench_setup
bench_workdir
repo=$work/app
git init -q "$repo"
git -C "$repo" -c user.name=b -c user.email=b@b commit -q --allow-empty -m init
git -C "$repo" worktree add -q -b bench/147-inbox "$work/app-147"
agent=app-147
event="{\"cwd\": \"$work/app-147\", \"hook_event_name\": \"PostToolUse\"}"
(cd "$work/app-147" && printf '%s' "$event" | GHP_DAEMON=off "$ghp" agent-hooks run session-start >/dev/null)

# N unread messages from one sender, on top of the record the session start wrote (awk writes the
# fast-import stream: a shell loop would fork per message).
awk -v n="$unread" -v agent="$agent" 'BEGIN {
  print "commit refs/ghp/coordination"
  print "committer bench <bench@example.com> 1700000000 +0000"
  print "data 11"
  print "seed inbox"
  print "from refs/ghp/coordination^0"
  for (i = 1; i <= n; i++) {
    id = sprintf("msg-%021x", i)
    body = sprintf("{\"schemaVersion\": 1, \"id\": \"%s\", \"kind\": \"message\", \"from\": \"carol\", \"to\": \"%s\", \"address\": \"%s\", \"text\": \"message %d\", \"issue\": null, \"createdAt\": \"2026-01-01T00:00:00Z\", \"readAt\": null}\n", id, agent, agent, i)
    printf "M 100644 inline .ghp/inbox/%s/%s.json\ndata %d\n%s\n", agent, id, length(body), body
  }
}' | git -C "$repo" fast-import --quiet
seeded=$(git -C "$repo" rev-parse refs/ghp/coordination)

# ms of wall time of one command, the seeded record restored first.
time_one() {
  local launcher=$1 start end
  shift
  git -C "$repo" update-ref refs/ghp/coordination "$seeded"
  start=$(date +%s%N)
  # A command that fails (a timeout) is timed all the same.
  (cd "$work/app-147" && "$@" "$launcher") >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
hook() { printf '%s' "$event" | "$1" agent-hooks run post-tool-use; }
send() { "$1" agent-message --to "$agent" --by bench "one more"; }
run_hook() { hook "$1"; }
run_send() { send "$1"; }

stats() {
  sort -n | awk '{ a[NR] = $1 } END { printf "median %6d ms  max %6d ms  (%d runs)\n", a[int((NR + 1) / 2)], a[NR], NR }'
}

launchers=("this=$ghp")
[ -n "$baseline" ] && launchers+=("baseline=$baseline")
# A first command of each launcher starts its daemon (and is not counted).
for l in "${launchers[@]}"; do time_one "${l#*=}" run_hook >/dev/null; done
[ "$bench_mode" = daemon ] && await_daemon
for l in "${launchers[@]}"; do : >"$work/${l%%=*}.hook"; : >"$work/${l%%=*}.send"; done
for _r in $(seq "$runs"); do
  for l in "${launchers[@]}"; do
    time_one "${l#*=}" run_hook >>"$work/${l%%=*}.hook"
    time_one "${l#*=}" run_send >>"$work/${l%%=*}.send"
  done
done
echo "inbox of $unread unread, $bench_mode, $runs runs each"
for l in "${launchers[@]}"; do
  printf '%-9s hook (delivers 5)  ' "${l%%=*}"; stats <"$work/${l%%=*}.hook"
  printf '%-9s agent-message      ' "${l%%=*}"; stats <"$work/${l%%=*}.send"
done
