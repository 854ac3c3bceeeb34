#!/usr/bin/env bash
# Replays issue #21's two-clone team day against the ghp launcher given and counts what the
# distributed record gets wrong: decisions made on one clone and undone by the merge, notices that
# never reach an agent on the other clone, how long a message takes from one clone to the other,
# and stale flags that are noise (an agent that is waiting, not gone). Run it against a build of
# main and of a branch to compare (both jars built with mvn package -DskipTests):
#   src/test/replay/two-clone-day.sh /path/to/checkout/bin/ghp [--latency-cap SECONDS]
# Needs git and python3. Parts 1 and 2 sync by hand (GHP_AUTO_SYNC=off); part 3 runs as a team
# would, with the daemon and agents.autoSync "2m", and polls each receiver's inbox once a second.
set -euo pipefail
ghp=${1:?usage: two-clone-day.sh PATH/TO/bin/ghp [--latency-cap SECONDS]}
cap=150
if [ "${2:-}" = --latency-cap ]; then cap=${3:?--latency-cap needs seconds}; fi
work=$(mktemp -d)
export HOME=$work/home NO_COLOR=1 GIT_AUTHOR_NAME=replay GIT_AUTHOR_EMAIL=replay@localhost \
       GIT_COMMITTER_NAME=replay GIT_COMMITTER_EMAIL=replay@localhost GHP_DAEMON_DIR=$work/daemon
mkdir -p "$HOME"
unset GHP_AGENT GHP_STALE_AFTER GITHUB_TOKEN GH_TOKEN
cleanup() {
  (cd "$work/a" 2>/dev/null && "$ghp" agent-daemon stop >/dev/null 2>&1) || true
  rm -rf "$work"
}
trap cleanup EXIT

git init -q --bare -b main "$work/remote.git"
git init -q -b main "$work/seed"
(
  cd "$work/seed"
  mkdir -p .ghp src/a src/b
  cat > .ghp/config.json <<'JSON'
{"agents": {"remote": "origin", "autoSync": "2m", "staleAfter": "1m",
            "sharedFiles": ["pom.xml"], "leads": ["lead"]}}
JSON
  : > pom.xml; : > src/a/A.java; : > src/b/B.java
  git add -A && git commit -q -m init && git remote add origin "$work/remote.git" && git push -q origin main
)
git clone -q "$work/remote.git" "$work/a"
git clone -q "$work/remote.git" "$work/b"

on() { # CLONE ARGS...: a ghp command in clone a or b, output discarded, failures tolerated
  local clone=$1; shift
  (cd "$work/$clone" && "$ghp" "$@" >/dev/null 2>>"$work/stderr") || true
}
out() { # CLONE ARGS...: a ghp command's stdout
  local clone=$1; shift
  (cd "$work/$clone" && "$ghp" "$@" 2>>"$work/stderr") || true
}
sync_both() { on a agent-sync; on b agent-sync; on a agent-sync; }
agent_field() { # CLONE AGENT FIELD: a field of an agent's record as JSON, or null
  out "$1" agent-status --json | python3 -c '
import json, sys
doc = json.load(sys.stdin)
print(json.dumps(doc["agents"].get(sys.argv[1], {}).get(sys.argv[2])))' "$2" "$3" 2>/dev/null || echo null
}
open_id() { # CLONE KIND AGENT: the id of an open escalation
  out "$1" agent-escalate --list --json | python3 -c '
import json, sys
for e in json.load(sys.stdin)["escalations"]:
    if e["kind"] == sys.argv[1] and e.get("agent") == sys.argv[2]:
        print(e["id"]); break' "$2" "$3" 2>/dev/null || true
}
unread_kinds() { # CLONE AGENT: the kinds of its unread messages, marking them read
  out "$1" agent-inbox --agent "$2" --json | python3 -c '
import json, sys
print(" ".join(m["kind"] for m in json.load(sys.stdin)["messages"]))' 2>/dev/null || true
}

lost=0 kept=0
decision() { # NAME EXPECTED ACTUAL-ON-A ACTUAL-ON-B
  if [ "$2" = "$3" ] && [ "$2" = "$4" ]; then kept=$((kept + 1)); verdict=kept; else lost=$((lost + 1)); verdict=LOST; fi
  printf '  %-11s %-5s expected %s, clone a %s, clone b %s\n' "$1" "$verdict" "$2" "$3" "$4"
}

echo "== 1. decisions made on one clone, then the agent's own heartbeat on the other (syncs by hand)"
export GHP_AUTO_SYNC=off GHP_DAEMON=off
on a agent-heartbeat --agent lead --status reviewing --action "watching the team"
on b agent-heartbeat --agent wb --issue 5 --status implementing --files pom.xml
on b agent-heartbeat --agent wc --status planning --action "free for work"
on b agent-heartbeat --agent wd --issue 11 --status implementing
on a agent-heartbeat --agent leaver --issue 9 --status implementing --files 'src/a/**'
sync_both
on a agent-escalate --resolve "$(open_id a approval wb)" --approve --by alice
on a agent-handoff --agent leaver --to wc
on a agent-assign --to wd --issue 10 --by lead
on a agent-sync
on b agent-heartbeat --agent wb --action "still on it"
on b agent-heartbeat --agent wc --action "still on it"
on b agent-heartbeat --agent wd --action "still on it"
sync_both
decision approval '["pom.xml"]' "$(agent_field a wb files)" "$(agent_field b wb files)"
decision handoff 9 "$(agent_field a wc issue)" "$(agent_field b wc issue)"
decision assignment 10 "$(agent_field a wd issue)" "$(agent_field b wd issue)"

echo "== 2. notices for agents on clone b, caused on clone a"
on b agent-heartbeat --agent waiter --status blocked --blocked-on '#20'
on a agent-heartbeat --agent holder --issue 20 --status implementing
sync_both
on a agent-heartbeat --agent holder --status "done" --action "merged"
on b agent-heartbeat --agent wq --issue 30 --status implementing
on b agent-escalate --agent wq "Should the parser accept tabs?"
sync_both
delivered=0 missing=0
notice() { # NAME KIND KINDS-DELIVERED
  case " $3 " in
    *" $2 "*) delivered=$((delivered + 1)); printf '  %-26s delivered (%s)\n' "$1" "$3" ;;
    *) missing=$((missing + 1)); printf '  %-26s NEVER DELIVERED (inbox had: %s)\n' "$1" "${3:-nothing}" ;;
  esac
}
notice "blocker done → waiter (b)" blocker "$(unread_kinds b waiter)"
lead_inbox=$(unread_kinds a lead)
notice "escalation opened → lead" escalation "$lead_inbox"
on a agent-escalate --resolve "$(open_id a question wq)" --answer "yes, as spaces" --by lead
sync_both
notice "answer → wq (b)" answer "$(unread_kinds b wq)"

echo "== 3. message latency between clones (daemon on, autoSync 2m, receivers poll once a second; cap ${cap}s)"
unset GHP_AUTO_SYNC GHP_DAEMON
sync_both
latency() { # FROM-CLONE TO-CLONE RECEIVER TEXT...
  local from=$1 to=$2 who=$3; shift 3
  out "$to" agent-inbox --agent "$who" --json >/dev/null
  local start; start=$(date +%s)
  on "$from" agent-message --by lead --to "$who" "$@"
  while :; do
    local now; now=$(date +%s)
    if out "$to" agent-inbox --agent "$who" --json | grep -q '"kind" *: *"message"'; then
      printf '  %s → %s (%s): %ss\n' "$from" "$to" "$who" $((now - start)); return
    fi
    if [ $((now - start)) -ge "$cap" ]; then printf '  %s → %s (%s): not within %ss\n' "$from" "$to" "$who" "$cap"; return; fi
    sleep 1
  done
}
latency a b wb "first message to clone b"
latency b a leaver "reply to clone a"
latency a b wd "second message to clone b"

echo "== 4. stale flags on agents that are waiting, not gone (staleAfter 1m)"
on a agent-heartbeat --agent orchestrator --status waiting --action "waiting for workers"
on b agent-heartbeat --agent patient --status waiting --action "waiting for an answer"
(cd "$work/b" || exit; timeout 150 "$ghp" agent-inbox --agent patient --wait 90s >/dev/null 2>&1) &
sleep 80
noise=$(out b agent-status --json | python3 -c '
import json, sys
agents = json.load(sys.stdin)["agents"]
print(" ".join(n for n in ("orchestrator", "patient", "lead") if agents.get(n, {}).get("stale")))' 2>/dev/null || true)
wait
printf '  stale flags on waiting agents: %s\n' "${noise:-none}"

echo "== summary"
printf '  decisions lost: %d of %d\n' "$lost" $((lost + kept))
printf '  notices never delivered: %d of %d\n' "$missing" $((missing + delivered))
printf '  stale flags that were noise: %d\n' "$(echo "$noise" | wc -w)"
