package dev.ghp.agents.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One escalation: a question, conflict, blocker, decision or approval that needs a human (or the
 * orchestrator). Stored alone as {@code .ghp/escalations/<id>.json}, so two machines adding
 * escalations never touch the same file.
 *
 * @param id        {@code esc-} and 8 random hex digits: created offline on any machine without collisions
 * @param kind      the wire kind ({@link Kind}); text, so a newer tool's kind survives
 * @param status    {@code open} or {@code resolved}
 * @param issue     the issue it concerns, or null
 * @param agent     the agent that opened it, or null
 * @param answer    the answer given on resolution, or null while open
 * @param extra     fields a newer tool wrote, kept on rewrite
 */
public record Escalation(String id, String kind, String status, String message, Integer issue, String agent,
                         Instant createdAt, String answer, String resolvedBy, Instant resolvedAt,
                         Map<String, JsonNode> extra) {

    public static final String OPEN = "open";
    public static final String RESOLVED = "resolved";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The kinds of escalation. */
    public enum Kind {
        QUESTION, CONFLICT, BLOCKED, DECISION, APPROVAL;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Escalation {
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    public static String newId() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return "esc-" + HexFormat.of().formatHex(b);
    }

    public static boolean isValidId(String id) {
        return id != null && id.matches("esc-[0-9a-f]{4,32}");
    }

    public boolean isOpen() {
        return OPEN.equals(status);
    }

    /** The file that holds it on the coordination ref. */
    public String path() {
        return pathOf(id);
    }

    public static String pathOf(String id) {
        return ".ghp/escalations/" + id + ".json";
    }
}
