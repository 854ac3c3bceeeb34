package dev.ghp.agents.store;

import dev.ghp.agents.errors.Cancellation;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.trace.Trace;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The write loop of docs/design.md#the-write-protocol: take the OS lock, read the tip, compute the next commit from what was
 * read, compare-and-swap the ref, and when the swap loses, retry from the new tip with jittered
 * back-off. Whatever computes the next commit may run once per round; the result returned is the
 * one of the round that committed.
 */
final class CompareAndSwapLoop {
    private final Repository repo;
    private final CoordinationRef ref;
    private final Path lockFile;
    private final Duration lockTimeout;
    private final Duration retryBudget;
    private final AbandonedRefLock refLocks;
    private Runnable afterRead = () -> { };

    /** One round's decision: the commit to swap in (null: nothing to write) and what the caller gets back. */
    record Round<T>(PendingCommit commit, T result) {
    }

    CompareAndSwapLoop(Repository repo, CoordinationRef ref, Path lockFile, Duration lockTimeout, Duration retryBudget,
                       AbandonedRefLock refLocks) {
        this.repo = repo;
        this.refLocks = refLocks;
        this.ref = ref;
        this.lockFile = lockFile;
        this.lockTimeout = lockTimeout;
        this.retryBudget = retryBudget;
    }

    /** See {@link GitRefStore#afterRead}. */
    void afterRead(Runnable hook) {
        this.afterRead = hook;
    }

    /** @param whileWaiting run before waiting when the lock is taken (see {@link GitRefStore}'s rehearsal) */
    <T> Decided<T> run(Function<GitSnapshot, Round<T>> next, Runnable whileWaiting) {
        try (WriteLock lock = WriteLock.acquire(lockFile, lockTimeout, whileWaiting)) {
            long lockWaitMillis = lock.waitedMillis();
            Trace.mark("lock taken");
            long deadline = System.nanoTime() + retryBudget.toNanos();
            long pause = 4;
            for (int attempt = 1; ; attempt++) {
                ObjectId tip = ref.tip();
                GitSnapshot current = ref.snapshotAt(tip);
                afterRead.run();
                Trace.mark("tip read");
                Round<T> round = next.apply(current);
                Trace.mark("commit written");
                PendingCommit written = round.commit();
                if (written == null || written.commit().equals(tip)) {
                    return new Decided<>(new WriteResult(false, name(tip), attempt, current, lockWaitMillis, 0),
                            round.result());
                }
                ObjectPresence.verify(repo, written.commit(), current.tree());
                RefUpdate.Result result = swap(tip, written.commit(), written.rewrites());
                Trace.mark("ref swapped");
                if (RefUpdateCheck.check(result, StorePaths.REF) == RefUpdateCheck.Outcome.UPDATED) {
                    return new Decided<>(new WriteResult(true, written.commit().name(), attempt, current, lockWaitMillis,
                            written.pruned()), round.result());
                }
                // We hold the OS lock, so no ghp writer can own a JGit ref lock: an old one is abandoned.
                if (refLocks.removeIfAbandoned(ref.refLockFile())) {
                    continue;
                }
                if (System.nanoTime() > deadline) {
                    throw gaveUp(attempt);
                }
                sleep(pause + ThreadLocalRandom.current().nextLong(pause + 1));
                pause = Math.min(pause * 2, 200);
                repo.getRefDatabase().refresh();
            }
        }
    }

    /**
     * @param rewritesHistory the new commit does not descend from {@code expected} (a prune): the
     *                        compare-and-swap alone guards it, and JGit's fast-forward test, a walk
     *                        of the whole new history, is skipped
     */
    private RefUpdate.Result swap(ObjectId expected, ObjectId next, boolean rewritesHistory) {
        try {
            RefUpdate update = repo.updateRef(StorePaths.REF);
            update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
            update.setNewObjectId(next);
            update.setForceUpdate(rewritesHistory);
            update.disableRefLog();
            try (RevWalk walk = new RevWalk(repo)) {
                return update.update(walk);
            }
        } catch (IOException e) {
            throw new StateException("cannot update " + StorePaths.REF + ": " + e.getMessage(),
                    "check that the git directory is writable", e);
        }
    }

    /** Says which of LOCK_FAILURE's causes it was: a ref lock someone holds, or writers outside ghp racing us. */
    private StateException gaveUp(int attempts) {
        File lock = ref.refLockFile();
        if (lock.isFile()) {
            return new StateException("gave up updating " + StorePaths.REF + " after " + attempts + " attempts: "
                    + lock + " is held by another git process (one left by a killed process is removed once it is "
                    + Durations.brief(refLocks.age()) + " old)", "try again in a few seconds");
        }
        return new StateException("gave up updating " + StorePaths.REF + " after " + attempts
                + " attempts: other writers kept changing it", "try again");
    }

    private static String name(ObjectId id) {
        return id == null ? null : id.name();
    }

    private static void sleep(long millis) {
        try {
            Cancellation.pause(millis, "interrupted before " + StorePaths.REF + " was updated; nothing was written");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateException("interrupted while waiting to update " + StorePaths.REF, null);
        }
    }
}
