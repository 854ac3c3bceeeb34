package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.model.StatusDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who did what when, from the agent table as it was at each commit of the coordination ref: per
 * agent, the statuses it reported as time segments, with the stretches in which it went silent
 * (no heartbeat for longer than the stale limit) marked as such.
 */
public final class Timeline {
    /** The status of a stretch in which the agent had not reported for longer than the stale limit. */
    public static final String SILENT = "silent";

    private Timeline() {
    }

    /**
     * The agent table as one commit left it.
     *
     * @param parentAgents the agents in the commit's parents' tables: one of them missing from
     *                     {@code status} signed off in this commit. Commits of different machines
     *                     interleave in time (agent-sync merges them), so "missing since the
     *                     previous commit in time" would not mean the same.
     */
    public record Moment(Instant committed, StatusDocument status, Set<String> parentAgents) {
    }

    /** A stretch of time with one status (a wire status, or {@link #SILENT}). */
    public record Segment(String status, Integer issue, Instant from, Instant to) {
        public Duration length() {
            return Duration.between(from, to);
        }
    }

    /**
     * One agent's row.
     *
     * @param issue    its latest issue, or null
     * @param status   its latest status, or null when it signed off
     * @param segments in time order, not overlapping; gaps are times it had no entry
     */
    public record Row(String agent, Integer issue, String status, List<Segment> segments) {
    }

    private record Event(Instant at, String status, Integer issue, boolean gone) {
    }

    /**
     * @param moments    oldest first, starting with the last one before {@code from} when there is one
     * @param staleAfter silence longer than this is drawn as {@link #SILENT}
     */
    public static List<Row> build(List<Moment> moments, Instant from, Instant to, Duration staleAfter) {
        Map<String, TreeMap<Instant, Event>> events = new TreeMap<>();
        for (Moment m : moments) {
            for (Map.Entry<String, AgentRecord> e : m.status().agents().entrySet()) {
                AgentRecord r = e.getValue();
                Instant at = r.timestamp() != null ? r.timestamp() : m.committed();
                events.computeIfAbsent(e.getKey(), k -> new TreeMap<>()).put(at, new Event(at, r.status(), r.issue(), false));
            }
            for (String name : m.parentAgents()) {
                TreeMap<Instant, Event> mine = events.get(name);
                if (!m.status().agents().containsKey(name) && mine != null
                        && (mine.isEmpty() || !mine.lastKey().isAfter(m.committed()))) {
                    mine.put(m.committed(), new Event(m.committed(), null, null, true));
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        events.forEach((name, mine) -> {
            List<Segment> segments = clip(segments(new ArrayList<>(mine.values()), to, staleAfter), from, to);
            if (!segments.isEmpty()) {
                Event last = mine.lastEntry().getValue();
                rows.add(new Row(name, last.gone() ? lastIssue(mine) : last.issue(), last.gone() ? null : last.status(), segments));
            }
        });
        rows.sort(Comparator.comparing(Row::agent));
        return rows;
    }

    private static List<Segment> segments(List<Event> events, Instant to, Duration staleAfter) {
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            Instant next = i + 1 < events.size() ? events.get(i + 1).at() : to;
            if (e.gone() || !next.isAfter(e.at())) {
                continue;
            }
            if (AgentStatus.DONE.wire().equals(e.status())) {
                add(out, new Segment(e.status(), e.issue(), e.at(), next));
                continue;
            }
            Instant liveUntil = e.at().plus(staleAfter);
            if (liveUntil.isBefore(next)) {
                add(out, new Segment(e.status(), e.issue(), e.at(), liveUntil));
                add(out, new Segment(SILENT, e.issue(), liveUntil, next));
            } else {
                add(out, new Segment(e.status(), e.issue(), e.at(), next));
            }
        }
        return out;
    }

    /** Appends, merging with the previous segment when it continues it. */
    private static void add(List<Segment> out, Segment s) {
        if (!out.isEmpty()) {
            Segment last = out.get(out.size() - 1);
            if (last.to().equals(s.from()) && Objects.equals(last.status(), s.status()) && Objects.equals(last.issue(), s.issue())) {
                out.set(out.size() - 1, new Segment(s.status(), s.issue(), last.from(), s.to()));
                return;
            }
        }
        out.add(s);
    }

    private static List<Segment> clip(List<Segment> segments, Instant from, Instant to) {
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments) {
            Instant a = s.from().isBefore(from) ? from : s.from();
            Instant b = s.to().isAfter(to) ? to : s.to();
            if (b.isAfter(a)) {
                out.add(new Segment(s.status(), s.issue(), a, b));
            }
        }
        return out;
    }

    private static Integer lastIssue(TreeMap<Instant, Event> events) {
        return events.descendingMap().values().stream().filter(e -> !e.gone()).map(Event::issue)
                .filter(Objects::nonNull).findFirst().orElse(null);
    }
}
