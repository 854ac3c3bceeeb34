package dev.ghp.agents.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One escalation: a question, conflict, blocker, decision or approval that needs a human (or the
 * orchestrator). Stored alone as {@code .ghp/escalations/<id>.json}, so two machines adding
 * escalations never touch the same file.
 *
 * @param id         {@code esc-} and 8 random hex digits: created offline on any machine without collisions
 * @param kind       the wire kind ({@link Kind}); text, so a newer tool's kind survives
 * @param status     {@code open} or {@code resolved}
 * @param issue      the issue it concerns, or null
 * @param agent      the agent that opened it (or the rule that opened it for an agent), or null
 * @param answer     the answer given on resolution, or null while open
 * @param decision   for an approval: {@code approved}, {@code denied} or {@code partial}; null otherwise
 * @param subject    what a rule opened it about ({@code conflict:a|b|src/**|*.java}), so that the rule
 *                   never opens a second one while the first is open; null when opened by hand
 * @param agents     the agents it concerns besides the opener (the other side of a conflict, a cycle)
 * @param files      the file-scope patterns it concerns (an overlap, an approval of shared files)
 * @param github     where it was mirrored on GitHub, or null
 * @param ghpPreviousStage the GHP pipeline stage its issue left when opening it moved the issue into
 *                   GHP's {@code needs_attention} (agent-escalate --needs-attention), restored when it
 *                   is resolved; null when it moved nothing
 * @param extra      fields a newer tool wrote, kept on rewrite
 */
public record Escalation(String id, String kind, String status, String message, Integer issue, String agent,
                         Instant createdAt, String answer, String resolvedBy, Instant resolvedAt,
                         String decision, String subject, List<String> agents, List<String> files,
                         GitHubMirror github, String ghpPreviousStage, Map<String, JsonNode> extra) {

    public static final String OPEN = "open";
    public static final String RESOLVED = "resolved";
    public static final String APPROVED = "approved";
    public static final String DENIED = "denied";
    /** An approval answered in part: some patterns approved, the others denied (the answer lists them). */
    public static final String PARTIAL = "partial";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The kinds of escalation. */
    public enum Kind {
        QUESTION, CONFLICT, BLOCKED, DECISION, APPROVAL;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> fromWire(String value) {
            for (Kind k : values()) {
                if (k.wire().equals(value)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Where an escalation was mirrored on GitHub.
     *
     * @param issue             the issue commented on
     * @param comment           the URL of the comment made when it was opened, or null
     * @param label             the label added, or null when adding it failed
     * @param resolutionComment the URL of the comment made when it was resolved, or null
     */
    public record GitHubMirror(Integer issue, String comment, String label, String resolutionComment) {
    }

    public Escalation {
        agents = agents == null ? List.of() : List.copyOf(agents);
        files = files == null ? List.of() : List.copyOf(files);
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** The fields every escalation has; the others empty. */
    public Escalation(String id, String kind, String status, String message, Integer issue, String agent,
                      Instant createdAt, String answer, String resolvedBy, Instant resolvedAt,
                      Map<String, JsonNode> extra) {
        this(id, kind, status, message, issue, agent, createdAt, answer, resolvedBy, resolvedAt,
                null, null, List.of(), List.of(), null, null, extra);
    }

    /** A new open escalation. */
    public static Escalation open(String id, Kind kind, String message, Integer issue, String agent, Instant now) {
        return new Escalation(id, kind.wire(), OPEN, message, issue, agent, now, null, null, null, Map.of());
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

    public boolean isKind(Kind k) {
        return k.wire().equals(kind);
    }

    public Escalation withRuleFields(String subject, List<String> agents, List<String> files) {
        return new Escalation(id, kind, status, message, issue, agent, createdAt, answer, resolvedBy, resolvedAt,
                decision, subject, agents, files, github, ghpPreviousStage, extra);
    }

    public Escalation resolved(String answer, String decision, String by, Instant at) {
        return new Escalation(id, kind, RESOLVED, message, issue, agent, createdAt, answer, by, at,
                decision, subject, agents, files, github, ghpPreviousStage, extra);
    }

    /** With one more field kept in {@link #extra()} (a field older tools carry over untouched). */
    public Escalation withExtra(String key, JsonNode value) {
        Map<String, JsonNode> more = new LinkedHashMap<>(extra);
        more.put(key, value);
        return new Escalation(id, kind, status, message, issue, agent, createdAt, answer, resolvedBy, resolvedAt,
                decision, subject, agents, files, github, ghpPreviousStage, more);
    }

    public Escalation withGitHub(GitHubMirror mirror) {
        return new Escalation(id, kind, status, message, issue, agent, createdAt, answer, resolvedBy, resolvedAt,
                decision, subject, agents, files, mirror, ghpPreviousStage, extra);
    }

    /** With the GHP stage to restore when it is resolved (see {@link #ghpPreviousStage()}). */
    public Escalation withGhpPreviousStage(String stage) {
        return new Escalation(id, kind, status, message, issue, agent, createdAt, answer, resolvedBy, resolvedAt,
                decision, subject, agents, files, github, stage, extra);
    }

    /** The file that holds it on the coordination ref. */
    public String path() {
        return pathOf(id);
    }

    public static String pathOf(String id) {
        return ".ghp/escalations/" + id + ".json";
    }
}
