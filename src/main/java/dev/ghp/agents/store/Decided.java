package dev.ghp.agents.store;

/**
 * The outcome of {@link CoordinationStore#decide}: the write, and the result of the decision that
 * was committed (or, when nothing was written, of the last run).
 */
public record Decided<T>(WriteResult write, T result) {
}
