package dev.ghp.agents.sync;

import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.merge.RecordDiff;
import java.util.List;

/**
 * What one {@code agent-sync} did.
 *
 * @param remote       the remote's name
 * @param url          its URL, without any password
 * @param kind         what happened, in one word
 * @param localBefore  the local tip before (null: no local record)
 * @param localAfter   the local tip after
 * @param remoteBefore the remote's tip as first fetched (null: not set up yet)
 * @param remoteAfter  the remote's tip after (null: still not set up)
 * @param rounds       fetch-merge-push rounds (more than 1 when another clone won a push race)
 * @param received     what the remote's record brought into the local one
 * @param sent         what the push brought into the remote's record
 * @param conflicts    conflict escalations opened by the merge
 * @param leftOut      the remote's files not taken in (docs/sharing.md#what-a-sync-leaves-out), by path, with the reason
 */
public record SyncOutcome(String remote, String url, Kind kind, String localBefore, String localAfter,
                          String remoteBefore, String remoteAfter, int rounds, RecordDiff received, RecordDiff sent,
                          List<Escalation> conflicts, java.util.SortedMap<String, String> leftOut) {

    public enum Kind {
        /** Neither side has a record. */
        NOTHING,
        /** Both sides were already the same commit. */
        UP_TO_DATE,
        /** The remote had no record; the local one was pushed there. */
        BOOTSTRAPPED,
        /** The local record fast-forwarded to the remote's. */
        RECEIVED,
        /** The remote's record fast-forwarded to the local one. */
        SENT,
        /** Both had changed: merged, and the merge pushed. */
        MERGED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public SyncOutcome {
        conflicts = List.copyOf(conflicts);
        leftOut = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(leftOut));
    }
}
