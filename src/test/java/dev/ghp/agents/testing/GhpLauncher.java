package dev.ghp.agents.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the real launcher, {@code bin/ghp}, against the jar {@code mvn package} built, as an agent's
 * hook would: for end-to-end tests ({@code *IT}) with real processes.
 */
public final class GhpLauncher {
    public static final Path ROOT = Path.of("").toAbsolutePath();
    public static final Path GHP = ROOT.resolve("bin/ghp");

    private GhpLauncher() {
    }

    /** The environment a test process gets: clean git settings, no colour, the launcher's own JVM choice. */
    public static Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(GitRepo.GIT_ENV);
        env.put("NO_COLOR", "1");
        env.put("JAVA_HOME", "");
        env.putAll(extra);
        return env;
    }

    /** Runs {@code ghp ARGS} in DIR to the end. */
    public static GitRepo.Result run(Path dir, Map<String, String> env, String... args) {
        return GitRepo.Processes.run(dir, env(env), null, command(args));
    }

    /** Starts {@code ghp ARGS} in DIR; its output goes to the given files. */
    public static Process start(Path dir, Map<String, String> env, Path out, Path err, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(dir.toFile());
        pb.environment().putAll(env(env));
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        return pb.start();
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(GHP.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
