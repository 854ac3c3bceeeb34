package dev.ghp.agents.rules;

import dev.ghp.agents.errors.RefusedException;
import dev.ghp.agents.input.AgentSession;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.text.Printable;
import java.util.Collection;
import java.util.Set;

/**
 * Who may act as whom, and who may answer what (#24, docs/authority.md "Roles"): inside an agent's
 * session a command speaks in the agent's own name only, never a person's; an approval is answered
 * by a person or by one of {@code agents.leads}; every other escalation (a question, decision,
 * conflict or blocker sent to a human) by a person. A guard against agents acting as people, not a
 * boundary against a person who runs the commands outside the session: every refusal is exit 3.
 */
public final class AnswerRoles {
    private AnswerRoles() {
    }

    /**
     * Refuses {@code option NAME} (a {@code --by}) inside an agent's session unless NAME is one of
     * the agent's own names.
     *
     * @param session the session the command runs in, or null for a person's terminal
     * @param own     the agent's own names (GHP_AGENT, the name its heartbeat takes here)
     */
    public static void requireOwnName(String option, String name, AgentSession session, Collection<String> own) {
        if (session == null || name == null || own.contains(name)) {
            return;
        }
        String self = own.isEmpty() ? "the agent" : Printable.line(own.iterator().next());
        throw new RefusedException(option + " " + Printable.line(name) + " is a person's name, and this runs inside an agent"
                + " session (" + where(session) + "): an agent acts in its own"
                + " name (nothing was changed)",
                "leave out " + option + " (" + self + " acts as itself), or let " + Printable.line(name)
                        + " run it from a terminal outside any agent session");
    }

    /**
     * Refuses an agent's answer to an escalation a person must answer.
     *
     * @param session  the session the command runs in, or null for a person's terminal
     * @param resolver the agent's name (the answer is given in it)
     * @param leads    {@code agents.leads}; empty: only people answer approvals
     */
    public static void requireMayAnswer(Escalation e, String resolver, AgentSession session, Set<String> leads) {
        if (session == null) {
            return;
        }
        String who = Printable.line(resolver);
        String where = " (this runs inside an agent session: " + where(session) + ")";
        if (e.isKind(Escalation.Kind.APPROVAL)) {
            if (leads.contains(resolver)) {
                return;
            }
            throw new RefusedException(who + " is not one of agents.leads, and an approval is answered by a lead or a person"
                    + where + "; nothing was changed",
                    "a person answers from a terminal outside any agent session, or list " + who
                            + " in agents.leads in .ghp/config.json");
        }
        throw new RefusedException(e.id() + " is a " + Printable.line(e.kind()) + " for a human: a person answers it, not an"
                + " agent" + where + "; nothing was changed",
                "a person answers from a terminal outside any agent session: ghp agent-escalate --resolve " + e.id()
                        + " --answer TEXT");
    }

    /** {@code claude-code: CLAUDECODE}: the tool and what told. */
    private static String where(AgentSession session) {
        return Printable.line(session.tool()) + ": " + Printable.line(session.marker());
    }
}
