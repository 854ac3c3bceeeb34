package dev.ghp.agents.store;

/**
 * The outcome of {@link CoordinationStore#update}.
 *
 * @param committed whether a commit was made (false when nothing changed)
 * @param commitId  the ref's tip after the write (the new commit, or the unchanged tip; null if the ref is absent)
 * @param attempts  how many read-apply-swap rounds it took (1 when nobody raced)
 * @param snapshot  the state the change was computed from
 */
public record WriteResult(boolean committed, String commitId, int attempts, Snapshot snapshot) {
}
