package dev.ghp.agents.cli;

import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.rules.AgentView;
import dev.ghp.agents.rules.Timeline;
import java.util.List;
import java.util.Objects;

/** {@code agent-status --agent} and {@code --issue}, checked: which agents, escalations and timeline rows are shown. */
record StatusFilter(String agent, Integer issue) {

    List<AgentView> agents(List<AgentView> views) {
        return views.stream()
                .filter(v -> agent == null || v.name().equals(agent))
                .filter(v -> issue == null || Objects.equals(v.record().issue(), issue))
                .toList();
    }

    /** An escalation is shown when it is by or about the agent, and on the issue. */
    boolean shows(Escalation e) {
        return (agent == null || agent.equals(e.agent()) || e.agents().contains(agent))
                && (issue == null || Objects.equals(e.issue(), issue));
    }

    /** A timeline row is shown when it is the agent's and was on the issue at some time. */
    boolean shows(Timeline.Row r) {
        return (agent == null || r.agent().equals(agent))
                && (issue == null || r.segments().stream().anyMatch(sg -> issue.equals(sg.issue())));
    }

    /** The filter as the user gave it, for "No agent matches ...". */
    String describe() {
        StringBuilder filter = new StringBuilder();
        if (agent != null) {
            filter.append("--agent ").append(agent);
        }
        if (issue != null) {
            filter.append(filter.length() > 0 ? " and " : "").append("--issue #").append(issue);
        }
        return filter.toString();
    }
}
