package dev.ghp.agents.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One message in an agent's inbox: written by an agent, a person or the tool itself (a notice),
 * addressed to one agent. Stored alone, under its recipient, as
 * {@code .ghp/inbox/<to>/<id>.json} while unread and {@code .ghp/read/<to>/<id>.json} once read:
 * two writers never touch the same file, and whether an agent has anything unread is one
 * directory lookup (docs/architecture.md#messages).
 *
 * @param id        {@code msg-}, 13 hex digits of microseconds since 1970 (never the same twice in one
 *                  process) and 8 random ones: created offline on any machine without collisions, and
 *                  one sender's messages of the same second sort in the order they were sent
 * @param kind      the wire kind ({@link Kind}); text, so a newer tool's kind survives
 * @param from      who sent it: an agent, a person ({@code --by}), or {@code ghp} for a notice
 * @param to        the agent whose inbox holds it
 * @param address   how it was addressed: the agent's name, {@code #147} or {@code all}
 * @param text      what it says, as written (neutralised when shown)
 * @param issue     the issue it concerns, or null
 * @param createdAt when it was sent
 * @param readAt    when it was read (shown or delivered), or null while unread
 * @param extra     fields a newer tool wrote, kept on rewrite
 */
public record Message(String id, String kind, String from, String to, String address, String text, Integer issue,
                      Instant createdAt, Instant readAt, Map<String, JsonNode> extra) {

    /** The sender of the notices the tool writes by itself. */
    public static final String TOOL = "ghp";
    /** The field naming the decision a notice reports (added in #22; older tools keep it as an unknown field). */
    public static final String DECISION = "decision";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final java.util.concurrent.atomic.AtomicLong LAST_STAMP = new java.util.concurrent.atomic.AtomicLong();

    /** What a message is: one written by someone, or a notice of the tool's. */
    public enum Kind {
        /** written by an agent or a person ({@code agent-message}) */
        MESSAGE,
        /** the answer to the recipient's escalation */
        ANSWER,
        /** an approval the recipient asked for, granted or denied */
        APPROVAL,
        /** work handed to the recipient ({@code agent-assign}), or its claim moved by an assignment */
        ASSIGNMENT,
        /** what the recipient is blocked on finished, signed off, went stale, or (an escalation) was resolved */
        BLOCKER,
        /** a claim of the recipient's taken over, released by the stale policy, or awarded to another */
        CLAIM,
        /** another agent's claim refused because it overlaps the recipient's files */
        OVERLAP,
        /** a handoff addressed to the recipient ({@code agent-handoff --to}) */
        HANDOFF,
        /** an escalation opened, told to each lead ({@code agents.leads}) */
        ESCALATION,
        /** what a full inbox dropped unread, in one summary (docs/architecture.md#messages) */
        DROPPED;

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

    public Message {
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** A new unread message. */
    public static Message unread(String id, Kind kind, String from, String to, String address, String text,
                                 Integer issue, Instant now) {
        return new Message(id, kind.wire(), from, to, address, text, issue, now, null, Map.of());
    }

    public static String newId() {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        // Strictly increasing within a process: two sends of one millisecond in the daemon keep their order.
        long stamp = LAST_STAMP.updateAndGet(last -> Math.max(last + 1, micros));
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return "msg-" + String.format(Locale.ROOT, "%013x", stamp) + HexFormat.of().formatHex(b);
    }

    public static boolean isValidId(String id) {
        return id != null && id.matches("msg-[0-9a-f]{4,32}");
    }

    public boolean isRead() {
        return readAt != null;
    }

    /**
     * The decision file a notice reports ({@code "decision": "dec-…"}, written by the tool on
     * assignment, handoff and claim notices that have one), or null: what backs it (rules/NoticeBacking).
     */
    public String decision() {
        JsonNode n = extra.get(DECISION);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    /** This message naming the decision it reports. */
    public Message withDecision(String decisionId) {
        Map<String, JsonNode> more = new LinkedHashMap<>(extra);
        more.put(DECISION, com.fasterxml.jackson.databind.node.TextNode.valueOf(decisionId));
        return new Message(id, kind, from, to, address, text, issue, createdAt, readAt, more);
    }

    public Message read(Instant at) {
        return new Message(id, kind, from, to, address, text, issue, createdAt, at, extra);
    }

    /** The file that holds it on the coordination ref: in the inbox while unread, among the read ones after. */
    public String path() {
        return (isRead() ? readPath(to) : inboxPath(to)) + "/" + id + ".json";
    }

    /** The directory of an agent's unread messages. */
    public static String inboxPath(String agent) {
        return StorePaths.INBOX + "/" + agent;
    }

    /** The directory of an agent's read messages. */
    public static String readPath(String agent) {
        return StorePaths.READ + "/" + agent;
    }
}
