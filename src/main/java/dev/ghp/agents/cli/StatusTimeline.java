package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.render.Style;
import dev.ghp.agents.render.TimelineChart;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.rules.Timeline;
import dev.ghp.agents.store.CoordinationHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;

/**
 * {@code agent-status --timeline}: each agent's status over the last {@code --since}, read from
 * the coordination ref's history rather than its tip, as a chart or as JSON.
 */
final class StatusTimeline {
    private final Io io;
    private final Environment env;
    private final Repository repository;
    private final StaleDetector detector;
    private final StatusFilter filter;
    private final Duration window;
    /** Per agent, who wrote its entry in the window and how often: filled by {@link #rows}. */
    private Map<String, Map<TimelineWriters.Writer, Integer>> writers = Map.of();

    StatusTimeline(Io io, Environment env, Repository repository, StaleDetector detector, StatusFilter filter,
                   Duration window) {
        this.io = io;
        this.env = env;
        this.repository = repository;
        this.detector = detector;
        this.filter = filter;
        this.window = window;
    }

    String text() {
        Instant now = env.clock().instant();
        List<Timeline.Row> rows = rows(now);
        int columns = 100;
        String c = env.get("COLUMNS");
        if (c != null && c.matches("\\d{2,4}")) {
            columns = Integer.parseInt(c);
        }
        return new TimelineChart(new Style(env.colour()), env.zone(), columns)
                .render(rows, now.minus(window), now, detector.staleAfter())
                + TimelineWriters.text(rows.stream().map(Timeline.Row::agent).toList(), writers);
    }

    ObjectNode json() {
        Instant now = env.clock().instant();
        List<Timeline.Row> rows = rows(now);
        ObjectNode root = Json.object();
        root.put("schemaVersion", 1);
        root.put("from", StatusCodec.formatInstant(now.minus(window)));
        root.put("to", StatusCodec.formatInstant(now));
        root.put("staleAfterSeconds", detector.staleAfter().getSeconds());
        ObjectNode agents = root.putObject("agents");
        for (Timeline.Row r : rows) {
            ObjectNode a = agents.putObject(r.agent());
            if (r.issue() == null) {
                a.putNull("issue");
            } else {
                a.put("issue", r.issue());
            }
            a.put("status", r.status());
            a.set("writtenBy", TimelineWriters.json(writers.getOrDefault(r.agent(), Map.of())));
            var segments = a.putArray("segments");
            for (Timeline.Segment sg : r.segments()) {
                ObjectNode o = segments.addObject();
                o.put("status", sg.status());
                if (sg.issue() == null) {
                    o.putNull("issue");
                } else {
                    o.put("issue", sg.issue());
                }
                o.put("from", StatusCodec.formatInstant(sg.from()));
                o.put("to", StatusCodec.formatInstant(sg.to()));
            }
        }
        return root;
    }

    private List<Timeline.Row> rows(Instant now) {
        Instant from = now.minus(window);
        CoordinationHistory.Result history = new CoordinationHistory(repository, env.variables()).since(from);
        if (history.unreadable() > 0) {
            io.err().println("warning: " + history.unreadable() + " commit(s) of " + StorePaths.REF
                    + " hold an unreadable agent table; the timeline skips them");
        }
        writers = TimelineWriters.of(history.states(), from);
        List<Timeline.Moment> moments = history.states().stream()
                .map(st -> new Timeline.Moment(st.committed(), st.status(), st.parentAgents())).toList();
        return Timeline.build(moments, from, now, detector.staleAfter()).stream().filter(filter::shows).toList();
    }
}
