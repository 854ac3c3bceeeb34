package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.handoff.Handoff;
import dev.ghp.agents.handoff.HandoffJson;
import dev.ghp.agents.handoff.Transfer;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.store.WriteResult;
import dev.ghp.agents.text.Printable;
import java.util.List;

/**
 * What {@code agent-handoff} prints after storing a document: the document (or its JSON) on
 * stdout unless {@code --out} took it, one line on stderr saying where it went, and the warnings of
 * the optional extras, which {@code --quiet} does not silence.
 */
final class HandoffReport {
    private final Io io;
    private final boolean json;
    private final boolean quiet;

    HandoffReport(Io io, boolean json, boolean quiet) {
        this.io = io;
        this.json = json;
        this.quiet = quiet;
    }

    /** Where the document went: its stored path, the commit, what moved, and the extras' answers (null when not asked). */
    record Stored(String path, WriteResult result, Transfer.Moved moved, OutFile outFile, ObjectNode github,
                  ObjectNode mem0) {
    }

    void print(Handoff h, String markdown, Stored s, List<String> warnings) {
        if (!quiet) {
            if (json) {
                io.out().print(Json.pretty(toJson(h, markdown, s)));
            } else if (s.outFile() == null) {
                io.out().print(markdown);
            }
            io.err().println(Printable.line(summary(h, s)));
        }
        for (String w : warnings) {
            io.err().println("ghp: warning: " + Printable.line(w));
        }
    }

    private static ObjectNode toJson(Handoff h, String markdown, Stored s) {
        ObjectNode o = Json.object();
        o.put("schemaVersion", 1);
        o.put("path", s.path());
        o.put("commit", s.result().commitId());
        o.put("committed", s.result().committed());
        if (s.moved() == null) {
            o.putNull("transfer");
        } else {
            ObjectNode t = o.putObject("transfer");
            t.put("to", h.to());
            t.put("issue", h.issue().number());
            s.moved().files().forEach(t.putArray("files")::add);
            s.moved().pendingFiles().forEach(t.putArray("pendingFiles")::add);
        }
        o.set("github", s.github());
        o.set("mem0", s.mem0());
        o.put("outFile", s.outFile() == null ? null : s.outFile().toString());
        o.setAll(HandoffJson.content(h));
        o.put("markdown", markdown);
        return o;
    }

    private static String summary(Handoff h, Stored s) {
        StringBuilder line = new StringBuilder("✓ handoff of #").append(h.issue().number()).append(" by ")
                .append(h.from()).append(" stored as ").append(s.path()).append(" (")
                .append(s.result().commitId().substring(0, 7)).append(')');
        if (h.to() != null) {
            line.append("; #").append(h.issue().number());
            Transfer.Moved moved = s.moved();
            if (moved != null && !moved.files().isEmpty()) {
                line.append(" and ").append(moved.files().size()).append(moved.files().size() == 1 ? " file claim" : " file claims");
            }
            line.append(" now with ").append(h.to());
        }
        if (s.outFile() != null) {
            line.append("; written to ").append(s.outFile());
        }
        if (s.github() != null && s.github().path("posted").asBoolean()) {
            line.append("; posted ").append(s.github().path("url").asText(""));
        }
        if (s.mem0() != null && s.mem0().path("stored").asBoolean()) {
            line.append("; stored in mem0");
        }
        return line.toString();
    }
}
