package dev.ghp.agents.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the claim rules note on agent records: {@code "takeover"} on an agent that took a claim
 * over (from a stale agent, or with {@code --force}), and {@code "released"} on the agent that lost
 * it, until that agent has been told. They are carried in {@link AgentRecord#extra()}, so the
 * record's shape (used by every feature) stays as it is, and older tools keep them on rewrite.
 */
public final class ClaimNotes {
    public static final String TAKEOVER = "takeover";
    public static final String RELEASED = "released";

    private ClaimNotes() {
    }

    public static AgentRecord withTakeover(AgentRecord r, String from, Integer issue, List<String> files,
                                           boolean forced, boolean fromStale, Instant at) {
        ObjectNode n = Json.object();
        n.put("from", from);
        if (issue != null) {
            n.put("issue", issue);
        }
        if (!files.isEmpty()) {
            files.forEach(n.putArray("files")::add);
        }
        n.put("forced", forced);
        n.put("holderWasStale", fromStale);
        n.put("at", StatusCodec.formatInstant(at));
        return put(r, TAKEOVER, n);
    }

    /** Appends a release event: the agent lost a claim (to another agent, or to the stale policy). */
    public static AgentRecord withReleased(AgentRecord r, Integer issue, List<String> files, String to,
                                           String reason, Instant at) {
        ArrayNode events = Json.object().arrayNode();
        JsonNode existing = r.extra().get(RELEASED);
        if (existing != null && existing.isArray()) {
            events.addAll((ArrayNode) existing);
        }
        ObjectNode n = events.addObject();
        if (issue != null) {
            n.put("issue", issue);
        }
        if (!files.isEmpty()) {
            files.forEach(n.putArray("files")::add);
        }
        if (to != null) {
            n.put("to", to);
        }
        n.put("reason", reason);
        n.put("at", StatusCodec.formatInstant(at));
        return put(r, RELEASED, events);
    }

    /** The release events the agent has not been told about yet (newest last). */
    public static List<JsonNode> released(AgentRecord r) {
        JsonNode n = r == null ? null : r.extra().get(RELEASED);
        if (n == null || !n.isArray()) {
            return List.of();
        }
        java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    public static AgentRecord withoutReleased(AgentRecord r) {
        if (!r.extra().containsKey(RELEASED)) {
            return r;
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>(r.extra());
        extra.remove(RELEASED);
        return r.toBuilder().extra(extra).build();
    }

    /** One line for a release event: "#147 and src/** were taken over by worker-2 (--force) at …". */
    public static String describe(JsonNode event) {
        StringBuilder what = new StringBuilder();
        if (event.hasNonNull("issue")) {
            what.append('#').append(event.get("issue").asInt());
        }
        JsonNode files = event.get("files");
        if (files != null && files.isArray() && !files.isEmpty()) {
            List<String> names = new java.util.ArrayList<>();
            files.forEach(f -> names.add(f.asText()));
            if (what.length() > 0) {
                what.append(" and ");
            }
            what.append(String.join(", ", names));
        }
        String reason = event.path("reason").asText("released");
        return what + " " + reason + " at " + event.path("at").asText("?");
    }

    private static AgentRecord put(AgentRecord r, String key, JsonNode value) {
        Map<String, JsonNode> extra = new LinkedHashMap<>(r.extra());
        extra.put(key, value);
        return r.toBuilder().extra(extra).build();
    }
}
