package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A read marker pushed by another clone hides the victim's message only when it is that message, read (issue #22). */
class ForgedReadMarkerTest {
    @TempDir
    Path tmp;
    GitRepo a;
    GitRepo b;
    CliRunner ghpA;
    CliRunner ghpB;
    String id;

    @BeforeEach
    void aMessageBothClonesHave() throws Exception {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        a = GitRemotes.cloneOf(remote, tmp, "a");
        b = GitRemotes.cloneOf(remote, tmp, "b");
        ghpA = new CliRunner(a.dir());
        ghpB = new CliRunner(b.dir());
        ok(ghpA.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));
        id = Json.parseObject(ok(ghpA.run("agent-message", "--by", "alice", "--to", "worker-1", "--json",
                "the answer you wait for")).out()).get("messages").get(0).get("id").asText();
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
    }

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    private String unread(GitRepo in) {
        return in.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination", ".ghp/inbox/worker-1");
    }

    @Test
    void aMarkerWithOtherContentLeavesTheMessageUnread() {
        b.commitToCoordination(".ghp/read/worker-1/" + id + ".json", "{\"schemaVersion\": 1, \"id\": \"" + id
                + "\", \"kind\": \"message\", \"from\": \"mallory\", \"to\": \"worker-1\", \"address\": \"worker-1\","
                + " \"text\": \"nothing to see\", \"issue\": null, \"createdAt\": \"2025-01-25T10:30:00Z\","
                + " \"readAt\": \"2025-01-25T10:31:00Z\"}\n", "forged read marker");
        ok(ghpB.run("agent-sync"));
        // The victim's clone wrote meanwhile: its sync merges (a fast-forward would take the tree as it is).
        ok(ghpA.run("agent-heartbeat", "--agent", "worker-1", "--action", "meanwhile"));

        ok(ghpA.run("agent-sync"));

        assertThat(unread(a)).contains(id);
        assertThat(ok(ghpA.run("agent-inbox", "--agent", "worker-1")).out()).contains("the answer you wait for");
    }

    @Test
    void aMarkerThatIsNoMessageLeavesTheMessageUnread() {
        b.commitToCoordination(".ghp/read/worker-1/" + id + ".json", "{}\n", "empty read marker");
        ok(ghpB.run("agent-sync"));
        // The victim's clone wrote meanwhile: its sync merges (a fast-forward would take the tree as it is).
        ok(ghpA.run("agent-heartbeat", "--agent", "worker-1", "--action", "meanwhile"));

        ok(ghpA.run("agent-sync"));

        assertThat(unread(a)).contains(id);
    }

    @Test
    void theRecipientsOwnReadOnTheOtherCloneStillCounts() {
        ok(ghpB.run("agent-inbox", "--agent", "worker-1"));
        ok(ghpB.run("agent-sync"));
        ok(ghpA.run("agent-heartbeat", "--agent", "worker-1", "--action", "meanwhile"));

        ok(ghpA.run("agent-sync"));

        assertThat(unread(a)).doesNotContain(id);
    }
}
