package dev.ghp.agents.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The mark an agent's entry carries after it handed its issue to another agent:
 * {@code "handedOffTo": "worker-2", "handedOffIssue": 147, "handedOffAt": "…", "handoffDocument": ".ghp/handoffs/…"}.
 * The fields are kept beside the entry's other extension fields, so a tool that does not know
 * them carries them through unchanged, and this one reads them without a schema change.
 *
 * @param to       the agent that took the issue over
 * @param issue    the issue handed over
 * @param at       when
 * @param document the handoff document on the coordination ref
 */
public record HandedOff(String to, Integer issue, Instant at, String document) {
    public static final String TO = "handedOffTo";
    public static final String ISSUE = "handedOffIssue";
    public static final String AT = "handedOffAt";
    public static final String DOCUMENT = "handoffDocument";

    /** The mark on an entry, if it has one. */
    public static Optional<HandedOff> of(AgentRecord r) {
        JsonNode to = r == null ? null : r.extra().get(TO);
        if (to == null || !to.isTextual()) {
            return Optional.empty();
        }
        JsonNode issue = r.extra().get(ISSUE);
        JsonNode at = r.extra().get(AT);
        JsonNode doc = r.extra().get(DOCUMENT);
        return Optional.of(new HandedOff(to.asText(),
                issue != null && issue.canConvertToInt() && issue.isIntegralNumber() ? issue.intValue() : null,
                at != null && at.isTextual() ? StatusCodec.parseInstant(at.asText()) : null,
                doc != null && doc.isTextual() ? doc.asText() : null));
    }

    /** The entry's extension fields with this mark set (replacing any earlier one). */
    public Map<String, JsonNode> onto(Map<String, JsonNode> extra) {
        Map<String, JsonNode> next = cleared(extra);
        JsonNodeFactory f = JsonNodeFactory.instance;
        next.put(TO, f.textNode(to));
        if (issue != null) {
            next.put(ISSUE, f.numberNode(issue));
        }
        if (at != null) {
            next.put(AT, f.textNode(StatusCodec.formatInstant(at)));
        }
        if (document != null) {
            next.put(DOCUMENT, f.textNode(document));
        }
        return next;
    }

    /** The entry's extension fields without a handoff mark. */
    public static Map<String, JsonNode> cleared(Map<String, JsonNode> extra) {
        Map<String, JsonNode> next = new LinkedHashMap<>(extra);
        next.remove(TO);
        next.remove(ISSUE);
        next.remove(AT);
        next.remove(DOCUMENT);
        return next;
    }
}
