package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatCommandTest {
    @TempDir
    Path tmp;

    @Test
    void heartbeatWritesSeedFormatOnTheCoordinationRefAndNothingElse() {
        GitRepo repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        String headBefore = repo.git("rev-parse", "HEAD");
        CliRunner ghp = new CliRunner(repo.dir());

        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147",
                "--status", "implementing", "--action", "wrote the parser");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(repo.showCoordination(".ghp/agent-status.json")).isEqualTo("""
                {
                  "schemaVersion": 1,
                  "agents": {
                    "worker-1": {
                      "issue": 147,
                      "status": "implementing",
                      "lastAction": "wrote the parser",
                      "timestamp": "2025-01-25T10:30:00Z",
                      "branch": "main",
                      "worktree": "%s"
                    }
                  }
                }
                """.formatted(repo.dir()));
        assertThat(repo.git("log", "-1", "--format=%an|%s", "refs/ghp/coordination").trim())
                .isEqualTo("worker-1|heartbeat worker-1 #147 implementing");
        assertThat(repo.git("rev-parse", "HEAD")).isEqualTo(headBefore);
        assertThat(repo.git("status", "--porcelain")).isEmpty();
        assertThat(repo.git("branch", "--list").trim()).isEqualTo("* main");
        repo.assertFsckClean();
    }
}
