package dev.ghp.agents.testing;

import dev.ghp.agents.cli.Cli;
import dev.ghp.agents.cli.Environment;
import dev.ghp.agents.cli.Io;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Runs commands in-process through {@link Cli#run} (the same path as {@code main}), with captured
 * stdout and stderr, a controlled environment and a clock the test moves.
 */
public final class CliRunner {
    private final Map<String, String> variables = new HashMap<>();
    private Path workingDirectory;
    private final MovableClock clock = new MovableClock(Instant.parse("2025-01-25T10:30:00Z"));
    private boolean terminal;
    private byte[] stdin = new byte[0];

    public CliRunner(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
        variables.put("NO_COLOR", "1");
    }

    public CliRunner in(Path dir) {
        this.workingDirectory = dir;
        return this;
    }

    public CliRunner env(String name, String value) {
        if (value == null) {
            variables.remove(name);
        } else {
            variables.put(name, value);
        }
        return this;
    }

    public CliRunner terminal(boolean terminal) {
        this.terminal = terminal;
        return this;
    }

    /** What the command reads on stdin (a hook's JSON); empty by default. */
    public CliRunner stdin(String text) {
        this.stdin = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return this;
    }

    public MovableClock clock() {
        return clock;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(variables, workingDirectory, clock, terminal);
        int code = Cli.run(new Io(new PrintWriter(out), new PrintWriter(err), new java.io.ByteArrayInputStream(stdin)), env, args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Runs with a stdout every write to which fails, as one to a closed pipe does (its reader went
     * away); {@code out} of the result is empty.
     */
    public Result runWithClosedStdout(String... args) {
        java.io.OutputStream closed = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }
        };
        StringWriter err = new StringWriter();
        Environment env = new Environment(variables, workingDirectory, clock, terminal);
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(closed, java.nio.charset.StandardCharsets.UTF_8));
        int code = Cli.run(new Io(out, new PrintWriter(err), new java.io.ByteArrayInputStream(stdin)), env, args);
        return new Result(code, "", err.toString());
    }

    /** Runs with one command built by the test ({@link Cli#runWith}), e.g. one given a fake of a remote service. */
    public Result runWith(String name, BiFunction<Io, Environment, Object> command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(variables, workingDirectory, clock, terminal);
        int code = Cli.runWith(new Io(new PrintWriter(out), new PrintWriter(err)), env, name, command, args);
        return new Result(code, out.toString(), err.toString());
    }

    public record Result(int exit, String out, String err) {
    }

    /** A clock that stands still until the test moves it. */
    public static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        public void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
