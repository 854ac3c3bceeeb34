package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.StatusDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An agent that marked itself {@code --status blocked --blocked-on esc-ID} waits on a human's
 * decision like on any other blocker; when the escalation is resolved the wait is over, so the
 * write that resolves it sets the agent back to {@code implementing} (the status it most likely
 * left: the record does not keep the one before {@code blocked}) and tells it, in one commit.
 * The agent's timestamp is not touched: it says when the agent last reported, and a resolution
 * is not a sign of life. The lift is a decision ({@code unblock}), so it survives a merge with the
 * agent's own record from a clone that had not seen it.
 */
public final class Unblocking {
    /** The status an agent blocked on a resolved escalation is given. */
    public static final AgentStatus RESUMED = AgentStatus.IMPLEMENTING;

    private Unblocking() {
    }

    /**
     * @param unblocked the agents set back to {@link #RESUMED}, each with its notice
     * @param decisions one lift per agent, to be written with the record (store/DecisionFiles): the
     *                  write changes another agent's record, whose own heartbeat on a clone that had
     *                  not seen the resolution would otherwise put the wait back (#21)
     */
    public record Result(StatusDocument doc, List<String> unblocked, List<Message> notices, List<AgentDecision> decisions) {
        public boolean changed() {
            return !unblocked.isEmpty();
        }
    }

    /**
     * The escalations a write resolves by itself ({@link SelfClosing}: a conflict, an approval or a
     * cycle no longer needed), applied one after the other; {@code except} (the agent whose own
     * heartbeat this is, which just said what it does) is left as it reported, or null for none.
     */
    public static Result applyAll(StatusDocument doc, List<Escalation> resolved, String except, Instant now) {
        StatusDocument out = doc;
        List<String> unblocked = new ArrayList<>();
        List<Message> notices = new ArrayList<>();
        List<AgentDecision> decisions = new ArrayList<>();
        for (Escalation e : resolved) {
            Result r = apply(out, e, e.resolvedBy(), now, except);
            out = r.doc();
            unblocked.addAll(r.unblocked());
            notices.addAll(r.notices());
            decisions.addAll(r.decisions());
        }
        return new Result(out, unblocked, notices, decisions);
    }

    public static Result apply(StatusDocument doc, Escalation resolved, String resolver, Instant now) {
        return apply(doc, resolved, resolver, now, null);
    }

    private static Result apply(StatusDocument doc, Escalation resolved, String resolver, Instant now, String except) {
        StatusDocument out = doc;
        List<String> unblocked = new ArrayList<>();
        List<Message> notices = new ArrayList<>();
        List<AgentDecision> decisions = new ArrayList<>();
        for (Map.Entry<String, AgentRecord> e : doc.agents().entrySet()) {
            AgentRecord r = e.getValue();
            if (!AgentStatus.BLOCKED.wire().equals(r.status()) || !resolved.id().equals(r.blockedOn())
                    || e.getKey().equals(except)) {
                continue;
            }
            out = out.withAgent(e.getKey(), r.toBuilder().status(RESUMED.wire()).blockedOn(null).build());
            unblocked.add(e.getKey());
            decisions.add(AgentDecision.of(AgentDecision.newId(), AgentDecision.Kind.UNBLOCK, e.getKey(), resolver, now,
                    AgentDecision.liftOf(resolved.id()), AgentDecision.Effect.lifted(resolved.id()), resolved.id(), null,
                    null));
            notices.add(Message.unread(Message.newId(), Message.Kind.BLOCKER, resolver, e.getKey(), e.getKey(),
                    text(resolved, resolver), resolved.issue(), now));
        }
        return new Result(out, unblocked, notices, decisions);
    }

    /** What an agent blocked on {@code resolved} is told: made from the escalation alone, so the record can back it. */
    static String text(Escalation resolved, String resolver) {
        StringBuilder text = new StringBuilder("Blocker ").append(resolved.id()).append(" (").append(resolved.kind())
                .append(") ");
        String said = "resolved by " + resolver;
        if (resolved.answer() != null && resolved.answer().startsWith(said)) {
            text.append(resolved.answer()); // the tool's own answers say who already
        } else {
            text.append(said).append(resolved.answer() == null ? "" : ": " + resolved.answer());
        }
        text.append("\nStatus set from blocked to ").append(RESUMED.wire()).append(" by that resolution.");
        return text.toString();
    }
}
