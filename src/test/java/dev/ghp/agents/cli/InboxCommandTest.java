package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.store.MessageFiles;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxCommandTest {
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

    @Test
    void showingTheUnreadMessagesMarksThemReadOnce() throws Exception {
        String id = Json.parseObject(ok(ghp.run("agent-message", "--by", "alice", "--to", "worker-1", "--json",
                "tabs are fine")).out()).get("messages").get(0).get("id").asText();

        CliRunner.Result first = ok(ghp.run("agent-inbox", "--agent", "worker-1"));
        CliRunner.Result second = ok(ghp.run("agent-inbox", "--agent", "worker-1"));

        assertThat(first.out()).contains(id).contains("message · from alice").contains("tabs are fine")
                .contains("1 unread message, now marked read.");
        assertThat(second.out()).isEqualTo("No unread messages for worker-1.\n");
        assertThat(files(".ghp/inbox")).isEmpty();
        JsonNode read = Json.parseObject(repo.showCoordination(".ghp/read/worker-1/" + id + ".json"));
        assertThat(read.get("readAt").asText()).isEqualTo("2025-01-25T10:30:00Z");
        assertThat(repo.git("log", "-1", "--format=%an|%s", "refs/ghp/coordination").trim())
                .isEqualTo("worker-1|read 1 message of worker-1");
        repo.assertFsckClean();
    }

    @Test
    void anInboxWhoseOutputDidNotReachItsReaderLeavesTheMessagesUnread() {
        ok(ghp.run("agent-message", "--by", "alice", "--to", "worker-1", "do not lose me"));

        ghp.runWithClosedStdout("agent-inbox", "--agent", "worker-1");
        ghp.runWithClosedStdout("agent-inbox", "--agent", "worker-1", "--json");

        assertThat(files(".ghp/inbox/worker-1")).as("still unread").contains("msg-");
        assertThat(files(".ghp/read/worker-1")).isEmpty();
        CliRunner.Result shown = ok(ghp.run("agent-inbox", "--agent", "worker-1"));
        assertThat(shown.out()).contains("do not lose me").contains("1 unread message, now marked read.");
        assertThat(files(".ghp/inbox/worker-1")).isEmpty();
    }

    @Test
    void aWaitWhoseOutputDidNotReachItsReaderLeavesTheMessageUnread() {
        ok(ghp.run("agent-message", "--by", "alice", "--to", "worker-1", "do not lose me"));

        ghp.runWithClosedStdout("agent-inbox", "--agent", "worker-1", "--wait", "5s");

        assertThat(files(".ghp/inbox/worker-1")).as("still unread").contains("msg-");
    }

    @Test
    void allListsTheReadOnesTooAndJsonSaysWhichWereRead() throws Exception {
        ok(ghp.run("agent-message", "--by", "alice", "--to", "worker-1", "first"));
        ok(ghp.run("agent-inbox", "--agent", "worker-1"));
        ok(ghp.run("agent-message", "--by", "bob", "--to", "worker-1", "second"));

        JsonNode all = Json.parseObject(ok(ghp.run("agent-inbox", "--agent", "worker-1", "--all", "--json")).out());

        assertThat(all.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(all.get("agent").asText()).isEqualTo("worker-1");
        JsonNode messages = all.get("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.findValuesAsText("text")).containsExactlyInAnyOrder("first", "second");
        for (JsonNode m : messages) {
            assertThat(m.get("read").asBoolean()).isEqualTo(m.get("text").asText().equals("first"));
            assertThat(m.has("id") && m.has("from") && m.has("kind") && m.has("createdAt")).isTrue();
        }
    }

    @Test
    void recordedTextIsShownNeutralised() {
        ok(ghp.run("agent-message", "--by", "alice", "--to", "worker-1", "line one\n\u001b[2Jcleared\u200bhidden"));

        String out = ok(ghp.run("agent-inbox", "--agent", "worker-1")).out();

        assertThat(out).doesNotContain("\u001b").doesNotContain("\u200b")
                .contains("line one").contains("␛[2Jcleared<U+200B>hidden");
    }

    @Test
    void readMessagesAreBoundedPerAgent() {
        for (int i = 0; i < MessageFiles.MAX_READ + 3; i++) {
            ok(ghp.run("agent-message", "--by", "alice", "--to", "worker-1", "note " + i));
            ok(ghp.run("agent-inbox", "--agent", "worker-1"));
        }

        String kept = files(".ghp/read/worker-1");
        assertThat(kept.lines()).hasSize(MessageFiles.MAX_READ);
        repo.assertFsckClean();
    }

    @Test
    void waitEndsWithExit4WhenNothingArrives() {
        CliRunner.Result r = ghp.run("agent-inbox", "--agent", "worker-1", "--wait", "1s");

        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.out()).isEqualTo("No message for worker-1 within 1s.\n");
    }

    @Test
    void waitReturnsTheMessageThatArrivesWhileItWaits() throws Exception {
        CompletableFuture<CliRunner.Result> waiting = CompletableFuture.supplyAsync(
                () -> ghp.run("agent-inbox", "--agent", "worker-1", "--wait", "5m"));

        ok(ghp.run("agent-message", "--by", "alice", "--to", "worker-1", "here you go"));

        CliRunner.Result r = waiting.get(2, TimeUnit.MINUTES);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("here you go").contains("from alice");
    }

    @Test
    void aWaitOutOfRangeIsExit2() {
        assertThat(ghp.run("agent-inbox", "--agent", "worker-1", "--wait", "0s").exit()).isEqualTo(2);
        assertThat(ghp.run("agent-inbox", "--agent", "worker-1", "--wait", "25h").exit()).isEqualTo(2);
    }
}
