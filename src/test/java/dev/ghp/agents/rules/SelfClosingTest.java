package dev.ghp.agents.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.merge.ClaimConflicts;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.scope.PatternOverlap;
import dev.ghp.agents.rules.scope.ScopePattern;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The tool closes its own escalations once they no longer need a human, through the real rules that opened them. */
class SelfClosingTest {
    static final Instant NOW = Instant.parse("2025-01-25T10:30:00Z");
    static final StaleDetector DETECTOR = new StaleDetector(Duration.ofMinutes(10));
    final AtomicInteger ids = new AtomicInteger();

    static AgentRecord agent(int issue, String... files) {
        return AgentRecord.builder().issue(issue).status("implementing").lastAction("").timestamp(NOW)
                .files(List.of(files)).build();
    }

    Claims.Outcome heartbeat(StatusDocument doc, List<Escalation> open, String me, AgentRecord next, List<String> files) {
        return Claims.evaluate(doc, () -> open, new Claims.Request(me, doc.agents().get(me), next,
                        files == null ? null : files.stream().map(ScopePattern::parse).toList(), false),
                new Claims.Settings(DETECTOR, List.of(), NOW), () -> String.format("esc-%08x", ids.incrementAndGet()));
    }

    @Test
    void aConflictClosesWhenTheHolderNarrowsOrIsDoneAndARetryOpensNoNewOne() {
        StatusDocument doc = StatusDocument.empty().withAgent("worker-1", agent(1, "src/parser/**"));
        Claims.Refused refused = (Claims.Refused) heartbeat(doc, List.of(), "worker-2", agent(2), List.of("src/**"));
        List<Escalation> open = new ArrayList<>(refused.escalations());
        doc = refused.rest().doc();

        assertThat(SelfClosing.resolvable(doc, open, NOW)).as("the overlap is still there").isEmpty();

        StatusDocument narrowed = doc.withAgent("worker-1", agent(1, "docs/**"));
        assertThat(SelfClosing.resolvable(narrowed, open, NOW)).singleElement().satisfies(e -> {
            assertThat(e.isOpen()).isFalse();
            assertThat(e.resolvedBy()).isEqualTo("ghp");
            assertThat(e.answer()).isEqualTo("resolved by ghp: worker-1 no longer holds files overlapping src/**");
        });
        StatusDocument done = doc.withAgent("worker-1", agent(1, "src/parser/**").toBuilder().status("done").build());
        assertThat(SelfClosing.resolvable(done, open, NOW)).singleElement()
                .satisfies(e -> assertThat(e.answer()).endsWith("worker-1 is done"));

        Claims.Outcome retry = heartbeat(narrowed, List.of(), "worker-2", agent(2), List.of("src/**"));
        assertThat(retry).isInstanceOf(Claims.Granted.class);
        assertThat(((Claims.Granted) retry).escalations()).isEmpty();
    }

    @Test
    void aWaitingCycleClosesWhenItIsBrokenAndAPersonsEscalationIsLeftAlone() {
        StatusDocument doc = StatusDocument.empty()
                .withAgent("worker-1", agent(1).toBuilder().status("blocked").blockedOn("worker-2").build())
                .withAgent("worker-2", agent(2).toBuilder().status("blocked").blockedOn("worker-1").build());
        List<Escalation> open = new ArrayList<>(Claims.cycleEscalations(doc, null, List::of, NOW,
                () -> String.format("esc-%08x", ids.incrementAndGet())));
        open.add(Escalation.open("esc-00000099", Escalation.Kind.QUESTION, "tabs?", 1, "worker-1", NOW));
        assertThat(open).hasSize(2);
        assertThat(SelfClosing.resolvable(doc, open, NOW)).isEmpty();

        StatusDocument broken = doc.withAgent("worker-2", agent(2));
        assertThat(SelfClosing.resolvable(broken, open, NOW)).singleElement().satisfies(e -> {
            assertThat(e.isKind(Escalation.Kind.BLOCKED)).isTrue();
            assertThat(e.answer()).isEqualTo("resolved by ghp: the waiting cycle is broken");
        });
    }

    @Test
    void anApprovalClosesWhenTheAgentNoLongerAsksForItsFilesNotBefore() {
        List<ScopePattern> shared = List.of(ScopePattern.parse("README.md"), ScopePattern.parse("docs/**"));
        Claims.Granted asked = (Claims.Granted) Claims.evaluate(StatusDocument.empty(), List::of,
                new Claims.Request("worker-1", null, agent(1), List.of(ScopePattern.parse("README.md"),
                        ScopePattern.parse("docs/**"), ScopePattern.parse("src/**")), false),
                new Claims.Settings(DETECTOR, shared, NOW), () -> String.format("esc-%08x", ids.incrementAndGet()));
        List<Escalation> open = asked.escalations();
        assertThat(open).singleElement().satisfies(e -> assertThat(e.isKind(Escalation.Kind.APPROVAL)).isTrue());
        assertThat(SelfClosing.resolvable(asked.doc(), open, NOW)).as("still asked for").isEmpty();

        AgentRecord oneLeft = asked.record().toBuilder().pendingFiles(List.of("docs/**")).build();
        assertThat(SelfClosing.resolvable(asked.doc().withAgent("worker-1", oneLeft), open, NOW))
                .as("one pattern still waits on the answer").isEmpty();

        AgentRecord narrowed = asked.record().toBuilder().pendingFiles(List.of()).build();
        assertThat(SelfClosing.resolvable(asked.doc().withAgent("worker-1", narrowed), open, NOW)).singleElement()
                .satisfies(e -> {
                    assertThat(e.isOpen()).isFalse();
                    assertThat(e.answer()).isEqualTo("resolved by ghp: worker-1 no longer asks for README.md, docs/**");
                });
        assertThat(SelfClosing.resolvable(asked.doc().withoutAgent("worker-1"), open, NOW)).singleElement()
                .satisfies(e -> assertThat(e.answer()).endsWith("worker-1 signed off"));
    }

    @Test
    void aConflictAgentSyncFoundClosesWhenTheTwoNoLongerClashAndALookAlikeIsLeftAlone() throws Exception {
        StatusDocument ours = StatusDocument.empty().withAgent("worker-1", agent(1, "src/**"));
        StatusDocument theirs = StatusDocument.empty().withAgent("worker-2", agent(2, "src/parser/**"));
        StatusDocument merged = ours.withAgent("worker-2", agent(2, "src/parser/**"));
        List<Escalation> found = new ClaimConflicts(Duration.ofMinutes(10), PatternOverlap::overlapping)
                .newConflicts(merged, ours, theirs);
        // As the record holds it: written to its file and read back.
        Escalation synced = EscalationCodec.parse(EscalationCodec.write(found.get(0)));
        Escalation lookAlike = new Escalation("esc-00000077", "conflict", Escalation.OPEN, "worker-1 and worker-2 clash",
                null, "alice", NOW, null, null, null, null, null, List.of("worker-1", "worker-2"), List.of(), null, null, null);
        List<Escalation> open = List.of(synced, lookAlike);
        assertThat(SelfClosing.resolvable(merged, open, NOW)).as("they still clash").isEmpty();

        StatusDocument narrowed = merged.withAgent("worker-2", agent(2, "docs/**"));
        assertThat(SelfClosing.resolvable(narrowed, open, NOW)).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(synced.id());
            assertThat(e.answer()).isEqualTo("resolved by ghp: worker-1 and worker-2 no longer claim the same issue or overlapping files");
        });
        assertThat(SelfClosing.resolvable(merged.withoutAgent("worker-2"), open, NOW)).singleElement()
                .satisfies(e -> assertThat(e.answer()).isEqualTo("resolved by ghp: worker-2 signed off"));
    }
}
