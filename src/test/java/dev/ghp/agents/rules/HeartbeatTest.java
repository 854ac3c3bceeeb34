package dev.ghp.agents.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
    private static final Instant T0 = Instant.parse("2025-01-25T10:30:00Z");
    private static final Instant T1 = Instant.parse("2025-01-25T10:35:00Z");

    private static final AgentRecord PREVIOUS = AgentRecord.builder()
            .issue(147).status("implementing").lastAction("wrote the parser").timestamp(T0)
            .branch("me/147-parser").worktree("/w/147").files(List.of("src/parser/**"))
            .extra(Map.of("model", TextNode.valueOf("claude"))).build();

    private static Heartbeat bare() {
        return new Heartbeat(null, null, null, null, null, null, null);
    }

    @Test
    void aBareHeartbeatOnlyRefreshesTheTime() {
        AgentRecord next = bare().applyTo(PREVIOUS, T1);

        assertThat(next).isEqualTo(PREVIOUS.toBuilder().timestamp(T1).build());
    }

    @Test
    void fieldsNotGivenKeepTheirPreviousValues() {
        AgentRecord next = new Heartbeat(null, AgentStatus.TESTING, null, null, null, null, 999).applyTo(PREVIOUS, T1);

        assertThat(next.issue()).isEqualTo(147);
        assertThat(next.status()).isEqualTo("testing");
        assertThat(next.lastAction()).isEqualTo("wrote the parser");
        assertThat(next.branch()).isEqualTo("me/147-parser");
        assertThat(next.worktree()).isEqualTo("/w/147");
        assertThat(next.files()).containsExactly("src/parser/**");
        assertThat(next.extra()).containsKey("model");
        assertThat(next.timestamp()).isEqualTo(T1);
    }

    @Test
    void givenFieldsReplaceThePreviousOnes() {
        AgentRecord next = new Heartbeat(150, AgentStatus.REVIEWING, "opened the PR", null, "me/150-x", "/w/150", null)
                .applyTo(PREVIOUS, T1);

        assertThat(next.issue()).isEqualTo(150);
        assertThat(next.status()).isEqualTo("reviewing");
        assertThat(next.lastAction()).isEqualTo("opened the PR");
        assertThat(next.branch()).isEqualTo("me/150-x");
        assertThat(next.worktree()).isEqualTo("/w/150");
    }

    @Test
    void aFirstHeartbeatStartsWithDefaultsAndTheFallbackIssue() {
        AgentRecord first = new Heartbeat(null, null, null, null, "me/147-x", "/w", 147).applyTo(null, T0);

        assertThat(first.issue()).isEqualTo(147);
        assertThat(first.status()).isEqualTo("starting");
        assertThat(first.lastAction()).isEmpty();
        assertThat(first.timestamp()).isEqualTo(T0);
        assertThat(first.branch()).isEqualTo("me/147-x");
        assertThat(first.blockedOn()).isNull();
    }

    @Test
    void theFallbackIssueIsUsedOnlyWhenTheRecordHasNone() {
        AgentRecord noIssue = PREVIOUS.toBuilder().issue(null).build();

        assertThat(new Heartbeat(null, null, null, null, null, null, 200).applyTo(PREVIOUS, T1).issue()).isEqualTo(147);
        assertThat(new Heartbeat(null, null, null, null, null, null, 200).applyTo(noIssue, T1).issue()).isEqualTo(200);
        assertThat(new Heartbeat(300, null, null, null, null, null, 200).applyTo(noIssue, T1).issue()).isEqualTo(300);
    }

    @Test
    void blockedOnImpliesBlocked() {
        AgentRecord next = new Heartbeat(null, null, null, "#150", null, null, null).applyTo(PREVIOUS, T1);

        assertThat(next.status()).isEqualTo("blocked");
        assertThat(next.blockedOn()).isEqualTo("#150");
    }

    @Test
    void aBlockedAgentKeepsWhatItWaitsOnAcrossBareHeartbeatsAndNewBlockedStatus() {
        AgentRecord blocked = new Heartbeat(null, null, null, "worker-2", null, null, null).applyTo(PREVIOUS, T0);

        assertThat(bare().applyTo(blocked, T1).blockedOn()).isEqualTo("worker-2");
        assertThat(new Heartbeat(null, AgentStatus.BLOCKED, "still stuck", null, null, null, null).applyTo(blocked, T1).blockedOn())
                .isEqualTo("worker-2");
    }

    @Test
    void leavingBlockedClearsWhatItWaitedOn() {
        AgentRecord blocked = new Heartbeat(null, null, null, "#150", null, null, null).applyTo(PREVIOUS, T0);

        AgentRecord next = new Heartbeat(null, AgentStatus.IMPLEMENTING, null, null, null, null, null).applyTo(blocked, T1);

        assertThat(next.status()).isEqualTo("implementing");
        assertThat(next.blockedOn()).isNull();
    }

    @Test
    void anUnknownStatusFromANewerToolIsKeptByABareHeartbeat() {
        AgentRecord odd = PREVIOUS.toBuilder().status("hibernating").build();

        assertThat(bare().applyTo(odd, T1).status()).isEqualTo("hibernating");
    }

    @Test
    void anEmptyActionClearsTheLastAction() {
        assertThat(new Heartbeat(null, null, "", null, null, null, null).applyTo(PREVIOUS, T1).lastAction()).isEmpty();
    }
}
