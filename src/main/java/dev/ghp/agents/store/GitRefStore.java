package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The coordination record on {@code refs/ghp/coordination}, written straight into the object
 * database: never through a work tree, the index or HEAD. Writers follow DESIGN §3: OS lock, read
 * the tip, apply the mutation to what was read, write objects, compare-and-swap the ref, retry
 * with jittered back-off when the swap loses. The caller owns (and closes) the repository.
 */
public final class GitRefStore implements CoordinationStore {
    /** A JGit ref lock this old, seen while we hold the OS lock, was left by a killed process. */
    static final Duration ABANDONED_REF_LOCK_AGE = Duration.ofSeconds(3);

    private final Repository repo;
    private final Clock clock;
    private final Duration lockTimeout;
    private final Duration retryBudget;
    private Runnable afterRead = () -> { };

    public GitRefStore(Repository repo, Clock clock) {
        this(repo, clock, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    GitRefStore(Repository repo, Clock clock, Duration lockTimeout, Duration retryBudget) {
        this.repo = repo;
        this.clock = clock;
        this.lockTimeout = lockTimeout;
        this.retryBudget = retryBudget;
    }

    /**
     * Test seam (like Gerrit's {@code afterReadRevision}): runs after the tip is read and before the
     * mutation is applied, so a test can slip a racing writer in between, deterministically.
     */
    public void afterRead(Runnable hook) {
        this.afterRead = hook;
    }

    /** The lock file that serialises writers on this machine, in the common git dir. */
    public Path lockFile() {
        return repo.getCommonDirectory().toPath().resolve("ghp-coordination.lock");
    }

    @Override
    public Snapshot read() {
        repo.getRefDatabase().refresh();
        return snapshotAt(currentTip());
    }

    @Override
    public WriteResult update(Mutation mutation) {
        return writeLoop(current -> {
            Change change = mutation.apply(current);
            if (change == null || change.edits().isEmpty()) {
                return null;
            }
            return writeCommit(current, change, null);
        });
    }

    /**
     * Takes in another line of history under the same lock and compare-and-swap as every write: a
     * fast-forward, or a merge commit whose parents are the local tip and the other line's commit.
     */
    public WriteResult integrate(Integration integration) {
        return writeLoop(current -> {
            Integration.Step step = integration.decide(current);
            return switch (step.kind()) {
                case NONE -> null;
                case FAST_FORWARD -> checkedFastForward(current, ObjectId.fromString(step.commitId()));
                case MERGE -> writeCommit(current, step.change(), ObjectId.fromString(step.commitId()));
            };
        });
    }

    /** Read the tip, compute the next commit from it (null: nothing to do), swap; retry when the swap loses. */
    private WriteResult writeLoop(java.util.function.Function<GitSnapshot, ObjectId> next) {
        try (WriteLock ignored = WriteLock.acquire(lockFile(), lockTimeout)) {
            long deadline = System.nanoTime() + retryBudget.toNanos();
            long pause = 4;
            for (int attempt = 1; ; attempt++) {
                ObjectId tip = currentTip();
                GitSnapshot current = snapshotAt(tip);
                afterRead.run();
                ObjectId commit = next.apply(current);
                if (commit == null || commit.equals(tip)) {
                    return new WriteResult(false, name(tip), attempt, current);
                }
                RefUpdate.Result result = swap(tip, commit);
                switch (result) {
                    case NEW, FAST_FORWARD, FORCED:
                        return new WriteResult(true, commit.name(), attempt, current);
                    case LOCK_FAILURE:
                        if (removeAbandonedRefLock()) {
                            continue;
                        }
                        break;
                    default:
                        throw new StateException("cannot update " + StorePaths.REF + ": " + result,
                                "check the repository with: git fsck");
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

    private ObjectId currentTip() {
        try {
            Ref ref = repo.exactRef(StorePaths.REF);
            return ref == null ? null : ref.getObjectId();
        } catch (IOException e) {
            throw new StateException("cannot read " + StorePaths.REF + ": " + e.getMessage(),
                    "check the repository with: git fsck", e);
        }
    }

    private GitSnapshot snapshotAt(ObjectId tip) {
        if (tip == null) {
            return new GitSnapshot(repo, null, null);
        }
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(tip);
            return new GitSnapshot(repo, tip, commit.getTree().getId());
        } catch (IOException e) {
            throw new StateException(StorePaths.REF + " does not point at a readable commit: " + e.getMessage(),
                    "look at it with: git log -1 " + StorePaths.REF, e);
        }
    }

    /**
     * Writes the blobs, trees and commit; returns null when the tree would not change, unless the
     * commit is a merge (a merge records that the other line was taken in, whatever its tree).
     */
    private ObjectId writeCommit(GitSnapshot current, Change change, ObjectId mergeParent) {
        try (ObjectInserter ins = repo.newObjectInserter(); ObjectReader reader = repo.newObjectReader()) {
            DirCache index = DirCache.newInCore();
            if (current.tree() != null) {
                DirCacheBuilder builder = index.builder();
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, current.tree());
                builder.finish();
            }
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, Optional<byte[]>> edit : change.edits().entrySet()) {
                String path = edit.getKey();
                if (edit.getValue().isPresent()) {
                    ObjectId blob = ins.insert(Constants.OBJ_BLOB, edit.getValue().get());
                    editor.add(new DirCacheEditor.PathEdit(path) {
                        @Override
                        public void apply(DirCacheEntry entry) {
                            entry.setFileMode(FileMode.REGULAR_FILE);
                            entry.setObjectId(blob);
                        }
                    });
                } else {
                    editor.add(new DirCacheEditor.DeletePath(path));
                }
            }
            editor.finish();
            ObjectId tree = index.writeTree(ins);
            if (mergeParent == null && tree.equals(current.tree())) {
                return null;
            }
            Instant now = clock.instant();
            PersonIdent who = new PersonIdent(change.author(), change.author() + "@ghp-agents.invalid", now, ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            if (current.commit() != null && mergeParent != null) {
                commit.setParentIds(current.commit(), mergeParent);
            } else if (current.commit() != null) {
                commit.setParentId(current.commit());
            } else if (mergeParent != null) {
                commit.setParentId(mergeParent);
            }
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage(change.message().endsWith("\n") ? change.message() : change.message() + "\n");
            ObjectId id = ins.insert(commit);
            ins.flush();
            return id;
        } catch (IOException e) {
            throw new StateException("cannot write to the object database: " + e.getMessage(),
                    "check free disk space and that the git directory is writable", e);
        }
    }

    private RefUpdate.Result swap(ObjectId expected, ObjectId next) {
        try {
            RefUpdate update = repo.updateRef(StorePaths.REF);
            update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
            update.setNewObjectId(next);
            update.disableRefLog();
            try (RevWalk walk = new RevWalk(repo)) {
                return update.update(walk);
            }
        } catch (IOException e) {
            throw new StateException("cannot update " + StorePaths.REF + ": " + e.getMessage(),
                    "check that the git directory is writable", e);
        }
    }

    /**
     * JGit creates its {@code <ref>.lock} without waiting, so a process killed mid-update leaves one
     * that makes every later update fail. We hold the OS lock, so no ghp writer can own it; if it
     * is old enough that no other git process can be in the middle of an update either, remove it.
     */
    private boolean removeAbandonedRefLock() {
        File lock = refLockFile();
        try {
            if (!lock.isFile()) {
                return false;
            }
            Instant modified = Files.getLastModifiedTime(lock.toPath()).toInstant();
            if (Duration.between(modified, Instant.now()).compareTo(ABANDONED_REF_LOCK_AGE) < 0) {
                return false;
            }
            return Files.deleteIfExists(lock.toPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** Says which of LOCK_FAILURE's causes it was: a ref lock someone holds, or writers outside ghp racing us. */
    private StateException gaveUp(int attempts) {
        File lock = refLockFile();
        if (lock.isFile()) {
            return new StateException("gave up updating " + StorePaths.REF + " after " + attempts + " attempts: "
                    + lock + " is held by another git process (one left by a killed process is removed once it is "
                    + ABANDONED_REF_LOCK_AGE.toSeconds() + "s old)", "try again in a few seconds");
        }
        return new StateException("gave up updating " + StorePaths.REF + " after " + attempts
                + " attempts: other writers kept changing it", "try again");
    }

    private File refLockFile() {
        return new File(repo.getCommonDirectory(), StorePaths.REF + ".lock");
    }

    private static String name(ObjectId id) {
        return id == null ? null : id.name();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateException("interrupted while waiting to update " + StorePaths.REF, null);
        }
    }
}
