package dev.ghp.agents.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the real launcher {@code bin/ghp} (and through it the built jar) as an OS process, for the
 * end-to-end tests that failsafe runs after {@code mvn package}: the one way tests start it. A
 * launcher runs in one directory with one set of variables (git's configuration kept out, no
 * colours), to which {@link #userEnv} adds a user's PATH and HOME.
 */
public final class Launcher {
    /** The checkout: failsafe runs in the project's base directory. */
    public static final Path ROOT = Path.of("").toAbsolutePath();
    public static final Path BIN_GHP = ROOT.resolve("bin/ghp");
    public static final Path JAR = ROOT.resolve("target/ghp-agents.jar");

    private final Map<String, String> env = new HashMap<>(GitRepo.GIT_ENV);
    private Path dir;

    public Launcher(Path dir) {
        assertThat(JAR).as("the jar is built by 'mvn package' before the integration tests").isRegularFile();
        this.dir = dir;
        env.put("NO_COLOR", "1");
    }

    public Launcher in(Path dir) {
        this.dir = dir;
        return this;
    }

    /** Sets a variable for the launched process; null sets it to the empty string (the launcher treats both as unset). */
    public Launcher env(String name, String value) {
        env.put(name, value == null ? "" : value);
        return this;
    }

    /** Sets these variables for the launched process. */
    public Launcher env(Map<String, String> vars) {
        env.putAll(vars);
        return this;
    }

    /**
     * The variables of a user who put ghp-agents' bin first on PATH, with a HOME of their own (so no
     * test ever reads or writes the real ~/.claude) and the zone UTC: what users, Claude Code and GHP
     * run {@code ghp} with.
     */
    public static Map<String, String> userEnv(Path home) {
        Map<String, String> user = new HashMap<>(GitRepo.GIT_ENV);
        user.put("NO_COLOR", "1");
        user.put("PATH", ROOT.resolve("bin") + ":" + System.getenv("PATH"));
        user.put("HOME", home.toString());
        user.put("TZ", "UTC");
        return user;
    }

    /** The variables the launched processes get. */
    public Map<String, String> environment() {
        return Map.copyOf(env);
    }

    public GitRepo.Result run(String... args) {
        return runWithInput(null, args);
    }

    public GitRepo.Result runWithInput(String stdin, String... args) {
        return GitRepo.Processes.run(dir, env, stdin, command(BIN_GHP, args));
    }

    /** Runs any command (a shell line, usually) with this launcher's directory and variables. */
    public GitRepo.Result runCommand(String stdin, List<String> command) {
        return GitRepo.Processes.run(dir, env, stdin, command);
    }

    /** A command line as a shell runs it, the way Claude Code and GHP run hook commands. */
    public GitRepo.Result sh(String stdin, String commandLine) {
        return runCommand(stdin, List.of("/bin/sh", "-c", commandLine));
    }

    /** A bash script, for the steps a user types. */
    public GitRepo.Result bash(String script) {
        return runCommand(null, List.of("bash", "-c", script));
    }

    /** Starts {@code bin/ghp ARGS} with its output discarded, for tests that kill it. */
    public Process start(String... args) {
        try {
            return builder(args).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A process builder for {@code bin/ghp ARGS}, for tests that start, stop or kill processes themselves. */
    public ProcessBuilder builder(String... args) {
        return builder(command(BIN_GHP, args));
    }

    public ProcessBuilder builder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        GitRepo.Processes.outsideAgentSessions(pb.environment());
        pb.environment().putAll(env);
        return pb;
    }

    public static List<String> command(Path launcher, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Writes an executable shell script. */
    public static Path script(Path file, String body) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, body);
            file.toFile().setExecutable(true);
            return file;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends a signal to a process by id with the {@code kill} command (Java can only send TERM and KILL). */
    public static void signal(long pid, String signal) {
        GitRepo.Result r = GitRepo.Processes.run(ROOT, Map.of(), null, List.of("kill", "-" + signal, Long.toString(pid)));
        assertThat(r.exit()).as("kill -%s %d: %s", signal, pid, r.err()).isZero();
    }

    /** As {@link #signal}, for clean-ups: a process that is already gone is no failure. */
    public static void signalQuietly(long pid, String signal) {
        GitRepo.Processes.run(ROOT, Map.of(), null, List.of("kill", "-" + signal, Long.toString(pid)));
    }
}
