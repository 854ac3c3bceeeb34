package dev.ghp.agents.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What every file of the record written one per item (an escalation, a message) is read with: the
 * object and its schema check, its plain fields, and the fields this version does not know, kept
 * so that writing the item back loses nothing a newer version put there.
 */
final class RecordFields {
    private RecordFields() {
    }

    /**
     * The file as a JSON object.
     *
     * @throws StatusCodec.FormatException when it is not one, or was written by a newer schema
     */
    static ObjectNode object(byte[] bytes) throws StatusCodec.FormatException {
        ObjectNode o;
        try {
            o = Json.parseObject(bytes);
        } catch (IOException e) {
            o = null;
        }
        if (o == null) {
            throw new StatusCodec.FormatException("not a JSON object", false);
        }
        JsonNode version = o.get("schemaVersion");
        if (version != null && version.canConvertToInt() && version.intValue() > StatusDocument.SCHEMA_VERSION) {
            throw new StatusCodec.FormatException("written with schemaVersion " + version.intValue()
                    + ", newer than this ghp-agents knows", true);
        }
        return o;
    }

    /** The fields not in {@code known}, in the file's order. */
    static Map<String, JsonNode> unknown(ObjectNode o, Set<String> known) {
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                extra.put(e.getKey(), e.getValue());
            }
        }
        return extra;
    }

    /** A field as text; null when absent or null. */
    static String text(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** A timestamp field; null when absent or null. */
    static Instant instant(ObjectNode o, String field) {
        String t = text(o, field);
        return t == null ? null : StatusCodec.parseInstant(t);
    }

    /** An issue number field; null when absent or not a whole number. */
    static Integer issue(ObjectNode o) {
        JsonNode issue = o.get("issue");
        return issue != null && issue.isIntegralNumber() ? issue.intValue() : null;
    }
}
