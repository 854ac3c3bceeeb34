package dev.ghp.agents.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The timeline ({@code agent-status --timeline --json}) as an inline SVG drawn on the server: a
 * row per agent, time left to right, each stretch coloured by its status (the classes are styled
 * in page.css, since the page's policy allows no inline style). Each bar carries a title with its
 * status, so the chart reads without colour too.
 */
final class TimelineSvg {
    private static final int LABEL = 160;
    private static final int WIDTH = 900;
    private static final int ROW = 22;
    private static final int AXIS = 20;
    private static final java.time.Duration MIN_SPAN = java.time.Duration.ofMinutes(10);

    String render(JsonNode timeline) {
        Instant from = instant(timeline.path("from").asText(null));
        Instant to = instant(timeline.path("to").asText(null));
        JsonNode agents = timeline.path("agents");
        if (from == null || to == null || !to.isAfter(from) || agents.isEmpty()) {
            return "<p class=\"none\">No agent had an entry in the timeline's window.</p>";
        }
        from = firstEntry(agents, from, to);
        double span = to.toEpochMilli() - from.toEpochMilli();
        int bars = WIDTH - LABEL;
        int height = agents.size() * ROW + AXIS;
        StringBuilder out = new StringBuilder();
        out.append("<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\"><title>Each agent's status from ")
                .append(Html.text(timeline.path("from").asText())).append(" to ").append(Html.text(timeline.path("to").asText()))
                .append("</title>");
        int row = 0;
        var names = agents.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            int y = row * ROW;
            out.append("<text class=\"tl-name\" x=\"0\" y=\"").append(y + 15).append("\">").append(Html.text(name)).append("</text>");
            for (JsonNode sg : agents.path(name).path("segments")) {
                Instant a = instant(sg.path("from").asText(null));
                Instant b = instant(sg.path("to").asText(null));
                if (a == null || b == null) {
                    continue;
                }
                double x0 = LABEL + bars * Math.max(0, (a.toEpochMilli() - from.toEpochMilli()) / span);
                double x1 = LABEL + bars * Math.min(1, (b.toEpochMilli() - from.toEpochMilli()) / span);
                String status = sg.path("status").asText("");
                out.append("<rect class=\"tl-").append(tone(status)).append("\" x=\"").append(fmt(x0)).append("\" y=\"")
                        .append(y + 4).append("\" width=\"").append(fmt(Math.max(1, x1 - x0))).append("\" height=\"")
                        .append(ROW - 8).append("\"><title>").append(Html.text(name)).append(": ").append(Html.text(status))
                        .append(sg.path("issue").isNumber() ? " #" + sg.path("issue").asInt() : "").append(", ")
                        .append(Html.text(sg.path("from").asText())).append(" to ").append(Html.text(sg.path("to").asText()))
                        .append("</title></rect>");
            }
            row++;
        }
        int axis = agents.size() * ROW + 14;
        out.append("<text class=\"tl-axis\" x=\"").append(LABEL).append("\" y=\"").append(axis).append("\">")
                .append(Html.text(clock(from))).append("</text><text class=\"tl-axis end\" x=\"").append(WIDTH)
                .append("\" y=\"").append(axis).append("\">").append(Html.text(clock(to))).append(" UTC</text></svg>");
        out.append("<p class=\"legend\"><span class=\"tl-work\"></span>working <span class=\"tl-waiting\"></span>waiting"
                + " <span class=\"tl-blocked\"></span>blocked <span class=\"tl-silent\"></span>silent"
                + " <span class=\"tl-done\"></span>done</p>");
        return out.toString();
    }

    /**
     * Where the chart starts: the window's start, or the first entry in it when that is later (a
     * team that began ten minutes ago fills the width instead of its last pixel), but never less
     * than {@link #MIN_SPAN} before {@code to}.
     */
    private static Instant firstEntry(JsonNode agents, Instant from, Instant to) {
        Instant first = to.minus(MIN_SPAN);
        for (JsonNode agent : agents) {
            for (JsonNode sg : agent.path("segments")) {
                Instant a = instant(sg.path("from").asText(null));
                if (a != null && a.isBefore(first)) {
                    first = a;
                }
            }
        }
        return first.isBefore(from) ? from : first;
    }

    /** The five tones the chart tells apart, as the terminal chart does. */
    private static String tone(String status) {
        return switch (status) {
            case "blocked" -> "blocked";
            case "waiting" -> "waiting";
            case "silent" -> "silent";
            case "done" -> "done";
            default -> "work";
        };
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String clock(Instant t) {
        return t.toString().substring(11, 16);
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
