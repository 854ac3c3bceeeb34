package dev.ghp.agents.render;

import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.rules.Timeline;
import dev.ghp.agents.text.TextWidth;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code ghp agent-status --timeline}: one row per agent, time running left to right, each column
 * a slice of time drawn with the status that filled most of it. The glyphs alone tell the states
 * apart (output to a pipe has no colour); colour, when allowed, only adds to them.
 */
public final class TimelineChart {
    static final char WORKING = '█';
    static final char BLOCKED = '▓';
    static final char WAITING = '▒';
    static final char SILENT = '░';
    static final char DONE = '▁';
    static final char NO_ENTRY = '·';

    private static final int MAX_NAME = 24;
    private static final List<Duration> TICKS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7));
    /** A 5-character label and room to breathe. */
    private static final int MIN_TICK_COLUMNS = 8;

    private final Style style;
    private final ZoneId zone;
    private final int width;

    /** @param width the whole line's width in columns */
    public TimelineChart(Style style, ZoneId zone, int width) {
        this.style = style;
        this.zone = zone;
        this.width = width;
    }

    public String render(List<Timeline.Row> rows, Instant from, Instant to, Duration staleAfter) {
        StringBuilder out = new StringBuilder();
        if (rows.isEmpty()) {
            out.append("No agent had an entry in ").append(span(from, to)).append(' ').append(zoneName()).append(".\n");
            return out.toString();
        }
        int nameWidth = 5;
        int issueWidth = 5;
        for (Timeline.Row r : rows) {
            nameWidth = Math.max(nameWidth, Math.min(MAX_NAME, TextWidth.of(Printable.line(r.agent()))));
            issueWidth = Math.max(issueWidth, issue(r).length());
        }
        int statusWidth = 12;
        int bar = Math.max(20, width - nameWidth - issueWidth - statusWidth - 6);
        Duration step = Duration.between(from, to).dividedBy(bar);
        if (step.isZero()) {
            step = Duration.ofMillis(1);
        }
        String indent = " ".repeat(nameWidth + issueWidth + 4);
        out.append(indent).append(axis(from, step, bar)).append('\n');
        for (Timeline.Row r : rows) {
            out.append(TextWidth.pad(TextWidth.fit(Printable.line(r.agent()), MAX_NAME), nameWidth)).append("  ")
                    .append(TextWidth.pad(issue(r), issueWidth)).append("  ")
                    .append(bar(r.segments(), from, step, bar)).append("  ")
                    .append(r.status() == null ? style.dim("signed off") : Printable.line(r.status()))
                    .append('\n');
        }
        out.append(indent).append(style.dim(span(from, to) + " " + zoneName() + " · one column ≈ " + Durations.brief(step)))
                .append('\n');
        out.append(indent).append(legend(staleAfter)).append('\n');
        return out.toString();
    }

    private String legend(Duration staleAfter) {
        return paint(WORKING, 1) + " working  " + paint(BLOCKED, 1) + " blocked  " + paint(WAITING, 1) + " waiting  "
                + paint(SILENT, 1) + " silent (no heartbeat for over " + Durations.brief(staleAfter) + ")  "
                + paint(DONE, 1) + " done  " + paint(NO_ENTRY, 1) + " no entry";
    }

    private static String issue(Timeline.Row r) {
        return r.issue() == null ? "-" : "#" + r.issue();
    }

    /**
     * Each column shows the status that covers most of its slice, except the last, which shows the
     * status at its end: the last column is now. Colour runs are wrapped once.
     */
    private String bar(List<Timeline.Segment> segments, Instant from, Duration step, int columns) {
        StringBuilder b = new StringBuilder();
        char run = 0;
        int runLength = 0;
        int next = 0;
        for (int c = 0; c < columns; c++) {
            Instant a = from.plus(step.multipliedBy(c));
            Instant z = a.plus(step);
            while (next < segments.size() && !segments.get(next).to().isAfter(a)) {
                next++;
            }
            Duration best = Duration.ZERO;
            String status = null;
            for (int i = next; i < segments.size() && segments.get(i).from().isBefore(z); i++) {
                Timeline.Segment s = segments.get(i);
                Instant lo = s.from().isAfter(a) ? s.from() : a;
                Instant hi = s.to().isBefore(z) ? s.to() : z;
                Duration overlap = Duration.between(lo, hi);
                if (overlap.compareTo(best) > 0) {
                    best = overlap;
                    status = s.status();
                }
            }
            if (c == columns - 1) {
                Timeline.Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
                status = last != null && !last.to().isBefore(z) && last.from().isBefore(z) ? last.status() : null;
            }
            char g = glyph(status);
            if (g != run && runLength > 0) {
                b.append(paint(run, runLength));
                runLength = 0;
            }
            run = g;
            runLength++;
        }
        if (runLength > 0) {
            b.append(paint(run, runLength));
        }
        return b.toString();
    }

    static char glyph(String status) {
        if (status == null) {
            return NO_ENTRY;
        }
        if (Timeline.SILENT.equals(status)) {
            return SILENT;
        }
        AgentStatus s = AgentStatus.fromWire(status).orElse(null);
        if (s == AgentStatus.BLOCKED) {
            return BLOCKED;
        }
        if (s == AgentStatus.WAITING) {
            return WAITING;
        }
        if (s == AgentStatus.DONE) {
            return DONE;
        }
        return WORKING;
    }

    private String paint(char g, int n) {
        String s = String.valueOf(g).repeat(n);
        return switch (g) {
            case WORKING -> style.green(s);
            case BLOCKED -> style.yellow(s);
            case WAITING -> style.cyan(s);
            case SILENT -> style.red(s);
            case DONE, NO_ENTRY -> style.dim(s);
            default -> s;
        };
    }

    /** Time labels at round times, far enough apart to read; each starts at its tick's column. */
    private String axis(Instant from, Duration step, int columns) {
        long stepMillis = Math.max(1, step.toMillis());
        Duration tick = TICKS.get(TICKS.size() - 1);
        for (Duration t : TICKS) {
            if (t.toMillis() / stepMillis >= MIN_TICK_COLUMNS) {
                tick = t;
                break;
            }
        }
        DateTimeFormatter format = DateTimeFormatter.ofPattern(tick.compareTo(Duration.ofDays(1)) >= 0 ? "MM-dd" : "HH:mm", Locale.ROOT);
        char[] line = " ".repeat(columns).toCharArray();
        int free = 0;
        Instant end = from.plus(step.multipliedBy(columns));
        for (Instant t = firstTick(from, tick); t.isBefore(end); t = t.plus(tick)) {
            int col = (int) (Duration.between(from, t).toMillis() / stepMillis);
            String label = ZonedDateTime.ofInstant(t, zone).format(format);
            if (col < free || col + label.length() > columns) {
                continue;
            }
            label.getChars(0, label.length(), line, col);
            free = col + label.length() + 1;
        }
        return new String(line).stripTrailing();
    }

    /** The first round time (a multiple of the tick in local time) at or after {@code from}. */
    private Instant firstTick(Instant from, Duration tick) {
        ZonedDateTime local = ZonedDateTime.ofInstant(from, zone);
        ZonedDateTime start;
        if (tick.compareTo(Duration.ofDays(1)) >= 0) {
            start = local.truncatedTo(ChronoUnit.DAYS);
        } else if (tick.compareTo(Duration.ofHours(1)) >= 0) {
            start = local.truncatedTo(ChronoUnit.DAYS);
        } else {
            start = local.truncatedTo(ChronoUnit.HOURS);
        }
        Instant t = start.toInstant();
        while (t.isBefore(from)) {
            t = t.plus(tick);
        }
        return t;
    }

    /** {@code 2025-01-25 02:30 → 10:30}: the date once, again only when the day changes. */
    private String span(Instant from, Instant to) {
        ZonedDateTime a = ZonedDateTime.ofInstant(from, zone);
        ZonedDateTime b = ZonedDateTime.ofInstant(to, zone);
        DateTimeFormatter full = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
        return a.format(full) + " → " + b.format(a.toLocalDate().equals(b.toLocalDate()) ? DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT) : full);
    }

    private String zoneName() {
        return zone.getId().equals("Z") ? "UTC" : zone.getId();
    }
}
