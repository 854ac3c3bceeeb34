package dev.ghp.agents.store;

import java.util.Objects;
import java.util.function.Function;

/**
 * How the local ref takes in another line of history (a remote's record), decided under the write
 * lock from the freshly read local state, like a {@link Decision.Maker}: it may run more than once,
 * and what it decided comes back with the write ({@link Decided}), from the run that committed.
 *
 * @param <T> what the caller gets back (the merge's result, for a sync)
 */
@FunctionalInterface
public interface Integration<T> {

    Plan<T> decide(Snapshot local);

    /**
     * A decided integration: the step, and the result the caller wants back with the write.
     *
     * @param result may be null
     */
    record Plan<T>(Step step, T result) {
        public Plan {
            Objects.requireNonNull(step);
        }
    }

    /**
     * One way of moving the ref.
     *
     * @param kind        what to do
     * @param commitId    the commit to fast-forward to, the second parent of the merge, or the
     *                    commit to adopt
     * @param change      the tree edits: relative to the local tree (MERGE, COMMIT), or to the
     *                    adopted commit's (ADOPT)
     * @param then        the edits to commit alone on top of the step's result, from the state the
     *                    step made, in the same compare-and-swap (the notices what the step took in
     *                    causes), or null: a separate commit keeps the merge commit's tree a function
     *                    of its two parents
     */
    record Step(Kind kind, String commitId, Change change, Function<Snapshot, Change> then) {
        public enum Kind { NONE, FAST_FORWARD, MERGE, COMMIT, ADOPT }

        public Step(Kind kind, String commitId, Change change) {
            this(kind, commitId, change, null);
        }

        /** This step, followed by a commit of the edits {@code edits} makes from its result (none if they change nothing). */
        public Step then(Function<Snapshot, Change> edits) {
            return new Step(kind, commitId, change, edits);
        }

        /** This step, with {@code result} (may be null) for the caller. */
        public <T> Plan<T> giving(T result) {
            return new Plan<>(this, result);
        }

        public static Step none() {
            return new Step(Kind.NONE, null, null);
        }

        /** Move the ref to a descendant of the local tip (the store checks that it is one). */
        public static Step fastForward(String commitId) {
            return new Step(Kind.FAST_FORWARD, Objects.requireNonNull(commitId), null);
        }

        /** Commit the change with two parents, the local tip and {@code otherParent}, even when the tree does not change. */
        public static Step merge(String otherParent, Change change) {
            return new Step(Kind.MERGE, Objects.requireNonNull(otherParent), Objects.requireNonNull(change));
        }

        /**
         * Commit the change on the local tip alone (nothing if it changes nothing): another line's
         * content taken in without its history, when the two lines share no commit (one was pruned).
         */
        public static Step commit(Change change) {
            return new Step(Kind.COMMIT, null, Objects.requireNonNull(change));
        }

        /**
         * Move the ref to a commit of the change on top of {@code commitId} (to {@code commitId}
         * itself if the change changes nothing), dropping the local line's history: for a line that
         * shares no commit with the other one, whose content the change carries over.
         */
        public static Step adopt(String commitId, Change change) {
            return new Step(Kind.ADOPT, Objects.requireNonNull(commitId), Objects.requireNonNull(change));
        }
    }
}
