package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit guard judges a silent holder as {@code agent-status} does (#21): an agent that waits
 * and a lead keep their file claims in the guard for {@code agents.waitingStaleAfter}, not only for
 * the stale limit, so a commit is never let into the scope of an agent the status shows as live.
 */
class GuardJudgesIdleLikeStatusTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;

    @BeforeEach
    void aRepositoryWithALeadAndALongerWaitingLimit() throws Exception {
        repo = GitRepo.init(tmp, "app");
        repo.commitFile("README.md", "app\n");
        Files.createDirectories(repo.dir().resolve(".ghp"));
        Files.writeString(repo.dir().resolve(".ghp/config.json"),
                "{\"agents\": {\"leads\": [\"orchestrator\"], \"waitingStaleAfter\": \"8h\"}}\n");
        ghp = new CliRunner(repo.dir());
    }

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    private boolean staleInStatus(String agent) throws Exception {
        JsonNode status = new ObjectMapper().readTree(ok(ghp.run("agent-status", "--json")).out());
        return status.path("agents").path(agent).path("stale").asBoolean();
    }

    private void stage(String path) throws Exception {
        Path file = repo.dir().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "changed\n");
        repo.git("add", path);
    }

    @Test
    void aLeadSilentPastTheStaleLimitKeepsItsFilesInTheGuard() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "orchestrator", "--issue", "1", "--status", "planning",
                "--files", "docs/plan/**"));
        ghp.clock().advance(Duration.ofHours(1));
        stage("docs/plan/next.md");

        assertThat(staleInStatus("orchestrator")).isFalse();
        CliRunner.Result guard = ghp.run("agent-guard", "check", "--agent", "worker-1");

        assertThat(guard.exit()).as(guard.err()).isEqualTo(3);
        assertThat(guard.err()).contains("docs/plan/next.md (orchestrator holds docs/plan/**, seen 1h ago)");
    }

    @Test
    void aWaitingAgentKeepsItsFilesInTheGuardForTheConfiguredWaitingLimit() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "2", "--status", "waiting",
                "--files", "src/parser/**"));
        ghp.clock().advance(Duration.ofHours(5)); // past the default 4h, within the configured 8h
        stage("src/parser/Lexer.java");

        assertThat(staleInStatus("worker-2")).isFalse();
        CliRunner.Result guard = ghp.run("agent-guard", "check", "--agent", "worker-1");

        assertThat(guard.exit()).as(guard.err()).isEqualTo(3);
        assertThat(guard.err()).contains("src/parser/Lexer.java (worker-2 holds src/parser/**, seen 5h ago)");
    }

    @Test
    void aWaitingAgentPastTheWaitingLimitIsStaleInBoth() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "2", "--status", "waiting",
                "--files", "src/parser/**"));
        ghp.clock().advance(Duration.ofHours(8).plusMinutes(1));
        stage("src/parser/Lexer.java");

        assertThat(staleInStatus("worker-2")).isTrue();
        ok(ghp.run("agent-guard", "check", "--agent", "worker-1"));
    }
}
