package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.scope.PatternOverlap;
import dev.ghp.agents.rules.scope.ScopePattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The escalations the rules opened that no longer need a human: a file conflict whose holder
 * signed off or no longer holds an overlapping pattern, a waiting cycle that is broken, an
 * approval for files the agent no longer asks for, a conflict agent-sync found whose two agents
 * no longer clash. The tool resolves them itself, with a note saying why, so that a human's list
 * (and agent-status --check) holds only what needs a human. Every escalation a person opened is
 * left alone, even of the same kind: the rules know their own by their subject or, for agent-sync's
 * conflicts, by their id.
 */
public final class SelfClosing {
    /** Who resolves what the tool closes, as the record shows it. */
    public static final String RESOLVER = "ghp";

    private SelfClosing() {
    }

    public static List<Escalation> resolvable(StatusDocument doc, List<Escalation> open, Instant now) {
        Set<String> cycles = Blocking.cycles(doc).stream().map(Blocking::subject).collect(Collectors.toSet());
        List<Escalation> out = new ArrayList<>();
        for (Escalation e : open) {
            if (!e.isOpen()) {
                continue;
            }
            if (e.subject() == null) {
                String why = openedBySync(e) ? syncConflictGone(doc, e) : null;
                if (why != null) {
                    out.add(e.resolved("resolved by ghp: " + why, null, RESOLVER, now));
                }
                continue;
            }
            String why = null;
            if (e.isKind(Escalation.Kind.CONFLICT) && e.subject().startsWith("conflict:") && e.subject().contains(">")) {
                why = conflictGone(doc, e);
            } else if (e.isKind(Escalation.Kind.APPROVAL) && e.subject().startsWith("approval:")) {
                why = approvalGone(doc, e);
            } else if (e.isKind(Escalation.Kind.BLOCKED) && !cycles.contains(e.subject())) {
                why = "the waiting cycle is broken";
            }
            if (why != null) {
                out.add(e.resolved("resolved by ghp: " + why, null, RESOLVER, now));
            }
        }
        return out;
    }

    /** A conflict agent-sync opened: its id is the one the merge gives its pair ({@link SyncConflictId}). */
    private static boolean openedBySync(Escalation e) {
        return e.isKind(Escalation.Kind.CONFLICT) && e.agents().size() == 2
                && e.id().equals(SyncConflictId.of(e.agents().get(0), e.agents().get(1), e.issue()));
    }

    /**
     * A conflict agent-sync opened for two agents whose records met in a merge is gone when one of
     * them is done or gone, or they no longer claim the same issue nor overlapping files.
     */
    private static String syncConflictGone(StatusDocument doc, Escalation e) {
        for (String name : e.agents()) {
            AgentRecord r = doc.agents().get(name);
            if (r == null) {
                return name + " signed off";
            }
            if (r.isDone()) {
                return name + " is done";
            }
        }
        AgentRecord a = doc.agents().get(e.agents().get(0));
        AgentRecord b = doc.agents().get(e.agents().get(1));
        boolean sameIssue = a.issue() != null && a.issue().equals(b.issue());
        if (sameIssue || !PatternOverlap.overlapping(a.files(), b.files()).isEmpty()) {
            return null;
        }
        return e.agents().get(0) + " and " + e.agents().get(1) + " no longer claim the same issue or overlapping files";
    }

    /**
     * An approval request ({@code approval:AGENT:patterns}) is moot when the agent is done or gone,
     * or waits on none of the patterns it asked for any more (it narrowed its claim). One pattern
     * still waiting keeps it open: the answer is still wanted for that one.
     */
    private static String approvalGone(StatusDocument doc, Escalation e) {
        AgentRecord r = e.agent() == null ? null : doc.agents().get(e.agent());
        if (r == null) {
            return e.agent() + " signed off";
        }
        if (r.isDone()) {
            return e.agent() + " is done";
        }
        for (String asked : e.files()) {
            ScopePattern a = ScopeSplit.parseStored(asked);
            if (a == null || r.pendingFiles().stream().anyMatch(p -> a.equals(ScopeSplit.parseStored(p)))) {
                return null;
            }
        }
        return e.agent() + " no longer asks for " + String.join(", ", e.files());
    }

    /**
     * A refused request's conflict ({@code conflict:ASKER>HOLDER:mine ∩ theirs|...}) is gone when the
     * holder is done or gone, or none of its patterns overlaps what the asker asked for.
     */
    private static String conflictGone(StatusDocument doc, Escalation e) {
        String rest = e.subject().substring("conflict:".length());
        int gt = rest.indexOf('>');
        int colon = rest.indexOf(':', gt);
        if (gt < 0 || colon < 0) {
            return null;
        }
        String holder = rest.substring(gt + 1, colon);
        List<String> asked = new ArrayList<>();
        for (String pair : rest.substring(colon + 1).split("\\|")) {
            int cap = pair.indexOf(" ∩ ");
            if (cap > 0) {
                asked.add(pair.substring(0, cap));
            }
        }
        AgentRecord h = doc.agents().get(holder);
        if (h == null) {
            return holder + " signed off";
        }
        if (h.isDone()) {
            return holder + " is done";
        }
        List<String> theirs = new ArrayList<>(h.files());
        theirs.addAll(h.pendingFiles());
        if (asked.isEmpty() || !PatternOverlap.overlapping(asked, theirs).isEmpty()) {
            return null;
        }
        return holder + " no longer holds files overlapping " + String.join(", ", asked);
    }
}
