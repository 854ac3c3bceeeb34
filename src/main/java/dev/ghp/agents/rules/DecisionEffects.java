package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Carries a decision's effect out on an agent's record: a pure function of the record and the
 * decision, and idempotent (carried out twice, it is carried out once), so the merge may carry out
 * again what the deciding command already did. Adds the decision's id to the record's decided list.
 */
public final class DecisionEffects {
    private DecisionEffects() {
    }

    /**
     * The record after the decision; {@code r} null (the agent signed off) gives null, except for a
     * decision that sets the issue, which creates a {@code starting} entry as the assignment did.
     */
    public static AgentRecord apply(AgentRecord r, AgentDecision d) {
        AgentDecision.Effect e = d.effect();
        if (r == null) {
            if (!e.setsIssue()) {
                return null;
            }
            r = AgentRecord.builder().status(AgentStatus.STARTING.wire()).lastAction(d.kind() + " by " + d.by())
                    .timestamp(d.at()).build();
        }
        AgentRecord.Builder next = r.toBuilder();
        if (e.setsIssue()) {
            next.issue(e.issue());
        } else if (e.releaseIssue() != null && Objects.equals(r.issue(), e.releaseIssue())) {
            next.issue(null);
        }
        LinkedHashSet<String> files = new LinkedHashSet<>(e.files() != null ? e.files() : r.files());
        LinkedHashSet<String> pending = new LinkedHashSet<>(e.pendingFiles() != null ? e.pendingFiles() : r.pendingFiles());
        for (String p : e.approve()) {
            if (pending.remove(p)) {
                files.add(p);
            }
        }
        e.withdraw().forEach(pending::remove);
        e.drop().forEach(files::remove);
        e.drop().forEach(pending::remove);
        files.addAll(e.add());
        e.add().forEach(pending::remove);
        for (String p : e.addPending()) {
            if (!files.contains(p)) {
                pending.add(p);
            }
        }
        next.files(new ArrayList<>(files)).pendingFiles(new ArrayList<>(pending));
        if (e.status() != null) {
            next.status(e.status());
        }
        return AgentDecision.withDecided(next.build(), List.of(d.id()));
    }
}
