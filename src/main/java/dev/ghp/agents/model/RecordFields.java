package dev.ghp.agents.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one reader of the record's JSON objects (the agent table and each agent in it, an escalation,
 * a message). A field of the wrong type is refused, never coerced: {@code asText()} turns an object
 * into "" and a lenient read of {@code "issue": "soon"} gives null, so a rewrite would silently
 * replace what the file said. Fields this version does not know are kept as they are, so writing
 * an item back loses nothing a newer version put there.
 */
final class RecordFields {
    private final ObjectNode o;
    private final String owner;

    private RecordFields(ObjectNode o, String owner) {
        this.o = o;
        this.owner = owner;
    }

    /**
     * A whole file as a JSON object whose schema this version knows.
     *
     * @throws StatusCodec.FormatException when it is not JSON, not an object, or written by a newer schema
     */
    static RecordFields file(byte[] bytes) throws StatusCodec.FormatException {
        ObjectNode o;
        try {
            o = Json.parseObject(bytes);
        } catch (IOException e) {
            throw new StatusCodec.FormatException("not valid JSON (" + firstLine(e.getMessage()) + ")", false);
        }
        if (o == null) {
            throw new StatusCodec.FormatException("not a JSON object", false);
        }
        RecordFields fields = new RecordFields(o, "");
        int schema = fields.schemaVersion();
        if (schema > StatusDocument.SCHEMA_VERSION) {
            throw new StatusCodec.FormatException("written with schemaVersion " + schema
                    + ", newer than this ghp-agents knows (" + StatusDocument.SCHEMA_VERSION + ")", true);
        }
        return fields;
    }

    /** An object inside a file, named in errors by {@code owner} (e.g. {@code agent "a1"}). */
    static RecordFields nested(ObjectNode o, String owner) {
        return new RecordFields(o, owner + ": ");
    }

    ObjectNode node() {
        return o;
    }

    /** The file's schema version; 1 when absent. */
    int schemaVersion() throws StatusCodec.FormatException {
        JsonNode version = o.get("schemaVersion");
        if (version == null) {
            return 1;
        }
        if (!version.isInt() || version.intValue() < 1) {
            throw new StatusCodec.FormatException("not usable: " + owner
                    + "\"schemaVersion\" is not a positive whole number", false);
        }
        return version.intValue();
    }

    /** A text field; null when absent or null. */
    String text(String field) throws StatusCodec.FormatException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw wrong(field, n, "text");
        }
        return n.textValue();
    }

    /** A timestamp field (ISO-8601, see {@link StatusCodec#parseInstant}); null when absent or null. */
    Instant instant(String field) throws StatusCodec.FormatException {
        String t = text(field);
        if (t == null) {
            return null;
        }
        Instant parsed = StatusCodec.parseInstant(t);
        if (parsed == null) {
            throw new StatusCodec.FormatException("not usable: " + owner + "\"" + field
                    + "\" is not an ISO-8601 time", false);
        }
        return parsed;
    }

    /** The {@code issue} field: a whole number, or text such as {@code "#12"}; null when absent or null. */
    Integer issue() throws StatusCodec.FormatException {
        JsonNode issue = o.get("issue");
        if (issue == null || issue.isNull()) {
            return null;
        }
        if (issue.isIntegralNumber() && issue.canConvertToInt()) {
            return issue.intValue();
        }
        if (issue.isTextual() && issue.textValue().matches("#?\\d{1,9}")) {
            return Integer.parseInt(issue.textValue().replace("#", ""));
        }
        throw new StatusCodec.FormatException("not usable: " + owner + "\"issue\" is not an issue number", false);
    }

    /** A whole-number field that fits an int; null when absent or null. */
    Integer number(String field) throws StatusCodec.FormatException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw wrong(field, n, "a whole number");
        }
        return n.intValue();
    }

    /** A list of texts; empty when absent or null. */
    List<String> texts(String field) throws StatusCodec.FormatException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw wrong(field, n, "a list");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : n) {
            if (!item.isTextual()) {
                throw new StatusCodec.FormatException("not usable: " + owner + "\"" + field
                        + "\" has an entry that is " + typeOf(item) + ", not text", false);
            }
            values.add(item.textValue());
        }
        return values;
    }

    /** An object field, read with the same rules; null when absent or null. */
    RecordFields object(String field) throws StatusCodec.FormatException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw wrong(field, n, "an object");
        }
        return new RecordFields((ObjectNode) n, owner + "\"" + field + "\": ");
    }

    /** The fields not in {@code known}, in the file's order. */
    Map<String, JsonNode> unknown(Set<String> known) {
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                extra.put(e.getKey(), e.getValue());
            }
        }
        return extra;
    }

    private StatusCodec.FormatException wrong(String field, JsonNode found, String wanted) {
        return new StatusCodec.FormatException("not usable: " + owner + "\"" + field + "\" is " + typeOf(found)
                + ", not " + wanted, false);
    }

    private static String typeOf(JsonNode n) {
        return switch (n.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "a list";
            case STRING -> "text";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            default -> "null";
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
