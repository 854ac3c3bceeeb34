package dev.ghp.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authority rules end to end through {@code bin/ghp}, as an agent, a human and CI meet them. */
class EscalationFlowIT {
    @TempDir
    Path tmp;

    @Test
    void anOpenEscalationFailsTheCiCheckUntilAHumanResolvesIt() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "ci\n");
        assertThat(ghp(repo.dir(), Map.of(), "agent-heartbeat", "--agent", "worker-1", "--issue", "147").exit()).isZero();
        assertThat(ci(repo.dir()).exit()).isZero();

        GitRepo.Result opened = ghp(repo.dir(), Map.of("GHP_AGENT", "worker-1"), "agent-escalate",
                "Which API version should the client target?");
        String id = opened.out().trim();
        GitRepo.Result failing = ci(repo.dir());
        GitRepo.Result resolved = ghp(repo.dir(), Map.of(), "agent-escalate", "--resolve", id,
                "--answer", "v2", "--by", "alice");
        GitRepo.Result passing = ci(repo.dir());

        assertThat(opened.exit()).as(opened.err()).isZero();
        assertThat(id).matches("esc-[0-9a-f]{8}");
        assertThat(failing.exit()).isEqualTo(4);
        assertThat(failing.out()).contains("Open escalations (1)").contains(id).contains("#147");
        assertThat(resolved.exit()).isZero();
        assertThat(passing.exit()).isZero();
        repo.assertFsckClean();
    }

    @Test
    void badInputExitsTwoThroughTheLauncher() {
        GitRepo repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "x\n");
        for (List<String> args : List.of(
                List.of("agent-escalate", "--resolve", "esc-0badc0de", "--answer", "x"),
                List.of("agent-escalate", "--agent", "w", ""),
                List.of("agent-escalate", "--agent", "w", "--kind", "gossip", "hi"))) {
            GitRepo.Result r = ghp(repo.dir(), Map.of(), args.toArray(new String[0]));
            assertThat(r.exit()).as("%s: %s", args, r.err()).isEqualTo(2);
            assertThat(r.err().lines().findFirst().orElse("")).startsWith("ghp: error: ");
        }
    }

    /** The CI snippet of docs/authority.md. */
    private static GitRepo.Result ci(Path dir) throws Exception {
        Path script = dir.resolveSibling("ci-check.sh");
        Files.writeString(script, "#!/bin/sh\n\"$GHP\" agent-status --check --stale-after 30m\n");
        return run(dir, Map.of("GHP", Launcher.BIN_GHP.toString()), "sh", script.toString());
    }

    static GitRepo.Result ghp(Path dir, Map<String, String> env, String... args) {
        Launcher launcher = new Launcher(dir);
        env.forEach(launcher::env);
        return launcher.run(args);
    }

    /** Runs a command (git, usually) in the tests' git environment plus the given variables. */
    static GitRepo.Result run(Path dir, Map<String, String> env, String... cmd) {
        Map<String, String> all = new java.util.HashMap<>(GitRepo.GIT_ENV);
        all.put("NO_COLOR", "1");
        all.putAll(env);
        return GitRepo.Processes.run(dir, all, null, List.of(cmd));
    }
}
