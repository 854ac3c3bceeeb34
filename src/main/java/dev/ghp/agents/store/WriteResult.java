package dev.ghp.agents.store;

/**
 * The outcome of {@link CoordinationStore#update}.
 *
 * @param committed      whether a commit was made (false when nothing changed)
 * @param commitId       the ref's tip after the write (the new commit, or the unchanged tip; null if the ref is absent)
 * @param attempts       how many read-apply-swap rounds it took (1 when nobody raced)
 * @param snapshot       the state the change was computed from
 * @param lockWaitMillis how long the writer waited for the other writers' OS lock
 * @param prunedCommits  old commits this write removed from history on its way (0 nearly always)
 */
public record WriteResult(boolean committed, String commitId, int attempts, Snapshot snapshot,
                          long lockWaitMillis, long prunedCommits) {

    /** A write that took no lock and pruned nothing (stores without history). */
    public WriteResult(boolean committed, String commitId, int attempts, Snapshot snapshot) {
        this(committed, commitId, attempts, snapshot, 0, 0);
    }
}
