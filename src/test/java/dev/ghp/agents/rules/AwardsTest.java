package dev.ghp.agents.rules;

import static dev.ghp.agents.rules.ClaimsTest.NOW;
import static dev.ghp.agents.rules.ClaimsTest.agent;
import static dev.ghp.agents.rules.ClaimsTest.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.ClaimNotes;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.StatusDocument;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a human's award of a conflict takes from the other agent, and what it leaves. */
class AwardsTest {
    /** As agent-sync opens it: no opener, both agents in {@code agents}. */
    private static Escalation syncConflict(Integer issue, String... files) {
        return Escalation.open("esc-00000001", Escalation.Kind.CONFLICT, "both claimed", issue, null, NOW)
                .withRuleFields(null, List.of("worker-1", "worker-2"), List.of(files));
    }

    /** As a refused heartbeat opens it: worker-2 (on #2) asked for src/**, worker-1 (on #1) holds src/parser/**. */
    private static Escalation refusedRequest() {
        return Escalation.open("esc-00000002", Escalation.Kind.CONFLICT, "need the same files", 2, "worker-2", NOW)
                .withRuleFields("conflict:worker-2>worker-1:src/** ∩ src/parser/**", List.of("worker-1"),
                        List.of("src/**", "src/parser/**"));
    }

    @Test
    void theLoserLosesTheSharedIssueAndItsOverlappingPatternsAndIsToldWhy() {
        StatusDocument d = doc("worker-1", agent(147, Duration.ofMinutes(1), "src/parser/**"),
                "worker-2", agent(147, Duration.ofMinutes(1), "src/**", "lib/**"));

        Awards.Result r = Awards.apply(d, syncConflict(147, "src/**", "src/parser/**"), "worker-1", "alice", NOW);

        AgentRecord loser = r.doc().agents().get("worker-2");
        assertThat(r.loser()).isEqualTo("worker-2");
        assertThat(loser.issue()).isNull();
        assertThat(loser.files()).containsExactly("lib/**");
        assertThat(ClaimNotes.describe(ClaimNotes.released(loser).get(0)))
                .startsWith("#147 and src/** awarded to worker-1 by alice (esc-00000001)");
        assertThat(r.doc().agents().get("worker-1")).isEqualTo(d.agents().get("worker-1"));
    }

    @Test
    void awardingARefusedRequesterTakesTheHoldersOverlappingPatternsButNotItsOwnIssue() {
        StatusDocument d = doc("worker-1", agent(1, Duration.ofMinutes(1), "src/parser/**", "docs/**"),
                "worker-2", agent(2, Duration.ofMinutes(1), "lib/**"));

        Awards.Result r = Awards.apply(d, refusedRequest(), "worker-2", "alice", NOW);

        assertThat(r.lostIssue()).isNull();
        assertThat(r.doc().agents().get("worker-1").issue()).isEqualTo(1);
        assertThat(r.doc().agents().get("worker-1").files()).containsExactly("docs/**");
    }

    @Test
    void awardingTheHolderLeavesTheRequestersUnrelatedScopeAndItsIssue() {
        StatusDocument d = doc("worker-1", agent(1, Duration.ofMinutes(1), "src/parser/**"),
                "worker-2", agent(2, Duration.ofMinutes(1), "lib/**"));

        Awards.Result r = Awards.apply(d, refusedRequest(), "worker-1", "alice", NOW);

        assertThat(r.doc()).isEqualTo(d);
        assertThat(r.lostFiles()).isEmpty();
    }

    @Test
    void onlyAConflictCanBeAwardedAndOnlyToOneOfItsAgents() {
        StatusDocument d = doc("worker-1", agent(147, Duration.ofMinutes(1)));
        Escalation question = Escalation.open("esc-00000003", Escalation.Kind.QUESTION, "tabs?", 147, "worker-1", NOW);

        assertThatThrownBy(() -> Awards.apply(d, question, "worker-1", "alice", NOW)).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Awards.apply(d, syncConflict(147), "worker-3", "alice", NOW))
                .isInstanceOf(UsageException.class).hasMessageContaining("is between worker-1 and worker-2");
    }
}
