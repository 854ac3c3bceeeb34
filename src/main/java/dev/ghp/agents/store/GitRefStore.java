package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The coordination record on {@code refs/ghp/coordination}, written straight into the object
 * database: never through a work tree, the index or HEAD. Writers follow docs/design.md#the-write-protocol in
 * {@link CompareAndSwapLoop}: OS lock, read the tip, decide from what was read, write objects
 * ({@link CommitWriter}), compare-and-swap the ref, retry with jittered back-off when the swap
 * loses. The caller owns (and closes) the repository.
 *
 * <p>History stays bounded ({@link HistoryLimits}): every commit carries a {@link HistoryTrailer}
 * copied forward from its parent, so a write knows in O(1) whether the history has grown a quarter
 * past a limit; that write then prunes it back to the limit ({@link HistoryPruner}) and commits on
 * top of the rewritten history, in the same single compare-and-swap. {@link #prune} does it on
 * demand ({@link ExplicitPrune}); {@link #integrate} takes in a remote's line ({@link SyncIntegration}).
 */
public final class GitRefStore implements CoordinationStore {
    private final Repository repo;
    private final Supplier<HistoryLimits> history;
    private final CoordinationRef ref;
    private final CommitWriter commits;
    private final CompareAndSwapLoop loop;
    private final ExplicitPrune pruning;
    private final SyncIntegration integration;

    /** A store that keeps the default amount of history. */
    public GitRefStore(Repository repo, Clock clock) {
        this(repo, clock, () -> HistoryLimits.DEFAULTS);
    }

    /**
     * @param history the history limits, asked for on each write (so a command that only reads
     *                never reads, or fails on, the setting)
     */
    public GitRefStore(Repository repo, Clock clock, Supplier<HistoryLimits> history) {
        this(repo, clock, history, AbandonedRefLock.ofDefaultAge());
    }

    /** @param refLocks when a ref lock in the way counts as left by a killed process */
    public GitRefStore(Repository repo, Clock clock, Supplier<HistoryLimits> history, AbandonedRefLock refLocks) {
        this(repo, clock, Duration.ofSeconds(30), Duration.ofSeconds(10), history, refLocks);
    }

    GitRefStore(Repository repo, Clock clock, Duration lockTimeout, Duration retryBudget) {
        this(repo, clock, lockTimeout, retryBudget, () -> HistoryLimits.DEFAULTS, AbandonedRefLock.ofDefaultAge());
    }

    /**
     * @param lockTimeout how long a write waits for the write lock (a hook run: what is left of its budget)
     * @param retryBudget how long a write retries after losing a race on the ref
     */
    public GitRefStore(Repository repo, Clock clock, Duration lockTimeout, Duration retryBudget,
                       Supplier<HistoryLimits> history, AbandonedRefLock refLocks) {
        this.repo = repo;
        this.history = history;
        this.ref = new CoordinationRef(repo);
        this.commits = new CommitWriter(repo, clock);
        this.loop = new CompareAndSwapLoop(repo, ref, lockFile(), lockTimeout, retryBudget, refLocks);
        this.pruning = new ExplicitPrune(repo, clock, ref, loop);
        this.integration = new SyncIntegration(repo, ref, commits, loop);
    }

    /** Says in every commit this store writes who made it (docs/authority.md, "Who wrote what"). */
    public GitRefStore writtenBy(WrittenBy who) {
        commits.writtenBy(who);
        return this;
    }

    /**
     * The caller's variables (HOME, PATH, SSH_AUTH_SOCK, GNUPGHOME, GPG_TTY) for the program that
     * signs its commits, when git is set to sign (#24): in a daemon, the caller's, not the daemon's.
     */
    public GitRefStore callerVariables(java.util.Map<String, String> variables) {
        commits.callerVariables(variables);
        return this;
    }

    /**
     * Test seam (like Gerrit's {@code afterReadRevision}): runs after the tip is read and before the
     * mutation is applied, so a test can slip a racing writer in between, deterministically.
     */
    public void afterRead(Runnable hook) {
        loop.afterRead(hook);
    }

    /** The lock file that serialises writers on this machine, in the common git dir. */
    public Path lockFile() {
        return repo.getCommonDirectory().toPath().resolve("ghp-coordination.lock");
    }

    @Override
    public Snapshot read() {
        return ref.snapshotAt(ref.freshTip());
    }

    @Override
    public <T> Decided<T> decide(Decision.Maker<T> maker) {
        HistoryLimits limits = history.get();
        return loop.run(current -> {
            Decision<T> decision = maker.decide(current);
            Change change = decision.change();
            PendingCommit next = change == null || change.edits().isEmpty()
                    ? null : commits.write(current, change, null, limits);
            return new CompareAndSwapLoop.Round<>(next, decision.result());
        }, () -> rehearse(maker));
    }

    /**
     * While another writer holds the lock: the whole write, against the tip as it is now, with
     * nothing stored (object ids are only computed). The state will have moved by the time the
     * lock is ours, so the result is thrown away; what is kept is a process whose classes are
     * loaded and whose code has run, so its turn under the lock is short. With 16 writers queued
     * on 2 cores, cold turns were what made the queue long (src/bench/contention.sh).
     */
    private void rehearse(Decision.Maker<?> maker) {
        try {
            GitSnapshot current = ref.snapshotAt(ref.tip());
            Change change = maker.decide(current).change();
            if (change == null || change.edits().isEmpty()) {
                return;
            }
            commits.rehearse(current, change);
        } catch (IOException | RuntimeException e) {
            // Whatever went wrong will go wrong again under the lock, where it is reported.
        }
    }

    /**
     * Takes in another line of history under the same lock and compare-and-swap as every write: a
     * fast-forward, or a merge commit whose parents are the local tip and the other line's commit.
     * A merge carries the history trailer of its first parent's line; it never prunes (the next
     * local write does, when due). The result is the one decided by the run that committed (or,
     * when nothing was written, by the last run).
     */
    public <T> Decided<T> integrate(Integration<T> integration) {
        return this.integration.run(integration);
    }

    /**
     * Prunes the history to the limits now, whether or not a write would have: the kept commits are
     * rewritten and a commit recording the prune (same tree, so the state is unchanged) goes on top.
     * With {@code dryRun}, only reports what it would do, without the lock and without writing.
     *
     * @param author who the recording commit is attributed to
     */
    public PruneResult prune(boolean dryRun, String author) {
        return pruning.run(history.get(), dryRun, author);
    }

    /** How many commits the line up to {@code tip} holds, by its history trailer (as the limits count them). */
    public static long generation(Repository repo, ObjectId tip) {
        try (RevWalk walk = new RevWalk(repo)) {
            return LineHistory.trailerOf(walk, tip).generation();
        } catch (IOException e) {
            throw new StateException("cannot read " + tip.name() + ": " + e.getMessage(), "check the repository with: git fsck", e);
        }
    }
}
