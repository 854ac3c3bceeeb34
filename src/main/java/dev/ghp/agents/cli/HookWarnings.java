package dev.ghp.agents.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A hook run's stderr, held until the run knows whose hook it is. Most agents log a hook's stderr
 * or show it only in a verbose mode; Gemini CLI parses it as the hook's output when stdout is
 * empty and shows plain text to the user as a system message (packages/core/src/hooks/hookRunner.ts,
 * {@code stdout.trim() || stderr.trim()}, convertPlainTextToHookOutput). So for Gemini the
 * warnings go to a log in the repository's git directory, {@code ghp-agents/hook-warnings.log},
 * never to the user's screen by accident (docs/decisions.md, "#23 exactly once").
 */
final class HookWarnings extends Writer {
    /** The log, under the git common directory, where Gemini CLI's hook warnings go. */
    static final String LOG = "ghp-agents/hook-warnings.log";

    private final PrintWriter stderr;
    private final StringBuilder held = new StringBuilder();
    private boolean released;
    private boolean dropLater;

    HookWarnings(PrintWriter stderr) {
        this.stderr = stderr;
    }

    @Override
    public synchronized void write(char[] chars, int off, int len) {
        if (!released) {
            held.append(chars, off, len);
        } else if (!dropLater) {
            stderr.write(chars, off, len);
        }
    }

    @Override
    public synchronized void flush() {
        if (released && !dropLater) {
            stderr.flush();
        }
    }

    @Override
    public void close() {
        flush();
    }

    /** What was held goes to stderr, and so does everything written from now on. */
    synchronized void toStderr() {
        released = true;
        stderr.print(held);
        stderr.flush();
        held.setLength(0);
    }

    /**
     * What was held is appended to {@code log} (when there is one and anything was held); what a
     * thread left behind writes later is dropped. A log that cannot be written drops them too: a hook
     * never fails its agent.
     */
    synchronized void toLog(Path log) {
        released = true;
        dropLater = true;
        if (log == null || held.length() == 0) {
            return;
        }
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, held, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // nowhere left to say it without reaching the user's screen
        }
        held.setLength(0);
    }
}
