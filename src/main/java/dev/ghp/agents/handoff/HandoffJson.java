package dev.ghp.agents.handoff;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import java.time.Instant;
import java.util.List;

/**
 * The handoff as JSON: the same content as the Markdown, as data ({@code --json}). Text is given
 * as the sources gave it (JSON escaping makes it safe to print); lists are bounded the same way
 * as in the document.
 */
public final class HandoffJson {
    private HandoffJson() {
    }

    /** The content fields; the command adds where it was stored and what was published. */
    public static ObjectNode content(Handoff h) {
        ObjectNode o = Json.object();
        o.put("issue", h.issue().number());
        o.put("from", h.from());
        o.put("to", h.to());
        o.put("createdAt", StatusCodec.formatInstant(h.at()));
        o.put("note", h.note());
        o.set("issueInfo", issue(h.issue()));
        o.set("branch", branch(h.branch()));
        o.set("agent", agent(h.agent()));
        ArrayNode esc = o.putArray("escalations");
        h.escalations().stream().limit(HandoffMarkdown.ESCALATIONS_SHOWN).forEach(e -> {
            ObjectNode x = esc.addObject();
            x.put("id", e.id());
            x.put("kind", e.kind());
            x.put("message", e.message());
            x.put("agent", e.agent());
            x.put("createdAt", StatusCodec.formatInstant(e.createdAt()));
        });
        o.put("escalationsUnreadable", h.escalationsUnreadable());
        ArrayNode act = o.putArray("activity");
        for (Handoff.Activity a : h.activity()) {
            ObjectNode x = act.addObject();
            x.put("at", StatusCodec.formatInstant(a.at()));
            if (a.issue() == null) {
                x.putNull("issue");
            } else {
                x.put("issue", a.issue());
            }
            x.put("status", a.status());
            x.put("action", a.action());
            x.put("blockedOn", a.blockedOn());
        }
        strings(o.putArray("earlierHandoffs"), h.earlier());
        return o;
    }

    private static ObjectNode issue(Handoff.Issue i) {
        ObjectNode o = Json.object();
        o.put("number", i.number());
        o.put("title", i.title());
        MarkdownText.Block body = MarkdownText.block(i.body(), HandoffMarkdown.BODY_LINES, HandoffMarkdown.BODY_CHARS);
        o.put("body", i.body() == null ? null : body.text());
        o.put("bodyCut", body.cut());
        strings(o.putArray("labels"), i.labels());
        strings(o.putArray("assignees"), i.assignees());
        o.put("url", i.url());
        o.put("source", i.source());
        return o;
    }

    private static ObjectNode branch(Handoff.Branch b) {
        ObjectNode o = Json.object();
        o.put("name", b.name());
        o.put("worktree", b.worktree());
        o.put("head", b.head());
        o.put("base", b.base());
        o.put("mergeBase", b.mergeBase());
        o.put("ahead", b.ahead());
        o.put("aheadCapped", b.aheadCapped());
        ArrayNode commits = o.putArray("commits");
        for (Handoff.Commit c : b.commits()) {
            ObjectNode x = commits.addObject();
            x.put("hash", c.hash());
            x.put("subject", c.subject());
        }
        if (b.diff() == null) {
            o.putNull("diffStat");
        } else {
            Handoff.DiffStat d = b.diff();
            ObjectNode x = o.putObject("diffStat");
            x.put("files", d.files());
            x.put("insertions", d.insertions());
            x.put("deletions", d.deletions());
            x.put("partial", d.partial());
            ArrayNode shown = x.putArray("shown");
            for (Handoff.FileChange f : d.shown()) {
                ObjectNode y = shown.addObject();
                y.put("path", f.path());
                y.put("oldPath", f.oldPath());
                y.put("change", f.change());
                y.put("insertions", f.insertions());
                y.put("deletions", f.deletions());
                y.put("binary", f.binary());
            }
        }
        if (b.uncommitted() == null) {
            o.putNull("uncommitted");
        } else {
            Handoff.Uncommitted u = b.uncommitted();
            ObjectNode x = o.putObject("uncommitted");
            x.put("total", u.total());
            x.put("modified", u.modified());
            x.put("added", u.added());
            x.put("deleted", u.deleted());
            x.put("untracked", u.untracked());
            x.put("conflicting", u.conflicting());
            strings(x.putArray("shown"), u.entries());
        }
        strings(o.putArray("problems"), b.problems());
        return o;
    }

    private static ObjectNode agent(Handoff.Agent a) {
        ObjectNode o = Json.object();
        o.put("status", a.status());
        o.put("lastAction", a.lastAction());
        o.put("lastSeen", a.lastSeen() == null ? null : StatusCodec.formatInstant(a.lastSeen()));
        o.put("blockedOn", a.blockedOn());
        strings(o.putArray("files"), a.files());
        strings(o.putArray("pendingFiles"), a.pendingFiles());
        strings(o.putArray("waitedOnBy"), a.waitedOnBy());
        return o;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    static String instant(Instant t) {
        return StatusCodec.formatInstant(t);
    }
}
