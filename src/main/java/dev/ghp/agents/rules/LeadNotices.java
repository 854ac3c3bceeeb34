package dev.ghp.agents.rules;

import dev.ghp.agents.input.AgentNames;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The notice each lead ({@code agents.leads}) gets of an escalation opened. Its id and its content
 * are made from the escalation alone (no clock, no writer), so whichever clone writes it, in the
 * opening commit or after a sync that brought the escalation, it is the same file: a lead is told
 * once across clones, and two clones that both write it write the same bytes.
 */
public final class LeadNotices {
    private LeadNotices() {
    }

    /** A notice to each lead of each open escalation in {@code opened}, but not to the lead that opened it. */
    public static List<Message> of(List<Escalation> opened, Collection<String> leads) {
        List<Message> out = new ArrayList<>();
        for (Escalation e : opened) {
            if (!e.isOpen()) {
                continue;
            }
            for (String lead : leads) {
                if (!AgentNames.isValid(lead) || lead.equals(e.agent())) {
                    continue;
                }
                out.add(new Message(id(lead, e), Message.Kind.ESCALATION.wire(), Message.TOOL, lead, lead, text(e),
                        e.issue(), e.createdAt(), null, Map.of()));
            }
        }
        return out;
    }

    static String id(String lead, Escalation e) {
        return ChangeNotices.staleId("lead|" + lead + "|" + e.id());
    }

    static String text(Escalation e) {
        StringBuilder b = new StringBuilder("Escalation ").append(e.id()).append(" (").append(e.kind()).append(") opened");
        if (e.agent() != null) {
            b.append(" by ").append(e.agent());
        }
        if (e.issue() != null) {
            b.append(" on #").append(e.issue());
        }
        if (!e.files().isEmpty()) {
            b.append(" for ").append(String.join(", ", e.files()));
        }
        b.append(": ").append(e.message() == null ? "" : e.message());
        b.append("\nShown by: ghp agent-escalate --show ").append(e.id());
        return b.toString();
    }
}
