package dev.ghp.agents.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.ClaimNotes;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.scope.ScopePattern;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The authority rules of a heartbeat, as pure functions of the record. */
class ClaimsTest {
    static final Instant NOW = Instant.parse("2025-01-25T10:30:00Z");
    static final StaleDetector DETECTOR = new StaleDetector(Duration.ofMinutes(10));
    final AtomicInteger ids = new AtomicInteger();
    List<Escalation> open = new ArrayList<>();

    static AgentRecord agent(Integer issue, Duration silent, String... files) {
        return AgentRecord.builder().issue(issue).status("implementing").lastAction("")
                .timestamp(NOW.minus(silent)).files(List.of(files)).build();
    }

    Claims.Outcome heartbeat(StatusDocument doc, String me, Integer issue, List<String> files, boolean force, String... shared) {
        AgentRecord prev = doc.agents().get(me);
        AgentRecord next = (prev == null ? AgentRecord.builder() : prev.toBuilder())
                .issue(issue).status("implementing").lastAction("").timestamp(NOW).build();
        List<ScopePattern> scope = files == null ? null : files.stream().map(ScopePattern::parse).toList();
        List<ScopePattern> sharedPatterns = List.of(shared).stream().map(ScopePattern::parse).toList();
        return Claims.evaluate(doc, () -> open, new Claims.Request(me, prev, next, scope, force),
                new Claims.Settings(DETECTOR, sharedPatterns, NOW), () -> String.format("esc-%08x", ids.incrementAndGet()));
    }

    static StatusDocument doc(Object... nameAndRecord) {
        StatusDocument d = StatusDocument.empty();
        for (int i = 0; i < nameAndRecord.length; i += 2) {
            d = d.withAgent((String) nameAndRecord[i], (AgentRecord) nameAndRecord[i + 1]);
        }
        return d;
    }

    @Test
    void anIssueHeldByALiveAgentIsRefusedNamingTheHolderAndWhenItWasSeen() {
        StatusDocument d = doc("worker-1", agent(147, Duration.ofMinutes(2)));

        Claims.Outcome o = heartbeat(d, "worker-2", 147, null, false);

        assertThat(o).isInstanceOf(Claims.Refused.class);
        Claims.Refused r = (Claims.Refused) o;
        assertThat(r.message()).isEqualTo("issue #147 is claimed by worker-1 (seen 2m ago)");
        assertThat(r.hint()).contains("--force");
        assertThat(r.escalations()).isEmpty();
    }

    @Test
    void aDoneAgentHoldsNoClaim() {
        AgentRecord done = agent(147, Duration.ofMinutes(1)).toBuilder().status("done").build();
        Claims.Outcome o = heartbeat(doc("worker-1", done), "worker-2", 147, null, false);
        assertThat(o).isInstanceOf(Claims.Granted.class);
        assertThat(((Claims.Granted) o).doc().agents().get("worker-1").issue()).isEqualTo(147);
    }

    @Test
    void aStaleHoldersIssueIsTakenOverAndTheTakeOverIsNotedOnBothRecords() {
        StatusDocument d = doc("worker-1", agent(147, Duration.ofMinutes(25)));

        Claims.Granted g = (Claims.Granted) heartbeat(d, "worker-2", 147, null, false);

        AgentRecord old = g.doc().agents().get("worker-1");
        AgentRecord taker = g.doc().agents().get("worker-2");
        assertThat(old.issue()).isNull();
        assertThat(ClaimNotes.released(old)).hasSize(1);
        assertThat(ClaimNotes.released(old).get(0).get("to").asText()).isEqualTo("worker-2");
        assertThat(taker.issue()).isEqualTo(147);
        assertThat(taker.extra().get(ClaimNotes.TAKEOVER).get("from").asText()).isEqualTo("worker-1");
        assertThat(taker.extra().get(ClaimNotes.TAKEOVER).get("forced").asBoolean()).isFalse();
        assertThat(g.notes()).containsExactly("took #147 over from worker-1 (silent for 25m)");
    }

    @Test
    void forceTakesALiveClaimAndRecordsThatItWasForced() {
        StatusDocument d = doc("worker-1", agent(147, Duration.ofMinutes(1)));

        Claims.Granted g = (Claims.Granted) heartbeat(d, "worker-2", 147, null, true);

        assertThat(g.doc().agents().get("worker-1").issue()).isNull();
        assertThat(g.record().extra().get(ClaimNotes.TAKEOVER).get("forced").asBoolean()).isTrue();
        assertThat(g.notes()).singleElement().asString().contains("--force");
    }

    @Test
    void theLoserOfAForcedTakeOverIsRefusedAndToldWhoTookIt() {
        StatusDocument d = doc("worker-1", agent(147, Duration.ofMinutes(1)));
        Claims.Granted g = (Claims.Granted) heartbeat(d, "worker-2", 147, null, true);

        Claims.Outcome back = heartbeat(g.doc(), "worker-1", 147, null, false);

        assertThat(((Claims.Refused) back).message()).contains("worker-2").contains("took it over from you with --force");
    }

    @Test
    void anOverlappingScopeIsRefusedWithOneConflictEscalationNamingBothAgentsAndThePatterns() {
        StatusDocument d = doc("worker-1", agent(1, Duration.ofMinutes(1), "src/parser/**"));

        Claims.Refused r = (Claims.Refused) heartbeat(d, "worker-2", 2, List.of("src/**", "docs/**"), false);

        assertThat(r.escalations()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("conflict");
            assertThat(e.agent()).isEqualTo("worker-2");
            assertThat(e.agents()).containsExactly("worker-1");
            assertThat(e.files()).containsExactly("src/**", "src/parser/**");
            assertThat(e.message()).contains("worker-2 and worker-1").contains("src/** overlaps worker-1's src/parser/**")
                    .contains("src/parser/x");
        });
        assertThat(r.message()).contains("src/** overlaps worker-1's src/parser/** (both cover src/parser/x)");
    }

    @Test
    void retryingTheSameOverlapOpensNoSecondEscalation() {
        StatusDocument d = doc("worker-1", agent(1, Duration.ofMinutes(1), "src/parser/**"));
        Claims.Refused first = (Claims.Refused) heartbeat(d, "worker-2", 2, List.of("src/**"), false);
        open = new ArrayList<>(first.escalations());

        Claims.Refused again = (Claims.Refused) heartbeat(d, "worker-2", 2, List.of("src/**"), false);

        assertThat(again.escalations()).isEmpty();
        assertThat(again.message()).contains(first.escalations().get(0).id() + ", already open");
    }

    @Test
    void aStaleAgentsOverlappingPatternsAreTakenOverTheRestStays() {
        StatusDocument d = doc("worker-1", agent(1, Duration.ofMinutes(30), "src/parser/**", "docs/**"));

        Claims.Granted g = (Claims.Granted) heartbeat(d, "worker-2", 2, List.of("src/**"), false);

        assertThat(g.doc().agents().get("worker-1").files()).containsExactly("docs/**");
        assertThat(g.record().files()).containsExactly("src/**");
    }

    @Test
    void disjointScopesAreBothActive() {
        StatusDocument d = doc("worker-1", agent(1, Duration.ofMinutes(1), "src/parser/**"));
        Claims.Granted g = (Claims.Granted) heartbeat(d, "worker-2", 2, List.of("src/lexer/**", "docs/*.md"), false);
        assertThat(g.record().files()).containsExactly("src/lexer/**", "docs/*.md");
        assertThat(g.escalations()).isEmpty();
    }

    @Test
    void sharedFilesStayPendingAndOpenOneApprovalEscalation() {
        Claims.Granted g = (Claims.Granted) heartbeat(StatusDocument.empty(), "worker-1", 1,
                List.of("src/**", "**/*.xml"), false, "/pom.xml", ".github/**");

        assertThat(g.record().files()).containsExactly("src/**");
        assertThat(g.record().pendingFiles()).containsExactly("**/*.xml");
        assertThat(g.escalations()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("approval");
            assertThat(e.files()).containsExactly("**/*.xml");
        });
        assertThat(g.approvals()).containsExactly(g.escalations().get(0).id());

        open = new ArrayList<>(g.escalations());
        Claims.Granted again = (Claims.Granted) heartbeat(g.doc(), "worker-1", 1, List.of("src/**", "**/*.xml"), false, "/pom.xml");
        assertThat(again.escalations()).isEmpty();
        assertThat(again.approvals()).containsExactly(g.escalations().get(0).id());
        assertThat(again.record().pendingFiles()).containsExactly("**/*.xml");
    }

    @Test
    void aLiteralFilePathIsThatFileSoUnrelatedFilesNeitherCollideNorNeedAnApproval() {
        Claims.Granted g = (Claims.Granted) heartbeat(StatusDocument.empty(), "worker-1", 1,
                List.of("src/parser/Parser.java"), false, "README.md", "src/core/**");
        assertThat(g.record().files()).containsExactly("src/parser/Parser.java");
        assertThat(g.record().pendingFiles()).isEmpty();
        assertThat(g.escalations()).isEmpty();

        Claims.Outcome other = heartbeat(g.doc(), "worker-2", 2, List.of("/docs/guide.md", "/LICENSE"), false);
        assertThat(other).isInstanceOf(Claims.Granted.class);
        Claims.Outcome readme = heartbeat(g.doc(), "worker-3", 3, List.of("README.md"), false);
        assertThat(readme).as("README.md is not a directory above Parser.java").isInstanceOf(Claims.Granted.class);
    }

    @Test
    void aPendingPatternNamesTheOneSharedPatternItMatchedAndWhy() {
        Claims.Granted g = (Claims.Granted) heartbeat(StatusDocument.empty(), "worker-1", 1,
                List.of("src/core/Engine.java", "src/parser/**"), false, "README.md", "src/core/**", ".github/**");
        assertThat(g.record().files()).containsExactly("src/parser/**");
        assertThat(g.pendingWhy()).containsExactly(
                "src/core/Engine.java matches agents.sharedFiles src/core/** (both cover src/core/Engine.java)");
        assertThat(g.escalations()).singleElement().satisfies(e -> assertThat(e.message())
                .isEqualTo("worker-1 asks to claim shared files: src/core/Engine.java matches agents.sharedFiles "
                        + "src/core/** (both cover src/core/Engine.java)"));
    }

    @Test
    void aPendingClaimReservesItsFilesAgainstOtherAgents() {
        AgentRecord waiting = agent(1, Duration.ofMinutes(1)).toBuilder().pendingFiles(List.of("pom.xml")).build();
        Claims.Outcome o = heartbeat(doc("worker-1", waiting), "worker-2", 2, List.of("*.xml"), false);
        assertThat(o).isInstanceOf(Claims.Refused.class);
    }

    @Test
    void aBareHeartbeatKeepsTheScopeAndWarnsWhenALiveAgentHoldsOverlappingFilesToo() {
        // Both holding overlapping scopes happens when agent-sync merges records written apart: the
        // merge opened the conflict; refusing the heartbeat would only let the agent go stale.
        AgentRecord returning = agent(1, Duration.ofMinutes(30), "src/**");
        AgentRecord other = agent(2, Duration.ofMinutes(1), "src/parser/**");
        Claims.Outcome o = heartbeat(doc("worker-1", returning, "worker-2", other), "worker-1", 1, null, false);
        assertThat(o).isInstanceOf(Claims.Granted.class);
        Claims.Granted g = (Claims.Granted) o;
        assertThat(g.escalations()).isEmpty();
        assertThat(g.record().files()).containsExactly("src/**");
        assertThat(g.notes()).singleElement().asString()
                .startsWith("warning: worker-2 (seen 1m ago) also holds files src/** ∩ src/parser/**");
    }

    @Test
    void anIssueTwoLiveAgentsHoldIsKeptWithAWarningAndNotTakenOver() {
        AgentRecord mine = agent(147, Duration.ofMinutes(2));
        AgentRecord other = agent(147, Duration.ofMinutes(1));
        Claims.Granted g = (Claims.Granted) heartbeat(doc("worker-1", mine, "worker-2", other), "worker-1", 147, null, false);
        assertThat(g.record().issue()).isEqualTo(147);
        assertThat(g.doc().agents().get("worker-2").issue()).isEqualTo(147);
        assertThat(g.notes()).singleElement().asString().startsWith("warning: worker-2 (seen 1m ago) also holds #147");
    }

    @Test
    void aNewPatternOverlappingALiveScopeIsRefusedEvenBesideOnesHeldBefore() {
        AgentRecord returning = agent(1, Duration.ofMinutes(2), "src/**");
        AgentRecord other = agent(2, Duration.ofMinutes(1), "src/parser/**", "lib/**");
        Claims.Outcome o = heartbeat(doc("worker-1", returning, "worker-2", other), "worker-1", 1,
                List.of("src/**", "lib/x/**"), false);
        assertThat(o).isInstanceOf(Claims.Refused.class);
        assertThat(((Claims.Refused) o).message()).contains("lib/x/** overlaps worker-2's lib/**")
                .doesNotContain("src/** overlaps");
    }

    @Test
    void anAgentIsToldOnceAboutClaimsItLostWhileSilent() {
        AgentRecord lost = ClaimNotes.withReleased(agent(null, Duration.ofMinutes(30)), 147, List.of(), "worker-2",
                "taken over by worker-2 while silent", NOW.minusSeconds(60));
        Claims.Granted g = (Claims.Granted) heartbeat(doc("worker-1", lost), "worker-1", null, null, false);

        assertThat(g.notes()).singleElement().asString().contains("#147 taken over by worker-2 while silent");
        assertThat(ClaimNotes.released(g.record())).isEmpty();
    }

    @Test
    void aHeartbeatThatClosesAWaitingCycleOpensOneBlockedEscalation() {
        AgentRecord a = agent(1, Duration.ofMinutes(1)).toBuilder().status("blocked").blockedOn("worker-2").build();
        StatusDocument d = doc("worker-1", a);
        AgentRecord prev = agent(2, Duration.ofMinutes(1));
        d = d.withAgent("worker-2", prev);
        AgentRecord next = prev.toBuilder().status("blocked").blockedOn("#1").timestamp(NOW).build();

        Claims.Granted g = (Claims.Granted) Claims.evaluate(d, () -> open,
                new Claims.Request("worker-2", prev, next, null, false), new Claims.Settings(DETECTOR, List.of(), NOW),
                () -> "esc-0000000a");

        assertThat(g.escalations()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("blocked");
            assertThat(e.agents()).containsExactly("worker-1", "worker-2");
            assertThat(e.message()).contains("worker-1 waits on worker-2, worker-2 waits on #1 (held by worker-1)");
        });
        open = g.escalations();
        assertThat(Claims.cycleEscalations(g.doc(), null, () -> open, NOW, () -> "esc-0000000b")).isEmpty();
    }
}
