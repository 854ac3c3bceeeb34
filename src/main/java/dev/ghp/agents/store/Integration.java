package dev.ghp.agents.store;

import java.util.Objects;

/**
 * How the local ref takes in another line of history (a remote's record), decided under the write
 * lock from the freshly read local state, like a {@link Mutation}: it may run more than once.
 */
@FunctionalInterface
public interface Integration {

    Step decide(Snapshot local);

    /**
     * One way of moving the ref.
     *
     * @param kind        what to do
     * @param commitId    the commit to fast-forward to, or the second parent of the merge
     * @param change      the merge's tree edits relative to the local tree (MERGE only)
     */
    record Step(Kind kind, String commitId, Change change) {
        public enum Kind { NONE, FAST_FORWARD, MERGE }

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
    }
}
