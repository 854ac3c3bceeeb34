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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent-status --check} as CI runs it: in a plain clone (no local ref) it takes the remote's
 * record; with no record anywhere it exits 5 unless --allow-empty; --fail-on says what fails it,
 * and the output names the condition and who.
 */
class StatusCheckTest {
    static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;

    private static CliRunner.Result exits(int code, CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stdout: %s; stderr: %s", r.out(), r.err()).isEqualTo(code);
        return r;
    }

    /** A bare remote holding a record: worker-1 reported at 10:30 from a clone that synced. */
    private GitRepo remoteWithARecord() {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        CliRunner writer = new CliRunner(GitRemotes.cloneOf(remote, tmp, "writer").dir());
        exits(0, writer.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--action", "wrote the parser"));
        exits(0, writer.run("agent-sync"));
        return remote;
    }

    @Test
    void aCheckInAFreshCloneReadsTheRemotesRecord() {
        GitRepo remote = remoteWithARecord();
        GitRepo ci = GitRemotes.cloneOf(remote, tmp, "ci");
        CliRunner ghp = new CliRunner(ci.dir());
        ghp.clock().advance(Duration.ofMinutes(30));

        CliRunner.Result r = exits(4, ghp.run("agent-status", "--check"));

        assertThat(r.out()).contains("worker-1").contains("STALE")
                .contains("✗ --check failed on stale: worker-1\n");
        assertThat(GitRemotes.tip(ci, REF)).as("taken into the local ref, as agent-sync would")
                .isEqualTo(GitRemotes.tip(remote, REF));
        ci.assertFsckClean();
    }

    @Test
    void aCheckInAFreshCloneOfAnUnreachableRemoteFailsRatherThanPasses() {
        GitRepo remote = remoteWithARecord();
        GitRepo ci = GitRemotes.cloneOf(remote, tmp, "ci");
        ci.git("remote", "set-url", "origin", tmp.resolve("gone.git").toString());

        CliRunner.Result r = exits(5, new CliRunner(ci.dir()).run("agent-status", "--check"));

        assertThat(r.err()).startsWith("ghp: error: cannot fetch from remote 'origin'");
    }

    @Test
    void noRecordAnywhereExitsFiveUnlessAllowEmptyIsGiven() {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        GitRepo ci = GitRemotes.cloneOf(remote, tmp, "ci");
        CliRunner ghp = new CliRunner(ci.dir());

        CliRunner.Result refused = exits(5, ghp.run("agent-status", "--check"));
        CliRunner.Result allowed = exits(0, ghp.run("agent-status", "--check", "--allow-empty"));

        assertThat(refused.err()).startsWith("ghp: error: no coordination record here or on 'origin': nothing to check\n"
                + "hint: no agent has reported (or synced) yet; --allow-empty makes this exit 0");
        assertThat(refused.out()).isEmpty();
        assertThat(allowed.err()).isEqualTo("ghp: note: no coordination record here or on 'origin' (--allow-empty: nothing to check)\n");
        assertThat(allowed.out()).contains("No agents have reported yet");
        assertThat(GitRemotes.tip(ci, REF)).isNull();
    }

    @Test
    void noRecordAndNoRemoteSaysThereIsNothingToFetchFrom() {
        GitRepo repo = GitRepo.init(tmp, "alone");

        CliRunner.Result r = exits(5, new CliRunner(repo.dir()).run("agent-status", "--check"));

        assertThat(r.err()).startsWith("ghp: error: no coordination record here, and no remote 'origin' to fetch it from");
    }

    /** worker-1 stale, worker-2 blocked, one question open, one approval open; the clock then reads 10:42. */
    private CliRunner oneOfEach() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        CliRunner ghp = new CliRunner(repo.dir());
        Files.createDirectories(repo.dir().resolve(".ghp"));
        Files.writeString(repo.dir().resolve(".ghp/config.json"), "{\"agents\": {\"sharedFiles\": [\"README.md\"]}}\n");
        exits(0, ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));
        ghp.clock().advance(Duration.ofMinutes(5));
        exits(0, ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "150", "--blocked-on", "147"));
        exits(3, ghp.run("agent-heartbeat", "--agent", "worker-3", "--issue", "151", "--files", "README.md"));
        exits(0, ghp.run("agent-escalate", "--agent", "worker-2", "--issue", "150", "Which", "API?"));
        ghp.clock().advance(Duration.ofMinutes(7));
        return ghp;
    }

    @Test
    void theDefaultFailsOnStaleAgentsAndOpenEscalationsAndNamesThem() throws Exception {
        CliRunner ghp = oneOfEach();

        String out = exits(4, ghp.run("agent-status", "--check")).out();

        assertThat(out).contains("✗ --check failed on stale: worker-1\n")
                .containsPattern("✗ --check failed on escalations: esc-\\w+ \\(approval, worker-3\\), esc-\\w+ \\(question, worker-2\\)\n"
                        + "|✗ --check failed on escalations: esc-\\w+ \\(question, worker-2\\), esc-\\w+ \\(approval, worker-3\\)\n")
                .doesNotContain("failed on blocked").doesNotContain("failed on approvals");
    }

    @Test
    void failOnChoosesTheConditionsCommaListedOrRepeated() throws Exception {
        CliRunner ghp = oneOfEach();

        String blocked = exits(4, ghp.run("agent-status", "--check", "--fail-on", "blocked")).out();
        String approvals = exits(4, ghp.run("agent-status", "--check", "--fail-on", "approvals,blocked")).out();
        String repeated = exits(4, ghp.run("agent-status", "--check", "--fail-on", "stale", "--fail-on", "blocked")).out();

        assertThat(blocked).contains("✗ --check failed on blocked: worker-2\n").doesNotContain("failed on stale");
        assertThat(approvals).containsPattern("✗ --check failed on approvals: esc-\\w+ \\(approval, worker-3\\)\n")
                .contains("✗ --check failed on blocked: worker-2\n").doesNotContain("failed on escalations");
        assertThat(repeated).contains("failed on stale: worker-1").contains("failed on blocked: worker-2");
    }

    @Test
    void aConditionThatIsNotMetPassesTheCheck() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        CliRunner ghp = new CliRunner(repo.dir());
        exits(0, ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));
        exits(0, ghp.run("agent-escalate", "--agent", "worker-1", "--issue", "147", "a", "question"));

        CliRunner.Result r = exits(0, ghp.run("agent-status", "--check", "--fail-on", "approvals,blocked,stale"));

        assertThat(r.out()).doesNotContain("✗");
    }

    @Test
    void jsonSaysWhatTheCheckFailsOnAndWhatFailed() throws Exception {
        CliRunner ghp = oneOfEach();

        JsonNode check = Json.parseObject(exits(4, ghp.run("agent-status", "--check", "--json", "--fail-on", "stale,approvals,blocked"))
                .out()).path("check");

        assertThat(check.path("failOn").toString()).isEqualTo("[\"stale\",\"approvals\",\"blocked\"]");
        assertThat(check.path("failed").get(0).path("condition").asText()).isEqualTo("stale");
        assertThat(check.path("failed").get(0).path("agents").toString()).isEqualTo("[\"worker-1\"]");
        assertThat(check.path("failed").get(1).path("condition").asText()).isEqualTo("approvals");
        assertThat(check.path("failed").get(1).path("escalations")).hasSize(1);
        assertThat(check.path("failed").get(2).path("agents").toString()).isEqualTo("[\"worker-2\"]");
    }

    @Test
    void failOnAndAllowEmptyAreRefusedAloneOrWithAnUnknownCondition() throws Exception {
        CliRunner ghp = oneOfEach();

        assertThat(exits(2, ghp.run("agent-status", "--check", "--fail-on", "stale,late")).err())
                .startsWith("ghp: error: --fail-on takes stale, escalations, approvals or blocked, got 'late'");
        assertThat(exits(2, ghp.run("agent-status", "--fail-on", "stale")).err()).startsWith("ghp: error: --fail-on goes with --check");
        assertThat(exits(2, ghp.run("agent-status", "--allow-empty")).err()).startsWith("ghp: error: --allow-empty goes with --check");
    }
}
