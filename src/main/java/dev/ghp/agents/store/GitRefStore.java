package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.StorePaths;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.InvalidPathException;
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
 * database: never through a work tree, the index or HEAD. Writers follow docs/design.md#the-write-protocol: OS lock, read
 * the tip, apply the mutation to what was read, write objects, compare-and-swap the ref, retry
 * with jittered back-off when the swap loses. The caller owns (and closes) the repository.
 *
 * <p>History stays bounded ({@link HistoryLimits}): every commit carries a {@link HistoryTrailer}
 * copied forward from its parent, so a write knows in O(1) whether the history has grown a quarter
 * past a limit; that write then prunes it back to the limit ({@link HistoryPruner}) and commits on
 * top of the rewritten history, in the same single compare-and-swap.
 */
public final class GitRefStore implements CoordinationStore {
    /** A JGit ref lock this old, seen while we hold the OS lock, was left by a killed process. */
    static final Duration ABANDONED_REF_LOCK_AGE = Duration.ofSeconds(3);

    private final Repository repo;
    private final Clock clock;
    private final Duration lockTimeout;
    private final Duration retryBudget;
    private final Supplier<HistoryLimits> history;
    private Runnable afterRead = () -> { };

    /** A store that keeps the default amount of history. */
    public GitRefStore(Repository repo, Clock clock) {
        this(repo, clock, () -> HistoryLimits.DEFAULTS);
    }

    /**
     * @param history the history limits, asked for on each write (so a command that only reads
     *                never reads, or fails on, the setting)
     */
    public GitRefStore(Repository repo, Clock clock, Supplier<HistoryLimits> history) {
        this(repo, clock, Duration.ofSeconds(30), Duration.ofSeconds(10), history);
    }

    GitRefStore(Repository repo, Clock clock, Duration lockTimeout, Duration retryBudget) {
        this(repo, clock, lockTimeout, retryBudget, () -> HistoryLimits.DEFAULTS);
    }

    GitRefStore(Repository repo, Clock clock, Duration lockTimeout, Duration retryBudget, Supplier<HistoryLimits> history) {
        this.repo = repo;
        this.clock = clock;
        this.lockTimeout = lockTimeout;
        this.retryBudget = retryBudget;
        this.history = history;
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
        HistoryLimits limits = history.get();
        return writeLoop(current -> {
            Change change = mutation.apply(current);
            if (change == null || change.edits().isEmpty()) {
                return null;
            }
            return writeCommit(current, change, null, limits);
        }, () -> rehearse(mutation));
    }

    /**
     * While another writer holds the lock: the whole write, against the tip as it is now, with
     * nothing stored (object ids are only computed). The state will have moved by the time the
     * lock is ours, so the result is thrown away; what is kept is a process whose classes are
     * loaded and whose code has run, so its turn under the lock is short. With 16 writers queued
     * on 2 cores, cold turns were what made the queue long (src/bench/contention.sh).
     */
    private void rehearse(Mutation mutation) {
        try {
            GitSnapshot current = snapshotAt(currentTip());
            Change change = mutation.apply(current);
            if (change == null || change.edits().isEmpty()) {
                return;
            }
            try (ObjectInserter dry = new ObjectInserter.Formatter(); ObjectReader reader = repo.newObjectReader();
                 RevWalk walk = new RevWalk(repo)) {
                ObjectId tree = buildTree(current, change, dry, reader);
                Instant now = clock.instant();
                HistoryTrailer trailer = current.commit() == null
                        ? HistoryTrailer.root(now) : historyOf(walk, current.commit()).next();
                insertCommit(dry, tree, current.commit(), trailer.appendTo(change.message()), change.author(), now);
            }
        } catch (IOException | RuntimeException e) {
            // Whatever went wrong will go wrong again under the lock, where it is reported.
        }
    }

    /**
     * Takes in another line of history under the same lock and compare-and-swap as every write: a
     * fast-forward, or a merge commit whose parents are the local tip and the other line's commit.
     * A merge carries the history trailer of its first parent's line; it never prunes (the next
     * local write does, when due).
     */
    public WriteResult integrate(Integration integration) {
        return writeLoop(current -> {
            Integration.Step step = integration.decide(current);
            return switch (step.kind()) {
                case NONE -> null;
                case FAST_FORWARD -> new Written(checkedFastForward(current, ObjectId.fromString(step.commitId())), 0);
                case MERGE -> writeCommit(current, step.change(), ObjectId.fromString(step.commitId()), null);
                case COMMIT -> writeCommit(current, step.change(), null, null);
                case ADOPT -> adopt(ObjectId.fromString(step.commitId()), step.change());
            };
        });
    }

    /**
     * Prunes the history to the limits now, whether or not a write would have: the kept commits are
     * rewritten and a commit recording the prune (same tree, so the state is unchanged) goes on top.
     * With {@code dryRun}, only reports what it would do, without the lock and without writing.
     *
     * @param author who the recording commit is attributed to
     */
    public PruneResult prune(boolean dryRun, String author) {
        HistoryLimits limits = history.get();
        HistoryPruner pruner = new HistoryPruner(repo);
        if (dryRun) {
            repo.getRefDatabase().refresh();
            ObjectId tip = currentTip();
            return tip == null ? PruneResult.noHistory(limits, true) : planPrune(pruner, tip, limits).result(true, null);
        }
        PrunePlan[] planned = new PrunePlan[1];
        WriteResult written = writeLoop(current -> {
            planned[0] = null;
            if (current.commit() == null) {
                return null;
            }
            PrunePlan plan = planPrune(pruner, current.commit(), limits);
            planned[0] = plan;
            if (plan.plan().removed() == 0) {
                return null;
            }
            try (RevWalk walk = new RevWalk(repo)) {
                ObjectId rewritten = pruner.rewrite(plan.plan());
                RevCommit old = walk.parseCommit(current.commit());
                long kept = plan.plan().kept().size() + 1;
                HistoryTrailer trailer = new HistoryTrailer(kept, plan.since(clock.instant()), plan.plan().removed());
                String message = "prune history: kept " + kept + " commits, removed " + plan.plan().removed()
                        + "\n\nLimits (agents.history): " + limits.maxCommits() + " commits, " + limits.maxAgeText() + ".\n";
                try (ObjectInserter ins = repo.newObjectInserter()) {
                    ObjectId id = insertCommit(ins, old.getTree(), rewritten, trailer.appendTo(message), author, clock.instant());
                    ins.flush();
                    return new Written(id, plan.plan().removed());
                }
            } catch (IOException e) {
                throw cannotWrite(e);
            }
        });
        if (planned[0] == null) {
            return PruneResult.noHistory(limits, false);
        }
        return planned[0].result(false, written.committed() ? written.commitId() : null);
    }

    /** What an explicit prune does: cut to the limits, with room left for the commit that records it. */
    private PrunePlan planPrune(HistoryPruner pruner, ObjectId tip, HistoryLimits limits) {
        try (RevWalk walk = new RevWalk(repo)) {
            Instant reference = ageReference(walk, tip, clock.instant());
            HistoryTrailer known = historyOf(walk, tip);
            if (!limits.exceeded(known.generation(), known.since(), reference)) {
                return new PrunePlan(tip, new HistoryPruner.Plan(tip, List.of(), 0), known, limits);
            }
            HistoryPruner.Plan plan = pruner.plan(walk, tip, limits, limits.maxCommits() - 1, known.generation(), reference);
            return new PrunePlan(tip, plan, known, limits);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** A prune's plan and what the history looked like before it. */
    private record PrunePlan(ObjectId tip, HistoryPruner.Plan plan, HistoryTrailer before, HistoryLimits limits) {
        Instant since(Instant now) {
            Instant oldest = plan.oldestKept();
            return oldest == null ? now : oldest;
        }

        PruneResult result(boolean dryRun, String after) {
            boolean pruning = plan.removed() > 0;
            long kept = pruning ? plan.kept().size() + 1 : before.generation();
            Instant oldest = pruning ? plan.oldestKept() : before.since();
            return new PruneResult(dryRun, pruning, plan.removed(), kept, oldest, tip.name(),
                    after == null ? tip.name() : after, limits);
        }
    }

    /** A commit written but not yet on the ref, and how many old commits it pruned from under itself. */
    /** @param rewrites whether the ref may move to a commit that does not contain the old tip */
    private record Written(ObjectId commit, long pruned, boolean rewrites) {
        Written(ObjectId commit, long pruned) {
            this(commit, pruned, pruned > 0);
        }
    }

    /** The change committed on top of {@code base}, or {@code base} itself: the new tip need not contain the old one. */
    private Written adopt(ObjectId base, Change change) {
        GitSnapshot onto = snapshotAt(base);
        Written on = change.edits().isEmpty() ? null : writeCommit(onto, change, null, null);
        return new Written(on == null ? base : on.commit(), 0, true);
    }

    /** Read the tip, compute the next commit from it (null: nothing to do), swap; retry when the swap loses. */
    private WriteResult writeLoop(Function<GitSnapshot, Written> next) {
        return writeLoop(next, () -> { });
    }

    /** @param whileWaiting run before waiting when the lock is taken (see {@link #rehearse}) */
    private WriteResult writeLoop(Function<GitSnapshot, Written> next, Runnable whileWaiting) {
        try (WriteLock lock = WriteLock.acquire(lockFile(), lockTimeout, whileWaiting)) {
            long lockWaitMillis = lock.waitedMillis();
            dev.ghp.agents.trace.Trace.mark("lock taken");
            long deadline = System.nanoTime() + retryBudget.toNanos();
            long pause = 4;
            for (int attempt = 1; ; attempt++) {
                ObjectId tip = currentTip();
                GitSnapshot current = snapshotAt(tip);
                afterRead.run();
                dev.ghp.agents.trace.Trace.mark("tip read");
                Written written = next.apply(current);
                dev.ghp.agents.trace.Trace.mark("commit written");
                if (written == null || written.commit().equals(tip)) {
                    return new WriteResult(false, name(tip), attempt, current, lockWaitMillis, 0);
                }
                ObjectPresence.verify(repo, written.commit(), current.tree());
                RefUpdate.Result result = swap(tip, written.commit(), written.rewrites());
                dev.ghp.agents.trace.Trace.mark("ref swapped");
                switch (result) {
                    case NEW, FAST_FORWARD, FORCED:
                        return new WriteResult(true, written.commit().name(), attempt, current, lockWaitMillis,
                                written.pruned());
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
     * commit is a merge (a merge records that the other line was taken in, whatever its tree). With
     * {@code limits} (a local write) and history due for pruning, the commit goes on top of the
     * pruned history instead of the tip.
     */
    private Written writeCommit(GitSnapshot current, Change change, ObjectId mergeParent, HistoryLimits limits) {
        try (ObjectInserter ins = repo.newObjectInserter(); ObjectReader reader = repo.newObjectReader()) {
            ObjectId tree = buildTree(current, change, ins, reader);
            if (mergeParent == null && tree.equals(current.tree())) {
                return null;
            }
            Instant now = clock.instant();
            ObjectId parent = current.commit();
            ObjectId firstParent = parent != null ? parent : mergeParent;
            HistoryTrailer trailer = HistoryTrailer.root(now);
            long pruned = 0;
            if (firstParent != null) {
                try (RevWalk walk = new RevWalk(repo)) {
                    HistoryTrailer below = historyOf(walk, firstParent);
                    trailer = below.next();
                    Instant reference = ageReference(walk, firstParent, now);
                    if (limits != null && mergeParent == null && limits.due(trailer.generation(), trailer.since(), reference)) {
                        HistoryPruner pruner = new HistoryPruner(repo);
                        HistoryPruner.Plan plan = pruner.plan(walk, parent, limits, limits.maxCommits() - 1,
                                below.generation(), reference);
                        if (plan.removed() > 0) {
                            parent = pruner.rewrite(plan);
                            pruned = plan.removed();
                        }
                        Instant oldest = plan.oldestKept();
                        trailer = new HistoryTrailer(plan.kept().size() + 1, oldest == null ? now : oldest, pruned);
                    }
                }
            }
            String message = trailer.appendTo(change.message());
            PersonIdent who = new PersonIdent(change.author(), change.author() + "@ghp-agents.invalid", now, ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            if (parent != null && mergeParent != null) {
                commit.setParentIds(parent, mergeParent);
            } else if (parent != null) {
                commit.setParentId(parent);
            } else if (mergeParent != null) {
                commit.setParentId(mergeParent);
            }
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage(message);
            ObjectId id = ins.insert(commit);
            ins.flush();
            return new Written(id, pruned);
        } catch (IOException e) {
            throw cannotWrite(e);
        }
    }

    /** The blobs and trees of the change applied to the current tree; returns the new root tree. */
    private static ObjectId buildTree(GitSnapshot current, Change change, ObjectInserter ins, ObjectReader reader)
            throws IOException {
        DirCache index = DirCache.newInCore();
        if (current.tree() != null) {
            DirCacheBuilder builder = index.builder();
            try {
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, current.tree());
            } catch (InvalidPathException e) {
                throw RecordShape.invalidPath(RecordShape.firstInvalidPath(reader, current.tree()).orElse(e.getMessage()));
            }
            builder.finish();
        }
        DirCacheEditor editor = index.editor();
        for (Map.Entry<String, Optional<byte[]>> edit : change.edits().entrySet()) {
            String path = edit.getKey();
            current.requireFileOrNothingAt(path);
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
        return index.writeTree(ins);
    }

    private static ObjectId insertCommit(ObjectInserter ins, ObjectId tree, ObjectId parent, String message,
            String author, Instant now) throws IOException {
        PersonIdent who = new PersonIdent(author, author + "@ghp-agents.invalid", now, ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        if (parent != null) {
            commit.setParentId(parent);
        }
        commit.setAuthor(who);
        commit.setCommitter(who);
        commit.setMessage(message);
        return ins.insert(commit);
    }

    /**
     * The history trailer of {@code tip}. A commit without one (written by git, an older version
     * or another tool) gets it computed from the nearest first-parent ancestor that has one, or
     * from the root: a walk paid once, since the next commit carries the trailer forward.
     */
    /** How many commits the line up to {@code tip} holds, by its history trailer (as the limits count them). */
    public static long generation(Repository repo, ObjectId tip) {
        try (RevWalk walk = new RevWalk(repo)) {
            return historyOf(walk, tip).generation();
        } catch (IOException e) {
            throw new StateException("cannot read " + tip.name() + ": " + e.getMessage(), "check the repository with: git fsck", e);
        }
    }

    static HistoryTrailer historyOf(RevWalk walk, ObjectId tip) throws IOException {
        long below = 0;
        RevCommit c = walk.parseCommit(tip);
        while (true) {
            Optional<HistoryTrailer> found = HistoryTrailer.find(c.getRawBuffer());
            if (found.isPresent()) {
                return new HistoryTrailer(found.get().generation() + below, found.get().since(), 0);
            }
            if (c.getParentCount() == 0) {
                return new HistoryTrailer(below + 1, Instant.ofEpochSecond(c.getCommitTime()), 0);
            }
            below++;
            c = walk.parseCommit(c.getParent(0));
        }
    }

    /**
     * What commit ages are measured from: the newest commit's time, or the clock when that is
     * earlier. So the age limit keeps the last {@code maxAge} of activity: a quiet month does not
     * erase the history before it, and a machine whose clock runs years ahead cannot prune
     * everyone's history by it (nor can one that runs behind).
     */
    private static Instant ageReference(RevWalk walk, ObjectId tip, Instant now) throws IOException {
        Instant newest = Instant.ofEpochSecond(walk.parseCommit(tip).getCommitTime());
        return newest.isBefore(now) ? newest : now;
    }

    private static StateException cannotWrite(IOException e) {
        return new StateException("cannot write to the object database: " + e.getMessage(),
                "check free disk space and that the git directory is writable", e);
    }

    private static StateException unreadable(IOException e) {
        return new StateException("cannot read the history of " + StorePaths.REF + ": " + e.getMessage(),
                "check the repository with: git fsck", e);
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
