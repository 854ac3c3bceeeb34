package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wait is recorded as waiting (#21): an agent in {@code agent-inbox --wait} or
 * {@code agent-escalate --wait} is shown waiting, not stale, on its own clone and, after a sync, on
 * another; the wait writes once, and the agent's next heartbeat says what it does after.
 */
class WaitRecordedAsWaitingTest {
    /** The agent's report was 5 minutes old when it started to wait; the status is read 12 minutes into the wait. */
    private static final Duration BEFORE_THE_WAIT = Duration.ofMinutes(5);
    private static final Duration INTO_THE_WAIT = Duration.ofMinutes(12);

    @TempDir
    Path tmp;
    GitRepo remote;
    GitRepo a;
    GitRepo b;
    CliRunner ghpA;
    CliRunner ghpB;

    @BeforeEach
    void worker1ImplementsOnCloneAAndCloneBKnowsIt() {
        remote = GitRemotes.bare(tmp, "remote.git");
        a = GitRemotes.cloneOf(remote, tmp, "a");
        b = GitRemotes.cloneOf(remote, tmp, "b");
        ghpA = new CliRunner(a.dir());
        ghpB = new CliRunner(b.dir());
        ok(ghpA.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "implementing",
                "--action", "wrote the parser"));
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
        ghpA.clock().advance(BEFORE_THE_WAIT);
    }

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    private static JsonNode row(CliRunner ghp, String agent) throws Exception {
        return new ObjectMapper().readTree(ok(ghp.run("agent-status", "--json")).out()).path("agents").path(agent);
    }

    private void laterOnBothClones(Duration d) {
        ghpA.clock().advance(d);
        ghpB.clock().set(ghpA.clock().instant());
    }

    @Test
    void anAgentWaitingInItsInboxPastTheStaleLimitIsWaitingOnItsCloneAndOnAnotherAfterASync() throws Exception {
        CliRunner.Result waited = ghpA.run("agent-inbox", "--agent", "worker-1", "--wait", "1s");
        assertThat(waited.exit()).as(waited.err()).isEqualTo(4);
        laterOnBothClones(INTO_THE_WAIT);

        JsonNode here = row(ghpA, "worker-1");
        assertThat(here.path("stale").asBoolean()).isFalse();
        assertThat(here.path("status").asText()).isEqualTo("waiting");
        assertThat(here.path("lastAction").asText()).isEqualTo("waiting in agent-inbox --wait");
        assertThat(here.path("issue").asInt()).isEqualTo(147);

        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
        JsonNode there = row(ghpB, "worker-1");
        assertThat(there.path("stale").asBoolean()).isFalse();
        assertThat(there.path("status").asText()).isEqualTo("waiting");
    }

    @Test
    void withAutoSyncTheWaitReachesTheRemoteWhileItLasts() throws Exception {
        // A wait that ends with nothing exits 4, and a command that does not end well syncs nothing after:
        // only the send at the start of the wait carries it.
        ghpA.env("GHP_AUTO_SYNC", "1h");
        CliRunner.Result waited = ghpA.run("agent-inbox", "--agent", "worker-1", "--wait", "1s");
        assertThat(waited.exit()).as(waited.err()).isEqualTo(4);
        laterOnBothClones(INTO_THE_WAIT);

        ok(ghpB.run("agent-sync"));
        JsonNode there = row(ghpB, "worker-1");
        assertThat(there.path("status").asText()).isEqualTo("waiting");
        assertThat(there.path("stale").asBoolean()).isFalse();
    }

    @Test
    void theWaitWritesOnceAndTheNextHeartbeatSaysWhatTheAgentDoes() throws Exception {
        int before = a.coordinationCommits();
        CliRunner.Result waited = ghpA.run("agent-inbox", "--agent", "worker-1", "--wait", "2s");
        assertThat(waited.exit()).as(waited.err()).isEqualTo(4);
        assertThat(a.coordinationCommits()).isEqualTo(before + 1);

        ghpA.clock().advance(Duration.ofSeconds(30));
        ok(ghpA.run("agent-heartbeat", "--agent", "worker-1", "--status", "testing"));
        laterOnBothClones(Duration.ofMinutes(11));

        JsonNode row = row(ghpA, "worker-1");
        assertThat(row.path("status").asText()).isEqualTo("testing");
        assertThat(row.path("stale").asBoolean()).isTrue();
    }

    @Test
    void aWaitLongerThanTheWaitingLimitIsRecordedAgainSoItNeverGoesStale() throws Exception {
        int before = a.coordinationCommits();
        CompletableFuture<CliRunner.Result> waiting =
                CompletableFuture.supplyAsync(() -> ghpA.run("agent-inbox", "--agent", "worker-1", "--wait", "4s"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (a.coordinationCommits() == before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(a.coordinationCommits()).as("the wait's first record").isEqualTo(before + 1);
        // Five hours into the wait: past agents.waitingStaleAfter (4h) since the first record.
        ghpA.clock().advance(Duration.ofHours(5));

        CliRunner.Result waited = waiting.get(60, TimeUnit.SECONDS);
        assertThat(waited.exit()).as(waited.err()).isEqualTo(4);
        assertThat(a.coordinationCommits()).as("recorded once more, not at every look").isEqualTo(before + 2);
        laterOnBothClones(Duration.ofMinutes(30));

        JsonNode row = row(ghpA, "worker-1");
        assertThat(row.path("status").asText()).isEqualTo("waiting");
        assertThat(row.path("stale").asBoolean()).isFalse();
    }

    @Test
    void aMessageThatIsThereAlreadyEndsTheWaitWithoutRecordingIt() {
        ok(ghpA.run("agent-message", "--by", "alice", "--to", "worker-1", "the API is v2"));
        int before = a.coordinationCommits();

        CliRunner.Result got = ok(ghpA.run("agent-inbox", "--agent", "worker-1", "--wait", "10s"));

        assertThat(got.out()).contains("the API is v2");
        assertThat(a.coordinationCommits()).as("the read marker only").isEqualTo(before + 1);
        assertThat(a.showCoordination(".ghp/agent-status.json")).contains("\"implementing\"");
    }

    @Test
    void aWaitByANameThatNeverReportedAddsNoAgent() throws Exception {
        int before = a.coordinationCommits();
        CliRunner.Result waited = ghpA.run("agent-inbox", "--agent", "alice", "--wait", "1s");
        assertThat(waited.exit()).as(waited.err()).isEqualTo(4);

        assertThat(a.coordinationCommits()).isEqualTo(before);
        assertThat(row(ghpA, "alice").isMissingNode()).isTrue();
    }

    @Test
    void aBlockedAgentThatWaitsStaysBlockedOnWhatItNamed() throws Exception {
        ok(ghpA.run("agent-heartbeat", "--agent", "worker-1", "--blocked-on", "#150"));
        CliRunner.Result waited = ghpA.run("agent-inbox", "--agent", "worker-1", "--wait", "1s");
        assertThat(waited.exit()).as(waited.err()).isEqualTo(4);
        laterOnBothClones(INTO_THE_WAIT);

        JsonNode row = row(ghpA, "worker-1");
        assertThat(row.path("status").asText()).isEqualTo("blocked");
        assertThat(row.path("blockedOn").asText()).isEqualTo("#150");
        assertThat(row.path("lastAction").asText()).isEqualTo("waiting in agent-inbox --wait");
        assertThat(row.path("stale").asBoolean()).isFalse();
    }

    @Test
    void anAgentWaitingForTheAnswerToItsEscalationIsWaiting() throws Exception {
        CliRunner.Result waited = ghpA.run("agent-escalate", "--agent", "worker-1", "--kind", "question",
                "--wait", "1s", "Which API version?");
        assertThat(waited.exit()).as(waited.err()).isEqualTo(4);
        String id = waited.out().trim();
        laterOnBothClones(INTO_THE_WAIT);

        JsonNode row = row(ghpA, "worker-1");
        assertThat(row.path("status").asText()).isEqualTo("waiting");
        assertThat(row.path("lastAction").asText()).isEqualTo("waiting in agent-escalate --wait for " + id);
        assertThat(row.path("stale").asBoolean()).isFalse();
    }
}
