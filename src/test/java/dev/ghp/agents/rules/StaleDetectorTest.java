package dev.ghp.agents.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StaleDetectorTest {
    private static final Instant NOW = Instant.parse("2025-01-25T12:00:00Z");
    private final StaleDetector detector = new StaleDetector(Duration.ofMinutes(10));

    private static AgentRecord agent(String status, Duration ago) {
        return AgentRecord.builder().status(status).lastAction("")
                .timestamp(ago == null ? null : NOW.minus(ago)).build();
    }

    @Test
    void anAgentSilentForLongerThanTheLimitIsStale() {
        AgentView v = detector.view("w", agent("implementing", Duration.ofMinutes(11)), NOW);

        assertThat(v.stale()).isTrue();
        assertThat(v.age()).isEqualTo(Duration.ofMinutes(11));
    }

    @Test
    void exactlyAtTheLimitIsNotYetStaleAndOneSecondLaterIs() {
        assertThat(detector.view("w", agent("implementing", Duration.ofMinutes(10)), NOW).stale()).isFalse();
        assertThat(detector.view("w", agent("implementing", Duration.ofMinutes(10).plusSeconds(1)), NOW).stale()).isTrue();
    }

    @Test
    void aStampMoreThanTheToleranceInTheFutureIsClockAheadAndCountsAsStale() {
        AgentView ahead = detector.view("w", agent("implementing", ClockSkew.TOLERANCE.plusSeconds(1).negated()), NOW);
        AgentView within = detector.view("w", agent("implementing", ClockSkew.TOLERANCE.negated()), NOW);

        assertThat(ahead.clockAhead()).isTrue();
        assertThat(ahead.stale()).isTrue();
        assertThat(within.clockAhead()).isFalse();
        assertThat(within.stale()).isFalse();
    }

    @Test
    void clampingStampsFarAheadKeepsThemStaleAsTheDetectorShowedThem() {
        StatusDocument doc = StatusDocument.empty()
                .withAgent("ahead", agent("implementing", Duration.ofDays(-365)))
                .withAgent("close", agent("implementing", Duration.ofMinutes(-4)))
                .withAgent("past", agent("implementing", Duration.ofMinutes(3)));
        assertThat(detector.view("ahead", doc.agents().get("ahead"), NOW).stale()).isTrue();

        StatusDocument clamped = ClockSkew.clamp(doc, NOW, detector.staleAfter());

        assertThat(clamped.agents().get("ahead").timestamp())
                .isEqualTo(NOW.minus(detector.staleAfter()).minusSeconds(1));
        assertThat(detector.view("ahead", clamped.agents().get("ahead"), NOW).stale())
                .as("the write sees it as stale as the reader did").isTrue();
        assertThat(clamped.agents().get("close").timestamp()).isEqualTo(NOW.plus(Duration.ofMinutes(4)));
        assertThat(clamped.agents().get("past").timestamp()).isEqualTo(NOW.minus(Duration.ofMinutes(3)));
    }

    @Test
    void theReleasePolicyLeavesAnAgentWhoseClockRunsAheadToTheNextWritesClamp() {
        AgentRecord ahead = agent("implementing", Duration.ofDays(-1)).toBuilder().issue(147).build();

        StaleRelease.Result r = StaleRelease.apply(StatusDocument.empty().withAgent("w", ahead), detector, NOW,
                () -> "esc-00000001", () -> "dec-00000001");

        assertThat(r.changed()).isFalse();
    }

    @Test
    void aDoneAgentIsNeverStale() {
        assertThat(detector.view("w", agent("done", Duration.ofDays(30)), NOW).stale()).isFalse();
        assertThat(detector.view("w", agent("done", null), NOW).stale()).isFalse();
    }

    @Test
    void anAgentWithoutATimestampIsStale() {
        AgentView v = detector.view("w", agent("implementing", null), NOW);

        assertThat(v.stale()).isTrue();
        assertThat(v.age()).isNull();
    }

    @Test
    void everyOtherStatusGoesStaleIncludingUnknownOnes() {
        for (String status : new String[]{"starting", "planning", "testing", "reviewing", "hibernating"}) {
            assertThat(detector.view("w", agent(status, Duration.ofHours(1)), NOW).stale()).as(status).isTrue();
        }
    }

    @Test
    void aTimestampInTheFutureIsNotStale() {
        assertThat(detector.view("w", agent("testing", Duration.ofMinutes(-5)), NOW).stale()).isFalse();
    }

    @Test
    void attentionOrderIsStaleLongestFirstThenBlockedWaitingWorkingAndDoneLast() {
        StatusDocument doc = StatusDocument.empty()
                .withAgent("done-old", agent("done", Duration.ofHours(5)))
                .withAgent("working-2m", agent("implementing", Duration.ofMinutes(2)))
                .withAgent("working-1m", agent("testing", Duration.ofMinutes(1)))
                .withAgent("stale-20m", agent("implementing", Duration.ofMinutes(20)))
                .withAgent("stale-never", agent("planning", null))
                .withAgent("stale-1h", agent("planning", Duration.ofHours(1)))
                .withAgent("blocked-1h", agent("blocked", Duration.ofHours(1)))
                .withAgent("waiting", agent("waiting", Duration.ofMinutes(3)))
                .withAgent("blocked", agent("blocked", Duration.ofMinutes(4)))
                .withAgent("a-working-1m", agent("reviewing", Duration.ofMinutes(1)));

        assertThat(detector.assess(doc, NOW)).extracting(AgentView::name).containsExactly(
                "stale-never", "stale-1h", "stale-20m",
                "blocked", "blocked-1h",
                "waiting",
                "a-working-1m", "working-1m", "working-2m",
                "done-old");
    }

    @Test
    void theLimitIsTheOneGiven() {
        StaleDetector strict = new StaleDetector(Duration.ofSeconds(90));

        assertThat(strict.view("w", agent("testing", Duration.ofSeconds(91)), NOW).stale()).isTrue();
        assertThat(strict.staleAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(StaleDetector.DEFAULT_STALE_AFTER).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void anAgentWaitingForItsHumanOrBlockedIsNotStaleUntilTheWaitingLimit() {
        for (String waits : new String[]{"waiting", "blocked"}) {
            assertThat(detector.view("w", agent(waits, Duration.ofHours(1)), NOW).stale()).as(waits).isFalse();
            assertThat(detector.view("w", agent(waits, Duration.ofHours(4)), NOW).stale()).as(waits).isFalse();
            assertThat(detector.view("w", agent(waits, Duration.ofHours(4).plusSeconds(1)), NOW).stale())
                    .as("a dead agent that waited still goes stale: " + waits).isTrue();
        }
        assertThat(detector.view("w", agent("implementing", Duration.ofHours(1)), NOW).stale()).isTrue();
    }

    @Test
    void aLeadThatReportsRarelyIsJudgedWithTheWaitingLimit() {
        StaleDetector withLead = new StaleDetector(Duration.ofMinutes(10), Duration.ofHours(2), java.util.Set.of("lead"));

        assertThat(withLead.view("lead", agent("planning", Duration.ofMinutes(90)), NOW).stale()).isFalse();
        assertThat(withLead.view("lead", agent("planning", Duration.ofMinutes(121)), NOW).stale()).isTrue();
        assertThat(withLead.view("worker", agent("planning", Duration.ofMinutes(90)), NOW).stale()).isTrue();
    }

    @Test
    void theWaitingLimitIsNeverShorterThanTheStaleLimit() {
        StaleDetector shortWait = new StaleDetector(Duration.ofHours(1), Duration.ofMinutes(5), java.util.Set.of());

        assertThat(shortWait.waitingStaleAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(shortWait.view("w", agent("waiting", Duration.ofMinutes(30)), NOW).stale()).isFalse();
    }

    @Test
    void theReleasePolicyLeavesAWaitingAgentItsClaimsAndTakesThemFromAWorkerAsSilent() {
        StatusDocument doc = StatusDocument.empty()
                .withAgent("asking", agent("waiting", Duration.ofHours(1)).toBuilder().issue(147).build())
                .withAgent("gone", agent("implementing", Duration.ofHours(1)).toBuilder().issue(150).build());

        StaleRelease.Result r = StaleRelease.apply(doc, detector, NOW, () -> "esc-00000001", () -> "dec-00000001");

        assertThat(r.released()).containsExactly("gone");
        assertThat(r.doc().agents().get("asking").issue()).isEqualTo(147);
    }
}
