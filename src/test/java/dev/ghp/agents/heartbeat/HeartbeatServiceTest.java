package dev.ghp.agents.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.input.AgentIdentity;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.store.GitRefStore;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heartbeat service on its own, as agent-heartbeat and the hook runs call it: a real repository, git as the checker. */
class HeartbeatServiceTest {
    static final Instant T0 = Instant.parse("2025-01-25T10:00:00Z");

    @TempDir
    Path tmp;
    GitRepo main;
    GitRepo worker;
    RepoContext repo;

    @BeforeEach
    void repositoryWithAWorkerWorktree() {
        main = GitRepo.init(tmp, "app");
        main.commitFile("README.md", "app\n");
        worker = main.addWorktree("app-wt1", "alice/147-parser");
        repo = RepoLocator.open(worker.dir(), GitRepo.GIT_ENV);
    }

    @AfterEach
    void close() {
        repo.repository().close();
    }

    HeartbeatService at(Instant now) {
        return new HeartbeatService(new GitRefStore(repo.repository(), Clock.fixed(now, ZoneOffset.UTC)), repo,
                Clock.fixed(now, ZoneOffset.UTC), () -> new dev.ghp.agents.rules.StaleDetector(Duration.ofMinutes(10)), List::of);
    }

    static HeartbeatRequest refresh(String agent, Duration throttle) {
        return HeartbeatRequest.fromHook(new AgentIdentity(agent, "--agent"), null, throttle, 147);
    }

    static HeartbeatRequest claim(String agent, int issue) {
        return new HeartbeatRequest(new AgentIdentity(agent, "--agent"), issue, AgentStatus.IMPLEMENTING, null, null,
                null, false, null, null);
    }

    @Test
    void aHeartbeatIsRecordedWithTheIssueItsContextSuggestsAndTheRepositorysBranchAndWorktree() {
        HeartbeatOutcome outcome = at(T0).beat(refresh("alice", null));

        assertThat(outcome).isInstanceOf(HeartbeatOutcome.Recorded.class);
        HeartbeatOutcome.Recorded recorded = (HeartbeatOutcome.Recorded) outcome;
        assertThat(recorded.committed()).isTrue();
        assertThat(recorded.record().issue()).isEqualTo(147);
        assertThat(recorded.record().branch()).isEqualTo("alice/147-parser");
        assertThat(main.showCoordination(".ghp/agent-status.json")).contains("\"alice\": {\n      \"issue\": 147,\n      \"status\": \"starting\"");
        assertThat(main.git("log", "-1", "--format=%s", "refs/ghp/coordination")).isEqualTo("heartbeat alice #147 starting\n");
        main.assertFsckClean();
    }

    @Test
    void aRefreshWithinItsThrottleWritesNothingAndSaysHowOldTheRecordIs() {
        at(T0).beat(refresh("alice", null));
        int commits = main.coordinationCommits();

        HeartbeatOutcome outcome = at(T0.plusSeconds(30)).beat(refresh("alice", Duration.ofSeconds(60)));

        assertThat(outcome).isInstanceOfSatisfying(HeartbeatOutcome.Throttled.class,
                t -> assertThat(t.age()).isEqualTo(Duration.ofSeconds(30)));
        assertThat(outcome.committed()).isFalse();
        assertThat(main.coordinationCommits()).isEqualTo(commits);
    }

    @Test
    void anIssueALiveAgentHoldsIsRefusedAndNothingIsRecordedForTheClaimant() {
        at(T0).beat(claim("bob", 150));

        assertThatThrownBy(() -> at(T0.plusSeconds(5)).beat(claim("alice", 150)))
                .isInstanceOfSatisfying(GhpException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED))
                .hasMessageContaining("(nothing recorded for alice)");
        assertThat(main.showCoordination(".ghp/agent-status.json")).doesNotContain("\"alice\"");
    }

    @Test
    void aSignOffRemovesTheEntryAndSaysWhetherThereWasOne() {
        at(T0).beat(refresh("alice", null));

        assertThat(at(T0.plusSeconds(1)).signOff("alice").committed()).isTrue();
        assertThat(at(T0.plusSeconds(2)).signOff("alice").committed()).isFalse();
        assertThat(main.showCoordination(".ghp/agent-status.json")).doesNotContain("\"alice\"");
        main.assertFsckClean();
    }
}
