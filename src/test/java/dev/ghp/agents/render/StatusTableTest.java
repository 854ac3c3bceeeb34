package dev.ghp.agents.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.AgentView;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
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

    @Test
    void aSeenNoteFollowsTheAgeAndGoesBriefWhenTheTerminalIsTooNarrowForIt() {
        StatusDocument doc = StatusDocument.empty()
                .withAgent("worker-1", agent(147, "implementing", "wrote the parser", Duration.ofSeconds(42)))
                .withAgent("worker-2", agent(150, "testing", "ran the whole suite again", Duration.ofMinutes(3)));
        java.util.Map<String, StatusTable.SeenNote> notes =
                java.util.Map.of("worker-2", new StatusTable.SeenNote("via sync 2m ago", "via sync"));

        String wide = new StatusTable(new Style(false), 0).withSeenNotes(notes).render(views(doc), LIMIT);
        String roomy = new StatusTable(new Style(false), 80).withSeenNotes(notes).render(views(doc), LIMIT);
        String narrow = new StatusTable(new Style(false), 64).withSeenNotes(notes).render(views(doc), LIMIT);

        assertThat(wide).contains("worker-2  #150   ● testing       3m ago · via sync 2m ago  ran the whole suite again\n")
                .contains("worker-1  #147   ● implementing  42s ago                   wrote the parser\n");
        assertThat(roomy).contains("3m ago · via sync 2m ago  ran the whole suite …\n");
        assertThat(narrow).contains("worker-2  #150   ● testing       3m ago · via sync  ran the who…\n");
        assertThat(narrow.lines()).allSatisfy(l -> assertThat(TextWidth.of(l)).isLessThanOrEqualTo(64));
    }

    /**
     * The table measures each cell once and pads in place (1,000 agents, issue #16); what it prints
     * must stay what padding each cell with TextWidth.pad, joining with two spaces, cutting the last
     * cell and stripping the line's end printed: wide, combining and invisible characters, a
     * trailing space and a trailing em space, colour on and off, every width.
     */
    @Test
    void rowsAreTheCellsPaddedToTheirColumnsJoinedAndStrippedWhateverTheText() {
        StatusDocument doc = StatusDocument.empty()
                .withAgent("日本-agent", agent(7, "implementing", "wrote 日本語 tests ", Duration.ofSeconds(5)))
                .withAgent("e\u0301lan", agent(12345, "testing", "ends with an em space\u2003", Duration.ofMinutes(2)))
                .withAgent("zw\u200bsp", agent(null, "reviewing", "tab\there", Duration.ofHours(3)))
                .withAgent("emoji-👩‍💻", agent(3, "waiting", "", Duration.ofSeconds(40)))
                .withAgent("x", agent(4, "some-new-status", "  ", Duration.ofSeconds(1)));
        List<AgentView> views = views(doc);

        for (boolean colour : new boolean[]{false, true}) {
            for (int width : new int[]{0, 20, 40, 60, 200}) {
                String table = new StatusTable(new Style(colour), width).render(views, LIMIT);
                List<String> lines = table.lines().toList();
                assertThat(lines).hasSize(views.size() + 2);
                for (int i = 0; i < views.size(); i++) {
                    assertThat(stripStyle(lines.get(i + 1))).isEqualTo(reference(views, width, i));
                }
            }
        }
    }

    /** Row {@code i} as the table printed it before it measured cells once: the reference rendering. */
    private static String reference(List<AgentView> views, int width, int row) {
        String[][] cells = new String[views.size()][];
        for (int i = 0; i < views.size(); i++) {
            AgentView v = views.get(i);
            AgentRecord r = v.record();
            String seen = v.age() == null ? "never" : Durations.brief(v.age()) + " ago";
            cells[i] = new String[]{Printable.line(v.name()), r.issue() == null ? "-" : "#" + r.issue(),
                    StatusTable.statusText(v), seen, Printable.line(r.lastAction())};
        }
        String[] headers = {"AGENT", "ISSUE", "STATUS", "SEEN", "LAST ACTION"};
        int[] widths = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            widths[c] = TextWidth.of(headers[c]);
            for (String[] cs : cells) {
                widths[c] = Math.max(widths[c], TextWidth.of(cs[c]));
            }
        }
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < headers.length - 1; c++) {
            b.append(TextWidth.pad(cells[row][c], widths[c])).append("  ");
        }
        String last = cells[row][headers.length - 1];
        if (width > 0) {
            last = TextWidth.fit(last, Math.max(10, width - TextWidth.of(b.toString())));
        }
        return b.append(last).toString().stripTrailing();
    }

    private static String stripStyle(String s) {
        return s.replaceAll("\u001b\\[[0-9]*m", "");
    }
}
