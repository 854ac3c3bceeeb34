package dev.ghp.agents.trace;

import java.io.PrintStream;

/**
 * Where a run's time goes: with {@code GHP_TRACE=1} in the environment each {@link #mark} prints
 * the milliseconds since {@code main} began, and since the previous mark, on stderr. Off (the
 * default) a mark is one read of a constant, so the marks can stay in the code paths that
 * {@code docs/performance.md} measures.
 */
public final class Trace {
    private static final boolean ON = "1".equals(System.getenv("GHP_TRACE"));
    private static final long START = System.nanoTime();
    private static long last = START;

    private Trace() {
    }

    public static void mark(String phase) {
        if (ON) {
            long now = System.nanoTime();
            PrintStream err = System.err;
            err.printf(java.util.Locale.ROOT, "ghp: trace %7.1f ms  +%6.1f  %s%n", (now - START) / 1e6, (now - last) / 1e6, phase);
            last = now;
        }
    }
}
