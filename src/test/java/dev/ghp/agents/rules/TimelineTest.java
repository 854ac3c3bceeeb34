package dev.ghp.agents.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimelineTest {
    static final Instant T0 = Instant.parse("2025-01-25T08:00:00Z");
    static final Duration STALE = Duration.ofMinutes(10);

    final List<Timeline.Moment> moments = new ArrayList<>();
    StatusDocument doc = StatusDocument.empty();

    static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** A heartbeat committed at minute {@code m}, on top of the previous commit. */
    void beat(int m, String agent, String status, Integer issue) {
        Set<String> before = doc.agents().keySet();
        doc = doc.withAgent(agent, AgentRecord.builder().issue(issue).status(status).lastAction("").timestamp(at(m)).build());
        moments.add(new Timeline.Moment(at(m), doc, before));
    }

    void signOff(int m, String agent) {
        Set<String> before = doc.agents().keySet();
        doc = doc.withoutAgent(agent);
        moments.add(new Timeline.Moment(at(m), doc, before));
    }

    static Timeline.Segment seg(String status, Integer issue, int from, int to) {
        return new Timeline.Segment(status, issue, at(from), at(to));
    }

    @Test
    void eachStatusLastsUntilTheNextReportAndSilenceBeyondTheStaleLimitIsMarked() {
        beat(0, "w1", "planning", 7);
        beat(5, "w1", "implementing", 7);
        beat(8, "w1", "implementing", 7);
        beat(40, "w1", "testing", 7);

        List<Timeline.Row> rows = Timeline.build(moments, at(0), at(60), STALE);

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).segments()).containsExactly(
                seg("planning", 7, 0, 5),
                seg("implementing", 7, 5, 18),
                seg(Timeline.SILENT, 7, 18, 40),
                seg("testing", 7, 40, 50),
                seg(Timeline.SILENT, 7, 50, 60));
        assertThat(rows.get(0).status()).isEqualTo("testing");
    }

    @Test
    void aDoneAgentIsNeverSilentAndASignedOffOneHasNoSegmentAfterwards() {
        beat(0, "w1", "implementing", 7);
        beat(3, "w1", "done", 7);
        beat(1, "w2", "implementing", 8);
        signOff(20, "w2");

        List<Timeline.Row> rows = Timeline.build(moments, at(0), at(60), STALE);

        assertThat(rows).extracting(Timeline.Row::agent).containsExactly("w1", "w2");
        assertThat(rows.get(0).segments()).containsExactly(seg("implementing", 7, 0, 3), seg("done", 7, 3, 60));
        assertThat(rows.get(1).segments()).containsExactly(seg("implementing", 8, 1, 11), seg(Timeline.SILENT, 8, 11, 20));
        assertThat(rows.get(1).status()).isNull();
        assertThat(rows.get(1).issue()).isEqualTo(8);
    }

    @Test
    void theWindowClipsSegmentsAndDropsAgentsThatHadNoEntryInIt() {
        beat(0, "old", "implementing", 1);
        signOff(5, "old");
        beat(10, "w1", "implementing", 7);
        beat(50, "w1", "reviewing", 7);

        List<Timeline.Row> rows = Timeline.build(moments, at(30), at(55), STALE);

        assertThat(rows).extracting(Timeline.Row::agent).containsExactly("w1");
        assertThat(rows.get(0).segments()).containsExactly(seg(Timeline.SILENT, 7, 30, 50), seg("reviewing", 7, 50, 55));
    }

    @Test
    void historiesOfTwoMachinesInterleavedByCommitTimeAreNotMistakenForSignOffs() {
        StatusDocument here = StatusDocument.empty();
        StatusDocument there = StatusDocument.empty();
        here = here.withAgent("w1", AgentRecord.builder().issue(7).status("implementing").lastAction("").timestamp(at(0)).build());
        moments.add(new Timeline.Moment(at(0), here, Set.of()));
        there = there.withAgent("w2", AgentRecord.builder().issue(8).status("testing").lastAction("").timestamp(at(1)).build());
        moments.add(new Timeline.Moment(at(1), there, Set.of()));              // the other machine's commit: no w1
        StatusDocument hereBefore = here;
        here = here.withAgent("w1", AgentRecord.builder().issue(7).status("implementing").lastAction("").timestamp(at(2)).build());
        moments.add(new Timeline.Moment(at(2), here, hereBefore.agents().keySet()));  // back on this machine: no w2
        moments.add(new Timeline.Moment(at(3), here.withAgent("w2", there.agents().get("w2")),
                Set.of("w1", "w2")));                                          // agent-sync's merge of both

        List<Timeline.Row> rows = Timeline.build(moments, at(0), at(5), STALE);

        assertThat(rows.get(0).segments()).containsExactly(seg("implementing", 7, 0, 5));
        assertThat(rows.get(1).segments()).containsExactly(seg("testing", 8, 1, 5));
        assertThat(rows).allSatisfy(r -> assertThat(r.status()).isNotNull());
    }

    @Test
    void aChangeOfIssueStartsANewSegment() {
        beat(0, "w1", "implementing", 7);
        beat(4, "w1", "implementing", 9);

        List<Timeline.Row> rows = Timeline.build(moments, at(0), at(8), STALE);

        assertThat(rows.get(0).segments()).containsExactly(seg("implementing", 7, 0, 4), seg("implementing", 9, 4, 8));
        assertThat(rows.get(0).issue()).isEqualTo(9);
    }
}
