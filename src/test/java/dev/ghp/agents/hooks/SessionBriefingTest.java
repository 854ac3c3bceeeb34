package dev.ghp.agents.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionBriefingTest {
    static final Instant NOW = Instant.parse("2025-01-25T10:30:00Z");
    static final StaleDetector DETECTOR = new StaleDetector(Duration.ofMinutes(10));

    InMemoryStore store = new InMemoryStore();

    @BeforeEach
    void twoAgentsOnIssueSeven() {
        StatusDocument doc = StatusDocument.empty()
                .withAgent("wt-7", AgentRecord.builder().issue(7).status("implementing").lastAction("wrote the parser")
                        .timestamp(NOW.minusSeconds(180)).files(List.of("src/parser/**")).build())
                .withAgent("wt-2", AgentRecord.builder().issue(7).status("testing").lastAction("")
                        .timestamp(NOW.minusSeconds(60)).build())
                .withAgent("wt-9", AgentRecord.builder().issue(9).status("implementing").lastAction("")
                        .timestamp(NOW).build());
        store.update(s -> Change.of("seed", "test").putStatus(doc));
    }

    void put(String path, String content) {
        store.update(s -> Change.of("add " + path, "test").put(path, content.getBytes(StandardCharsets.UTF_8)));
    }

    /** An escalation file as agent-escalate writes it (the wire format, not this version's record). */
    void escalation(String id, String status, Integer issue, String agent, String message, String answer, Instant resolvedAt) {
        String json = "{\"schemaVersion\": 1, \"id\": \"" + id + "\", \"kind\": \"question\", \"status\": \"" + status
                + "\", \"message\": \"" + message + "\", \"issue\": " + issue + ", \"agent\": \"" + agent
                + "\", \"createdAt\": \"" + NOW.minusSeconds(600) + "\""
                + (answer == null ? "" : ", \"answer\": \"" + answer + "\", \"resolvedBy\": \"alice\", \"resolvedAt\": \"" + resolvedAt + "\"")
                + "}";
        put(".ghp/escalations/" + id + ".json", json);
    }

    SessionBriefing brief(String agent) {
        return SessionBriefing.from(store.read(), agent, "/work/wt-7", "issue-7", null, NOW, DETECTOR, null);
    }

    @Test
    void theAgentLearnsItsClaimAndWhoElseIsOnItsIssue() {
        String text = brief("wt-7").render();

        assertThat(text).contains("You are agent \"wt-7\" (worktree /work/wt-7, branch issue-7).")
                .contains("Your entry: issue #7 (claimed) · status implementing · last heartbeat 3m ago")
                .contains("Your files: src/parser/**")
                .contains("Your last action: wrote the parser")
                .contains("Also on issue #7: wt-2 (testing, seen 1m ago). ")
                .contains("Other live agents (1):\n  - wt-9 · #9 · implementing\n");
    }

    @Test
    void openEscalationsForTheAgentOrItsIssueAreListedAndRecentAnswersRepeated() {
        escalation("esc-00000001", "open", 7, "wt-2", "Which date format?", null, null);
        escalation("esc-00000002", "open", null, "wt-7", "May I touch the build?", null, null);
        escalation("esc-00000003", "open", 9, "wt-9", "Not about issue 7", null, null);
        escalation("esc-00000004", "resolved", 7, "wt-7", "Tabs or spaces?", "Spaces", NOW.minusSeconds(3600));
        escalation("esc-00000005", "resolved", 7, "wt-7", "Old question", "Old answer", NOW.minus(Duration.ofDays(3)));

        String text = brief("wt-7").render();

        assertThat(text).contains("Open escalations for you or issue #7 (2):")
                .contains("esc-00000001 · question · #7 · by wt-2 · 10m ago: Which date format?")
                .contains("esc-00000002 · question · by wt-7 · 10m ago: May I touch the build?")
                .doesNotContain("esc-00000003", "Old question")
                .contains("Answered in the last 24h:\n  - esc-00000004: Tabs or spaces?\n    answer from alice: Spaces");
    }

    @Test
    void aConflictNamingTheAgentConcernsItToo() {
        put(".ghp/escalations/esc-0000000c.json", """
                {"schemaVersion": 1, "id": "esc-0000000c", "kind": "conflict", "status": "open",
                 "message": "wt-9 and wt-7 both claim src/parser/**", "issue": 9, "agent": "wt-9",
                 "agents": ["wt-7"], "createdAt": "2025-01-25T10:25:00Z"}
                """);

        assertThat(brief("wt-7").render()).contains("esc-0000000c · conflict · #9 · by wt-9 · 5m ago: wt-9 and wt-7 both claim");
        assertThat(brief("wt-2").render()).doesNotContain("esc-0000000c");
    }

    @Test
    void theLatestHandoffForTheIssueIsQuotedNeutralisedAndCut() {
        put(".ghp/handoffs/7-wt-3-20250124T090000Z.md", "older handoff\n");
        StringBuilder doc = new StringBuilder("# Handoff for #7\n\u001b[31mred\u001b[0m next step\n");
        for (int i = 0; i < 100; i++) {
            doc.append("line ").append(i).append('\n');
        }
        put(".ghp/handoffs/7-wt-3-20250125T090000Z.md", doc.toString());

        String text = brief("wt-7").render();

        assertThat(text).contains("Latest handoff for issue #7: from wt-3, 20250125T090000Z (.ghp/handoffs/7-wt-3-20250125T090000Z.md)")
                .contains("  | # Handoff for #7\n")
                .contains("  | ␛[31mred␛[0m next step\n")
                .doesNotContain("\u001b", "older handoff", "line 58\n")
                .contains("  | line 57\n")
                .contains("[42 more lines; read it all with: ghp agent-handoff --show --issue 7]");
    }

    @Test
    void anAgentWithoutAnEntryIsToldHowToRegisterWithTheIssueItsBranchSuggests() {
        SessionBriefing b = SessionBriefing.from(store.read(), "newcomer", "/work/wt-12", "alice/12-x", 12, NOW, DETECTOR,
                "issue #12 is claimed by wt-5 (implementing, seen 1m ago)");

        assertThat(b.render())
                .contains("Your heartbeat at session start failed: issue #12 is claimed by wt-5")
                .contains("You have no entry in the coordination record; issue #12 is suggested by your branch."
                        + " Register with: ghp agent-heartbeat --issue 12 --status planning");
    }

    @Test
    void anUnreadableEscalationIsMentionedNotFatal() {
        put(".ghp/escalations/esc-0000000a.json", "{not json");

        assertThat(brief("wt-7").render()).contains("1 escalation file(s) could not be read");
    }

    @Test
    void aLeadIsShownEveryOpenEscalationThatWaitsForItAndOthersOnlyTheirOwn() {
        escalation("esc-0000aaaa", "open", 9, "wt-9", "May I touch pom.xml?", null, null);
        StaleDetector withLead = new StaleDetector(Duration.ofMinutes(10), Duration.ofHours(4), java.util.Set.of("orchestrator"));

        String lead = SessionBriefing.from(store.read(), "orchestrator", "/work/main", "main", null, NOW, withLead, null).render();
        String other = SessionBriefing.from(store.read(), "bystander", "/work/b", "b", null, NOW, withLead, null).render();

        assertThat(lead).contains("Open escalations, waiting for a lead (you are one, agents.leads) (1):")
                .contains("esc-0000aaaa · question · #9 · by wt-9");
        assertThat(other).doesNotContain("esc-0000aaaa");
    }
}
