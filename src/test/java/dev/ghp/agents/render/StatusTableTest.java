package dev.ghp.agents.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.AgentView;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.text.TextWidth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTableTest {
    private static final Instant NOW = Instant.parse("2025-01-25T12:00:00Z");
    private static final Duration LIMIT = Duration.ofMinutes(10);
    private final StaleDetector detector = new StaleDetector(LIMIT);

    private static AgentRecord agent(Integer issue, String status, String action, Duration ago) {
        return AgentRecord.builder().issue(issue).status(status).lastAction(action)
                .timestamp(ago == null ? null : NOW.minus(ago)).build();
    }

    private List<AgentView> views(StatusDocument doc) {
        return detector.assess(doc, NOW);
    }

    private static String plain(int width, List<AgentView> views) {
        return new StatusTable(new Style(false), width).render(views, LIMIT);
    }

    @Test
    void aTableWithAStaleMarkInAttentionOrderAndASummaryLine() {
        StatusDocument doc = StatusDocument.empty()
                .withAgent("worker-1", agent(147, "implementing", "wrote the parser", Duration.ofSeconds(42)))
                .withAgent("worker-2", agent(150, "blocked", "needs the parser", Duration.ofMinutes(3)).toBuilder()
                        .blockedOn("#147").build())
                .withAgent("worker-3", agent(151, "testing", "ran the suite", Duration.ofMinutes(25)))
                .withAgent("worker-4", agent(null, "done", "", Duration.ofHours(2)));

        assertThat(plain(0, views(doc))).isEqualTo("""
                AGENT     ISSUE  STATUS           SEEN     LAST ACTION
                worker-3  #151   ⚠ STALE testing  25m ago  ran the suite
                worker-2  #150   ◆ blocked        3m ago   waits on #147 · needs the parser
                worker-1  #147   ● implementing   42s ago  wrote the parser
                worker-4  -      ✓ done           2h ago
                4 agents · 1 stale (silent over 10m) · 1 blocked · 1 done
                """);
    }

    @Test
    void anAgentThatNeverGaveATimeIsShownAsNeverSeenAndStale() {
        StatusDocument doc = StatusDocument.empty().withAgent("ghost", agent(1, "starting", null, null));

        String out = plain(0, views(doc));

        assertThat(out).contains("ghost").contains("⚠ STALE starting").contains("never");
        assertThat(out).endsWith("1 agent · 1 stale (silent over 10m)\n");
    }

    @Test
    void agentTextIsShownWithControlCharactersAndEscapesNeutralised() {
        StatusDocument doc = StatusDocument.empty()
                .withAgent("w\u001b[2Jx", agent(1, "implementing\u001b[31m", "all good\u001b[2J\u001b]0;pwned\u0007\nrm -rf", Duration.ofSeconds(1))
                        .toBuilder().blockedOn("\u202eevil").status("blocked").build());

        String out = plain(0, views(doc));

        assertThat(out).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e");
        assertThat(out.lines()).hasSize(3);
        assertThat(out).contains("w␛[2Jx").contains("all good␛[2J␛]0;pwned␇␊rm -rf").contains("waits on <U+202E>evil");
    }

    @Test
    void theLastActionIsCutToTheTerminalWidth() {
        String longAction = "a very long account of what the agent did, " + "and then some more ".repeat(10);
        StatusDocument doc = StatusDocument.empty()
                .withAgent("worker-1", agent(147, "implementing", longAction, Duration.ofSeconds(5)));

        String narrow = plain(80, views(doc));
        String unlimited = plain(0, views(doc));

        assertThat(narrow.lines().toList().get(1)).hasSize(80).endsWith("…");
        assertThat(narrow.lines().toList().get(1)).startsWith("worker-1  #147   ● implementing  5s ago  a very long account");
        assertThat(unlimited).contains(longAction.strip());
    }

    @Test
    void wideCharactersCountAsTwoColumnsWhenCutting() {
        StatusDocument doc = StatusDocument.empty()
                .withAgent("w", agent(1, "testing", "日本語".repeat(40), Duration.ofSeconds(5)));

        String row = plain(60, views(doc)).lines().toList().get(1);

        assertThat(TextWidth.of(row)).isLessThanOrEqualTo(60);
        assertThat(row).endsWith("…");
    }

    @Test
    void noAgentsSaysHowAnAgentReports() {
        assertThat(plain(0, List.of())).startsWith("No agents have reported yet.").contains("ghp agent-heartbeat");
    }

    @Test
    void colourOnlyWhenTheStyleAllowsIt() {
        StatusDocument doc = StatusDocument.empty()
                .withAgent("old", agent(1, "testing", "x", Duration.ofHours(1)))
                .withAgent("new", agent(2, "testing", "x", Duration.ofSeconds(1)));

        String coloured = new StatusTable(new Style(true), 0).render(views(doc), LIMIT);

        assertThat(plain(0, views(doc))).doesNotContain("\u001b");
        assertThat(coloured).contains("\u001b[31m").contains("\u001b[1m");
        assertThat(coloured.lines().filter(l -> l.contains("old")).findFirst().orElseThrow()).startsWith("\u001b[31m");
        assertThat(coloured.lines().filter(l -> l.contains("new")).findFirst().orElseThrow()).doesNotContain("\u001b");
    }
}
