package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.rules.Supersession;
import dev.ghp.agents.store.DecisionFiles;
import dev.ghp.agents.store.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The decisions about each agent shown in {@code agent-status --json} ({@code agents.<name>.decisions}),
 * oldest first, each with the later decision about the same subject that superseded it, derived
 * from the files as they are now (#21).
 */
final class DecisionsJson {
    private DecisionsJson() {
    }

    /** Adds a {@code decisions} list to each agent object under {@code root.agents}. */
    static void addTo(ObjectNode root, Snapshot snapshot) {
        JsonNode agents = root.get("agents");
        if (agents == null || !agents.isObject() || agents.isEmpty()) {
            return;
        }
        List<AgentDecision> all = DecisionFiles.all(snapshot);
        Map<String, AgentDecision> superseded = Supersession.of(all);
        // Grouped once, in the files' order: a status over many agents does not walk every decision per agent.
        Map<String, List<AgentDecision>> byAgent = all.stream()
                .collect(Collectors.groupingBy(AgentDecision::agent, LinkedHashMap::new, Collectors.toList()));
        agents.fields().forEachRemaining(a -> {
            ArrayNode list = ((ObjectNode) a.getValue()).putArray("decisions");
            for (AgentDecision d : byAgent.getOrDefault(a.getKey(), List.of())) {
                ObjectNode o = brief(d);
                AgentDecision by = superseded.get(d.id());
                if (by != null) {
                    o.set("supersededBy", brief(by));
                }
                list.add(o);
            }
        });
    }

    private static ObjectNode brief(AgentDecision d) {
        ObjectNode o = Json.object();
        o.put("id", d.id());
        o.put("kind", d.kind());
        o.put("by", d.by());
        o.put("at", d.at() == null ? null : StatusCodec.formatInstant(d.at()));
        o.put("subject", d.subject());
        if (d.escalation() != null) {
            o.put("escalation", d.escalation());
        }
        return o;
    }
}
