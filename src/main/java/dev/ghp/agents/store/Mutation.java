package dev.ghp.agents.store;

/**
 * A write, expressed as a function of the freshly read state, so that a retry after a lost race
 * recomputes it from the new state instead of replaying a stale result (docs/design.md#the-write-protocol, step 3).
 * It may run more than once; it must not have side effects. A write that has a result to give
 * back (what it granted, refused or opened) is a {@link Decision.Maker} instead, so the result
 * comes from the run that committed rather than from a variable set inside the mutation.
 */
@FunctionalInterface
public interface Mutation {

    /**
     * @return the change to commit, or null when there is nothing to write
     * @throws dev.ghp.agents.errors.GhpException to refuse the write (nothing is committed)
     */
    Change apply(Snapshot current);
}
