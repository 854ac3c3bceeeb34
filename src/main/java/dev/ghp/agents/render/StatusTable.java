package dev.ghp.agents.render;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.rules.AgentView;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.text.TextWidth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The human view of {@code ghp agent-status}: one row per agent, in attention order, and a summary
 * line. Every piece of agent-supplied text goes through {@link Printable} first.
 */
public final class StatusTable {
    private static final String[] HEADERS = {"AGENT", "ISSUE", "STATUS", "SEEN", "LAST ACTION"};
    private static final int SEEN = 3;
    /** The least a row's last action is cut to, however narrow the terminal. */
    private static final int MIN_LAST = 10;

    private final Style style;
    private final int width;
    private Map<String, String> blockerStates = Map.of();
    private Map<String, SeenNote> seenNotes = Map.of();

    /**
     * What a row's SEEN cell adds after the age: where its agent was heard ({@code "via sync 2m ago"}),
     * and a shorter form ({@code "via sync"}) for a terminal too narrow for the full one.
     */
    public record SeenNote(String full, String brief) {
    }

    /** @param width the terminal's width in columns, or 0 for no limit (output to a pipe or file) */
    public StatusTable(Style style, int width) {
        this.style = style;
        this.width = width;
    }

    /** What became of each blocked agent's blocker ("done", "stale", …), shown after "waits on". */
    public StatusTable withBlockerStates(Map<String, String> states) {
        this.blockerStates = Map.copyOf(states);
        return this;
    }

    /** Notes for the SEEN cells, by agent name ({@link SeenNote}); a row without one shows the age alone. */
    public StatusTable withSeenNotes(Map<String, SeenNote> notes) {
        this.seenNotes = Map.copyOf(notes);
        return this;
    }

    public String render(List<AgentView> agents, Duration staleAfter) {
        if (agents.isEmpty()) {
            return "No agents have reported yet. An agent reports with:\n"
                    + "  ghp agent-heartbeat --issue N --status implementing --action \"what it did\"\n";
        }
        List<String[]> rows = new ArrayList<>();
        for (AgentView v : agents) {
            rows.add(new String[]{Printable.line(v.name()), issue(v.record()), statusText(v), seen(v, false), action(v)});
        }
        // Each cell is measured once: the column widths and the padding both need it, 5,000 times
        // for 1,000 agents.
        int[][] cellWidths = new int[rows.size()][];
        int[] headerWidths = new int[HEADERS.length];
        int[] widths = new int[HEADERS.length];
        for (int i = 0; i < HEADERS.length; i++) {
            headerWidths[i] = TextWidth.of(HEADERS[i]);
        }
        measure(rows, cellWidths, headerWidths, widths);
        if (width > 0 && !seenNotes.isEmpty() && roomForLast(widths) < MIN_LAST) {
            // Too narrow for the full notes: the brief ones keep the last column readable.
            for (int r = 0; r < rows.size(); r++) {
                rows.get(r)[SEEN] = seen(agents.get(r), true);
            }
            measure(rows, cellWidths, headerWidths, widths);
        }
        StringBuilder out = new StringBuilder(rows.size() * 80 + 200);
        StringBuilder line = new StringBuilder(200);
        out.append(style.bold(line(line, HEADERS, headerWidths, widths))).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            out.append(colourFor(agents.get(i), line(line, rows.get(i), cellWidths[i], widths))).append('\n');
        }
        out.append(summary(agents, staleAfter)).append('\n');
        return out.toString();
    }

    private static void measure(List<String[]> rows, int[][] cellWidths, int[] headerWidths, int[] widths) {
        System.arraycopy(headerWidths, 0, widths, 0, widths.length);
        for (int r = 0; r < rows.size(); r++) {
            String[] cells = rows.get(r);
            int[] w = new int[cells.length];
            for (int i = 0; i < cells.length; i++) {
                w[i] = TextWidth.of(cells[i]);
                widths[i] = Math.max(widths[i], w[i]);
            }
            cellWidths[r] = w;
        }
    }

    /** The columns the terminal leaves for the last cell once the others are padded. */
    private int roomForLast(int[] widths) {
        int used = 0;
        for (int i = 0; i < widths.length - 1; i++) {
            used += widths[i] + 2;
        }
        return width - used;
    }

    /** One row: every cell but the last padded to its column, the last cut to the terminal's width. */
    private String line(StringBuilder b, String[] cells, int[] cellWidths, int[] widths) {
        b.setLength(0);
        int used = 0;
        for (int i = 0; i < cells.length - 1; i++) {
            b.append(cells[i]);
            for (int pad = Math.max(0, widths[i] - cellWidths[i]) + 2; pad > 0; pad--) {
                b.append(' ');
            }
            used += Math.max(widths[i], cellWidths[i]) + 2;
        }
        String last = cells[cells.length - 1];
        if (width > 0) {
            int room = Math.max(MIN_LAST, width - used);
            last = TextWidth.fit(last, room);
        }
        return b.append(last).toString().stripTrailing();
    }

    private String colourFor(AgentView v, String text) {
        if (v.stale()) {
            return style.red(text);
        }
        AgentStatus s = v.record().knownStatus().orElse(null);
        if (s == AgentStatus.BLOCKED || s == AgentStatus.WAITING) {
            return style.yellow(text);
        }
        if (s == AgentStatus.DONE) {
            return style.dim(text);
        }
        return text;
    }

    private static String issue(AgentRecord r) {
        return r.issue() == null ? "-" : "#" + r.issue();
    }

    static String statusText(AgentView v) {
        String status = Printable.line(v.record().status() == null ? "?" : v.record().status());
        if (v.clockAhead()) {
            return "⚠ CLOCK AHEAD " + status;
        }
        if (v.stale()) {
            return "⚠ STALE " + status;
        }
        AgentStatus s = v.record().knownStatus().orElse(null);
        String symbol = s == null ? "?" : switch (s) {
            case STARTING -> "○";
            case BLOCKED -> "◆";
            case WAITING -> "◇";
            case DONE -> "✓";
            default -> "●";
        };
        return symbol + " " + status;
    }

    private String seen(AgentView v, boolean briefNote) {
        String age;
        if (v.age() != null && v.age().isNegative()) {
            age = "in " + Durations.brief(v.age().negated());
        } else {
            age = v.age() == null ? "never" : Durations.brief(v.age()) + " ago";
        }
        SeenNote note = seenNotes.get(v.name());
        return note == null ? age : age + " · " + (briefNote ? note.brief() : note.full());
    }

    private String action(AgentView v) {
        AgentRecord r = v.record();
        String text = Printable.line(r.lastAction());
        if (r.blockedOn() != null) {
            String state = blockerStates.get(v.name());
            String waits = "waits on " + Printable.line(r.blockedOn()) + (state == null ? "" : " (" + state + ")");
            return text.isEmpty() ? waits : waits + " · " + text;
        }
        return text;
    }

    private static String summary(List<AgentView> agents, Duration staleAfter) {
        long stale = agents.stream().filter(AgentView::stale).count();
        long blocked = agents.stream().filter(v -> !v.stale()
                && v.record().knownStatus().orElse(null) == AgentStatus.BLOCKED).count();
        long done = agents.stream().filter(v -> v.record().isDone()).count();
        StringBuilder s = new StringBuilder().append(agents.size()).append(agents.size() == 1 ? " agent" : " agents");
        s.append(" · ").append(stale).append(" stale (silent over ").append(Durations.brief(staleAfter)).append(')');
        if (blocked > 0) {
            s.append(" · ").append(blocked).append(" blocked");
        }
        if (done > 0) {
            s.append(" · ").append(done).append(" done");
        }
        return s.toString();
    }
}
