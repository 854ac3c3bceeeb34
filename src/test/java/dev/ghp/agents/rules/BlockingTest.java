package dev.ghp.agents.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockingTest {
    static final Instant NOW = Instant.parse("2025-01-25T10:30:00Z");
    static final StaleDetector DETECTOR = new StaleDetector(Duration.ofMinutes(10));

    static AgentRecord working(Integer issue) {
        return AgentRecord.builder().issue(issue).status("implementing").lastAction("").timestamp(NOW.minusSeconds(30)).build();
    }

    static AgentRecord waitsOn(Integer issue, String ref) {
        return working(issue).toBuilder().status("blocked").blockedOn(ref).build();
    }

    @Test
    void saysWhatBecameOfEachBlocker() {
        StatusDocument d = StatusDocument.empty()
                .withAgent("a", waitsOn(1, "done-one"))
                .withAgent("b", waitsOn(2, "silent"))
                .withAgent("c", waitsOn(3, "gone"))
                .withAgent("d", waitsOn(4, "#99"))
                .withAgent("e", waitsOn(5, "#6"))
                .withAgent("f", waitsOn(7, "#8"))
                .withAgent("done-one", working(10).toBuilder().status("done").build())
                .withAgent("silent", working(11).toBuilder().timestamp(NOW.minus(Duration.ofHours(1))).build())
                .withAgent("on-six", working(6))
                .withAgent("finished-eight", working(8).toBuilder().status("done").build());

        var blockers = Blocking.blockers(d, DETECTOR, NOW, id -> java.util.Optional.empty());

        assertThat(blockers.get("a").state()).isEqualTo(Blocking.State.DONE);
        assertThat(blockers.get("b").state()).isEqualTo(Blocking.State.STALE);
        assertThat(blockers.get("c").state()).isEqualTo(Blocking.State.SIGNED_OFF);
        assertThat(blockers.get("d").state()).isEqualTo(Blocking.State.UNCLAIMED);
        assertThat(blockers.get("e").state()).isEqualTo(Blocking.State.ACTIVE);
        assertThat(blockers.get("e").agents()).containsExactly("on-six");
        assertThat(blockers.get("f").state()).isEqualTo(Blocking.State.DONE);
        assertThat(blockers).doesNotContainKey("on-six");
    }

    @Test
    void findsTwoAndThreeAgentCyclesOnceEachIncludingThroughIssues() {
        StatusDocument d = StatusDocument.empty()
                .withAgent("a", waitsOn(1, "b"))
                .withAgent("b", waitsOn(2, "a"))
                .withAgent("x", waitsOn(10, "#11"))
                .withAgent("y", waitsOn(11, "#12"))
                .withAgent("z", waitsOn(12, "x"))
                .withAgent("w", waitsOn(20, "a"));

        assertThat(Blocking.cycles(d)).containsExactlyInAnyOrder(List.of("a", "b"), List.of("x", "y", "z"));
    }

    @Test
    void aChainWithoutACycleIsNoCycle() {
        StatusDocument d = StatusDocument.empty()
                .withAgent("a", waitsOn(1, "b"))
                .withAgent("b", waitsOn(2, "c"))
                .withAgent("c", working(3));
        assertThat(Blocking.cycles(d)).isEmpty();
    }

    @Test
    void anAgentThatStoppedWaitingBreaksTheCycle() {
        StatusDocument d = StatusDocument.empty()
                .withAgent("a", waitsOn(1, "b"))
                .withAgent("b", working(2).toBuilder().blockedOn(null).build());
        assertThat(Blocking.cycles(d)).isEmpty();
    }
}
