package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.ghp.GhpAgents;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.render.EscalationList;
import dev.ghp.agents.render.StatusTable;
import dev.ghp.agents.render.Style;
import dev.ghp.agents.rules.AgentView;
import dev.ghp.agents.rules.Blocking;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.text.Printable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One {@code agent-status} answer ({@link StatusPass.Result}) as the table with its cycles and escalations, or as JSON. */
final class StatusReport {
    private final Environment env;
    private final StaleDetector detector;
    private final StatusFilter filter;

    StatusReport(Environment env, StaleDetector detector, StatusFilter filter) {
        this.env = env;
        this.detector = detector;
        this.filter = filter;
    }

    String text(StatusPass.Result pass, Instant now) {
        return text(pass, now, null, null);
    }

    /**
     * @param fromGhp the agents GHP started that have not reported, or null when GHP was not asked
     * @param heard   where each row was heard (a note on the rows heard through a sync), or null for no notes
     */
    String text(StatusPass.Result pass, Instant now, List<GhpAgents.Agent> fromGhp, WhereHeard heard) {
        Map<String, String> states = new TreeMap<>();
        pass.blockers().forEach((name, b) -> {
            if (b.state() != Blocking.State.ACTIVE) {
                states.put(name, b.state().text());
            }
        });
        StringBuilder out = new StringBuilder(table(pass.all(), pass.views(), states,
                heard == null ? Map.of() : heard.seenNotes(pass.views(), now)));
        if (fromGhp != null && !fromGhp.isEmpty()) {
            out.append("From GHP, not reported (ghp agents list):\n");
            for (GhpAgents.Agent a : fromGhp) {
                out.append("  #").append(a.issue()).append("  ").append(Printable.line(String.valueOf(a.status())))
                        .append("  ").append(Printable.line(a.branch()));
                if (a.uptime() != null) {
                    out.append("  ").append(Printable.line(a.uptime()));
                }
                if (a.title() != null) {
                    out.append("  ").append(Printable.line(a.title()));
                }
                out.append('\n');
            }
        }
        for (List<String> cycle : pass.cycles()) {
            out.append("⚠ waiting cycle: ").append(Printable.line(Blocking.describeCycle(pass.doc(), cycle))).append('\n');
        }
        out.append(new EscalationList(new Style(env.colour()), columns()).renderUnderAgents(pass.escalations(), now));
        return out.toString();
    }

    /** The table; when filters hide every agent, says so instead of claiming nobody reported. */
    private String table(List<AgentView> all, List<AgentView> shown, Map<String, String> blockerStates,
                         Map<String, StatusTable.SeenNote> seenNotes) {
        if (shown.isEmpty() && !all.isEmpty()) {
            return "No agent matches " + filter.describe() + " (" + all.size() + (all.size() == 1 ? " agent" : " agents")
                    + " reported).\n";
        }
        return new StatusTable(new Style(env.colour()), columns()).withBlockerStates(blockerStates)
                .withSeenNotes(seenNotes).render(shown, detector.staleAfter());
    }

    ObjectNode json(StatusPass.Result pass, Instant now) {
        return json(pass, now, null, null);
    }

    /**
     * @param fromGhp as for {@link #text}: {@code ghpAgents} is there only when GHP was asked
     * @param heard   where each row was heard: each agent's {@code heard}, or null to leave it out
     */
    ObjectNode json(StatusPass.Result pass, Instant now, List<GhpAgents.Agent> fromGhp, WhereHeard heard) {
        ObjectNode root = Json.object();
        root.put("schemaVersion", 1);
        root.put("generatedAt", StatusCodec.formatInstant(now));
        root.put("staleAfterSeconds", detector.staleAfter().getSeconds());
        root.put("waitingStaleAfterSeconds", detector.waitingStaleAfter().getSeconds());
        ObjectNode agents = root.putObject("agents");
        pass.views().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(v -> {
            ObjectNode a = StatusCodec.agentToJson(v.record());
            a.put("stale", v.stale());
            if (heard != null) {
                a.put("heard", heard.heard(v.record()));
            }
            if (v.clockAhead()) {
                a.put("clockAhead", true);
            }
            if (v.age() == null) {
                a.putNull("ageSeconds");
            } else {
                a.put("ageSeconds", v.age().getSeconds());
            }
            Blocking.Blocker b = pass.blockers().get(v.name());
            if (b != null) {
                ObjectNode bo = a.putObject("blocker");
                bo.put("ref", b.ref());
                bo.put("state", b.state().wire());
                b.agents().forEach(bo.putArray("agents")::add);
            }
            agents.set(v.name(), a);
        });
        var cycles = root.putArray("cycles");
        pass.cycles().forEach(c -> c.forEach(cycles.addArray()::add));
        var escalations = root.putArray("escalations");
        pass.escalations().forEach(e -> escalations.add(EscalationCodec.toJson(e)));
        if (fromGhp != null) {
            var ghp = root.putArray("ghpAgents");
            for (GhpAgents.Agent a : fromGhp) {
                ObjectNode o = ghp.addObject();
                o.put("issue", a.issue());
                o.put("branch", a.branch());
                o.put("ghpStatus", a.status());
                o.put("issueTitle", a.title());
                o.put("uptime", a.uptime());
                o.put("reported", false);
            }
        }
        return root;
    }

    /** The table's width: the terminal's ({@code COLUMNS}, else 100); to a pipe, unbounded (0). */
    private int columns() {
        if (!env.stdoutIsTerminal()) {
            return 0;
        }
        String c = env.get("COLUMNS");
        return c != null && c.matches("\\d{2,4}") ? Integer.parseInt(c) : 100;
    }
}
