package dev.ghp.agents.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes {@code .ghp/agent-status.json}. Field names and order follow the seed format;
 * every field this version does not know is carried through unchanged.
 */
public final class StatusCodec {
    static final Set<String> KNOWN_TOP = Set.of("schemaVersion", "agents");
    static final Set<String> KNOWN_AGENT =
            Set.of("issue", "status", "lastAction", "timestamp", "branch", "worktree", "blockedOn",
                    "files", "pendingFiles");

    private StatusCodec() {
    }

    /** Thrown when the file is not a status document this version can use. */
    public static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean newerSchema;

        public FormatException(String message, boolean newerSchema) {
            super(message);
            this.newerSchema = newerSchema;
        }

        public boolean newerSchema() {
            return newerSchema;
        }
    }

    public static StatusDocument parse(byte[] bytes) throws FormatException {
        RecordFields root = RecordFields.file(bytes);
        JsonNode agentsNode = root.node().get("agents");
        TreeMap<String, AgentRecord> agents = new TreeMap<>();
        if (agentsNode != null && !agentsNode.isNull()) {
            if (!agentsNode.isObject()) {
                throw new FormatException("\"agents\" is not an object", false);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = agentsNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isObject()) {
                    throw new FormatException("agent \"" + e.getKey() + "\" is not an object", false);
                }
                agents.put(e.getKey(), parseAgent(RecordFields.nested((ObjectNode) e.getValue(),
                        "agent \"" + e.getKey() + "\"")));
            }
        }
        return new StatusDocument(root.schemaVersion(), agents, root.unknown(KNOWN_TOP));
    }

    public static byte[] write(StatusDocument doc) {
        return Json.prettyBytes(toJson(doc));
    }

    /**
     * The document that reading {@link #write}'s bytes gives back, without writing and reading them:
     * the schema version this version writes, and each timestamp to the second (the format's
     * precision). Lets a writer hand what it wrote to a reader's cache (store/GitSnapshot) instead of
     * the reader decoding the same bytes again; CodecFieldsTest checks the two agree.
     */
    public static StatusDocument asWritten(StatusDocument doc) {
        // A copy of a sorted map is linear; only the rows stamped within the second (a heartbeat's own) change.
        TreeMap<String, AgentRecord> agents = new TreeMap<>(doc.agents());
        doc.agents().forEach((name, a) -> {
            if (a.timestamp() != null && a.timestamp().getNano() != 0) {
                agents.put(name, a.toBuilder().timestamp(a.timestamp().truncatedTo(ChronoUnit.SECONDS)).build());
            }
        });
        return new StatusDocument(StatusDocument.SCHEMA_VERSION, agents, doc.extra());
    }

    public static ObjectNode toJson(StatusDocument doc) {
        ObjectNode root = Json.object();
        root.put("schemaVersion", StatusDocument.SCHEMA_VERSION);
        ObjectNode agents = root.putObject("agents");
        doc.agents().forEach((name, agent) -> agents.set(name, agentToJson(agent)));
        doc.extra().forEach(root::set);
        return root;
    }

    public static ObjectNode agentToJson(AgentRecord a) {
        ObjectNode o = Json.object();
        if (a.issue() != null) {
            o.put("issue", a.issue());
        } else {
            o.putNull("issue");
        }
        o.put("status", a.status());
        o.put("lastAction", a.lastAction());
        o.put("timestamp", formatInstant(a.timestamp()));
        putIfPresent(o, "branch", a.branch());
        putIfPresent(o, "worktree", a.worktree());
        putIfPresent(o, "blockedOn", a.blockedOn());
        putListIfPresent(o, "files", a.files());
        putListIfPresent(o, "pendingFiles", a.pendingFiles());
        a.extra().forEach(o::set);
        return o;
    }

    /**
     * UTC ISO-8601 to the second, as in the seed format: {@code 2025-01-25T10:30:00Z}. Written digit
     * by digit for the years 1000 to 9999 (the general formatter was a measurable part of writing a
     * table of 1,000 agents); the same text {@code Instant.toString} gives.
     */
    public static String formatInstant(Instant t) {
        if (t == null) {
            return null;
        }
        java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, java.time.ZoneOffset.UTC);
        if (d.getYear() < 1000 || d.getYear() > 9999) {
            return t.truncatedTo(ChronoUnit.SECONDS).toString();
        }
        char[] c = "0000-00-00T00:00:00Z".toCharArray();
        put(c, 0, d.getYear(), 4);
        put(c, 5, d.getMonthValue(), 2);
        put(c, 8, d.getDayOfMonth(), 2);
        put(c, 11, d.getHour(), 2);
        put(c, 14, d.getMinute(), 2);
        put(c, 17, d.getSecond(), 2);
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static AgentRecord parseAgent(RecordFields a) throws FormatException {
        return new AgentRecord(a.issue(), a.text("status"), a.text("lastAction"), a.instant("timestamp"),
                a.text("branch"), a.text("worktree"), a.text("blockedOn"), a.texts("files"), a.texts("pendingFiles"),
                a.unknown(KNOWN_AGENT));
    }

    /** Accepts {@code Z} or an offset, with or without fractions of a second; null when it is neither. */
    public static Instant parseInstant(String text) {
        Instant canonical = parseCanonical(text);
        if (canonical != null) {
            return canonical;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /**
     * The form this tool writes, {@code 2025-01-25T10:30:00Z}, read digit by digit: every agent's
     * timestamp is parsed on every read, and {@code Instant.parse} (a general formatter) made it
     * the biggest cost of reading a table of 1,000 agents. Anything else is left to the formatter.
     */
    private static Instant parseCanonical(String t) {
        if (t.length() != 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second);
    }

    private static int digits(String t, int from, int count) {
        int n = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static void putListIfPresent(ObjectNode o, String field, List<String> values) {
        if (!values.isEmpty()) {
            values.forEach(o.putArray(field)::add);
        }
    }

    private static void putIfPresent(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
