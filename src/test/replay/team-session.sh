#!/usr/bin/env bash
# Replays a short team session (issue #15's closing note) against the ghp launcher given, and
# counts the escalations the session opened, by cause. Run it against a build of main and of a
# branch to compare:
#   src/test/replay/team-session.sh /path/to/checkout/bin/ghp
# Needs git; the launcher's jar must be built (mvn package -DskipTests). No daemon is used.
set -euo pipefail
ghp=${1:?usage: team-session.sh PATH/TO/bin/ghp}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GHP_DAEMON=off NO_COLOR=1 GIT_AUTHOR_NAME=replay GIT_AUTHOR_EMAIL=replay@localhost \
       GIT_COMMITTER_NAME=replay GIT_COMMITTER_EMAIL=replay@localhost
unset GHP_AGENT GHP_STALE_AFTER GITHUB_TOKEN GH_TOKEN
repo=$work/app
git init -q -b main "$repo"
cd "$repo"
git config user.name orchestrator
mkdir -p .ghp src/parser src/lexer src/core docs
echo '{"agents": {"sharedFiles": ["README.md", "src/core/**"]}}' > .ghp/config.json
: > README.md; : > src/parser/Parser.java; : > src/lexer/Lexer.java; : > src/core/Engine.java; : > docs/guide.md
git add -A && git commit -q -m init

step() { # AGENT ARGS...: one heartbeat; a refusal (exit 3) is part of the session
  local agent=$1; shift
  "$ghp" agent-heartbeat --agent "$agent" "$@" >/dev/null 2>>"$work/stderr" || true
}
resolve() { # ID ARGS...
  "$ghp" agent-escalate --resolve "$@" --by orchestrator >/dev/null 2>>"$work/stderr" || true
}
open_ids() { # KIND AGENT: ids of open escalations of that kind opened by AGENT
  "$ghp" agent-escalate --list --json | python3 -c '
import json, sys
for e in json.load(sys.stdin)["escalations"]:
    if e["kind"] == sys.argv[1] and e.get("agent") == sys.argv[2]:
        print(e["id"])' "$1" "$2"
}

# Four workers claim what each one works on: four different files and directories.
step worker-1 --issue 1 --status implementing --files src/parser/Parser.java
step worker-2 --issue 2 --status implementing --files README.md           # a shared file: one approval is right
step worker-3 --issue 3 --status implementing --files src/lexer/Lexer.java
step worker-4 --issue 4 --status implementing --files docs/guide.md
# worker-2 is approved for README.md; worker-1 then wants the core engine too (shared: approval).
for id in $(open_ids approval worker-2); do resolve "$id" --approve; done
step worker-1 --files src/parser/Parser.java --files src/core/Engine.java
# worker-3 asks for all of src/ (a real overlap with worker-1), is refused, retries, then narrows.
step worker-3 --files 'src/**'
step worker-3 --files 'src/**'
step worker-3 --files src/lexer/Lexer.java --files src/lexer/Token.java
# worker-1 finishes and signs off; worker-3 asks for src/** again.
step worker-1 --status "done" --action "opened a PR"
step worker-3 --files 'src/**'
# worker-4 and worker-2 wait on each other: one waiting cycle, then worker-2 stops waiting.
step worker-4 --status blocked --blocked-on worker-2
step worker-2 --status blocked --blocked-on worker-4
step worker-2 --status implementing

"$ghp" agent-escalate --list --all --json | python3 -c '
import json, sys, collections
es = json.load(sys.stdin)["escalations"]
by = collections.Counter()
for e in es:
    by[(e["kind"], "open" if e.get("status", "open") == "open" and not e.get("resolvedAt") else "resolved")] += 1
print("escalations opened: %d" % len(es))
for (kind, state), n in sorted(by.items()):
    print("  %-9s %-8s %d" % (kind, state, n))
for e in es:
    print("  - %s %s: %s" % (e["kind"], e["id"], e["message"][:160]))
'
