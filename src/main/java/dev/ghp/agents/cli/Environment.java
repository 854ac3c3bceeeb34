package dev.ghp.agents.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may know of the world it runs in, passed in rather than read from globals so
 * that tests control every part of it.
 *
 * @param variables        the environment variables
 * @param workingDirectory where the command was started
 * @param clock            the time source (tests fix it)
 * @param stdoutIsTerminal whether stdout is a terminal (colour, redrawing, truncation)
 */
public record Environment(Map<String, String> variables, Path workingDirectory, Clock clock, boolean stdoutIsTerminal) {

    public Environment {
        variables = Map.copyOf(variables);
    }

    public static Environment system() {
        Map<String, String> env = System.getenv();
        // The launcher knows for sure ([ -t 1 ]); without it, Java 17's System.console() is the best guess.
        String tty = env.get("GHP_STDOUT_TTY");
        boolean terminal = tty != null ? "1".equals(tty) : System.console() != null;
        return new Environment(env, Path.of("").toAbsolutePath(), Clock.systemUTC(), terminal);
    }

    /** The variable's value, or null when it is unset or empty. */
    public String get(String name) {
        String v = variables.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public boolean colour() {
        String term = get("TERM");
        return stdoutIsTerminal && get("NO_COLOR") == null && !"dumb".equals(term);
    }

    public Environment withWorkingDirectory(Path dir) {
        return new Environment(variables, dir, clock, stdoutIsTerminal);
    }
}
