package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The take-overs of a heartbeat as decisions (#21): an agent that takes an issue or files from a
 * stale holder, or an issue from a live one with {@code --force}, changes the holder's record, which
 * the holder owns. Written as a {@code takeover} decision about the holder in the same commit, the
 * release survives the holder's own heartbeat on a clone that had not seen it.
 *
 * <p>Read from the records before and after the rules ({@link Claims}): the only change a heartbeat
 * makes to another agent's claims is a take-over, so what the holder lost is what was taken.
 */
public final class TakeoverDecisions {
    private TakeoverDecisions() {
    }

    /**
     * One decision per holder that lost a claim between {@code before} and {@code after}: the issue
     * it held (released only while it still holds it) and the patterns it lost.
     */
    public static List<AgentDecision> of(StatusDocument before, StatusDocument after, String taker, Instant now,
                                         Supplier<String> newId) {
        List<AgentDecision> out = new ArrayList<>();
        for (Map.Entry<String, AgentRecord> e : before.agents().entrySet()) {
            String holder = e.getKey();
            AgentRecord was = e.getValue();
            AgentRecord is = after.agents().get(holder);
            if (holder.equals(taker) || is == null) {
                continue;
            }
            Integer lostIssue = was.issue() != null && !Objects.equals(was.issue(), is.issue()) ? was.issue() : null;
            List<String> lost = new ArrayList<>();
            for (String p : was.files()) {
                if (!is.files().contains(p)) {
                    lost.add(p);
                }
            }
            for (String p : was.pendingFiles()) {
                if (!is.pendingFiles().contains(p) && !lost.contains(p)) {
                    lost.add(p);
                }
            }
            if (lostIssue == null && lost.isEmpty()) {
                continue;
            }
            String id = newId.get();
            out.add(AgentDecision.of(id, AgentDecision.Kind.TAKEOVER, holder, taker, now, id,
                    AgentDecision.Effect.released(lostIssue, lost, null), null, holder, taker));
        }
        return out;
    }
}
