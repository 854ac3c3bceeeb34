#!/bin/sh
# The CI check of the agents (docs/ci.md): exits 4 when they need a human, and says which
# condition failed and for whom. Run it in a plain checkout, with `ghp` on PATH; the arguments go
# to `ghp agent-status --check` (e.g. --stale-after 30m --fail-on stale,escalations,approvals).
#
# The checkout has no refs/ghp/coordination (actions/checkout fetches branches only), so
# agent-status --check fetches that one ref from the sync remote (agents.remote, else origin)
# before checking. Exit codes: 0 nothing to do; 4 attention (see the ✗ lines); 5 no record here or
# on the remote (add --allow-empty to accept that), or the remote could not be read.
set -eu

# A read-only job: the check's own fetch, no automatic sync (which pushes what it wrote, if anything).
GHP_AUTO_SYNC=off
export GHP_AUTO_SYNC

exec "${GHP:-ghp}" agent-status --check "$@"
