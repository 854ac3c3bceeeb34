package dev.ghp.agents.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The real launcher {@code bin/ghp} as an OS process, for end-to-end tests against the built jar. */
public final class GhpProcess {
    public static final Path LAUNCHER = Path.of("bin", "ghp").toAbsolutePath();

    private GhpProcess() {
    }

    public static Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(GitRepo.GIT_ENV);
        env.put("NO_COLOR", "1");
        env.putAll(extra);
        return env;
    }

    /** Runs {@code bin/ghp args} in {@code dir} and waits for it. */
    public static GitRepo.Result run(Path dir, Map<String, String> extraEnv, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        return GitRepo.Processes.run(dir, env(extraEnv), null, cmd);
    }

    /** Starts {@code bin/ghp args} in {@code dir}, output discarded, for tests that kill it. */
    public static Process start(Path dir, Map<String, String> extraEnv, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env(extraEnv));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
