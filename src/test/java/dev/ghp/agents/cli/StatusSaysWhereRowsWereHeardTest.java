package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each agent-status row says where it was heard (#21): an agent that works on this clone (its
 * worktree is one of the clone's) is heard here; one from another clone came with a sync, and its
 * row says how old that sync is.
 */
class StatusSaysWhereRowsWereHeardTest {
    @TempDir
    Path tmp;
    GitRepo remote;
    GitRepo a;
    GitRepo b;
    CliRunner ghpA;
    CliRunner ghpB;

    @BeforeEach
    void worker1OnCloneAWorker2OnCloneBBothSynced() {
        remote = GitRemotes.bare(tmp, "remote.git");
        a = GitRemotes.cloneOf(remote, tmp, "a");
        b = GitRemotes.cloneOf(remote, tmp, "b");
        ghpA = new CliRunner(a.dir());
        ghpB = new CliRunner(b.dir());
        ok(ghpA.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--action", "wrote the parser"));
        ok(ghpB.run("agent-heartbeat", "--agent", "worker-2", "--issue", "150", "--action", "ran the suite"));
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
        ok(ghpA.run("agent-sync"));
        ghpA.clock().advance(Duration.ofMinutes(2));
    }

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    private static String row(String table, String agent) {
        return table.lines().filter(l -> l.startsWith(agent + " ")).findFirst().orElseThrow();
    }

    @Test
    void aRowFromAnotherCloneSaysItCameWithTheSyncAndHowOldThatIs() {
        String table = ok(ghpA.run("agent-status")).out();

        assertThat(row(table, "worker-2")).contains("2m ago · via sync 2m ago").contains("ran the suite");
        assertThat(row(table, "worker-1")).contains("2m ago").doesNotContain("via sync");
        assertThat(table).contains("Record last synced with 'origin'");
    }

    @Test
    void jsonSaysHeardHereOrSyncPerAgent() throws Exception {
        JsonNode status = new ObjectMapper().readTree(ok(ghpA.run("agent-status", "--json")).out());

        assertThat(status.path("agents").path("worker-1").path("heard").asText()).isEqualTo("here");
        assertThat(status.path("agents").path("worker-2").path("heard").asText()).isEqualTo("sync");
        assertThat(status.path("sync").path("lastSyncedAt").asText()).isEqualTo("2025-01-25T10:30:00Z");
        JsonNode onB = new ObjectMapper().readTree(ok(ghpB.run("agent-status", "--json")).out());
        assertThat(onB.path("agents").path("worker-1").path("heard").asText()).isEqualTo("sync");
        assertThat(onB.path("agents").path("worker-2").path("heard").asText()).isEqualTo("here");
    }

    @Test
    void anAgentInALinkedWorktreeOfThisCloneIsHeardHere() throws Exception {
        a.commitFile("README.md", "app\n");
        GitRepo linked = a.addWorktree("a-151", "worker-3/151");
        ok(new CliRunner(linked.dir()).run("agent-heartbeat", "--agent", "worker-3", "--issue", "151"));

        JsonNode status = new ObjectMapper().readTree(ok(ghpA.run("agent-status", "--json")).out());

        assertThat(status.path("agents").path("worker-3").path("heard").asText()).isEqualTo("here");
    }

    @Test
    void onANarrowTerminalTheNoteLosesItsAgeBeforeTheLastActionIsCut() {
        ghpA.terminal(true).env("COLUMNS", "60");

        String table = ok(ghpA.run("agent-status")).out();

        assertThat(row(table, "worker-2")).contains("2m ago · via sync").doesNotContain("via sync 2m");
        assertThat(table.lines().filter(l -> l.startsWith("worker-")))
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(60));
    }
}
