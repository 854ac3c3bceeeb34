package dev.ghp.agents.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ghp.agents.errors.RefusedException;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.HandedOff;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.StaleDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransferTest {
    private static final Instant NOW = Instant.parse("2025-01-25T10:30:00Z");
    private static final StaleDetector DETECTOR = new StaleDetector(Duration.ofMinutes(10));
    private static final String DOC = ".ghp/handoffs/4-a-20250125T103000Z.md";

    private static AgentRecord working(Integer issue, Instant seen) {
        return AgentRecord.builder().issue(issue).status("implementing").lastAction("busy").timestamp(seen).build();
    }

    private static Transfer transfer(String to) {
        return new Transfer("a", to, 4, NOW, DOC, DETECTOR);
    }

    @Test
    void movesTheIssueAndFileClaimsToTheSuccessorAndMarksTheOldEntry() {
        AgentRecord a = working(4, NOW.minusSeconds(60)).toBuilder()
                .files(List.of("src/parser/**")).pendingFiles(List.of("pom.xml")).branch("a/4-x").build();
        StatusDocument doc = StatusDocument.empty().withAgent("a", a);

        StatusDocument after = transfer("b").apply(doc);

        AgentRecord b = after.agents().get("b");
        assertThat(b.issue()).isEqualTo(4);
        assertThat(b.status()).isEqualTo("starting");
        assertThat(b.timestamp()).isEqualTo(NOW);
        assertThat(b.files()).containsExactly("src/parser/**");
        assertThat(b.pendingFiles()).containsExactly("pom.xml");
        AgentRecord old = after.agents().get("a");
        assertThat(old.issue()).isNull();
        assertThat(old.status()).isEqualTo("done");
        assertThat(old.files()).isEmpty();
        assertThat(old.pendingFiles()).isEmpty();
        assertThat(old.branch()).isEqualTo("a/4-x");
        assertThat(old.lastAction()).isEqualTo("handed off #4 to b");
        assertThat(HandedOff.of(old)).contains(new HandedOff("b", 4, NOW, DOC));
    }

    @Test
    void keepsFieldsItDoesNotKnowOnBothEntries() {
        AgentRecord a = working(4, NOW).toBuilder()
                .extra(Map.of("model", JsonNodeFactory.instance.textNode("claude"))).build();
        AgentRecord b = AgentRecord.builder().status("done").timestamp(NOW)
                .extra(Map.of("host", JsonNodeFactory.instance.textNode("box-2"))).build();
        StatusDocument doc = StatusDocument.empty().withAgent("a", a).withAgent("b", b);

        StatusDocument after = transfer("b").apply(doc);

        assertThat(after.agents().get("a").extra()).containsKey("model").containsKey(HandedOff.TO);
        assertThat(after.agents().get("b").extra()).containsOnlyKeys("host");
    }

    @Test
    void aSuccessorBusyWithAnotherIssueIsRefused() {
        StatusDocument doc = StatusDocument.empty().withAgent("a", working(4, NOW)).withAgent("b", working(9, NOW));

        assertThatThrownBy(() -> transfer("b").check(doc))
                .isInstanceOf(RefusedException.class)
                .hasMessage("b is working on #9; an agent holds one issue at a time");
    }

    @Test
    void aStaleOrDoneSuccessorCanBeGivenTheIssue() {
        StatusDocument stale = StatusDocument.empty().withAgent("a", working(4, NOW))
                .withAgent("b", working(9, NOW.minus(Duration.ofHours(2))));
        StatusDocument done = StatusDocument.empty().withAgent("a", working(4, NOW))
                .withAgent("b", working(9, NOW).toBuilder().status("done").build());

        assertThat(transfer("b").apply(stale).agents().get("b").issue()).isEqualTo(4);
        assertThat(transfer("b").apply(done).agents().get("b").status()).isEqualTo("starting");
    }

    @Test
    void anotherLiveHolderOfTheIssueIsRefused() {
        StatusDocument doc = StatusDocument.empty().withAgent("a", working(null, NOW)).withAgent("c", working(4, NOW));

        assertThatThrownBy(() -> transfer("b").check(doc))
                .isInstanceOf(RefusedException.class)
                .hasMessage("c holds the claim on #4, not a");
    }

    @Test
    void aSuccessorAlreadyOnTheIssueKeepsItsOwnStatusAndGainsTheFiles() {
        AgentRecord b = working(4, NOW.minusSeconds(30)).toBuilder().files(List.of("docs/**")).build();
        AgentRecord a = working(4, NOW).toBuilder().files(List.of("src/**", "docs/**")).build();
        StatusDocument doc = StatusDocument.empty().withAgent("a", a).withAgent("b", b);

        AgentRecord after = transfer("b").apply(doc).agents().get("b");

        assertThat(after.status()).isEqualTo("implementing");
        assertThat(after.lastAction()).isEqualTo("busy");
        assertThat(after.timestamp()).isEqualTo(NOW.minusSeconds(30));
        assertThat(after.files()).containsExactly("docs/**", "src/**");
    }

    @Test
    void aSuccessorThatHadHandedOffBeforeLosesItsOldMark() {
        AgentRecord b = AgentRecord.builder().status("done").timestamp(NOW)
                .extra(new HandedOff("z", 3, NOW, "x").onto(Map.of())).build();
        StatusDocument doc = StatusDocument.empty().withAgent("a", working(4, NOW)).withAgent("b", b);

        assertThat(HandedOff.of(transfer("b").apply(doc).agents().get("b"))).isEmpty();
    }

    @Test
    void onlyTheOldAgentsOpenApprovalRequestsMoveAndTheyRememberWhoAsked() {
        Escalation mine = Escalation.open("esc-00000001", Escalation.Kind.APPROVAL, "a asks", 4, "a", NOW)
                .withRuleFields("approval:a:pom.xml", List.of(), List.of("pom.xml"));
        Escalation resolved = mine.resolved("ok", Escalation.APPROVED, "human", NOW);
        Escalation question = Escalation.open("esc-00000002", Escalation.Kind.QUESTION, "why?", 4, "a", NOW);
        Escalation someoneElses = Escalation.open("esc-00000003", Escalation.Kind.APPROVAL, "c asks", 5, "c", NOW);

        List<Escalation> moved = transfer("b").approvalsMoved(List.of(mine, resolved, question, someoneElses));

        assertThat(moved).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("esc-00000001");
            assertThat(e.agent()).isEqualTo("b");
            assertThat(e.files()).containsExactly("pom.xml");
            assertThat(e.extra().get(Transfer.HANDED_OVER_FROM).asText()).isEqualTo("a");
        });
    }
}
