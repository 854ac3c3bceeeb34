package dev.ghp.agents.launcher;

import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A user who put ghp-agents' {@code bin} first on PATH, running {@code ghp} and shell command lines
 * as new processes: what users, Claude Code and GHP run.
 */
final class UserShell {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path GHP = ROOT.resolve("bin/ghp");

    private UserShell() {
    }

    /**
     * The environment of a user who put ghp-agents' bin first on PATH, with a HOME of their own
     * (so no test ever reads or writes the real ~/.claude) and git's configuration kept out.
     */
    static Map<String, String> env(Path home) {
        Map<String, String> env = new HashMap<>(GitRepo.GIT_ENV);
        env.put("PATH", ROOT.resolve("bin") + ":" + System.getenv("PATH"));
        env.put("HOME", home.toString());
        env.put("NO_COLOR", "1");
        env.put("TZ", "UTC");
        return env;
    }

    static GitRepo.Result ghp(Path dir, Map<String, String> env, String stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(GHP.toString());
        cmd.addAll(List.of(args));
        return GitRepo.Processes.run(dir, env, stdin, cmd);
    }

    /** A command line as a shell runs it, the way Claude Code and GHP run hook commands. */
    static GitRepo.Result sh(Path dir, Map<String, String> env, String stdin, String commandLine) {
        return GitRepo.Processes.run(dir, env, stdin, List.of("/bin/sh", "-c", commandLine));
    }

    static GitRepo.Result bash(Path dir, Map<String, String> env, String script) {
        return GitRepo.Processes.run(dir, env, null, List.of("bash", "-c", script));
    }
}
