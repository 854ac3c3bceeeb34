package dev.ghp.agents.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through {@code bin/ghp} (#21): a decision made about an agent on clone A (an
 * approval, a handoff, an assignment, an award, a stale release) survives the agent's own
 * heartbeat on clone B, which had not seen it, whichever clone pushes first. Syncs are explicit
 * ({@code GHP_AUTO_SYNC=off}); the record is read with {@code git show} on both clones.
 */
class DecisionsSurviveSyncIT {
    private static final String STATUS = "refs/ghp/coordination:.ghp/agent-status.json";

    /** Who pushes first after the decision: the deciding clone A, or the agent's clone B. */
    enum Order { DECISION_FIRST, HEARTBEAT_FIRST }

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
    void anApprovalOnOneCloneSurvivesTheAgentsHeartbeatOnTheOther(Order order) throws Exception {
        config(a, "{\"sharedFiles\": [\"/pom.xml\"]}");
        config(b, "{\"sharedFiles\": [\"/pom.xml\"]}");
        assertThat(ghp(b, "agent-heartbeat", "--agent", "wb", "--issue", "5", "--files", "/pom.xml").exit()).isEqualTo(3);
        syncBoth();
        String id = Json.parseObject(ok(ghp(a, "agent-escalate", "--list", "--json")).out())
                .path("escalations").get(0).path("id").asText();

        ok(ghp(a, "agent-escalate", "--resolve", id, "--approve", "--by", "alice"));
        ghp(b, "agent-heartbeat", "--agent", "wb", "--action", "still waiting");
        syncAfter(order);

        for (GitRepo clone : List.of(a, b)) {
            JsonNode wb = agent(clone, "wb");
            assertThat(texts(wb.path("files"))).as("files on %s", clone.dir()).containsExactly("/pom.xml");
            assertThat(texts(wb.path("pendingFiles"))).as("pending on %s", clone.dir()).isEmpty();
        }
        assertClean();
        GitRepo.Result next = ghp(b, "agent-heartbeat", "--agent", "wb", "--quiet");
        assertThat(next.exit()).as("no new approval: %s", next.err()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void aHandoffOnOneCloneSurvivesTheSuccessorsHeartbeatOnTheOther(Order order) throws Exception {
        ok(ghp(a, "agent-heartbeat", "--agent", "leaver", "--issue", "9", "--files", "src/leaver/**"));
        ok(ghp(b, "agent-heartbeat", "--agent", "wc", "--action", "idle"));
        syncBoth();

        ok(ghp(a, "agent-handoff", "--agent", "leaver", "--to", "wc", "--note", "yours now"));
        ok(ghp(b, "agent-heartbeat", "--agent", "wc", "--action", "reading"));
        syncAfter(order);

        for (GitRepo clone : List.of(a, b)) {
            JsonNode wc = agent(clone, "wc");
            assertThat(wc.path("issue").asInt()).as("wc's issue on %s", clone.dir()).isEqualTo(9);
            assertThat(texts(wc.path("files"))).as("wc's files on %s", clone.dir()).containsExactly("src/leaver/**");
            JsonNode leaver = agent(clone, "leaver");
            assertThat(leaver.path("issue").isNull()).isTrue();
            assertThat(leaver.path("status").asText()).isEqualTo("done");
        }
        assertClean();
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void anAssignmentOnOneCloneSurvivesTheWorkersHeartbeatOnTheOther(Order order) throws Exception {
        ok(ghp(b, "agent-heartbeat", "--agent", "wd", "--issue", "3", "--files", "src/old/**"));
        syncBoth();

        ok(ghp(a, "agent-assign", "--to", "wd", "--issue", "10", "--files", "src/new/**", "--by", "lead"));
        ok(ghp(b, "agent-heartbeat", "--agent", "wd", "--action", "finishing #3"));
        syncAfter(order);

        for (GitRepo clone : List.of(a, b)) {
            JsonNode wd = agent(clone, "wd");
            assertThat(wd.path("issue").asInt()).as("wd's issue on %s", clone.dir()).isEqualTo(10);
            assertThat(texts(wd.path("files"))).as("wd's files on %s", clone.dir()).containsExactly("src/new/**");
        }
        assertClean();
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void anAwardOnOneCloneSurvivesTheLosersHeartbeatOnTheOther(Order order) throws Exception {
        ok(ghp(a, "agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--files", "src/parser/**"));
        ok(ghp(b, "agent-heartbeat", "--agent", "worker-2", "--issue", "147", "--files", "src/**"));
        ok(ghp(a, "agent-sync"));
        String id = Json.parseObject(ok(ghp(b, "agent-sync", "--json")).out()).path("conflicts").get(0).path("id").asText();
        ok(ghp(a, "agent-sync"));

        ok(ghp(a, "agent-escalate", "--resolve", id, "--award", "worker-1", "--by", "alice"));
        ok(ghp(b, "agent-heartbeat", "--agent", "worker-2", "--action", "still at it", "--quiet"));
        syncAfter(order);

        for (GitRepo clone : List.of(a, b)) {
            JsonNode loser = agent(clone, "worker-2");
            assertThat(loser.path("issue").isNull()).as("the loser's issue on %s", clone.dir()).isTrue();
            assertThat(texts(loser.path("files"))).as("the loser's files on %s", clone.dir()).isEmpty();
        }
        assertClean();
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void aStaleReleaseOnOneCloneSurvivesTheAgentsReturnOnTheOther(Order order) throws Exception {
        config(a, "{\"stalePolicy\": \"release\"}");
        ok(ghp(b, "agent-heartbeat", "--agent", "wr", "--issue", "11", "--files", "src/slow/**"));
        syncBoth();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!agent(a, "wr").path("issue").isNull()) {
            assertThat(Instant.now()).as("the status pass on A released wr").isBefore(deadline);
            ok(new Launcher(a.dir()).env(env).env("GHP_STALE_AFTER", "1s").run("agent-status"));
        }

        ok(ghp(b, "agent-heartbeat", "--agent", "wr", "--action", "back again"));
        syncAfter(order);

        for (GitRepo clone : List.of(a, b)) {
            JsonNode wr = agent(clone, "wr");
            assertThat(wr.path("issue").isNull()).as("wr's issue on %s", clone.dir()).isTrue();
            assertThat(texts(wr.path("files"))).as("wr's files on %s", clone.dir()).isEmpty();
        }
        assertClean();
        String inbox = ok(ghp(b, "agent-inbox", "--agent", "wr")).out();
        assertThat(inbox).as("the returning agent is told").contains("released by agents.stalePolicy");
    }

    private void syncBoth() {
        ok(ghp(b, "agent-sync"));
        ok(ghp(a, "agent-sync"));
        ok(ghp(b, "agent-sync"));
    }

    private void syncAfter(Order order) {
        if (order == Order.DECISION_FIRST) {
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

    private static void config(GitRepo clone, String agentsJson) throws Exception {
        Files.createDirectories(clone.dir().resolve(".ghp"));
        Files.writeString(clone.dir().resolve(".ghp/config.json"), "{\"agents\": " + agentsJson + "}\n");
    }

    private GitRepo.Result ghp(GitRepo where, String... args) {
        return new Launcher(where.dir()).env(env).run(args);
    }

    private static GitRepo.Result ok(GitRepo.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }
}
