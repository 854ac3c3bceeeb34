package dev.ghp.agents.cli;

import dev.ghp.agents.errors.ExitCode;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * {@code agent-status --watch}: redraws a frame every few seconds until interrupted. In place on a
 * terminal: the cursor goes home and each line clears its own tail, so the screen is never blank
 * between frames (no flicker). To a pipe, frames are simply printed one after another. Ctrl-C ends
 * it: the JVM runs the shutdown hook, which waits for a frame being written to finish, restores the
 * cursor and leaves the last frame on screen.
 */
final class StatusWatch {
    private final Io io;
    private final Environment env;
    private final int seconds;

    StatusWatch(Io io, Environment env, int seconds) {
        this.io = io;
        this.env = env;
        this.seconds = seconds;
    }

    /** Draws {@code render}'s frame every {@code seconds}; returns when interrupted. */
    int loop(Supplier<String> render) {
        boolean terminal = env.stdoutIsTerminal();
        Object screen = new Object();
        boolean[] stopped = {false};
        Thread restore = new Thread(() -> {
            synchronized (screen) {
                stopped[0] = true;
                if (terminal) {
                    io.out().print("\u001b[0m\u001b[?25h\n");
                }
                io.out().flush();
            }
        }, "ghp-watch-restore");
        Runtime.getRuntime().addShutdownHook(restore);
        try {
            if (terminal) {
                synchronized (screen) {
                    io.out().print("\u001b[?25l\u001b[H\u001b[2J");
                }
            }
            while (true) {
                Instant now = env.clock().instant();
                String clock = LocalTime.ofInstant(now, env.zone()).truncatedTo(ChronoUnit.SECONDS).toString();
                String frame = "Every " + seconds + "s · " + clock + " · Ctrl-C to stop\n\n" + render.get();
                synchronized (screen) {
                    if (stopped[0]) {
                        return ExitCode.OK;
                    }
                    if (terminal) {
                        io.out().print("\u001b[H" + frame.replace("\n", "\u001b[K\n") + "\u001b[J");
                    } else {
                        io.out().print(frame + "\n");
                    }
                    io.out().flush();
                }
                try {
                    Thread.sleep(seconds * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ExitCode.OK;
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(restore);
                restore.run();
            } catch (IllegalStateException shuttingDown) {
                // the hook is running (Ctrl-C): it restores the terminal itself
            }
        }
    }
}
