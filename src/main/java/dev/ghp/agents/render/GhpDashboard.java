package dev.ghp.agents.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.rules.AgentView;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.text.TextWidth;
import java.util.List;

/**
 * The answer GHP's branch dashboard expects from a dashboard hook:
 * {@code {"success": true, "data": {"title", "items": [{"id", "type", "title", "summary", "timestamp", "metadata"}]}}},
 * or {@code {"success": false, "error"}}. GHP prints titles and summaries on a terminal, so every
 * agent-written text is neutralised here.
 */
public final class GhpDashboard {
    static final int MAX_TITLE = 100;
    static final int MAX_SUMMARY = 500;

    private GhpDashboard() {
    }

    public static ObjectNode success(String title, List<AgentView> agents, List<Escalation> escalations) {
        ObjectNode root = Json.object();
        root.put("success", true);
        ObjectNode data = root.putObject("data");
        data.put("title", title);
        ArrayNode items = data.putArray("items");
        for (AgentView v : agents) {
            items.add(agent(v));
        }
        for (Escalation e : escalations) {
            items.add(escalation(e));
        }
        return root;
    }

    public static ObjectNode failure(String error) {
        ObjectNode root = Json.object();
        root.put("success", false);
        root.put("error", Printable.line(error));
        return root;
    }

    private static ObjectNode agent(AgentView v) {
        AgentRecord r = v.record();
        ObjectNode item = Json.object();
        item.put("id", "agent:" + v.name());
        item.put("type", "agent");
        StringBuilder title = new StringBuilder(v.name()).append(" · ").append(StatusTable.statusText(v));
        if (r.issue() != null) {
            title.append(" · #").append(r.issue());
        }
        if (v.age() != null) {
            title.append(" · ").append(Durations.brief(v.age())).append(" ago");
        }
        item.put("title", cut(title.toString(), MAX_TITLE));
        String summary = r.lastAction() == null ? "" : r.lastAction();
        if (r.blockedOn() != null) {
            summary = "waits on " + r.blockedOn() + (summary.isEmpty() ? "" : " · " + summary);
        }
        if (!summary.isEmpty()) {
            item.put("summary", cut(summary, MAX_SUMMARY));
        }
        if (r.timestamp() != null) {
            item.put("timestamp", StatusCodec.formatInstant(r.timestamp()));
        }
        ObjectNode meta = item.putObject("metadata");
        meta.put("agent", v.name());
        if (r.issue() == null) {
            meta.putNull("issue");
        } else {
            meta.put("issue", r.issue());
        }
        meta.put("status", Printable.line(r.status()));
        meta.put("stale", v.stale());
        if (v.age() != null) {
            meta.put("ageSeconds", v.age().getSeconds());
        }
        if (r.branch() != null) {
            meta.put("branch", Printable.line(r.branch()));
        }
        if (r.blockedOn() != null) {
            meta.put("blockedOn", Printable.line(r.blockedOn()));
        }
        return item;
    }

    private static ObjectNode escalation(Escalation e) {
        ObjectNode item = Json.object();
        item.put("id", e.id());
        item.put("type", "escalation");
        String kind = e.kind() == null ? "escalation" : e.kind();
        item.put("title", cut("⚠ " + kind + (e.issue() == null ? "" : " · #" + e.issue()) + ": "
                + (e.message() == null ? "" : e.message()), MAX_TITLE));
        if (e.message() != null) {
            item.put("summary", cut(e.message(), MAX_SUMMARY));
        }
        if (e.createdAt() != null) {
            item.put("timestamp", StatusCodec.formatInstant(e.createdAt()));
        }
        ObjectNode meta = item.putObject("metadata");
        meta.put("kind", Printable.line(kind));
        meta.put("status", Printable.line(e.status()));
        if (e.agent() != null) {
            meta.put("agent", Printable.line(e.agent()));
        }
        if (e.issue() != null) {
            meta.put("issue", e.issue());
        }
        return item;
    }

    private static String cut(String text, int max) {
        return TextWidth.fit(Printable.line(text), max);
    }
}
