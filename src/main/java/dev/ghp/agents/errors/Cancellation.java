package dev.ghp.agents.errors;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Whether the command the current thread runs is still wanted. Its caller can go while it runs:
 * the launcher killed (kill -9, Ctrl-C) while the daemon runs its command, or Ctrl-C on a command's
 * own JVM during a wait. The waits a command makes (for a lock, for the ref to move, a retry's
 * pause) go through {@link #pause}, which ends at once with {@link Cancelled} once the command is
 * cancelled, and a write checks it ({@link #check}) before it starts; a write under way is not cut:
 * it commits or not as it would have.
 *
 * <p>Cooperative, not {@link Thread#interrupt}: an interrupt closes whatever NIO channel the thread
 * is using at that moment, and in the daemon the repositories JGit holds open are shared with the
 * other commands.
 */
public final class Cancellation {
    /**
     * Inheritable, so that the threads a command starts (a hook run's work) see its cancellation;
     * through a {@link Scope} emptied when the command ends, so that a thread that outlives it (a
     * pool's) never takes the next command's waits for cancelled.
     */
    private static final ThreadLocal<Scope> CURRENT = new InheritableThreadLocal<>();
    /** The cancellation of a thread that runs no command: never cancelled. */
    private static final Cancellation NONE = new Cancellation();

    private static final class Scope {
        volatile Cancellation cancellation;

        Scope(Cancellation cancellation) {
            this.cancellation = cancellation;
        }
    }

    private final Object monitor = new Object();
    private volatile boolean cancelled;
    /** Threads of this command inside {@link #pause} now. */
    private int waiting;

    /** The current thread's command's cancellation; one never cancelled outside a command. */
    public static Cancellation current() {
        Scope scope = CURRENT.get();
        Cancellation c = scope == null ? null : scope.cancellation;
        return c == null ? NONE : c;
    }

    /** Runs {@code body} as a command that {@code cancellation} can cancel. */
    public static <T> T within(Cancellation cancellation, Supplier<T> body) {
        Scope before = CURRENT.get();
        Scope scope = new Scope(cancellation);
        CURRENT.set(scope);
        try {
            return body.get();
        } finally {
            scope.cancellation = null;
            CURRENT.set(before);
        }
    }

    /** The command's caller is gone: its waits end at once, and no write of it starts. */
    public void cancel() {
        if (this == NONE) {
            return;
        }
        synchronized (monitor) {
            cancelled = true;
            monitor.notifyAll();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Whether a thread of this command is pausing in a wait now. */
    public boolean isWaiting() {
        synchronized (monitor) {
            return waiting > 0;
        }
    }

    /**
     * Runs {@code body}, a wait loop, as waiting from start to end: Ctrl-C's shutdown hook gives a
     * command in a wait a moment to say in one line that it was interrupted ({@link #isWaiting}),
     * also when the signal comes between two pauses (a look at the remote, a read of the record);
     * the next pause then ends it at once.
     */
    public static <T> T waitingThroughout(Supplier<T> body) {
        Cancellation c = current();
        synchronized (c.monitor) {
            c.waiting++;
        }
        try {
            return body.get();
        } finally {
            synchronized (c.monitor) {
                c.waiting--;
            }
        }
    }

    /** Throws {@link Cancelled} with {@code message} when the current command was cancelled. */
    public static void check(String message) {
        if (current().cancelled) {
            throw new Cancelled(message);
        }
    }

    /**
     * Pauses the current thread for {@code millis} as {@link Thread#sleep} does, and ends the pause
     * with {@link Cancelled} (its {@code message}) as soon as the current command is cancelled.
     */
    public static void pause(long millis, String message) throws InterruptedException {
        Cancellation c = current();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (c.monitor) {
            c.waiting++;
            try {
                while (!c.cancelled) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    TimeUnit.NANOSECONDS.timedWait(c.monitor, left);
                }
            } finally {
                c.waiting--;
            }
        }
        throw new Cancelled(message);
    }

    /** A command ended because its caller went away: exit 130, as a shell reports an interrupted one. */
    public static final class Cancelled extends GhpException {
        private static final long serialVersionUID = 1L;

        public Cancelled(String message) {
            super(ExitCode.INTERRUPTED, message, null, null);
        }
    }
}
