package dev.ghp.agents.store;

/**
 * What a write decided, from the state it was given: the change to commit (null when there is
 * nothing to write) and the result the caller wants back (what was granted, refused, resolved...).
 * Returned rather than passed out through a side channel, so the result the caller sees is always
 * the one from the run that committed: a retry after a lost race decides again from fresh state.
 *
 * @param change the change to commit, or null for nothing
 * @param result what the caller gets back with the write's outcome; may be null
 */
public record Decision<T>(Change change, T result) {

    public static <T> Decision<T> write(Change change, T result) {
        return new Decision<>(change, result);
    }

    public static <T> Decision<T> nothing(T result) {
        return new Decision<>(null, result);
    }

    /** How a write decides: a function of the freshly read state, without side effects (it may run more than once). */
    @FunctionalInterface
    public interface Maker<T> {

        /** @throws dev.ghp.agents.errors.GhpException to refuse the write (nothing is committed) */
        Decision<T> decide(Snapshot current);
    }
}
