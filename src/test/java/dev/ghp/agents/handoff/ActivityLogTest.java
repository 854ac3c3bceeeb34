package dev.ghp.agents.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityLogTest {
    private static final Instant T0 = Instant.parse("2025-01-25T10:00:00Z");

    private static AgentRecord rec(int minute, String status, String action) {
        return AgentRecord.builder().issue(4).status(status).lastAction(action).timestamp(T0.plusSeconds(60L * minute)).build();
    }

    private static List<Handoff.Activity> log(List<AgentRecord> versions, int limit) {
        return ActivityLog.of(versions, Collections.nCopies(versions.size(), T0), limit);
    }

    @Test
    void refreshesThatOnlyMoveTheTimestampAreNotSteps() {
        List<Handoff.Activity> steps = log(List.of(
                rec(0, "planning", "read the issue"),
                rec(1, "planning", "read the issue"),
                rec(2, "planning", "read the issue"),
                rec(3, "implementing", "wrote the parser"),
                rec(4, "implementing", "wrote the parser")), 20);

        assertThat(steps).extracting(Handoff.Activity::action).containsExactly("read the issue", "wrote the parser");
        assertThat(steps.get(0).at()).isEqualTo(T0);
        assertThat(steps.get(1).at()).isEqualTo(T0.plusSeconds(180));
    }

    @Test
    void aStatusChangeWithTheSameActionIsAStep() {
        List<Handoff.Activity> steps = log(List.of(
                rec(0, "implementing", "tests"),
                rec(1, "testing", "tests")), 20);

        assertThat(steps).extracting(Handoff.Activity::status).containsExactly("implementing", "testing");
    }

    @Test
    void returningToAnEarlierStepIsKeptBecauseItHappenedAgain() {
        List<Handoff.Activity> steps = log(List.of(
                rec(0, "implementing", "a"), rec(1, "blocked", "a"), rec(2, "implementing", "a")), 20);

        assertThat(steps).extracting(Handoff.Activity::status).containsExactly("implementing", "blocked", "implementing");
    }

    @Test
    void keepsTheNewestStepsOldestFirst() {
        List<AgentRecord> versions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            versions.add(rec(i, "implementing", "step " + i));
        }

        List<Handoff.Activity> steps = log(versions, 5);

        assertThat(steps).extracting(Handoff.Activity::action)
                .containsExactly("step 45", "step 46", "step 47", "step 48", "step 49");
    }

    @Test
    void anEntryWithoutTimestampTakesTheCommitTime() {
        AgentRecord noTime = AgentRecord.builder().issue(4).status("starting").build();
        Instant commit = Instant.parse("2025-02-01T00:00:00Z");

        List<Handoff.Activity> steps = ActivityLog.of(List.of(noTime), List.of(commit), 5);

        assertThat(steps).singleElement().satisfies(s -> {
            assertThat(s.at()).isEqualTo(commit);
            assertThat(s.action()).isNull();
        });
    }

    @Test
    void anAgentThatSignedOffAndCameBackStartsAFreshStep() {
        List<AgentRecord> versions = new ArrayList<>();
        versions.add(rec(0, "implementing", "a"));
        versions.add(null);
        versions.add(rec(2, "implementing", "a"));

        assertThat(log(versions, 10)).hasSize(2);
    }
}
