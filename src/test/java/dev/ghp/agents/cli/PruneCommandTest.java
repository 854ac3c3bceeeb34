package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PruneCommandTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;

    @BeforeEach
    void repository() {
        repo = GitRepo.init(tmp, "repo");
        ghp = new CliRunner(repo.dir()).env("GHP_AGENT", "worker-1");
    }

    private void config(String history) throws Exception {
        Files.createDirectories(repo.dir().resolve(".ghp"));
        Files.writeString(repo.dir().resolve(".ghp/config.json"), "{\"agents\": {\"history\": " + history + "}}\n");
    }

    private void heartbeats(int n) {
        for (int i = 1; i <= n; i++) {
            ghp.clock().advance(Duration.ofMinutes(1));
            CliRunner.Result r = ghp.run("agent-heartbeat", "--issue", "7", "--action", "step " + i, "--quiet");
            assertThat(r.exit()).as(r.err()).isZero();
        }
    }

    @Test
    void agentPruneCutsToTheConfiguredLimitAndReportsWhatItRemovedAsJson() throws Exception {
        config("{\"maxCommits\": 10, \"maxAge\": \"14d\"}");
        heartbeats(12);
        String before = repo.git("rev-parse", "refs/ghp/coordination").trim();

        CliRunner.Result r = ghp.run("agent-prune", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        ObjectNode o = Json.parseObject(r.out());
        assertThat(o.get("schemaVersion").intValue()).isEqualTo(1);
        assertThat(o.get("dryRun").booleanValue()).isFalse();
        assertThat(o.get("pruned").booleanValue()).isTrue();
        assertThat(o.get("removedCommits").longValue()).isEqualTo(3);
        assertThat(o.get("keptCommits").longValue()).isEqualTo(10);
        assertThat(o.get("oldestKept").textValue()).isEqualTo("2025-01-25T10:34:00Z");
        assertThat(o.get("before").textValue()).isEqualTo(before);
        assertThat(o.get("after").textValue()).isEqualTo(repo.git("rev-parse", "refs/ghp/coordination").trim());
        assertThat(o.get("limits").toString()).isEqualTo("{\"maxCommits\":10,\"maxAge\":\"14d\",\"maxAgeSeconds\":1209600}");
        assertThat(repo.coordinationCommits()).isEqualTo(10);
        assertThat(repo.git("log", "-1", "--format=%an", "refs/ghp/coordination").trim()).isEqualTo("worker-1");
        repo.assertFsckClean();
    }

    @Test
    void aDryRunSaysWhatWouldGoAndWritesNothing() throws Exception {
        config("{\"maxCommits\": 10}");
        heartbeats(12);

        CliRunner.Result r = ghp.run("agent-prune", "--dry-run");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("would remove 3 commits and keep 10 since 2025-01-25T10:34:00Z (limits: 10 commits, 30d;");
        assertThat(repo.coordinationCommits()).isEqualTo(12);
    }

    @Test
    void historyWithinTheLimitsIsLeftAlone() {
        heartbeats(3);
        String tip = repo.git("rev-parse", "refs/ghp/coordination");

        CliRunner.Result r = ghp.run("agent-prune");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("nothing to prune: 3 commits since 2025-01-25T10:31:00Z are within the limits: "
                + "50000 commits, 30d\n");
        assertThat(repo.git("rev-parse", "refs/ghp/coordination")).isEqualTo(tip);
    }

    @Test
    void aRepositoryWithoutTheRefHasNothingToPrune() {
        CliRunner.Result r = ghp.run("agent-prune", "--json");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"pruned\": false", "\"before\": null");
        assertThat(repo.hasCoordinationRef()).isFalse();
    }

    @Test
    void heartbeatsPruneOnTheirOwnAndSayHowTheWriteWent() throws Exception {
        config("{\"maxCommits\": 10}");
        heartbeats(12);

        CliRunner.Result r = ghp.run("agent-heartbeat", "--action", "thirteenth", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        ObjectNode o = Json.parseObject(r.out());
        assertThat(o.get("attempts").intValue()).isEqualTo(1);
        assertThat(o.get("lockWaitMillis").longValue()).isZero();
        assertThat(o.get("prunedCommits").longValue()).isEqualTo(3);
        assertThat(repo.coordinationCommits()).isEqualTo(10);
        repo.assertFsckClean();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"30d\"                          | agents.history in .ghp/config.json must be an object",
        "{\"maxCommit\": 100}              | agents.history in .ghp/config.json has an unknown key 'maxCommit'",
        "{\"maxCommits\": 5}               | agents.history.maxCommits in .ghp/config.json must be a whole number from 10 to 1000000, not 5",
        "{\"maxCommits\": \"many\"}        | agents.history.maxCommits in .ghp/config.json must be a whole number from 10 to 1000000, not 'many'",
        "{\"maxCommits\": 2.5}             | agents.history.maxCommits in .ghp/config.json must be a whole number",
        "{\"maxAge\": \"two weeks\"}       | agents.history.maxAge in .ghp/config.json must be a duration from 1h to 36500d, not 'two weeks'",
        "{\"maxAge\": 14}                  | agents.history.maxAge in .ghp/config.json must be a duration from 1h to 36500d, not 14",
        "{\"maxAge\": \"5m\"}              | agents.history.maxAge in .ghp/config.json must be a duration from 1h to 36500d, not '5m'",
    })
    void badHistorySettingsAreAUsageErrorAndNothingIsWritten(String history, String message) throws Exception {
        heartbeats(1);
        config(history);
        String tip = repo.git("rev-parse", "refs/ghp/coordination");

        CliRunner.Result prune = ghp.run("agent-prune");
        CliRunner.Result beat = ghp.run("agent-heartbeat", "--action", "after the bad config");

        for (CliRunner.Result r : new CliRunner.Result[]{prune, beat}) {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).startsWith("ghp: error: " + message);
            assertThat(r.err()).contains("hint: write it like \"history\": {\"maxCommits\": 50000, \"maxAge\": \"30d\"}");
        }
        assertThat(repo.git("rev-parse", "refs/ghp/coordination")).isEqualTo(tip);
        assertThat(ghp.run("agent-status").exit()).as("reading needs no history setting").isZero();
    }

    @Test
    void helpDescribesTheCommand() {
        CliRunner.Result r = ghp.run("agent-prune", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("agent-prune", "--dry-run", "agents.history");
    }
}
