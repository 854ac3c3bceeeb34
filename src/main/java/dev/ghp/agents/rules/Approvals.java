package dev.ghp.agents.rules;

import dev.ghp.agents.errors.RefusedException;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.scope.PatternOverlap;
import dev.ghp.agents.rules.scope.ScopePattern;
import dev.ghp.agents.text.Printable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolving an {@code approval} escalation for shared files: approving moves the patterns from the
 * agent's {@code pendingFiles} into its {@code files} (the claim becomes active); denying drops
 * them; an answer in part ({@link ApprovalAnswer}) does each to its own patterns. An approval that would make two live scopes overlap is refused: the rule that no two live
 * agents hold the same file has no exception.
 */
public final class Approvals {
    private Approvals() {
    }

    /**
     * @param approved the patterns that became active
     * @param denied   the patterns dropped from the pending claims (both empty when the agent no
     *                 longer waits on them)
     */
    public record Result(StatusDocument doc, List<String> approved, List<String> denied) {
        /** Every pattern that changed state. */
        public List<String> moved() {
            List<String> all = new ArrayList<>(approved);
            all.addAll(denied);
            return all;
        }
    }

    /** The whole request approved, or the whole request denied. */
    public static Result apply(StatusDocument doc, Escalation e, boolean approve, StaleDetector detector, Instant now) {
        return apply(doc, e, approve ? new ApprovalAnswer(e.files(), List.of(), Escalation.APPROVED)
                : new ApprovalAnswer(List.of(), e.files(), Escalation.DENIED),
                detector, now);
    }

    /** The request answered pattern by pattern: the approved ones become active, the denied ones are dropped. */
    public static Result apply(StatusDocument doc, Escalation e, ApprovalAnswer answer, StaleDetector detector, Instant now) {
        AgentRecord r = e.agent() == null ? null : doc.agents().get(e.agent());
        if (r == null) {
            return new Result(doc, List.of(), List.of());
        }
        List<String> pending = new ArrayList<>(r.pendingFiles());
        List<String> approvedMoved = waiting(r, answer.approved());
        List<String> deniedMoved = waiting(r, answer.denied());
        deniedMoved.removeAll(approvedMoved);
        List<String> moved = new ArrayList<>(approvedMoved);
        moved.addAll(deniedMoved);
        if (moved.isEmpty()) {
            return new Result(doc, List.of(), List.of());
        }
        pending.removeAll(moved);
        List<String> files = new ArrayList<>(r.files());
        if (!approvedMoved.isEmpty()) {
            for (Map.Entry<String, AgentRecord> o : doc.agents().entrySet()) {
                if (o.getKey().equals(e.agent()) || o.getValue().isDone()
                        || detector.view(o.getKey(), o.getValue(), now).stale()) {
                    continue;
                }
                List<String> theirs = new ArrayList<>(o.getValue().files());
                theirs.addAll(o.getValue().pendingFiles());
                for (String m : approvedMoved) {
                    for (String t : theirs) {
                        ScopePattern mp = Claims.parseStored(m);
                        ScopePattern tp = Claims.parseStored(t);
                        Optional<String> example = mp == null || tp == null ? Optional.empty() : PatternOverlap.example(mp, tp);
                        if (example.isPresent()) {
                            throw new RefusedException("cannot approve " + m + " for " + Printable.line(e.agent()) + ": it overlaps "
                                    + Printable.line(o.getKey()) + "'s " + t + " (both cover " + example.get() + ")",
                                    "deny it with --deny, or ask " + Printable.line(o.getKey()) + " to release " + t + " first");
                        }
                    }
                }
            }
            files.addAll(approvedMoved);
        }
        AgentRecord next = r.toBuilder().files(files).pendingFiles(pending).build();
        return new Result(doc.withAgent(e.agent(), next), approvedMoved, deniedMoved);
    }

    /** The agent's pending patterns that are among {@code patterns} (compared as claims are). */
    private static List<String> waiting(AgentRecord r, List<String> patterns) {
        List<String> out = new ArrayList<>();
        for (String f : patterns) {
            ScopePattern fp = Claims.parseStored(f);
            for (String p : r.pendingFiles()) {
                ScopePattern pp = Claims.parseStored(p);
                if (pp != null && pp.equals(fp) && !out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }
}
