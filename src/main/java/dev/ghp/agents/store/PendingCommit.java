package dev.ghp.agents.store;

import org.eclipse.jgit.lib.ObjectId;

/**
 * A commit written to the object database but not yet on the ref.
 *
 * @param commit   the commit the ref is to move to
 * @param pruned   how many old commits it pruned from under itself
 * @param rewrites whether the ref may move to a commit that does not contain the old tip
 */
record PendingCommit(ObjectId commit, long pruned, boolean rewrites) {

    PendingCommit(ObjectId commit, long pruned) {
        this(commit, pruned, pruned > 0);
    }
}
