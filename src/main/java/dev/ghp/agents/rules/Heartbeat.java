package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.model.HandedOff;
import java.time.Instant;

/**
 * One heartbeat as the agent gave it: null means "not given, keep what was there". Applying it to
 * the agent's previous record (or to none) gives the new record.
 *
 * @param issue         from {@code --issue}, or null
 * @param status        from {@code --status}, or null
 * @param action        from {@code --action}, or null
 * @param blockedOn     from {@code --blocked-on}, normalised ({@code #123} or an agent name), or null
 * @param branch        the agent's branch now, or null
 * @param worktree      the agent's worktree now, or null
 * @param fallbackIssue the issue to use when neither the flag nor the previous record has one
 *                      (from {@code GHP_SPAWN_CONTEXT} or the branch name), or null
 */
public record Heartbeat(Integer issue, AgentStatus status, String action, String blockedOn,
                        String branch, String worktree, Integer fallbackIssue) {

    /**
     * The same heartbeat written for an agent from another agent's worktree ({@code --agent NAME}
     * from the main checkout): the caller's branch, worktree and branch-named issue describe the
     * caller, not NAME, so the recorded ones are kept.
     */
    public Heartbeat fromElsewhere() {
        return new Heartbeat(issue, status, action, blockedOn, null, null, null);
    }

    /** Whether the issue it gives {@code previous} comes only from {@link #fallbackIssue()}, not asked for. */
    public boolean issueByDefault(AgentRecord previous) {
        return issue == null && fallbackIssue != null && (previous == null || previous.issue() == null)
                && HandedOff.of(previous).isEmpty();
    }

    public AgentRecord applyTo(AgentRecord previous, Instant now) {
        AgentRecord.Builder next = previous == null ? AgentRecord.builder() : previous.toBuilder();
        Integer previousIssue = previous == null ? null : previous.issue();
        // An agent that handed its issue over does not take it back from its branch name or GHP's
        // context on the next bare heartbeat; naming an issue starts new work and clears the mark.
        boolean handedOff = HandedOff.of(previous).isPresent();
        next.issue(issue != null ? issue : previousIssue != null ? previousIssue : handedOff ? null : fallbackIssue);
        if (handedOff && issue != null) {
            next.extra(HandedOff.cleared(previous.extra()));
        }

        String nextStatus;
        if (status != null) {
            nextStatus = status.wire();
        } else if (blockedOn != null) {
            nextStatus = AgentStatus.BLOCKED.wire();
        } else if (previous != null && previous.status() != null) {
            nextStatus = previous.status();
        } else {
            nextStatus = AgentStatus.STARTING.wire();
        }
        next.status(nextStatus);
        if (!AgentStatus.BLOCKED.wire().equals(nextStatus)) {
            next.blockedOn(null);
        } else if (blockedOn != null) {
            next.blockedOn(blockedOn);
        }

        if (action != null) {
            next.lastAction(action);
        } else if (previous == null || previous.lastAction() == null) {
            next.lastAction("");
        }
        if (branch != null || previous == null) {
            next.branch(branch);
        }
        if (worktree != null || previous == null) {
            next.worktree(worktree);
        }
        return next.timestamp(now).build();
    }
}
