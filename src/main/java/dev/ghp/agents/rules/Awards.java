package dev.ghp.agents.rules;

import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.ClaimNotes;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.scope.PatternOverlap;
import dev.ghp.agents.rules.scope.ScopePattern;
import dev.ghp.agents.text.Printable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Carrying out a human's decision on a {@code conflict} escalation ({@code agent-escalate --resolve
 * ID --award WINNER}): the contested issue and the overlapping file patterns stay with the winner
 * alone. The other party (the loser) loses
 * <ul>
 *   <li>its issue, when it is the escalation's issue and the winner's record names it too;</li>
 *   <li>every pattern of its scope (files and pending files) that overlaps a contested pattern: the
 *       winner's recorded scope, and, when the winner's own request opened the conflict (it was
 *       refused, so nothing of it is recorded), the patterns it asked for.</li>
 * </ul>
 * The winner's record is not changed: a winner whose request was refused asks again. The loser is
 * told on its next heartbeat, like after a take-over.
 */
public final class Awards {
    /** The escalation field that names the agent a conflict was awarded to. */
    public static final String AWARDED_TO = "awardedTo";

    private Awards() {
    }

    /**
     * @param loser       the other party
     * @param lostIssue   the issue taken from the loser, or null
     * @param lostFiles   the patterns taken from the loser
     */
    public record Result(StatusDocument doc, String loser, Integer lostIssue, List<String> lostFiles) {
    }

    public static Result apply(StatusDocument doc, Escalation e, String winner, String resolver, Instant now) {
        if (!e.isKind(Escalation.Kind.CONFLICT)) {
            throw new UsageException("--award is for conflict escalations; " + e.id() + " is a " + Printable.quote(e.kind()),
                    "resolve it with --answer TEXT");
        }
        List<String> parties = Claims.parties(e);
        if (parties.size() != 2 || !parties.contains(winner)) {
            throw new UsageException("--award " + Printable.quote(winner) + ": " + e.id() + " is between "
                    + Printable.quote(String.join(" and ", parties)), "award it to one of them");
        }
        String loser = parties.get(0).equals(winner) ? parties.get(1) : parties.get(0);
        AgentRecord lr = doc.agents().get(loser);
        if (lr == null) {
            return new Result(doc, loser, null, List.of());
        }
        AgentRecord wr = doc.agents().get(winner);
        Integer lostIssue = e.issue() != null && e.issue().equals(lr.issue()) && wr != null && e.issue().equals(wr.issue())
                ? e.issue() : null;

        List<ScopePattern> contested = new ArrayList<>();
        if (wr != null) {
            wr.files().forEach(f -> add(contested, f));
            wr.pendingFiles().forEach(f -> add(contested, f));
        }
        if (winner.equals(e.agent())) {
            for (String f : e.files()) {
                if (!lr.files().contains(f) && !lr.pendingFiles().contains(f)) {
                    add(contested, f);
                }
            }
        }
        List<String> lostFiles = new ArrayList<>();
        List<String> keepFiles = keep(lr.files(), contested, lostFiles);
        List<String> keepPending = keep(lr.pendingFiles(), contested, lostFiles);
        if (lostIssue == null && lostFiles.isEmpty()) {
            return new Result(doc, loser, null, List.of());
        }
        AgentRecord next = lr.toBuilder().issue(lostIssue != null ? null : lr.issue())
                .files(keepFiles).pendingFiles(keepPending).build();
        next = ClaimNotes.withReleased(next, lostIssue, lostFiles, winner,
                "awarded to " + winner + " by " + resolver + " (" + e.id() + ")", now);
        return new Result(doc.withAgent(loser, next), loser, lostIssue, lostFiles);
    }

    private static void add(List<ScopePattern> into, String text) {
        ScopePattern p = Claims.parseStored(text);
        if (p != null && !into.contains(p)) {
            into.add(p);
        }
    }

    /** The patterns of {@code scope} that overlap no contested one; the others go to {@code lost}. */
    private static List<String> keep(List<String> scope, List<ScopePattern> contested, List<String> lost) {
        List<String> kept = new ArrayList<>();
        for (String f : scope) {
            ScopePattern p = Claims.parseStored(f);
            if (p != null && contested.stream().anyMatch(c -> PatternOverlap.overlap(p, c))) {
                lost.add(f);
            } else {
                kept.add(f);
            }
        }
        return kept;
    }
}
