package dev.ghp.agents.sync;

import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.store.GitRefStore;
import dev.ghp.agents.store.HistoryLimits;
import dev.ghp.agents.store.WriteLock;
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

    private Syncs() {
    }

    public static SyncOutcome run(RepoContext rc, SyncSettings settings, Map<String, String> env, Clock clock,
                                  java.util.function.Consumer<RemoteSync> configure) {
        RemoteEndpoint remote = RemoteEndpoint.resolve(rc.repository(), settings.remote(), settings.remoteFromFlag(),
                env, MANUAL_TIMEOUT, settings.refLocks());
        SyncState state = new SyncState(rc.commonDir());
        try (WriteLock ignored = state.lock(LOCK_WAIT)) {
            RemoteSync sync = new RemoteSync(rc.repository(), store(rc, clock, settings), remote, settings.merge());
            configure.accept(sync);
            try {
                SyncOutcome outcome = sync.run();
                state.record(remote.name(), clock.instant(), true, null);
                return outcome;
            } catch (GhpException e) {
                state.record(remote.name(), clock.instant(), false, e.getMessage());
                throw e;
            }
        }
    }

    /**
     * After a write: syncs when {@code autoSync} is on and the last attempt is older than it. Never
     * fails the write: a problem is one warning on stderr, and the local record stands.
     *
     * @return the outcome, or empty when no sync ran (off, not due, another process syncing, or failed)
     */
    public static Optional<SyncOutcome> autoSync(RepoContext rc, SyncSettings settings, Map<String, String> env,
                                                 Clock clock, PrintWriter err) {
        if (settings.autoSync().isEmpty()) {
            return Optional.empty();
        }
        SyncState state = new SyncState(rc.commonDir());
        Instant now = clock.instant();
        Optional<SyncState.Entry> last = state.read(settings.remote());
        if (last.isPresent() && last.get().lastAttempt() != null
                && last.get().lastAttempt().plus(settings.autoSync().get()).isAfter(now)) {
            return Optional.empty();
        }
        Optional<WriteLock> lock = state.tryLock();
        if (lock.isEmpty()) {
            return Optional.empty();
        }
        try (WriteLock ignored = lock.get()) {
            // Re-read under the lock: a sync that finished a moment ago makes this one unnecessary.
            last = state.read(settings.remote());
            if (last.isPresent() && last.get().lastAttempt() != null
                    && last.get().lastAttempt().plus(settings.autoSync().get()).isAfter(now)) {
                return Optional.empty();
            }
            try {
                RemoteEndpoint remote = RemoteEndpoint.resolve(rc.repository(), settings.remote(), false, env, AUTO_TIMEOUT,
                                settings.refLocks())
                        .stopChildrenAfter(AUTO_TIMEOUT);
                RemoteSync sync = new RemoteSync(rc.repository(), store(rc, clock, settings), remote, settings.merge());
                SyncOutcome outcome = sync.run();
                state.record(settings.remote(), clock.instant(), true, null);
                return Optional.of(outcome);
            } catch (GhpException e) {
                state.record(settings.remote(), clock.instant(), false, e.getMessage());
                err.println("ghp: warning: automatic sync with '" + settings.remote() + "' failed: " + e.getMessage());
                err.println("hint: the local record was written; 'ghp agent-sync' retries now, autoSync after "
                        + dev.ghp.agents.text.Durations.brief(settings.autoSync().get()));
                return Optional.empty();
            } catch (RuntimeException e) {
                state.record(settings.remote(), clock.instant(), false, e.toString());
                err.println("ghp: warning: automatic sync with '" + settings.remote() + "' failed: "
                        + Secrets.from(env).scrub(e.toString()));
                return Optional.empty();
            }
        }
    }

    /** The local store a sync merges into; a merge never prunes, so it keeps the default history limits. */
    private static GitRefStore store(RepoContext rc, Clock clock, SyncSettings settings) {
        return new GitRefStore(rc.repository(), clock, () -> HistoryLimits.DEFAULTS, settings.refLocks());
    }
}
