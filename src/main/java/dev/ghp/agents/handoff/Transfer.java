package dev.ghp.agents.handoff;

import dev.ghp.agents.text.Printable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ghp.agents.errors.RefusedException;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.HandedOff;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.StaleDetector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code --to}: the issue's claim and the agent's file scopes move to the successor, in the same
 * commit as the handoff document. The old entry stays, marked with {@link HandedOff}, with no
 * issue and no files, status {@code done}; the new one starts with the issue (or keeps working on
 * it, when it already did). Pure: a function of the record it is given.
 *
 * @param from     the agent handing off
 * @param to       the successor
 * @param issue    the issue handed over
 * @param at       when
 * @param document the handoff document's path on the ref
 * @param detector tells live agents from stale ones: only a live agent's other claim is in the way
 */
public record Transfer(String from, String to, int issue, Instant at, String document, StaleDetector detector) {
    /** On an escalation that moved with a handoff: the agent it named before. */
    public static final String HANDED_OVER_FROM = "handedOverFrom";

    /** What moved, for the command's report. */
    public record Moved(List<String> files, List<String> pendingFiles, boolean newAgent) {
    }

    /**
     * Checks the transfer against the record without changing it.
     *
     * @throws RefusedException when the successor is busy on another issue, or another live agent holds the issue
     */
    public Moved check(StatusDocument doc) {
        AgentRecord source = doc.agents().get(from);
        if (source == null) {
            throw new StateException(from + " has no entry in the record any more; nothing to hand over",
                    "see who is there with: ghp agent-status");
        }
        AgentRecord target = doc.agents().get(to);
        if (target != null && target.issue() != null && target.issue() != issue && live(to, target)) {
            throw new RefusedException(to + " is working on #" + target.issue() + "; an agent holds one issue at a time",
                    "hand #" + issue + " to an agent without live work, or let " + to + " finish or hand off #"
                            + target.issue() + " first");
        }
        for (Map.Entry<String, AgentRecord> e : doc.agents().entrySet()) {
            String name = e.getKey();
            AgentRecord r = e.getValue();
            if (!name.equals(from) && !name.equals(to) && Objects.equals(r.issue(), issue) && live(name, r)) {
                throw new RefusedException(Printable.line(name) + " holds the claim on #" + issue + ", not " + from,
                        "hand it over for the holder: ghp agent-handoff --agent " + Printable.line(name) + " --to " + to);
            }
        }
        return new Moved(source.files(), source.pendingFiles(), target == null);
    }

    /** The record after the transfer. */
    public StatusDocument apply(StatusDocument doc) {
        Moved moved = check(doc);
        AgentRecord source = doc.agents().get(from);
        AgentRecord target = doc.agents().get(to);

        AgentRecord handedOff = source.toBuilder()
                .issue(null)
                .status(AgentStatus.DONE.wire())
                .lastAction("handed off #" + issue + " to " + to)
                .blockedOn(null)
                .files(List.of())
                .pendingFiles(List.of())
                .timestamp(at)
                .extra(new HandedOff(to, issue, at, document).onto(source.extra()))
                .build();

        AgentRecord.Builder next = target == null ? AgentRecord.builder() : target.toBuilder();
        boolean alreadyOnIt = target != null && Objects.equals(target.issue(), issue) && live(to, target);
        if (!alreadyOnIt) {
            next.status(AgentStatus.STARTING.wire())
                    .lastAction("took over #" + issue + " from " + from + "; read it with: ghp agent-handoff --show")
                    .blockedOn(null)
                    .timestamp(at);
        }
        next.issue(issue)
                .files(union(target == null ? List.of() : target.files(), moved.files()))
                .pendingFiles(union(target == null ? List.of() : target.pendingFiles(), moved.pendingFiles()))
                .extra(HandedOff.cleared(target == null ? Map.of() : target.extra()));
        return doc.withAgent(from, handedOff).withAgent(to, next.build());
    }

    /**
     * The two decisions the transfer makes (docs/decisions.md, #21): the old agent's claims are
     * released and it is done; the successor works on the issue with the old agent's patterns. Each
     * is carried out again by a merge with a record of its agent that had not seen it.
     */
    public List<AgentDecision> decisions(StatusDocument doc, String by, Supplier<String> newId) {
        Moved moved = check(doc);
        List<String> released = new ArrayList<>(moved.files());
        released.addAll(moved.pendingFiles());
        String left = newId.get();
        return List.of(
                AgentDecision.of(left, AgentDecision.Kind.HANDOFF, from, by, at, left,
                        AgentDecision.Effect.released(issue, released, AgentStatus.DONE.wire()), null, null, to),
                AgentDecision.of(newId.get(), AgentDecision.Kind.HANDOFF, to, by, at, AgentDecision.SUBJECT_WORK,
                        AgentDecision.Effect.takenOver(issue, moved.files(), moved.pendingFiles()), null, from, null));
    }

    /**
     * The old agent's open approval requests, now the successor's: its {@code pendingFiles} move to
     * the successor, and an approval moves pending patterns of the agent the escalation names, so
     * without this an approval would change nothing and the successor's next heartbeat would ask again.
     */
    public List<Escalation> approvalsMoved(List<Escalation> open) {
        List<Escalation> moved = new ArrayList<>();
        for (Escalation e : open) {
            if (e.isOpen() && e.isKind(Escalation.Kind.APPROVAL) && from.equals(e.agent())) {
                Map<String, JsonNode> extra = new LinkedHashMap<>(e.extra());
                extra.put(HANDED_OVER_FROM, JsonNodeFactory.instance.textNode(from));
                moved.add(new Escalation(e.id(), e.kind(), e.status(), e.message(), e.issue(), to, e.createdAt(),
                        e.answer(), e.resolvedBy(), e.resolvedAt(), e.decision(), e.subject(), e.agents(), e.files(),
                        e.github(), e.ghpPreviousStage(), extra));
            }
        }
        return moved;
    }

    private boolean live(String name, AgentRecord r) {
        return !r.isDone() && !detector.view(name, r, at).stale();
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }
}
