package dev.ghp.agents.sync;

import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.git.CloneWorktrees;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.GitRefStore;
import dev.ghp.agents.store.HistoryLimits;
import dev.ghp.agents.store.WriteLock;
import dev.ghp.agents.text.Durations;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Runs syncs for the commands: {@code agent-sync} itself, and the automatic sync after a write. Both
 * take the clone's sync lock and record the attempt in {@link SyncState}.
 */
public final class Syncs {
    /** Network timeouts: a hand-run sync may wait longer than one that runs inside an agent's hook. */
    static final Duration MANUAL_TIMEOUT = Duration.ofSeconds(30);
    static final Duration AUTO_TIMEOUT = Duration.ofSeconds(8);
    static final Duration LOCK_WAIT = Duration.ofSeconds(120);
    /**
     * A check's fetch of a missing record: below the launcher's 30 s wait for a daemon's answer to
     * agent-status, above autoSync's, since a CI job has time and a first fetch brings the whole record.
     */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(20);

    private Syncs() {
    }

    public static SyncOutcome run(RepoContext rc, SyncSettings settings, Map<String, String> env, Clock clock,
                                  java.util.function.Consumer<RemoteSync> configure) {
        RemoteEndpoint remote = RemoteEndpoint.resolve(rc.repository(), settings.remote(), settings.remoteFromFlag(),
                env, MANUAL_TIMEOUT, settings.refLocks());
        return recorded(rc, settings, env, clock, remote, LOCK_WAIT, configure);
    }

    /** One sync under the sync-state lock, its success or failure recorded there (what agent-status shows). */
    private static SyncOutcome recorded(RepoContext rc, SyncSettings settings, Map<String, String> env, Clock clock,
                                        RemoteEndpoint remote,
                                        Duration lockWait, java.util.function.Consumer<RemoteSync> configure) {
        SyncState state = new SyncState(rc.commonDir());
        try (WriteLock ignored = state.lock(lockWait)) {
            RemoteSync sync = sync(rc, clock, settings, remote, env);
            configure.accept(sync);
            try {
                SyncOutcome outcome = sync.run();
                state.record(remote.name(), remote.displayUrl(), clock.instant(), true, null);
                return outcome;
            } catch (GhpException e) {
                state.record(remote.name(), remote.displayUrl(), clock.instant(), false, e.getMessage());
                throw e;
            } finally {
                state.countTraffic(remote.name(), remote.fetches(), remote.pushes());
            }
        }
    }

    /**
     * Why an automatic sync runs: it is the same sync (fetch, integrate, push what is new here) and
     * the same interval, and only what a failure says differs.
     */
    public enum Occasion {
        /** After a command's write: a failure says the write stands. */
        AFTER_WRITE,
        /** Before a read (agent-status, --watch, agent-inbox, a hook run): a failure says the local record is shown. */
        BEFORE_READ
    }

    /**
     * After a write: syncs when {@code autoSync} is on and the last attempt is older than it. Never
     * fails the write: a problem is one warning on stderr, and the local record stands.
     *
     * @return the outcome, or empty when no sync ran (off, not due, another process syncing, or failed)
     */
    public static Optional<SyncOutcome> autoSync(RepoContext rc, SyncSettings settings, Map<String, String> env,
                                                 Clock clock, PrintWriter err) {
        return autoSync(rc, settings, env, clock, err, Occasion.AFTER_WRITE, false);
    }

    /**
     * The automatic sync, for {@code occasion}: runs when {@code autoSync} is on and the last attempt
     * is older than it, or, with {@code evenIfRecent}, whenever no other process of this clone is
     * syncing (a command that synced before its read and wrote after it sends its write at once).
     * Never fails the command: a problem is one warning on {@code err}, and the local record stands.
     *
     * @return the outcome, or empty when no sync ran (off, not due, another process syncing, or failed)
     */
    public static Optional<SyncOutcome> autoSync(RepoContext rc, SyncSettings settings, Map<String, String> env,
                                                 Clock clock, PrintWriter err, Occasion occasion, boolean evenIfRecent) {
        if (settings.autoSync().isEmpty()) {
            return Optional.empty();
        }
        SyncState state = new SyncState(rc.commonDir());
        Instant now = clock.instant();
        if (!evenIfRecent && recent(state.read(settings.remote()), settings, now)) {
            return Optional.empty();
        }
        Optional<WriteLock> lock = state.tryLock();
        if (lock.isEmpty()) {
            return Optional.empty();
        }
        try (WriteLock ignored = lock.get()) {
            // Re-read under the lock: a sync that finished a moment ago makes this one unnecessary.
            if (!evenIfRecent && recent(state.read(settings.remote()), settings, now)) {
                return Optional.empty();
            }
            return locked(rc, settings, env, clock, err, occasion, state);
        }
    }

    /**
     * After a write addressed to another agent (a message, a notice, an answer, an escalation, a
     * handoff): the automatic sync now, whatever the interval says, so that it reaches the other
     * clones in seconds. A sync of this clone that is running may have fetched before the write, so
     * this one waits for it (within autoSync's time limit) rather than skipping. Never fails the
     * command: a problem is one warning on {@code err}.
     *
     * @return the outcome, or empty when no sync ran (autoSync off, the lock not free in time, or failed)
     */
    public static Optional<SyncOutcome> sendNow(RepoContext rc, SyncSettings settings, Map<String, String> env,
                                                Clock clock, PrintWriter err) {
        if (settings.autoSync().isEmpty()) {
            return Optional.empty();
        }
        SyncState state = new SyncState(rc.commonDir());
        WriteLock lock;
        try {
            lock = state.lock(AUTO_TIMEOUT);
        } catch (GhpException e) {
            err.println("ghp: warning: the write was not sent to '" + settings.remote() + "' at once: " + e.getMessage());
            return Optional.empty();
        }
        try (WriteLock ignored = lock) {
            return locked(rc, settings, env, clock, err, Occasion.AFTER_WRITE, state);
        }
    }

    /** The automatic sync itself, under the sync lock; a failure is recorded and told on {@code err}. */
    static Optional<SyncOutcome> locked(RepoContext rc, SyncSettings settings, Map<String, String> env,
                                                Clock clock, PrintWriter err, Occasion occasion, SyncState state) {
        String url = null;
        RemoteEndpoint remote = null;
        try {
            remote = RemoteEndpoint.resolve(rc.repository(), settings.remote(), false, env, AUTO_TIMEOUT,
                            settings.refLocks())
                    .stopChildrenAfter(AUTO_TIMEOUT);
            url = remote.displayUrl();
            RemoteSync sync = sync(rc, clock, settings, remote, env);
            SyncOutcome outcome = sync.run();
            state.record(settings.remote(), url, clock.instant(), true, null);
            return Optional.of(outcome);
        } catch (GhpException e) {
            state.record(settings.remote(), url, clock.instant(), false, e.getMessage());
            err.println("ghp: warning: automatic sync with '" + settings.remote() + "' failed: " + e.getMessage());
            err.println(occasion == Occasion.AFTER_WRITE
                    ? "hint: the local record was written; 'ghp agent-sync' retries now, autoSync after "
                            + Durations.brief(settings.autoSync().get())
                    : "hint: showing the local record; 'ghp agent-sync' retries now, autoSync after "
                            + Durations.brief(settings.autoSync().get()));
            return Optional.empty();
        } catch (RuntimeException e) {
            state.record(settings.remote(), url, clock.instant(), false, e.toString());
            err.println("ghp: warning: automatic sync with '" + settings.remote() + "' failed: "
                    + Secrets.from(env).scrub(e.toString()));
            return Optional.empty();
        } finally {
            if (remote != null) {
                state.countTraffic(settings.remote(), remote.fetches(), remote.pushes());
            }
        }
    }

    /** Whether the last attempt with the remote is younger than the autoSync interval. */
    private static boolean recent(Optional<SyncState.Entry> last, SyncSettings settings, Instant now) {
        return last.isPresent() && last.get().lastAttempt() != null
                && last.get().lastAttempt().plus(settings.autoSync().get()).isAfter(now);
    }

    /**
     * For a check in a clone without a local record (a CI checkout): takes the remote's record into
     * the local ref as {@code agent-sync} would. With nothing local there is nothing to push, so this
     * only fetches {@code refs/ghp/coordination} and fast-forwards to it. Failures are thrown: a
     * check that cannot see the record must not pass.
     */
    public static SyncOutcome receiveMissing(RepoContext rc, SyncSettings settings, Map<String, String> env, Clock clock) {
        RemoteEndpoint remote = RemoteEndpoint.resolve(rc.repository(), settings.remote(), false, env, CHECK_TIMEOUT,
                settings.refLocks()).stopChildrenAfter(CHECK_TIMEOUT);
        return recorded(rc, settings, env, clock, remote, CHECK_TIMEOUT, sync -> { });
    }

    /** A sync that tells this clone's agents what it took in ({@link ArrivedNotices}). */
    private static RemoteSync sync(RepoContext rc, Clock clock, SyncSettings settings, RemoteEndpoint remote,
                                   Map<String, String> env) {
        return new RemoteSync(rc.repository(), store(rc, clock, settings, env), remote, settings.merge(),
                CloneWorktrees.of(rc.commonDir()), new StaleDetector(settings.staleAfter(), settings.waitingStaleAfter(),
                        java.util.Set.copyOf(settings.leads())), clock);
    }

    /** Whether the repository has a git remote of this name (its config is in memory: no file is read). */
    public static boolean hasRemote(RepoContext rc, String name) {
        return rc.repository().getConfig().getSubsections("remote").contains(name);
    }

    /**
     * The local store a sync merges into; a merge never prunes, so it keeps the default history
     * limits. Its merge commits are signed with the caller's keys and agent ({@code env}).
     */
    private static GitRefStore store(RepoContext rc, Clock clock, SyncSettings settings, Map<String, String> env) {
        return new GitRefStore(rc.repository(), clock, () -> HistoryLimits.DEFAULTS, settings.refLocks())
                .callerVariables(env);
    }
}
