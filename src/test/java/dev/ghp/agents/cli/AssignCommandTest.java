package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssignCommandTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;

    @BeforeEach
    void setUp() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        ghp = new CliRunner(repo.dir()).env("USER", "tester");
    }

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    private JsonNode agent(String name) throws Exception {
        return Json.parseObject(repo.showCoordination(".ghp/agent-status.json")).get("agents").get(name);
    }

    private JsonNode onlyUnread(String agent) throws Exception {
        String files = repo.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination", ".ghp/inbox/" + agent);
        assertThat(files.lines()).hasSize(1);
        return Json.parseObject(repo.showCoordination(files.trim()));
    }

    @Test
    void aWorkerNotYetStartedGetsAStartingEntryTheClaimAndAMessage() throws Exception {
        CliRunner.Result r = ok(ghp.run("agent-assign", "--to", "worker-2", "--issue", "150", "--by", "lead",
                "--files", "src/lexer/**", "--note", "the tokenizer first"));

        assertThat(r.out()).startsWith("✓ #150 assigned to worker-2 · told in msg-");
        JsonNode worker = agent("worker-2");
        assertThat(worker.get("issue").asInt()).isEqualTo(150);
        assertThat(worker.get("status").asText()).isEqualTo("starting");
        assertThat(worker.get("timestamp").asText()).isEqualTo("2025-01-25T10:30:00Z");
        assertThat(worker.get("files").get(0).asText()).isEqualTo("src/lexer/**");
        JsonNode told = onlyUnread("worker-2");
        assertThat(told.get("kind").asText()).isEqualTo("assignment");
        assertThat(told.get("from").asText()).isEqualTo("lead");
        assertThat(told.get("issue").asInt()).isEqualTo(150);
        assertThat(told.get("text").asText())
                .isEqualTo("#150 assigned to you by lead; files: src/lexer/**\nthe tokenizer first");
        assertThat(repo.git("log", "-1", "--format=%an|%s", "refs/ghp/coordination").trim())
                .isEqualTo("lead|assign #150 to worker-2 by lead");
        repo.assertFsckClean();
    }

    @Test
    void theWorkersPreviousIssueIsReleasedAndItsMessageSaysSo() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "implementing"));

        CliRunner.Result r = ok(ghp.run("agent-assign", "--to", "worker-1", "--issue", "150", "--by", "lead"));

        assertThat(r.out()).contains("(#147 released)");
        assertThat(agent("worker-1").get("issue").asInt()).isEqualTo(150);
        assertThat(onlyUnread("worker-1").get("text").asText())
                .isEqualTo("#150 assigned to you by lead; your claim on #147 was released");
    }

    @Test
    void anotherLiveHolderRefusesItUnlessForceWhichIsRecorded() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "150"));
        String before = repo.coordinationTip();

        CliRunner.Result refused = ghp.run("agent-assign", "--to", "worker-2", "--issue", "150", "--by", "lead");

        assertThat(refused.exit()).isEqualTo(3);
        assertThat(refused.err()).startsWith("ghp: error: issue #150 is claimed by worker-1")
                .contains("(nothing was assigned to worker-2)");
        assertThat(repo.coordinationTip()).isEqualTo(before);

        ok(ghp.run("agent-assign", "--to", "worker-2", "--issue", "150", "--by", "lead", "--force"));

        assertThat(agent("worker-2").get("issue").asInt()).isEqualTo(150);
        assertThat(agent("worker-1").has("issue") && !agent("worker-1").get("issue").isNull()).isFalse();
        assertThat(repo.git("log", "-1", "--format=%s", "refs/ghp/coordination").trim())
                .isEqualTo("assign #150 to worker-2 by lead (forced)");
        assertThat(onlyUnread("worker-1").get("text").asText())
                .isEqualTo("#150 was assigned to worker-2 by lead with --force; your claim on it was released");
        repo.assertFsckClean();
    }

    @Test
    void badInputIsExit2AndNothingIsWritten() {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));
        String before = repo.coordinationTip();

        assertThat(ghp.run("agent-assign", "--to", "worker-2").exit()).isEqualTo(2);
        assertThat(ghp.run("agent-assign", "--to", "not a name", "--issue", "1").exit()).isEqualTo(2);
        assertThat(ghp.run("agent-assign", "--to", "worker-2", "--issue", "x").exit()).isEqualTo(2);
        assertThat(ghp.run("agent-assign", "--to", "worker-2", "--issue", "1", "--note", " ").exit()).isEqualTo(2);
        assertThat(repo.coordinationTip()).isEqualTo(before);
    }
}
