package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageCommandTest {
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

    private String files(String dir) {
        return repo.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination", dir);
    }

    @Test
    void aMessageWaitsUnreadInTheRecipientsInboxOnTheRef() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "150"));

        CliRunner.Result r = ok(ghp.run("agent-message", "--agent", "worker-1", "--to", "worker-2", "--json",
                "I renamed Parser.parse; rebase first"));

        JsonNode sent = Json.parseObject(r.out()).get("messages");
        assertThat(sent).hasSize(1);
        String id = sent.get(0).get("id").asText();
        assertThat(id).matches("msg-[0-9a-f]{21}");
        ObjectNode stored = Json.parseObject(repo.showCoordination(".ghp/inbox/worker-2/" + id + ".json"));
        assertThat(stored.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(stored.get("kind").asText()).isEqualTo("message");
        assertThat(stored.get("from").asText()).isEqualTo("worker-1");
        assertThat(stored.get("to").asText()).isEqualTo("worker-2");
        assertThat(stored.get("address").asText()).isEqualTo("worker-2");
        assertThat(stored.get("text").asText()).isEqualTo("I renamed Parser.parse; rebase first");
        assertThat(stored.get("createdAt").asText()).isEqualTo("2025-01-25T10:30:00Z");
        assertThat(stored.get("readAt").isNull()).isTrue();
        assertThat(repo.git("log", "-1", "--format=%an|%s", "refs/ghp/coordination").trim())
                .isEqualTo("worker-1|message from worker-1 to worker-2");
        repo.assertFsckClean();
    }

    @Test
    void anUnknownRecipientIsExit2AndNothingIsWritten() {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "150"));
        String before = repo.coordinationTip();

        CliRunner.Result toAgent = ghp.run("agent-message", "--agent", "w1", "--to", "nobody", "hello");
        CliRunner.Result toIssue = ghp.run("agent-message", "--agent", "w1", "--to", "#999", "hello");
        CliRunner.Result badName = ghp.run("agent-message", "--agent", "w1", "--to", "not a name", "hello");

        assertThat(toAgent.exit()).isEqualTo(2);
        assertThat(toAgent.err()).startsWith("ghp: error: no agent nobody in the record (nothing was sent)");
        assertThat(toIssue.exit()).isEqualTo(2);
        assertThat(toIssue.err()).startsWith("ghp: error: no agent holds #999");
        assertThat(badName.exit()).isEqualTo(2);
        assertThat(repo.coordinationTip()).isEqualTo(before);
    }

    @Test
    void anIssueReachesItsHolderAndAllReachesEveryLiveAgentButTheSender() {
        ok(ghp.run("agent-heartbeat", "--agent", "old", "--issue", "7"));
        ghp.clock().advance(Duration.ofHours(1)); // "old" is stale from now on
        ok(ghp.run("agent-heartbeat", "--agent", "a", "--issue", "147"));
        ok(ghp.run("agent-heartbeat", "--agent", "b", "--issue", "148"));
        ok(ghp.run("agent-heartbeat", "--agent", "lead", "--issue", "1"));

        ok(ghp.run("agent-message", "--agent", "lead", "--to", "#147", "tabs are fine"));
        ok(ghp.run("agent-message", "--agent", "lead", "--to", "all", "main is broken"));

        assertThat(files(".ghp/inbox/a").lines()).hasSize(2);
        assertThat(files(".ghp/inbox/b").lines()).hasSize(1);
        assertThat(files(".ghp/inbox/lead")).isEmpty();
        assertThat(files(".ghp/inbox/old")).isEmpty();
        repo.assertFsckClean();
    }

    @Test
    void aPersonOrOrchestratorSendsWithByAndNeedNotBeAnAgent() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));

        String out = ok(ghp.run("agent-message", "--by", "Alice Smith", "--to", "worker-1", "--json", "go ahead")).out();

        assertThat(Json.parseObject(out).get("messages").get(0).get("from").asText()).isEqualTo("Alice Smith");
        assertThat(repo.git("log", "-1", "--format=%an", "refs/ghp/coordination").trim()).isEqualTo("Alice Smith");
    }

    @Test
    void badInputIsOneLineAndExit2() {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));
        String before = repo.coordinationTip();

        CliRunner.Result both = ghp.run("agent-message", "--agent", "a", "--by", "b", "--to", "worker-1", "x");
        CliRunner.Result empty = ghp.run("agent-message", "--agent", "a", "--to", "worker-1", "  ");
        CliRunner.Result tooLong = ghp.run("agent-message", "--agent", "a", "--to", "worker-1", "x".repeat(4001));
        CliRunner.Result noTo = ghp.run("agent-message", "--agent", "a", "x");

        for (CliRunner.Result r : new CliRunner.Result[]{both, empty, tooLong, noTo}) {
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("ghp: error: ");
            assertThat(r.out()).isEmpty();
        }
        assertThat(tooLong.err()).contains("4001 characters long; the limit is 4000");
        assertThat(repo.coordinationTip()).isEqualTo(before);
    }
}
