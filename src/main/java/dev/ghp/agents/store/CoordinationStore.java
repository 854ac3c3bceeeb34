package dev.ghp.agents.store;

/**
 * The coordination record: read a snapshot, or apply a mutation atomically. Implementations
 * guarantee that a mutation sees the latest state and that concurrent writers never lose each
 * other's changes.
 */
public interface CoordinationStore {

    Snapshot read();

    /**
     * Applies a write that returns what it decided along with its change. The decision may be made
     * more than once (a lost race decides again from the new state); the result returned is the
     * one whose change was committed.
     */
    <T> Decided<T> decide(Decision.Maker<T> maker);

    /** A write with nothing to report but the write itself. */
    default WriteResult update(Mutation mutation) {
        return decide(current -> Decision.<Void>write(mutation.apply(current), null)).write();
    }
}
