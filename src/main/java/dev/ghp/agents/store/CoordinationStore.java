package dev.ghp.agents.store;

/**
 * The coordination record: read a snapshot, or apply a mutation atomically. Implementations
 * guarantee that a mutation sees the latest state and that concurrent writers never lose each
 * other's changes.
 */
public interface CoordinationStore {

    Snapshot read();

    WriteResult update(Mutation mutation);
}
