package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * {@link GitRefStore#integrate}: another line of history (a remote's record) taken in under the same
 * lock and compare-and-swap as every write.
 */
final class SyncIntegration {
    private final Repository repo;
    private final CoordinationRef ref;
    private final CommitWriter commits;
    private final CompareAndSwapLoop loop;

    SyncIntegration(Repository repo, CoordinationRef ref, CommitWriter commits, CompareAndSwapLoop loop) {
        this.repo = repo;
        this.ref = ref;
        this.commits = commits;
        this.loop = loop;
    }

    <T> Decided<T> run(Integration<T> integration) {
        return loop.run(current -> {
            Integration.Plan<T> plan = integration.decide(current);
            return new CompareAndSwapLoop.Round<>(next(current, plan.step()), plan.result());
        }, () -> { });
    }

    private PendingCommit next(GitSnapshot current, Integration.Step step) {
        PendingCommit moved = move(current, step);
        if (step.then() == null) {
            return moved;
        }
        GitSnapshot onto = moved == null ? current : ref.snapshotAt(moved.commit());
        Change edits = step.then().apply(onto);
        PendingCommit then = edits == null || edits.edits().isEmpty() ? null : commits.write(onto, edits, null, null);
        if (then == null) {
            return moved;
        }
        return moved == null ? then : new PendingCommit(then.commit(), moved.pruned(), moved.rewrites());
    }

    private PendingCommit move(GitSnapshot current, Integration.Step step) {
        return switch (step.kind()) {
            case NONE -> null;
            case FAST_FORWARD -> new PendingCommit(checkedFastForward(current, ObjectId.fromString(step.commitId())), 0);
            case MERGE -> commits.write(current, step.change(), ObjectId.fromString(step.commitId()), null);
            case COMMIT -> commits.write(current, step.change(), null, null);
            case ADOPT -> adopt(ObjectId.fromString(step.commitId()), step.change());
        };
    }

    /** The change committed on top of {@code base}, or {@code base} itself: the new tip need not contain the old one. */
    private PendingCommit adopt(ObjectId base, Change change) {
        GitSnapshot onto = ref.snapshotAt(base);
        PendingCommit on = change.edits().isEmpty() ? null : commits.write(onto, change, null, null);
        return new PendingCommit(on == null ? base : on.commit(), 0, true);
    }

    /** A fast-forward never drops a local commit: the target must contain the local tip. */
    private ObjectId checkedFastForward(GitSnapshot current, ObjectId target) {
        if (current.commit() == null) {
            return target;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            if (!walk.isMergedInto(walk.parseCommit(current.commit()), walk.parseCommit(target))) {
                throw new IllegalStateException("not a fast-forward: " + current.commit().name() + " to " + target.name());
            }
            return target;
        } catch (IOException e) {
            throw new StateException("cannot read " + target.name() + ": " + e.getMessage(),
                    "check the repository with: git fsck", e);
        }
    }
}
