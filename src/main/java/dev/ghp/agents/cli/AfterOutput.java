package dev.ghp.agents.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What a command does only once its standard output has reached its caller: a hook run marks its
 * messages read here, so that a hook killed before its text was handed over leaves them unread
 * (docs/architecture.md#messages). In a JVM of its own that is when stdout was flushed without an
 * error ({@link #immediate}); in the daemon, when the launcher says it printed the answer
 * ({@link #deferred}: the daemon runs them on that word, or never).
 */
public final class AfterOutput {
    private final boolean deferred;
    private final List<Runnable> actions = new ArrayList<>();

    private AfterOutput(boolean deferred) {
        this.deferred = deferred;
    }

    /** Run by {@link Cli#run} as soon as the command's stdout is flushed without an error. */
    public static AfterOutput immediate() {
        return new AfterOutput(false);
    }

    /** Kept for whoever hands the output over (the daemon), who runs them when it was received. */
    public static AfterOutput deferred() {
        return new AfterOutput(true);
    }

    /** Adds an action to run once the output printed so far has reached the caller. */
    public synchronized void add(Runnable action) {
        actions.add(action);
    }

    public synchronized boolean isEmpty() {
        return actions.isEmpty();
    }

    /** The command ended with {@code out} flushed: an immediate set runs now, unless the output failed. */
    void commandEnded(java.io.PrintWriter out) {
        if (deferred) {
            return;
        }
        out.flush();
        if (out.checkError()) {
            // The caller is gone (a closed pipe): nothing it was to see reached it.
            synchronized (this) {
                actions.clear();
            }
            return;
        }
        runAll();
    }

    /** Runs the actions once each, in the order they were added. */
    public void runAll() {
        List<Runnable> now;
        synchronized (this) {
            now = List.copyOf(actions);
            actions.clear();
        }
        now.forEach(Runnable::run);
    }
}
