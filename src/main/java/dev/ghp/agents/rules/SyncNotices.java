package dev.ghp.agents.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.ClaimNotes;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.StatusDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The notices what a sync took in causes, found like a local write's ({@link ChangeNotices}): by
 * comparing the local record before the sync with the record the sync made. Only the agents whose
 * recorded worktree is on this clone are told, so of two clones only the one that receives the news
 * writes the notice; and an agent the writing clone told already (its notice arrived with the sync,
 * in the commit of the write) is not told again. Every notice here has an id made from its cause,
 * so a sync that takes the same change in twice (a lost push race, a retried sync) writes it once.
 *
 * <p>Each lead ({@code agents.leads}) is told of every escalation the sync brought or the merge opened,
 * by a notice the same on every clone ({@link LeadNotices}), whatever clone the lead is on.
 *
 * <p>Assignments and handoffs need nothing here: their notice is written in the commit that makes
 * them, addressed to an agent the writer's record holds, so it always travels with them.
 */
public final class SyncNotices {

    /** The part of a record the notices are found in: the agent table and the escalations. */
    public record Side(StatusDocument status, List<Escalation> escalations) {
        public Side {
            escalations = List.copyOf(escalations);
        }

        Optional<Escalation> escalation(String id) {
            return escalations.stream().filter(e -> e.id().equals(id)).findFirst();
        }
    }

    private SyncNotices() {
    }

    /**
     * @param here    whether an agent is on this clone (its recorded worktree is one of this clone's)
     * @param arrived the messages the sync brought into the record (absent before it)
     */
    public static List<Message> of(Side before, Side after, List<Message> arrived, Predicate<String> here,
                                   StaleDetector detector, Instant now) {
        List<Message> out = new ArrayList<>();
        for (Message m : ChangeNotices.blockersArrived(before.status(), after.status(), detector, now)) {
            String ref = m.text().substring("Blocker ".length(), m.text().indexOf(' ', "Blocker ".length()));
            if (here.test(m.to()) && !told(arrived, m.to(), Message.Kind.BLOCKER, "Blocker " + ref + " ")) {
                out.add(m);
            }
        }
        for (Map.Entry<String, List<JsonNode>> e : ChangeNotices.lostClaims(before.status(), after.status()).entrySet()) {
            String agent = e.getKey();
            if (!here.test(agent) || arrived.stream().anyMatch(m -> m.to().equals(agent)
                    && (m.kind().equals(Message.Kind.CLAIM.wire()) || m.kind().equals(Message.Kind.ASSIGNMENT.wire())))) {
                continue;
            }
            for (JsonNode event : e.getValue()) {
                Integer issue = event.hasNonNull("issue") ? event.get("issue").asInt() : null;
                out.add(Message.unread(ChangeNotices.staleId("claim|" + agent + "|" + event), Message.Kind.CLAIM,
                        Message.TOOL, agent, agent, "Claim released: " + ClaimNotes.describe(event)
                                + " (arrived from another clone with agent-sync)", issue, now));
            }
        }
        for (Escalation e : after.escalations()) {
            Optional<Escalation> was = before.escalation(e.id());
            if (e.isOpen() || was.isEmpty() || !was.get().isOpen()) {
                continue;
            }
            String resolver = e.resolvedBy() == null ? "a person on another clone" : e.resolvedBy();
            for (Message m : Notices.resolved(e, resolver, now)) {
                if (!here.test(m.to()) || told(arrived, m.to(), null, e.id())) {
                    continue;
                }
                String id = m.id().equals(Notices.answerId(e)) ? m.id()
                        : ChangeNotices.staleId("resolved|" + m.to() + "|" + e.id());
                out.add(new Message(id, m.kind(), m.from(), m.to(), m.address(), m.text(), m.issue(), m.createdAt(),
                        null, Map.of()));
            }
        }
        List<Escalation> opened = after.escalations().stream()
                .filter(e -> e.isOpen() && before.escalation(e.id()).isEmpty()).toList();
        out.addAll(LeadNotices.of(opened, detector.leads()));
        return out;
    }

    /** Whether a message to {@code agent} (of {@code kind}, when given) mentioning {@code words} came with the sync. */
    private static boolean told(List<Message> arrived, String agent, Message.Kind kind, String words) {
        return arrived.stream().anyMatch(m -> m.to().equals(agent) && (kind == null || m.kind().equals(kind.wire()))
                && m.text() != null && m.text().contains(words));
    }
}
