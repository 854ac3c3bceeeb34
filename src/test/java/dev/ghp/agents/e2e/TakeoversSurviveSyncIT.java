package dev.ghp.agents.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end through {@code bin/ghp} (#21): what one agent's heartbeat or a resolution takes from
 * another agent's record on clone A (a claim taken over with {@code --force} or from a stale holder,
 * the lift of a blocker) survives that agent's own heartbeat on clone B, which had not seen it,
 * whichever clone pushes first. Syncs are explicit; the record is read with {@code git show}.
 */
class TakeoversSurviveSyncIT {
    private static final String STATUS = "refs/ghp/coordination:.ghp/agent-status.json";

    /** Who pushes first after the take-over: the taking clone A, or the holder's clone B. */
    enum Order { TAKEOVER_FIRST, HOLDER_FIRST }

    @TempDir
    Path tmp;
    Map<String, String> env;
    GitRepo remote;
    GitRepo a;
    GitRepo b;

    @BeforeEach
    void twoClonesOfOneRemote() {
        env = Map.of("GHP_DAEMON", "on", "GHP_DAEMON_DIR", tmp.resolve("run/ghp-agents").toString(),
                "GHP_AUTO_SYNC", "off");
        remote = GitRemotes.bare(tmp, "remote.git");
        a = GitRemotes.cloneOf(remote, tmp, "a");
        b = GitRemotes.cloneOf(remote, tmp, "b");
    }

    @AfterEach
    void stopTheDaemon() {
        new Launcher(a.dir()).env(env).run("agent-daemon", "stop");
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void aForcedTakeoverSurvivesTheHoldersHeartbeatOnTheOtherClone(Order order) throws Exception {
        ok(ghp(b, "agent-heartbeat", "--agent", "holder", "--issue", "7"));
        syncBoth();

        ok(ghp(a, "agent-heartbeat", "--agent", "taker", "--issue", "7", "--force"));
        ok(ghp(b, "agent-heartbeat", "--agent", "holder", "--action", "still on it"));
        syncAfter(order);

        for (GitRepo clone : List.of(a, b)) {
            assertThat(agent(clone, "holder").path("issue").isNull()).as("the holder's issue on %s", clone.dir()).isTrue();
            assertThat(agent(clone, "taker").path("issue").asInt()).as("the taker's issue on %s", clone.dir()).isEqualTo(7);
        }
        assertClean();
        assertThat(decisionKinds(a)).contains("takeover");
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void aStaleTakeoverSurvivesTheHoldersReturnOnTheOtherClone(Order order) throws Exception {
        ok(ghp(b, "agent-heartbeat", "--agent", "holder", "--issue", "8", "--files", "src/slow/**"));
        syncBoth();
        Launcher impatient = new Launcher(a.dir()).env(env).env("GHP_STALE_AFTER", "1s");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!Json.parseObject(ok(impatient.run("agent-status", "--json")).out()).path("agents").path("holder")
                .path("stale").asBoolean()) {
            assertThat(Instant.now()).as("the holder went stale on A").isBefore(deadline);
        }
        GitRepo.Result took = ok(impatient.run("agent-heartbeat", "--agent", "taker", "--issue", "8", "--files", "src/slow/**"));
        assertThat(took.out() + took.err()).contains("took #8 over from holder");

        ok(ghp(b, "agent-heartbeat", "--agent", "holder", "--action", "back again"));
        syncAfter(order);

        for (GitRepo clone : List.of(a, b)) {
            JsonNode holder = agent(clone, "holder");
            assertThat(holder.path("issue").isNull()).as("the holder's issue on %s", clone.dir()).isTrue();
            assertThat(texts(holder.path("files"))).as("the holder's files on %s", clone.dir()).isEmpty();
            JsonNode taker = agent(clone, "taker");
            assertThat(taker.path("issue").asInt()).isEqualTo(8);
            assertThat(texts(taker.path("files"))).containsExactly("src/slow/**");
        }
        assertClean();
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void theLiftOfABlockerSurvivesTheBlockedAgentsHeartbeatOnTheOtherClone(Order order) throws Exception {
        String question = ok(ghp(b, "agent-escalate", "--agent", "asker", "Tabs or spaces?")).out().trim();
        ok(ghp(b, "agent-heartbeat", "--agent", "asker", "--issue", "12", "--blocked-on", question));
        syncBoth();

        ok(ghp(a, "agent-escalate", "--resolve", question, "--answer", "tabs", "--by", "alice"));
        ok(ghp(b, "agent-heartbeat", "--agent", "asker", "--action", "still waiting"));
        syncAfter(order);

        for (GitRepo clone : List.of(a, b)) {
            JsonNode asker = agent(clone, "asker");
            assertThat(asker.path("status").asText()).as("the asker's status on %s", clone.dir()).isEqualTo("implementing");
            assertThat(asker.path("blockedOn").isMissingNode() || asker.path("blockedOn").isNull())
                    .as("the asker's blocker on %s: %s", clone.dir(), asker).isTrue();
            assertThat(asker.path("issue").asInt()).isEqualTo(12);
        }
        assertClean();
        assertThat(decisionKinds(a)).contains("unblock");
    }

    private List<String> decisionKinds(GitRepo clone) throws Exception {
        List<String> out = new ArrayList<>();
        String listing = clone.git("ls-tree", "--name-only", "refs/ghp/coordination:.ghp/decisions");
        for (String name : listing.split("\n")) {
            if (!name.isBlank()) {
                out.add(Json.parseObject(clone.git("show", "refs/ghp/coordination:.ghp/decisions/" + name.trim()))
                        .path("kind").asText());
            }
        }
        return out;
    }

    private void syncBoth() {
        ok(ghp(b, "agent-sync"));
        ok(ghp(a, "agent-sync"));
        ok(ghp(b, "agent-sync"));
    }

    private void syncAfter(Order order) {
        if (order == Order.TAKEOVER_FIRST) {
            ok(ghp(a, "agent-sync"));
            ok(ghp(b, "agent-sync"));
            ok(ghp(a, "agent-sync"));
        } else {
            syncBoth();
        }
    }

    private void assertClean() {
        remote.assertFsckClean();
        a.assertFsckClean();
        b.assertFsckClean();
        assertThat(a.git("rev-parse", "refs/ghp/coordination")).as("both clones hold one record")
                .isEqualTo(b.git("rev-parse", "refs/ghp/coordination"));
    }

    private static JsonNode agent(GitRepo clone, String name) throws Exception {
        JsonNode agent = Json.parseObject(clone.git("show", STATUS)).path("agents").path(name);
        assertThat(agent.isObject()).as("%s has an entry on %s", name, clone.dir()).isTrue();
        return agent;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private GitRepo.Result ghp(GitRepo where, String... args) {
        return new Launcher(where.dir()).env(env).run(args);
    }

    private static GitRepo.Result ok(GitRepo.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }
}
