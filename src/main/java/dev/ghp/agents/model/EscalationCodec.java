package dev.ghp.agents.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
        RecordFields o = RecordFields.file(bytes);
        String id = o.text("id");
        if (!Escalation.isValidId(id)) {
            throw new StatusCodec.FormatException("has no valid id", false);
        }
        return new Escalation(id, o.text("kind"), o.text("status"), o.text("message"), o.issue(), o.text("agent"),
                o.instant("createdAt"), o.text("answer"), o.text("resolvedBy"), o.instant("resolvedAt"),
                o.text("decision"), o.text("subject"), o.texts("agents"), o.texts("files"), mirror(o.object("github")),
                o.text("ghpPreviousStage"), o.unknown(KNOWN));
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

    private static Escalation.GitHubMirror mirror(RecordFields g) throws StatusCodec.FormatException {
        if (g == null) {
            return null;
        }
        return new Escalation.GitHubMirror(g.number("issue"), g.text("comment"), g.text("label"),
                g.text("resolutionComment"));
    }
}
