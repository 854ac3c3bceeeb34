package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThrottleTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;

    @BeforeEach
    void firstHeartbeat() {
        repo = GitRepo.init(tmp, "repo");
        ghp = new CliRunner(repo.dir()).env("GHP_AGENT", "worker-1");
        assertThat(ghp.run("agent-heartbeat", "--issue", "147", "--status", "implementing", "--action", "a").exit()).isZero();
    }

    @Test
    void throttledHeartbeatWithinTheWindowWritesNothingAndPrintsNothingWhenQuiet() {
        ghp.clock().advance(Duration.ofSeconds(30));
        CliRunner.Result r = ghp.run("agent-heartbeat", "--throttle", "60s", "--quiet");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(repo.coordinationCommits()).isEqualTo(1);
    }

    @Test
    void throttledHeartbeatAfterTheWindowRefreshesTheTimestamp() {
        ghp.clock().advance(Duration.ofSeconds(61));
        assertThat(ghp.run("agent-heartbeat", "--throttle", "60s", "--quiet").exit()).isZero();
        assertThat(repo.coordinationCommits()).isEqualTo(2);
        assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("\"timestamp\": \"2025-01-25T10:31:01Z\"");
    }

    @Test
    void throttleNeverSwallowsAChange() {
        ghp.clock().advance(Duration.ofSeconds(5));
        assertThat(ghp.run("agent-heartbeat", "--throttle", "60s", "--status", "testing").exit()).isZero();
        assertThat(repo.coordinationCommits()).isEqualTo(2);
        assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("\"status\": \"testing\"");
    }

    @Test
    void throttleForAnAgentWithoutARecordWrites() {
        CliRunner.Result r = ghp.env("GHP_AGENT", "worker-2").run("agent-heartbeat", "--throttle", "60s", "--json");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"committed\": true");
        assertThat(repo.coordinationCommits()).isEqualTo(2);
    }

    @Test
    void badThrottleDurationIsAUsageError() {
        CliRunner.Result r = ghp.run("agent-heartbeat", "--throttle", "soon");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("ghp: error: --throttle is not a duration");
        assertThat(repo.coordinationCommits()).isEqualTo(1);
    }
}
