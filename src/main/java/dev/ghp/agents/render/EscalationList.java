package dev.ghp.agents.render;

import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.text.TextWidth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Escalations as a table, one line each, every piece of agent text neutralised. */
public final class EscalationList {
    private final Style style;
    private final int width;

    /** @param width the terminal's width, or 0 for no limit */
    public EscalationList(Style style, int width) {
        this.style = style;
        this.width = width;
    }

    public String render(List<Escalation> escalations, Instant now, boolean withStatus) {
        List<String[]> rows = new ArrayList<>();
        List<String> headers = new ArrayList<>(List.of("ID", "KIND"));
        if (withStatus) {
            headers.add("STATUS");
        }
        headers.addAll(List.of("ISSUE", "AGENT", "AGE", "MESSAGE"));
        for (Escalation e : escalations) {
            List<String> r = new ArrayList<>(List.of(Printable.line(e.id()), Printable.line(e.kind())));
            if (withStatus) {
                r.add(e.isOpen() ? "open" : Printable.line(e.decision() != null ? e.decision() : e.status()));
            }
            r.add(e.issue() == null ? "-" : "#" + e.issue());
            r.add(e.agent() == null ? "-" : Printable.line(e.agent()));
            r.add(e.createdAt() == null ? "?" : Durations.brief(Duration.between(e.createdAt(), now)));
            r.add(Printable.line(e.message()));
            rows.add(r.toArray(new String[0]));
        }
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = TextWidth.of(headers.get(i));
            for (String[] r : rows) {
                widths[i] = Math.max(widths[i], TextWidth.of(r[i]));
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(style.bold(line(headers.toArray(new String[0]), widths))).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            String text = line(rows.get(i), widths);
            out.append(escalations.get(i).isOpen() ? style.yellow(text) : style.dim(text)).append('\n');
        }
        return out.toString();
    }

    /** The block under the agent table in {@code ghp agent-status}: indented, one line each. */
    public String renderUnderAgents(List<Escalation> open, Instant now) {
        if (open.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n");
        out.append(style.bold("Open escalations (" + open.size() + ")")).append('\n');
        for (Escalation e : open) {
            String age = e.createdAt() == null ? "?" : Durations.brief(Duration.between(e.createdAt(), now)) + " ago";
            String head = "  " + e.id() + "  " + Printable.line(e.kind()) + "  "
                    + (e.issue() == null ? "" : "#" + e.issue() + "  ")
                    + (e.agent() == null ? "" : Printable.line(e.agent()) + "  ") + age + "  ";
            String msg = Printable.line(e.message());
            if (width > 0) {
                msg = TextWidth.fit(msg, Math.max(10, width - TextWidth.of(head)));
            }
            out.append(style.yellow(head + msg)).append('\n');
        }
        out.append("  answer with: ghp agent-escalate --resolve ID --answer TEXT (approvals: --approve or --deny)\n");
        return out.toString();
    }

    private String line(String[] cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length - 1; i++) {
            b.append(TextWidth.pad(cells[i], widths[i])).append("  ");
        }
        String last = cells[cells.length - 1];
        if (width > 0) {
            last = TextWidth.fit(last, Math.max(10, width - TextWidth.of(b.toString())));
        }
        return b.append(last).toString().stripTrailing();
    }
}
