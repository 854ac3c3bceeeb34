package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Carries a decision's effect out on an agent's record: a pure function of the record and the
 * decision, and idempotent (carried out twice, it is carried out once), so the merge may carry out
 * again what the deciding command already did. Adds the decision's id to the record's decided list.
 */
public final class DecisionEffects {
    private DecisionEffects() {
    }

    /**
     * The facts of a record an effect decides: the issue, the status, claim patterns (each, or all).
     * A decision carried out late (by a merge) leaves alone what a later decision about the agent
     * decides, so that of two decisions about one fact the later is in effect whatever the order
     * the clones saw them in.
     */
    public record Touched(boolean issue, boolean status, boolean allPatterns, Set<String> patterns) {
        public static final Touched NOTHING = new Touched(false, false, false, Set.of());

        public Touched {
            patterns = Set.copyOf(patterns);
        }

        public static Touched by(AgentDecision.Effect e) {
            Set<String> patterns = new HashSet<>();
            patterns.addAll(e.approve());
            patterns.addAll(e.withdraw());
            patterns.addAll(e.drop());
            patterns.addAll(e.add());
            patterns.addAll(e.addPending());
            return new Touched(e.setsIssue() || e.releaseIssue() != null, e.status() != null,
                    e.files() != null || e.pendingFiles() != null, patterns);
        }

        public Touched plus(Touched o) {
            Set<String> all = new HashSet<>(patterns);
            all.addAll(o.patterns);
            return new Touched(issue || o.issue, status || o.status, allPatterns || o.allPatterns, all);
        }
    }

    /**
     * The record after the decision; {@code r} null (the agent signed off) gives null, except for a
     * decision that sets the issue, which creates a {@code starting} entry as the assignment did.
     */
    public static AgentRecord apply(AgentRecord r, AgentDecision d) {
        return apply(r, d, Touched.NOTHING);
    }

    /** As {@link #apply(AgentRecord, AgentDecision)}, leaving the facts {@code later} decides as they are. */
    public static AgentRecord apply(AgentRecord r, AgentDecision d, Touched later) {
        AgentDecision.Effect e = d.effect();
        if (r == null) {
            if (!e.setsIssue() || later.issue()) {
                return null;
            }
            r = AgentRecord.builder().status(AgentStatus.STARTING.wire()).lastAction(d.kind() + " by " + d.by())
                    .timestamp(d.at()).build();
        }
        AgentRecord.Builder next = r.toBuilder();
        if (!later.issue()) {
            if (e.setsIssue()) {
                next.issue(e.issue());
            } else if (e.releaseIssue() != null && Objects.equals(r.issue(), e.releaseIssue())) {
                next.issue(null);
            }
        }
        if (!later.allPatterns()) {
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
            next.files(keep(files, r.files(), later.patterns())).pendingFiles(keep(pending, r.pendingFiles(), later.patterns()));
        }
        if (e.status() != null && !later.status()) {
            next.status(e.status());
        }
        // A lift is conditional on the wait it ends, so it needs no guard against later decisions:
        // one that set another status left the record no longer blocked on the escalation.
        AgentRecord now = next.build();
        if (e.unblock() != null && AgentStatus.BLOCKED.wire().equals(now.status()) && e.unblock().equals(now.blockedOn())) {
            next.status(Unblocking.RESUMED.wire()).blockedOn(null);
        }
        return AgentDecision.withDecided(next.build(), List.of(d.id()));
    }

    /** {@code changed}, with each of the {@code kept} patterns in or out as it was in {@code before}. */
    private static List<String> keep(LinkedHashSet<String> changed, List<String> before, Set<String> kept) {
        List<String> out = new ArrayList<>();
        for (String p : changed) {
            if (!kept.contains(p) || before.contains(p)) {
                out.add(p);
            }
        }
        for (String p : before) {
            if (kept.contains(p) && !out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }
}
