package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** agent-escalate --wait, and the answer notice that resolving writes into the opener's inbox. */
class EscalateWaitTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;

    @BeforeEach
    void setUp() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        ghp = new CliRunner(repo.dir()).env("USER", "tester");
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));
    }

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    private String files(String dir) {
        return repo.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination", dir);
    }

    /** The id of the one open escalation, once the waiting command has opened it. */
    private String openedId() throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode open = Json.parseObject(ghp.run("agent-escalate", "--list", "--json").out()).get("escalations");
            if (open.size() == 1) {
                return open.get(0).get("id").asText();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the escalation was never opened");
    }

    @Test
    void resolvingWritesTheAnswerIntoTheOpenersInbox() throws Exception {
        String id = ok(ghp.run("agent-escalate", "--agent", "worker-1", "Tabs or spaces?")).out().trim();

        ok(ghp.run("agent-escalate", "--resolve", id, "--answer", "Tabs", "--by", "alice"));

        String notice = "msg-" + id.substring(4);
        JsonNode stored = Json.parseObject(repo.showCoordination(".ghp/inbox/worker-1/" + notice + ".json"));
        assertThat(stored.get("kind").asText()).isEqualTo("answer");
        assertThat(stored.get("from").asText()).isEqualTo("alice");
        assertThat(stored.get("issue").asInt()).isEqualTo(147);
        assertThat(stored.get("text").asText()).isEqualTo(id + " (question) answered by alice: Tabs\nThe escalation: Tabs or spaces?");
        assertThat(repo.git("log", "-1", "--format=%s", "refs/ghp/coordination").trim()).isEqualTo("resolve " + id + " by alice");
        repo.assertFsckClean();
    }

    @Test
    void waitPrintsTheAnswerAsSoonAsItIsGivenAndTheNoticeIsNotDeliveredAgain() throws Exception {
        CompletableFuture<CliRunner.Result> asking = CompletableFuture.supplyAsync(
                () -> ghp.run("agent-escalate", "--agent", "worker-1", "--wait", "5m", "Tabs or spaces?"));
        String id = openedId();

        ok(ghp.run("agent-escalate", "--resolve", id, "--answer", "Tabs, always", "--by", "alice"));

        CliRunner.Result r = asking.get(2, TimeUnit.MINUTES);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Tabs, always\n");
        assertThat(files(".ghp/inbox")).isEmpty();
        assertThat(files(".ghp/read/worker-1")).contains("msg-" + id.substring(4));
        repo.assertFsckClean();
    }

    @Test
    void waitWithNoAnswerInTimePrintsTheIdAndExits4() throws Exception {
        CliRunner.Result r = ghp.run("agent-escalate", "--agent", "worker-1", "--wait", "1s", "Tabs or spaces?");

        assertThat(r.exit()).isEqualTo(4);
        String id = r.out().trim();
        assertThat(id).matches("esc-[0-9a-f]{8}");
        assertThat(r.err()).startsWith("ghp: note: no answer to " + id + " within 1s");
        assertThat(Json.parseObject(repo.showCoordination(".ghp/escalations/" + id + ".json")).get("status").asText())
                .isEqualTo("open");
    }

    @Test
    void waitGoesOnlyWithOpening() {
        CliRunner.Result r = ghp.run("agent-escalate", "--list", "--wait", "1m");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("ghp: error: --wait goes with opening an escalation");
    }
}
