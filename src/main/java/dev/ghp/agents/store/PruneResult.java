package dev.ghp.agents.store;

import java.time.Instant;

/**
 * What {@link GitRefStore#prune} did, or with {@code dryRun} would do.
 *
 * @param dryRun         nothing was written
 * @param pruned         history was (or would be) rewritten
 * @param removedCommits commits dropped from the first-parent chain
 * @param keptCommits    commits on the chain afterwards, the one recording the prune included
 * @param oldestKept     when the oldest remaining commit was written; null when the ref does not exist
 * @param before         the tip before; null when the ref does not exist
 * @param after          the tip afterwards (the same as before when nothing was pruned)
 * @param limits         the limits pruned to
 */
public record PruneResult(boolean dryRun, boolean pruned, long removedCommits, long keptCommits, Instant oldestKept,
                          String before, String after, HistoryLimits limits) {

    static PruneResult noHistory(HistoryLimits limits, boolean dryRun) {
        return new PruneResult(dryRun, false, 0, 0, null, null, null, limits);
    }
}
