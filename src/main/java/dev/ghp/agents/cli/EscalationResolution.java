package dev.ghp.agents.cli;

import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.ApprovalAnswer;
import dev.ghp.agents.rules.Approvals;
import dev.ghp.agents.rules.Awards;
import dev.ghp.agents.rules.ChangeNotices;
import dev.ghp.agents.rules.ClockSkew;
import dev.ghp.agents.rules.Notices;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.rules.Unblocking;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.DecisionFiles;
import dev.ghp.agents.store.EscalationFiles;
import dev.ghp.agents.store.MessageFiles;
import dev.ghp.agents.store.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The one write that resolves an open escalation, whoever answers ({@code agent-escalate --resolve},
 * a reply on GitHub, the lead's page): the answer recorded, an approval's pending claims moved, an
 * award's loser released, the agents blocked on it set back to work, and the opener told, all in
 * one commit. The caller has checked who may answer; this only writes.
 */
public final class EscalationResolution {

    /**
     * @param text    the answer, or null for an approval or award without words
     * @param approve with an approval: the patterns approved ({@link ApprovalAnswer#REST} for the rest), or null
     * @param deny    with an approval: the patterns denied, or null
     * @param winner  with a conflict: the agent awarded it, or null
     */
    public record Answer(String text, List<String> approve, List<String> deny, String winner) {
    }

    /** The resolved escalation, the claims an approval moved (or null), what an award took (or null). */
    public record Result(Escalation escalation, Approvals.Result moved, Awards.Result awarded) {
    }

    private EscalationResolution() {
    }

    /**
     * @param e        the escalation as read in {@code snapshot}, open
     * @param author   the commit's author name
     * @param recorded what to add to the resolved escalation before it is written (where the answer came from)
     */
    public static Decision<Result> write(Snapshot snapshot, Escalation e, Answer answer, String resolver, String author,
                                         StaleDetector detector, Instant now, UnaryOperator<Escalation> recorded) {
        String id = e.id();
        String winner = answer.winner();
        boolean approval = e.isKind(Escalation.Kind.APPROVAL);
        // Every write bounds clock skew (ClockSkew): the status written here is clamped too.
        StatusDocument status = ClockSkew.clamp(snapshot.status(), now, detector.staleAfter());
        Awards.Result ar = winner == null ? null : Awards.apply(status, e, winner, resolver, now);
        ApprovalAnswer answered = approval ? ApprovalAnswer.of(id, e.files(), answer.approve(), answer.deny()) : null;
        String decision = answered == null ? null : answered.decision();
        String given = answer.text() != null ? answer.text() : answered != null ? answered.summary() : "awarded to " + winner;
        Escalation r = e.resolved(given, decision, resolver, now);
        if (winner != null) {
            r = r.withExtra(Awards.AWARDED_TO, com.fasterxml.jackson.databind.node.TextNode.valueOf(winner));
        }
        r = recorded.apply(r);
        Change c = Change.of("resolve " + id + (decision == null ? "" : " " + decision)
                + (winner == null ? "" : " awarded to " + winner) + " by " + resolver, author);
        EscalationFiles.put(c, r);
        Approvals.Result moved = null;
        StatusDocument after = status;
        if (approval) {
            Approvals.Result apr = Approvals.apply(status, e, answered, detector, now);
            if (!apr.moved().isEmpty()) {
                after = apr.doc();
                moved = apr;
            }
        }
        if (ar != null && (ar.lostIssue() != null || !ar.lostFiles().isEmpty())) {
            after = ar.doc();
        }
        after = DecisionFiles.record(c, after, decisions(id, e.agent(), resolver, now, moved, ar, winner));
        // Agents blocked on this escalation wait no more: set back to work and told, in this commit.
        Unblocking.Result unblocked = Unblocking.apply(after, r, resolver, now);
        after = DecisionFiles.record(c, unblocked.doc(), unblocked.decisions());
        if (after != status) {
            c.putStatus(after);
        }
        List<Message> notices = new ArrayList<>(Notices.resolved(r, resolver, now));
        notices.addAll(unblocked.notices());
        notices.addAll(ChangeNotices.of(status, after, resolver, null, now));
        MessageFiles.sendAll(c, snapshot, notices, now);
        return Decision.write(c, new Result(r, moved, ar));
    }

    /**
     * The decisions about agents' records that resolving {@code id} made: an answered approval (about
     * the agent that asked), an award (about the loser); each survives a merge with a record of the
     * agent that had not seen it (docs/decisions.md, #21).
     */
    private static List<AgentDecision> decisions(String id, String asker, String resolver, Instant now, Approvals.Result moved,
                                                 Awards.Result awarded, String winner) {
        List<AgentDecision> out = new java.util.ArrayList<>();
        String subject = AgentDecision.aboutEscalation(id);
        if (moved != null) {
            AgentDecision.Kind kind = moved.denied().isEmpty() ? AgentDecision.Kind.APPROVE
                    : moved.approved().isEmpty() ? AgentDecision.Kind.DENY : AgentDecision.Kind.PARTIAL;
            out.add(AgentDecision.of(AgentDecision.newId(), kind, asker, resolver, now, subject,
                    AgentDecision.Effect.answered(moved.approved(), moved.denied()), id, null, null));
        }
        if (awarded != null && (awarded.lostIssue() != null || !awarded.lostFiles().isEmpty())) {
            out.add(AgentDecision.of(AgentDecision.newId(), AgentDecision.Kind.AWARD, awarded.loser(), resolver, now,
                    subject, AgentDecision.Effect.released(awarded.lostIssue(), awarded.lostFiles(), null), id, null, winner));
        }
        return out;
    }
}
