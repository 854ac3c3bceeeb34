package dev.ghp.agents.rules;

import dev.ghp.agents.input.AgentNames;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.StatusDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The messages the tool writes by itself into the inbox of the agent concerned, so that what
 * changes an agent's work reaches it mid-session. Each says what happened and who did it; none
 * tells the agent what to do (the words are the record's, not the tool's orders).
 */
public final class Notices {
    private Notices() {
    }

    /**
     * An escalation resolved: a notice to the agent that opened it, and to the other agents it
     * concerns (the other side of a conflict). An approval's notice says granted or denied, with
     * the patterns. The opener's notice has an id made from the escalation's, so that
     * {@code agent-escalate --wait}, which printed the answer already, can find it and mark it read.
     */
    public static List<Message> resolved(Escalation e, String resolver, Instant now) {
        Set<String> to = new LinkedHashSet<>();
        if (e.agent() != null) {
            to.add(e.agent());
        }
        to.addAll(e.agents());
        to.removeIf(name -> !AgentNames.isValid(name) || name.equals(resolver));
        boolean approval = e.isKind(Escalation.Kind.APPROVAL);
        StringBuilder text = new StringBuilder();
        if (approval) {
            text.append("Approval ").append(e.id()).append(' ').append(e.decision() == null ? "decided" : e.decision())
                    .append(" by ").append(resolver);
            if (!e.files().isEmpty()) {
                text.append(" for ").append(String.join(", ", e.files()));
            }
        } else {
            text.append(e.id()).append(" (").append(e.kind()).append(") answered by ").append(resolver);
        }
        if (e.answer() != null && !(approval && e.answer().equals(e.decision()))) {
            text.append(": ").append(e.answer());
        }
        if (e.message() != null) {
            text.append("\nThe escalation: ").append(e.message());
        }
        Message.Kind kind = approval ? Message.Kind.APPROVAL : Message.Kind.ANSWER;
        List<Message> out = new ArrayList<>();
        for (String agent : to) {
            String id = agent.equals(e.agent()) ? answerId(e) : Message.newId();
            out.add(Message.unread(id, kind, resolver, agent, agent, text.toString(), e.issue(), now));
        }
        return out;
    }

    /**
     * A claim refused because it overlaps another agent's files: the holder is told who asked for
     * which of its files. Written with the {@code conflict} escalation the refusal opens, and only
     * then: while that escalation is open a retry reuses it (one per requester, holder and pair of
     * patterns, {@link Claims}), so an agent retrying every minute does not fill the holder's inbox.
     *
     * @param opened the escalations the refused write opens (others than overlap conflicts are skipped)
     * @param doc    the agent table, to tell the holder's patterns from the requester's
     */
    public static List<Message> refusedForFiles(List<Escalation> opened, StatusDocument doc, Instant now) {
        List<Message> out = new ArrayList<>();
        for (Escalation e : opened) {
            if (!e.isKind(Escalation.Kind.CONFLICT) || e.subject() == null || !e.subject().startsWith("conflict:")
                    || e.agent() == null) {
                continue;
            }
            for (String holder : e.agents()) {
                AgentRecord r = doc.agents().get(holder);
                if (r == null || !AgentNames.isValid(holder)) {
                    continue;
                }
                List<String> theirs = e.files().stream()
                        .filter(f -> r.files().contains(f) || r.pendingFiles().contains(f)).toList();
                List<String> asked = e.files().stream().filter(f -> !theirs.contains(f)).toList();
                String text = e.agent() + "'s claim on " + (asked.isEmpty() ? "files" : String.join(", ", asked))
                        + " was refused: it overlaps your " + (theirs.isEmpty() ? "files" : String.join(", ", theirs))
                        + "; conflict " + e.id() + " was opened for a human to decide";
                out.add(Message.unread(Message.newId(), Message.Kind.OVERLAP, e.agent(), holder, holder, text, e.issue(),
                        now));
            }
        }
        return out;
    }

    /** A handoff addressed to an agent ({@code agent-handoff --to}): who handed what over, and where the document is. */
    public static Message handoff(String from, String to, int issue, String document, Instant now) {
        return Message.unread(Message.newId(), Message.Kind.HANDOFF, from, to, to,
                from + " handed #" + issue + " off to you; the handoff is " + document
                        + " (shown by: ghp agent-handoff --show --issue " + issue + ")", issue, now);
    }

    /** The id of the notice that tells an escalation's opener it was resolved. */
    public static String answerId(Escalation e) {
        return "msg-" + e.id().substring("esc-".length());
    }
}
