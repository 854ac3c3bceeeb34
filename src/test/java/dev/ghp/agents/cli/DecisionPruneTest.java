package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * agent-prune removes decisions older than the history's age limit and their ids from every
 * record's {@code decided} (#21); a clone offline longer than that, which still holds a pruned
 * decision and an old record, neither brings the file back nor carries it out again in its sync.
 */
class DecisionPruneTest {
    private static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;
    GitRepo remote;
    GitRepo a;
    GitRepo b;
    CliRunner ghpA;
    CliRunner ghpB;

    @BeforeEach
    void twoClonesOfOneRemote() throws Exception {
        remote = GitRemotes.bare(tmp, "remote.git");
        a = GitRemotes.cloneOf(remote, tmp, "a");
        b = GitRemotes.cloneOf(remote, tmp, "b");
        ghpA = new CliRunner(a.dir());
        ghpB = new CliRunner(b.dir());
        for (GitRepo clone : List.of(a, b)) {
            Files.createDirectories(clone.dir().resolve(".ghp"));
            Files.writeString(clone.dir().resolve(".ghp/config.json"),
                    "{\"agents\": {\"history\": {\"maxCommits\": 10, \"maxAge\": \"2d\"}}}\n");
        }
    }

    @Test
    void agentPruneRemovesOldDecisionsAndTheirIdsAndAnOfflineCloneDoesNotBringThemBack() throws Exception {
        ok(ghpA.run("agent-heartbeat", "--agent", "holder", "--issue", "7"));
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
        ok(ghpB.run("agent-heartbeat", "--agent", "taker", "--issue", "7", "--force"));
        ok(ghpB.run("agent-sync"));
        ok(ghpA.run("agent-sync"));
        List<String> old = decisionIds(a);
        assertThat(old).as("the take-over is a decision").hasSize(1);
        assertThat(decided(a, "holder")).containsExactly(old.get(0));

        // Three days on, on A only: B is offline. The holder takes #7 back from the silent taker,
        // knowing the old take-over (a new take-over, about the taker).
        ghpA.clock().advance(Duration.ofDays(3));
        ok(ghpA.run("agent-heartbeat", "--agent", "holder", "--issue", "7"));
        List<String> recent = new ArrayList<>(decisionIds(a));
        recent.removeAll(old);
        assertThat(recent).hasSize(1);
        JsonNode pruned = Json.parseObject(ok(ghpA.run("agent-prune", "--json")).out());

        assertThat(pruned.path("removedDecisions").get(0).asText()).isEqualTo(old.get(0));
        assertThat(pruned.path("removedDecisions").size()).isEqualTo(1);
        assertThat(decisionIds(a)).containsExactlyElementsOf(recent);
        assertThat(decided(a, "holder")).isEmpty();
        ok(ghpA.run("agent-sync"));

        // B comes back with the old decision file, and a heartbeat of the taker that knows neither the
        // prune nor the take-back: the old take-over must not be brought back and carried out again
        // on the holder (it would release #7), the recent one is carried out on the taker.
        ghpB.clock().advance(Duration.ofDays(3));
        ok(ghpB.run("agent-heartbeat", "--agent", "taker", "--action", "back"));
        ok(ghpB.run("agent-sync"));
        ok(ghpA.run("agent-sync"));

        for (GitRepo clone : List.of(a, b)) {
            assertThat(decisionIds(clone)).as("decisions on %s", clone.dir()).containsExactlyElementsOf(recent);
            assertThat(decided(clone, "holder")).as("the holder's decided on %s", clone.dir()).isEmpty();
            assertThat(agent(clone, "holder").path("issue").asInt()).as("the holder's issue on %s", clone.dir())
                    .isEqualTo(7);
            assertThat(agent(clone, "taker").path("issue").isNull()).as("the taker's issue on %s", clone.dir()).isTrue();
        }
        assertThat(GitRemotes.tip(a, REF)).isEqualTo(GitRemotes.tip(b, REF));
        remote.assertFsckClean();
        a.assertFsckClean();
        b.assertFsckClean();
    }

    @Test
    void aDryRunNamesTheDecisionsItWouldRemoveAndRemovesNone() throws Exception {
        ok(ghpA.run("agent-heartbeat", "--agent", "holder", "--issue", "7"));
        ok(ghpA.run("agent-heartbeat", "--agent", "taker", "--issue", "7", "--force"));
        ghpA.clock().advance(Duration.ofDays(3));

        CliRunner.Result r = ok(ghpA.run("agent-prune", "--dry-run"));

        assertThat(r.out()).contains("would remove 1 decisions older than 2d");
        assertThat(decisionIds(a)).hasSize(1);
    }

    private static List<String> decisionIds(GitRepo clone) {
        List<String> out = new ArrayList<>();
        GitRepo.Result r = clone.run("ls-tree", "--name-only", REF + ":.ghp/decisions");
        if (r.exit() != 0) {
            return out;
        }
        for (String name : r.out().split("\n")) {
            if (!name.isBlank()) {
                out.add(name.trim().replace(".json", ""));
            }
        }
        return out;
    }

    private static List<String> decided(GitRepo clone, String name) throws Exception {
        List<String> out = new ArrayList<>();
        agent(clone, name).path("decided").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode agent(GitRepo clone, String name) throws Exception {
        JsonNode agent = Json.parseObject(clone.git("show", REF + ":.ghp/agent-status.json")).path("agents").path(name);
        assertThat(agent.isObject()).as("%s has an entry on %s", name, clone.dir()).isTrue();
        return agent;
    }

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }
}
