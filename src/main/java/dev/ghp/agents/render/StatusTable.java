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

    private final Style style;
    private final int width;
    private Map<String, String> blockerStates = Map.of();

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

    public String render(List<AgentView> agents, Duration staleAfter) {
        if (agents.isEmpty()) {
            return "No agents have reported yet. An agent reports with:\n"
                    + "  ghp agent-heartbeat --issue N --status implementing --action \"what it did\"\n";
        }
        List<String[]> rows = new ArrayList<>();
        for (AgentView v : agents) {
            rows.add(new String[]{Printable.line(v.name()), issue(v.record()), statusText(v), seen(v), action(v)});
        }
        // Each cell is measured once: the column widths and the padding both need it, 5,000 times
        // for 1,000 agents.
        int[][] cellWidths = new int[rows.size()][];
        int[] headerWidths = new int[HEADERS.length];
        int[] widths = new int[HEADERS.length];
        for (int i = 0; i < HEADERS.length; i++) {
            headerWidths[i] = TextWidth.of(HEADERS[i]);
            widths[i] = headerWidths[i];
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] cells = rows.get(r);
            int[] w = new int[cells.length];
            for (int i = 0; i < cells.length; i++) {
                w[i] = TextWidth.of(cells[i]);
                widths[i] = Math.max(widths[i], w[i]);
            }
            cellWidths[r] = w;
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
            int room = Math.max(10, width - used);
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

    private static String seen(AgentView v) {
        if (v.age() != null && v.age().isNegative()) {
            return "in " + Durations.brief(v.age().negated());
        }
        return v.age() == null ? "never" : Durations.brief(v.age()) + " ago";
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
