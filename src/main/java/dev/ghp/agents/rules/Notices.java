package dev.ghp.agents.rules;

import dev.ghp.agents.input.AgentNames;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Message;
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

    /** The id of the notice that tells an escalation's opener it was resolved. */
    public static String answerId(Escalation e) {
        return "msg-" + e.id().substring("esc-".length());
    }
}
