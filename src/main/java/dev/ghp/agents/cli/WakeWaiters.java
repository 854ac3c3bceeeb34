package dev.ghp.agents.cli;

import dev.ghp.agents.hooks.HookEvent;
import dev.ghp.agents.model.StorePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's waiting agents ({@link WakeWait}, docs/decisions.md "#23 wake"): at most one waiter
 * per agent of a repository, and ONE watcher thread per repository that has waiters, which looks at
 * the coordination ref's files every {@link #POLL} (a stat and a 41-byte read; no object is read) and
 * tells that repository's waiters when the ref moved. A waiter itself only sleeps on its own monitor:
 * what it costs while nothing happens is a parked thread. While waiters exist the watcher also keeps
 * the daemon's look at the remote going (every {@link #KEEP_LOOKING}), so that another clone's
 * write, synced in, moves the ref like a local one.
 *
 * <p>Only the daemon waits ({@link #enable}): in a command's own JVM a wake run ends at once, as
 * there is nobody to hold the wait without a JVM per waiting agent.
 */
public final class WakeWaiters {
    /** How often the watcher looks at the ref: a wake within a fifth of a second of the write. */
    static final Duration POLL = Duration.ofMillis(200);
    /**
     * How often the watcher runs a waiting command's sync before a read: the automatic sync when its
     * {@code agents.autoSync} interval is due, and the renewal of the daemon's look at the remote
     * (which forgets a repository no read asked for in 10 minutes). Not due, it reads one small file.
     */
    static final Duration KEEP_LOOKING = Duration.ofSeconds(5);
    /** How long a waiter sleeps at most before it looks whether its caller went (its cancellation). */
    static final Duration CANCEL_CHECK = Duration.ofSeconds(1);
    static final String THREAD_NAME = "ghp-wake-watch";

    private static volatile boolean enabled;
    private static final Map<Path, Watch> WATCHES = new HashMap<>();

    private WakeWaiters() {
    }

    /** The daemon's: from now on wake runs wait here. */
    public static void enable() {
        enabled = true;
    }

    static boolean enabled() {
        return enabled;
    }

    /** How many agents wait now, in every repository (tests, agent-daemon). */
    public static int waiting() {
        synchronized (WATCHES) {
            return WATCHES.values().stream().mapToInt(w -> w.waiters.size()).sum();
        }
    }

    /** The daemon leaves: every waiter ends now, silently (its hook exits 0; nothing is marked read). */
    public static void endAll() {
        synchronized (WATCHES) {
            WATCHES.values().forEach(w -> w.waiters.values().forEach(Waiter::end));
        }
    }

    /**
     * A hook run of {@code agent} for {@code event}: an agent that runs a tool, gets a prompt, starts
     * or ends a session is not idle (or gone), and its waiter (if any) ends silently. A Stop, a notification and
     * a stop-failure leave it: they come while the agent is idle, and a Stop's own wake run replaces
     * the older waiter when it registers.
     */
    static void superseded(Path commonDir, String agent, HookEvent event) {
        if (!enabled || !(event == HookEvent.POST_TOOL_USE || event == HookEvent.USER_PROMPT_SUBMIT
                || event == HookEvent.SESSION_START || event == HookEvent.PRE_TOOL_USE
                || event == HookEvent.POST_TOOL_USE_FAILURE || event == HookEvent.SESSION_END)) {
            return;
        }
        synchronized (WATCHES) {
            Watch watch = WATCHES.get(commonDir);
            Waiter waiter = watch == null ? null : watch.waiters.get(agent);
            if (waiter != null) {
                waiter.end();
            }
        }
    }

    /**
     * Registers {@code agent}'s waiter in the repository of {@code commonDir}, ending the one it had
     * (a newer Stop supersedes an older wait). {@code keepLooking} renews the look at the remote.
     */
    static Waiter register(Path commonDir, String agent, Runnable keepLooking) {
        synchronized (WATCHES) {
            Watch watch = WATCHES.computeIfAbsent(commonDir, Watch::new);
            Waiter older = watch.waiters.get(agent);
            if (older != null) {
                older.end();
            }
            Waiter waiter = new Waiter(watch, agent, keepLooking);
            watch.waiters.put(agent, waiter);
            if (watch.thread == null) {
                watch.thread = new Thread(watch::watch, THREAD_NAME);
                watch.thread.setDaemon(true);
                watch.thread.start();
            }
            return waiter;
        }
    }

    /** What ended a waiter's sleep. */
    enum Woken {
        /** The ref moved: the waiter looks whether something for it arrived. */
        CHANGED,
        /** A newer wait or a hook run of the agent, or the daemon leaving: it ends silently. */
        ENDED,
        /** Its bound passed. */
        TIMED_OUT,
        /** Its caller (the launcher) went. */
        CANCELLED
    }

    /** One waiting agent. */
    static final class Waiter implements AutoCloseable {
        private final Watch watch;
        private final String agent;
        /** Its command's sync before a read: the watcher runs a waiting one's, never one whose command ended. */
        private final Runnable keepLooking;
        /** The watcher's count of ref moves this waiter has seen. */
        private long seen;
        private boolean ended;

        private Waiter(Watch watch, String agent, Runnable keepLooking) {
            this.watch = watch;
            this.agent = agent;
            this.keepLooking = keepLooking;
            this.seen = watch.moves;
        }

        synchronized void end() {
            ended = true;
            notifyAll();
        }

        private synchronized void moved() {
            notifyAll();
        }

        /** Sleeps until the ref moves past what this waiter saw, it is ended, its caller goes, or {@code deadline} (nanoTime). */
        synchronized Woken await(long deadline) throws InterruptedException {
            while (true) {
                if (ended) {
                    return Woken.ENDED;
                }
                if (dev.ghp.agents.errors.Cancellation.current().isCancelled()) {
                    return Woken.CANCELLED;
                }
                long moves = watch.moves;
                if (moves != seen) {
                    seen = moves;
                    return Woken.CHANGED;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Woken.TIMED_OUT;
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, CANCEL_CHECK.toNanos()));
            }
        }

        /** Leaves the repository's waiters (if still there: a newer waiter of the agent may have taken the place). */
        @Override
        public void close() {
            synchronized (WATCHES) {
                watch.waiters.remove(agent, this);
            }
        }
    }

    /** One repository's watcher and waiters. */
    private static final class Watch {
        final Path commonDir;
        final Map<String, Waiter> waiters = new HashMap<>();
        Thread thread;
        /** How often the ref has moved since the watcher started. */
        volatile long moves;

        Watch(Path commonDir) {
            this.commonDir = commonDir;
        }

        void watch() {
            String last = signature(commonDir);
            long nextLook = System.nanoTime();
            while (true) {
                Runnable look;
                synchronized (WATCHES) {
                    if (waiters.isEmpty() || !Files.isDirectory(commonDir)) {
                        // A repository gone ends its waits as a timeout would: nothing can arrive there.
                        waiters.values().forEach(Waiter::end);
                        WATCHES.remove(commonDir, this);
                        thread = null;
                        return;
                    }
                    look = waiters.values().iterator().next().keepLooking;
                }
                if (System.nanoTime() - nextLook >= 0) {
                    try {
                        look.run();
                    } catch (RuntimeException e) {
                        // The look only brings news sooner; without it the next one tries again.
                    }
                    nextLook = System.nanoTime() + KEEP_LOOKING.toNanos();
                }
                String now = signature(commonDir);
                if (!Objects.equals(now, last)) {
                    last = now;
                    moves++;
                    Waiter[] toTell;
                    synchronized (WATCHES) {
                        toTell = waiters.values().toArray(Waiter[]::new);
                    }
                    for (Waiter w : toTell) {
                        w.moved();
                    }
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Where the ref is, from its files alone: the loose ref's content, and the packed refs' and the
     * reftable list's size and time (a ref packed or written there changes them). Any change counts
     * as a move: a waiter that finds nothing new for it sleeps again.
     */
    static String signature(Path commonDir) {
        StringBuilder b = new StringBuilder();
        try {
            b.append(Files.readString(commonDir.resolve(StorePaths.REF), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            b.append('-');
        }
        for (String file : new String[] {"packed-refs", "reftable/tables.list"}) {
            try {
                BasicFileAttributes a = Files.readAttributes(commonDir.resolve(file), BasicFileAttributes.class);
                b.append('|').append(a.size()).append('@').append(a.lastModifiedTime().toMillis());
            } catch (IOException e) {
                b.append("|-");
            }
        }
        return b.toString();
    }
}
