package dev.ghp.agents.sync;

import dev.ghp.agents.config.Settings;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.store.WriteLock;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The cheap look at the remote that lets a read notice another clone's write within seconds
 * (docs/decisions.md, "(#21) Delivery in seconds"): with autoSync on, at most every
 * {@code agents.remoteCheck} per clone, the remote's advertisement of {@code refs/ghp/coordination}
 * is read (one round trip, no objects) and compared with the tip this clone last fetched or pushed;
 * only when it moved does the whole sync run. It takes the clone's sync lock without waiting (a sync
 * that is running brings the news anyway) and never says anything: a failure is only the absence of
 * news, and the next look is one interval later.
 */
public final class RemoteCheck {
    /** The bound of a look made inside a command (without the daemon): a hook must not wait on a network. */
    public static final Duration INLINE_TIMEOUT = Duration.ofSeconds(2);

    /** What a look did. */
    public enum Result {
        /** autoSync or the remote check is off. */
        OFF,
        /** The last look is younger than the interval. */
        NOT_DUE,
        /** Another process of this clone holds the sync lock. */
        BUSY,
        /** The remote's record is where this clone last saw it. */
        UNCHANGED,
        /** It moved, and the sync took it in. */
        SYNCED,
        /** The remote could not be read or the sync failed (recorded for agent-status when the sync failed). */
        FAILED
    }

    /**
     * What runs the looks away from the commands: the daemon's (one scheduled thread per repository
     * in use), so that a hook reads what is local and never waits on the network.
     */
    public interface Background {
        /**
         * Keeps looking at {@code rc}'s remote for a while, as {@code variables} (the caller's, without
         * its secrets) and {@code settings} say; false when it takes no more repositories (the
         * caller then looks itself).
         */
        boolean keepLooking(RepoContext rc, SyncSettings settings, Map<String, String> variables);
    }

    /** Set once by the daemon's entry, as RepoLocator's shared repositories are; null in a command's own JVM. */
    private static volatile Background background;

    private RemoteCheck() {
    }

    /** The daemon's: from now on reads hand their looks to {@code looks}. */
    public static void runInBackground(Background looks) {
        background = looks;
    }

    /**
     * Before a read: in the daemon, has its background look at the remote (the news arrives for the
     * next read); in a command's own JVM, looks now when due, within {@link #INLINE_TIMEOUT}.
     */
    public static void beforeRead(RepoContext rc, SyncSettings settings, Map<String, String> env, Clock clock) {
        if (!enabled(settings)) {
            return;
        }
        Background looks = background;
        if (looks != null && !carriesSecrets(env) && looks.keepLooking(rc, settings, withoutSecrets(env))) {
            return;
        }
        whenDue(rc, settings, env, clock, INLINE_TIMEOUT);
    }

    /**
     * A caller whose remote takes a token from its variables looks itself: the daemon keeps no
     * caller's secrets once its command is done (docs/architecture.md, "What the daemon promises").
     */
    private static boolean carriesSecrets(Map<String, String> env) {
        return Secrets.TOKEN_VARIABLES.stream().anyMatch(name -> env.get(name) != null && !env.get(name).isBlank());
    }

    private static Map<String, String> withoutSecrets(Map<String, String> env) {
        Map<String, String> kept = new java.util.HashMap<>(env);
        kept.keySet().removeAll(Secrets.TOKEN_VARIABLES);
        kept.remove(Settings.Mem0.KEY_VARIABLE);
        return Map.copyOf(kept);
    }

    /** Whether a look is wanted at all: autoSync and the remote check are both on. */
    public static boolean enabled(SyncSettings settings) {
        return settings.autoSync().isPresent() && settings.remoteCheck().isPresent();
    }

    /** Whether the interval since the last look has passed (a file read; no lock, no network). */
    public static boolean due(RepoContext rc, SyncSettings settings, Clock clock) {
        return enabled(settings) && due(new SyncState(rc.commonDir()), settings, clock.instant());
    }

    private static boolean due(SyncState state, SyncSettings settings, Instant now) {
        Optional<Instant> last = state.lastCheck(settings.remote());
        return last.isEmpty() || !last.get().plus(settings.remoteCheck().get()).isAfter(now)
                // A clock set back must not stop the looks for as long as it went back.
                || last.get().isAfter(now.plus(settings.remoteCheck().get()));
    }

    /**
     * Looks at the remote when due, within {@code timeout}, and syncs (within autoSync's limit) when
     * its record moved. Silent: what happened is the result.
     */
    public static Result whenDue(RepoContext rc, SyncSettings settings, Map<String, String> env, Clock clock,
                                 Duration timeout) {
        if (!enabled(settings)) {
            return Result.OFF;
        }
        SyncState state = new SyncState(rc.commonDir());
        if (!due(state, settings, clock.instant())) {
            return Result.NOT_DUE;
        }
        Optional<WriteLock> lock = state.tryLock();
        if (lock.isEmpty()) {
            return Result.BUSY;
        }
        try (WriteLock ignored = lock.get()) {
            Instant now = clock.instant();
            if (!due(state, settings, now)) {
                return Result.NOT_DUE;
            }
            // Stamped before the look: a remote that does not answer is looked at once an interval, not on every read.
            state.recordCheck(settings.remote(), now);
            ObjectId advertised;
            ObjectId tracked;
            try {
                RemoteEndpoint remote = RemoteEndpoint.resolve(rc.repository(), settings.remote(), false, env, timeout,
                        settings.refLocks()).stopChildrenAfter(timeout);
                advertised = remote.advertisedTip();
                tracked = remote.trackedTip();
            } catch (RuntimeException e) {
                return Result.FAILED;
            }
            if (Objects.equals(advertised, tracked)) {
                return Result.UNCHANGED;
            }
            return Syncs.locked(rc, settings, env, clock, new PrintWriter(Writer.nullWriter()), Syncs.Occasion.BEFORE_READ,
                    state).isPresent() ? Result.SYNCED : Result.FAILED;
        }
    }
}
