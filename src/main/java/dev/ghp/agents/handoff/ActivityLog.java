package dev.ghp.agents.handoff;

import dev.ghp.agents.model.AgentRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns the successive versions of one agent's entry into what it did: a step whenever its issue,
 * status, action or blocker changed. Refreshes that only moved the timestamp (the same step
 * reported again) are dropped; the newest {@code limit} steps are kept, oldest first.
 */
public final class ActivityLog {
    private ActivityLog() {
    }

    /**
     * @param versions the agent's entry after each commit of the coordination history, oldest first;
     *                 null where the agent had no entry
     * @param commitTimes when each of those commits was made (used when an entry has no timestamp)
     */
    public static List<Handoff.Activity> of(List<AgentRecord> versions, List<Instant> commitTimes, int limit) {
        List<Handoff.Activity> steps = new ArrayList<>();
        Handoff.Activity last = null;
        for (int i = 0; i < versions.size(); i++) {
            AgentRecord r = versions.get(i);
            if (r == null) {
                last = null;
                continue;
            }
            String action = r.lastAction() == null || r.lastAction().isBlank() ? null : r.lastAction();
            Instant at = r.timestamp() != null ? r.timestamp() : commitTimes.get(i);
            Handoff.Activity step = new Handoff.Activity(at, r.issue(), r.status(), action, r.blockedOn());
            if (last == null || !sameStep(last, step)) {
                steps.add(step);
            }
            last = step;
        }
        return steps.size() <= limit ? steps : List.copyOf(steps.subList(steps.size() - limit, steps.size()));
    }

    private static boolean sameStep(Handoff.Activity a, Handoff.Activity b) {
        return Objects.equals(a.issue(), b.issue()) && Objects.equals(a.status(), b.status())
                && Objects.equals(a.action(), b.action()) && Objects.equals(a.blockedOn(), b.blockedOn());
    }
}
