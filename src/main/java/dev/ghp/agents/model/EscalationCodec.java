package dev.ghp.agents.model;

import static dev.ghp.agents.model.RecordFields.instant;
import static dev.ghp.agents.model.RecordFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/** Reads and writes one {@code .ghp/escalations/<id>.json}, keeping fields it does not know. */
public final class EscalationCodec {
    static final Set<String> KNOWN = Set.of("schemaVersion", "id", "kind", "status", "message", "issue",
            "agent", "agents", "files", "subject", "createdAt", "answer", "decision", "resolvedBy", "resolvedAt", "github",
            "ghpPreviousStage");

    private EscalationCodec() {
    }

    /** @throws StatusCodec.FormatException when the file is not an escalation this version can use */
    public static Escalation parse(byte[] bytes) throws StatusCodec.FormatException {
        ObjectNode o = RecordFields.object(bytes);
        String id = text(o, "id");
        if (!Escalation.isValidId(id)) {
            throw new StatusCodec.FormatException("has no valid id", false);
        }
        Integer issueNumber = RecordFields.issue(o);
        Map<String, JsonNode> extra = RecordFields.unknown(o, KNOWN);
        return new Escalation(id, text(o, "kind"), text(o, "status"), text(o, "message"), issueNumber,
                text(o, "agent"), instant(o, "createdAt"), text(o, "answer"), text(o, "resolvedBy"),
                instant(o, "resolvedAt"), text(o, "decision"), text(o, "subject"), texts(o, "agents"),
                texts(o, "files"), mirror(o.get("github")), text(o, "ghpPreviousStage"), extra);
    }

    public static byte[] write(Escalation e) {
        return Json.prettyBytes(toJson(e));
    }

    public static ObjectNode toJson(Escalation e) {
        ObjectNode o = Json.object();
        o.put("schemaVersion", StatusDocument.SCHEMA_VERSION);
        o.put("id", e.id());
        o.put("kind", e.kind());
        o.put("status", e.status());
        o.put("message", e.message());
        if (e.issue() == null) {
            o.putNull("issue");
        } else {
            o.put("issue", e.issue());
        }
        o.put("agent", e.agent());
        if (!e.agents().isEmpty()) {
            e.agents().forEach(o.putArray("agents")::add);
        }
        if (!e.files().isEmpty()) {
            e.files().forEach(o.putArray("files")::add);
        }
        if (e.subject() != null) {
            o.put("subject", e.subject());
        }
        o.put("createdAt", StatusCodec.formatInstant(e.createdAt()));
        if (e.answer() != null || e.resolvedBy() != null || e.resolvedAt() != null) {
            o.put("answer", e.answer());
            if (e.decision() != null) {
                o.put("decision", e.decision());
            }
            o.put("resolvedBy", e.resolvedBy());
            o.put("resolvedAt", StatusCodec.formatInstant(e.resolvedAt()));
        }
        if (e.github() != null) {
            ObjectNode g = o.putObject("github");
            Escalation.GitHubMirror m = e.github();
            if (m.issue() != null) {
                g.put("issue", m.issue());
            }
            g.put("comment", m.comment());
            g.put("label", m.label());
            if (m.resolutionComment() != null) {
                g.put("resolutionComment", m.resolutionComment());
            }
        }
        if (e.ghpPreviousStage() != null) {
            o.put("ghpPreviousStage", e.ghpPreviousStage());
        }
        e.extra().forEach(o::set);
        return o;
    }

    private static java.util.List<String> texts(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        java.util.List<String> out = new java.util.ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(item -> {
                if (item.isTextual()) {
                    out.add(item.asText());
                }
            });
        }
        return out;
    }

    private static Escalation.GitHubMirror mirror(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        JsonNode issue = n.get("issue");
        return new Escalation.GitHubMirror(issue != null && issue.canConvertToInt() ? issue.intValue() : null,
                n.hasNonNull("comment") ? n.get("comment").asText() : null,
                n.hasNonNull("label") ? n.get("label").asText() : null,
                n.hasNonNull("resolutionComment") ? n.get("resolutionComment").asText() : null);
    }
}
