package dev.ghp.agents.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.Launcher;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through {@code bin/ghp} and its daemon: two clones of a bare remote on which two
 * agents claimed one issue apart. After {@code agent-sync} found it, both keep heartbeating (a
 * refused heartbeat would make them look stale while they work) until a human awards the claim.
 */
class AuthorityAfterSyncIT {
    private static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;
    Map<String, String> daemon;
    GitRepo remote;
    GitRepo a;
    GitRepo b;

    @BeforeEach
    void twoClonesOfOneRemote() {
        daemon = Map.of("GHP_DAEMON", "on", "GHP_DAEMON_DIR", tmp.resolve("run/ghp-agents").toString());
        remote = GitRemotes.bare(tmp, "remote.git");
        a = GitRemotes.cloneOf(remote, tmp, "a");
        b = GitRemotes.cloneOf(remote, tmp, "b");
    }

    @AfterEach
    void stopTheDaemon() {
        new Launcher(a.dir()).env(daemon).run("agent-daemon", "stop");
    }

    private GitRepo.Result ghp(GitRepo where, String... args) {
        return new Launcher(where.dir()).env(daemon).run(args);
    }

    private static GitRepo.Result ok(GitRepo.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    @Test
    void agentsThatClaimedOneIssueApartKeepHeartbeatingUntilAHumanAwardsIt() throws Exception {
        ok(ghp(a, "agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--files", "src/parser/**"));
        ok(ghp(b, "agent-heartbeat", "--agent", "worker-2", "--issue", "147", "--files", "src/**"));
        ok(ghp(a, "agent-sync"));
        JsonNode merged = Json.parseObject(ok(ghp(b, "agent-sync", "--json")).out());
        ok(ghp(a, "agent-sync"));
        String id = merged.path("conflicts").get(0).path("id").asText();

        GitRepo.Result one = ghp(a, "agent-heartbeat", "--agent", "worker-1", "--status", "testing", "--quiet");
        GitRepo.Result two = ghp(b, "agent-heartbeat", "--agent", "worker-2", "--action", "still at it", "--quiet");
        GitRepo.Result wider = ghp(a, "agent-heartbeat", "--agent", "worker-1", "--files", "src/parser/**", "--files", "src/lexer/**");

        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.err()).contains("ghp: warning: worker-2").contains("also holds #147").contains(id);
        assertThat(two.exit()).as(two.err()).isZero();
        assertThat(wider.exit()).isEqualTo(3);
        assertThat(wider.err()).contains("src/lexer/** overlaps worker-2's src/**");

        String before = a.coordinationTip();
        ok(ghp(a, "agent-escalate", "--resolve", id, "--award", "worker-1", "--by", "alice"));
        assertThat(a.git("rev-list", "--count", before + ".." + REF).trim()).as("one commit").isEqualTo("1");
        ok(ghp(a, "agent-sync"));
        ok(ghp(b, "agent-sync"));

        GitRepo.Result loser = ghp(b, "agent-heartbeat", "--agent", "worker-2", "--issue", "147");
        GitRepo.Result winner = ghp(a, "agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--files", "src/parser/**");

        assertThat(loser.exit()).isEqualTo(3);
        assertThat(loser.err()).contains("issue #147 is claimed by worker-1");
        assertThat(winner.exit()).as(winner.err()).isZero();
        assertThat(winner.err()).isEmpty();
        remote.assertFsckClean();
        a.assertFsckClean();
    }

    @Test
    void aConflictAgentSyncFoundClosesItselfWhenOneAgentNarrowsAndCheckTurnsGreen() throws Exception {
        ok(ghp(a, "agent-heartbeat", "--agent", "worker-1", "--issue", "1", "--files", "src/parser/**"));
        ok(ghp(b, "agent-heartbeat", "--agent", "worker-2", "--issue", "2", "--files", "src/**"));
        ok(ghp(a, "agent-sync"));
        JsonNode merged = Json.parseObject(ok(ghp(b, "agent-sync", "--json")).out());
        String id = merged.path("conflicts").get(0).path("id").asText();
        assertThat(ghp(b, "agent-status", "--check").exit()).as("the conflict is open").isEqualTo(4);

        ok(ghp(b, "agent-heartbeat", "--agent", "worker-2", "--files", "docs/**"));

        JsonNode conflict = Json.parseObject(ok(ghp(b, "agent-escalate", "--show", id, "--json")).out());
        assertThat(conflict.path("status").asText()).isEqualTo("resolved");
        assertThat(conflict.path("resolvedBy").asText()).isEqualTo("ghp");
        assertThat(conflict.path("answer").asText())
                .isEqualTo("resolved by ghp: worker-1 and worker-2 no longer claim the same issue or overlapping files");
        GitRepo.Result check = ghp(b, "agent-status", "--check");
        assertThat(check.exit()).as(check.out()).isZero();
        ok(ghp(b, "agent-sync"));
        ok(ghp(a, "agent-sync"));
        assertThat(ghp(a, "agent-status", "--check").exit()).as("closed on the other clone too").isZero();
        remote.assertFsckClean();
        b.assertFsckClean();
    }
}
