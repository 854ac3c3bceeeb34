package dev.ghp.agents.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** Reads and writes one message file ({@code .ghp/inbox/<to>/<id>.json}), keeping fields it does not know. */
public final class MessageCodec {
    static final Set<String> KNOWN = Set.of("schemaVersion", "id", "kind", "from", "to", "address", "text", "issue",
            "createdAt", "readAt");

    private MessageCodec() {
    }

    /** @throws StatusCodec.FormatException when the file is not a message this version can use */
    public static Message parse(byte[] bytes) throws StatusCodec.FormatException {
        RecordFields o = RecordFields.file(bytes);
        String id = o.text("id");
        if (!Message.isValidId(id)) {
            throw new StatusCodec.FormatException("has no valid id", false);
        }
        return new Message(id, o.text("kind"), o.text("from"), o.text("to"), o.text("address"), o.text("text"),
                o.issue(), o.instant("createdAt"), o.instant("readAt"), o.unknown(KNOWN));
    }

    public static byte[] write(Message m) {
        return Json.prettyBytes(toJson(m));
    }

    public static ObjectNode toJson(Message m) {
        ObjectNode o = Json.object();
        o.put("schemaVersion", StatusDocument.SCHEMA_VERSION);
        o.put("id", m.id());
        o.put("kind", m.kind());
        o.put("from", m.from());
        o.put("to", m.to());
        o.put("address", m.address());
        o.put("text", m.text());
        if (m.issue() == null) {
            o.putNull("issue");
        } else {
            o.put("issue", m.issue());
        }
        o.put("createdAt", StatusCodec.formatInstant(m.createdAt()));
        if (m.readAt() == null) {
            o.putNull("readAt");
        } else {
            o.put("readAt", StatusCodec.formatInstant(m.readAt()));
        }
        m.extra().forEach(o::set);
        return o;
    }
}
