package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.ClaimNotes;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.scope.ScopePattern;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The authority rules of a heartbeat (docs/design.md#reading-staleness-and-authority), as a pure function of the record: the issue
 * claim, the file scope, shared files that need an approval, and cycles of waiting agents. It says
 * whether the heartbeat is refused, and otherwise what the record becomes and which escalations open.
 *
 * <p>Only live agents (not stale, not done) hold claims. A stale holder's claim is taken over and
 * the take-over is noted on both records; a live holder's issue is taken only with {@code --force}.
 * A file scope that overlaps a live agent's scope is never taken: it goes to a human as one
 * {@code conflict} escalation per pair of agents, however often the heartbeat is retried.
 */
public final class Claims {
    private Claims() {
    }

    /**
     * @param agent    the agent heartbeating
     * @param previous its record before, or null
     * @param next     its record as the heartbeat makes it, before the rules (files not yet applied)
     * @param files    the scope asked for with {@code --files}, or null to keep the one it has
     * @param force    {@code --force}: take the issue even from a live holder
     * @param issueByDefault the issue is not asked for: it comes from the branch name or GHP's
     *                 spawn context alone, so when a live agent holds it, it is left out instead of refused
     */
    public record Request(String agent, AgentRecord previous, AgentRecord next, List<ScopePattern> files, boolean force,
                          boolean issueByDefault) {
        public Request(String agent, AgentRecord previous, AgentRecord next, List<ScopePattern> files, boolean force) {
            this(agent, previous, next, files, force, false);
        }
    }

    /**
     * @param detector the stale limit
     * @param shared   {@code agents.sharedFiles}: patterns that need an approval
     * @param now      the time of the heartbeat
     */
    public record Settings(StaleDetector detector, List<ScopePattern> shared, Instant now) {
    }

    /** What the rules decided. */
    public sealed interface Outcome permits Refused, Granted {
    }

    /**
     * Refused (exit 3). An issue refused writes nothing. A file scope refused writes the escalations
     * listed (a conflict a human must settle) and {@code rest}: the heartbeat without the refused
     * patterns, as a pending approval records the rest of the heartbeat.
     *
     * @param rest what is granted of the heartbeat, or null when nothing is
     */
    public record Refused(String message, String hint, List<Escalation> escalations, Granted rest) implements Outcome {
        public Refused(String message, String hint, List<Escalation> escalations) {
            this(message, hint, escalations, null);
        }
    }

    /**
     * Granted: write {@code doc} and {@code escalations}.
     *
     * @param notes         what the agent should be told (take-overs, claims it lost while silent)
     * @param pending       the patterns still waiting on an approval
     * @param approvals     the open approval escalations those wait on
     * @param askedForFiles whether {@code --files} was given (then a pending approval refuses, exit 3)
     * @param pendingWhy    for each pending pattern, the shared pattern it matched and a path both cover
     */
    public record Granted(StatusDocument doc, AgentRecord record, List<Escalation> escalations, List<String> notes,
                          List<String> pending, List<String> approvals, boolean askedForFiles,
                          List<String> pendingWhy) implements Outcome {
    }

    public static Outcome evaluate(StatusDocument doc, Supplier<List<Escalation>> openEscalations, Request req,
                                   Settings s, Supplier<String> newId) {
        String me = req.agent();
        AgentRecord prev = req.previous();
        List<String> notes = new ArrayList<>();
        Map<String, AgentRecord> others = new TreeMap<>(doc.agents());
        others.remove(me);

        // 1. The issue claim.
        IssueClaim claim = claimIssue(req, others, openEscalations, s, notes);
        if (claim.refused() != null) {
            return claim.refused();
        }
        AgentRecord next = claim.next();
        Integer issue = claim.issue();

        // 2. The file scope: what stays active, what waits on an approval, and whom it meets.
        ScopeSplit scope = ScopeSplit.of(prev, req.files(), s.shared());
        OverlapScan overlaps = OverlapScan.scan(others, scope, s.detector(), s.now());
        if (!overlaps.live().isEmpty()) {
            Refused refusal = refuseOverlap(me, issue, overlaps.live(), others, openEscalations.get(), s, newId);
            Outcome rest = evaluate(doc, openEscalations, withoutRefused(req, overlaps, scope), s, newId);
            return rest instanceof Granted g ? new Refused(refusal.message(), refusal.hint(), refusal.escalations(), g) : refusal;
        }
        for (Map.Entry<String, Set<String>> e : overlaps.held().entrySet()) {
            notes.add(sharedClaimWarning("files " + String.join(", ", e.getValue()), List.of(e.getKey()), others,
                    openEscalations, s, me));
        }

        // 3. Take-overs: the stale holders' claims, and with --force the live holders' issue.
        Map<String, AgentRecord> changed = new TreeMap<>();
        next = takeIssueOver(me, issue, claim, others, changed, next, s.now(), notes);
        next = takeFilesOver(me, overlaps.stale(), others, changed, next, s.now(), notes);

        // 4. Claims this agent lost while it was silent: tell it once.
        for (var event : ClaimNotes.released(prev)) {
            notes.add("while you were away: " + ClaimNotes.describe(event));
        }
        next = withScope(ClaimNotes.withoutReleased(next), prev, req.files() != null, scope);

        StatusDocument result = doc;
        for (Map.Entry<String, AgentRecord> c : changed.entrySet()) {
            result = result.withAgent(c.getKey(), c.getValue());
        }
        result = result.withAgent(me, next);

        // 5. Shared files: one approval escalation for the patterns not asked for yet.
        List<Escalation> toWrite = new ArrayList<>();
        List<String> approvalIds = new ArrayList<>();
        askApproval(me, issue, scope.pending(), openEscalations, s, newId, toWrite, approvalIds);

        // 6. Cycles of waiting agents through this one: one blocked escalation each.
        toWrite.addAll(cycleEscalations(result, me, openEscalations, s.now(), newId));

        return new Granted(result, next, toWrite, notes, texts(scope.pending()), approvalIds, req.files() != null,
                ScopeSplit.reasons(scope.pending(), s.shared()));
    }

    /**
     * The request without the patterns refused for an overlap. The patterns held before stay held:
     * a request refused in part does not release what it would have replaced.
     */
    private static Request withoutRefused(Request req, OverlapScan overlaps, ScopeSplit scope) {
        Set<String> refused = new LinkedHashSet<>();
        overlaps.live().values().forEach(list -> list.forEach(o -> refused.add(o.mine())));
        List<ScopePattern> files = new ArrayList<>();
        for (ScopePattern p : req.files()) {
            if (!refused.contains(p.text()) && !files.contains(p)) {
                files.add(p);
            }
        }
        for (ScopePattern p : scope.prevActive()) {
            if (!files.contains(p)) {
                files.add(p);
            }
        }
        for (ScopePattern p : scope.prevPending()) {
            if (!files.contains(p)) {
                files.add(p);
            }
        }
        return new Request(req.agent(), req.previous(), req.next(), files, req.force(), req.issueByDefault());
    }

    /**
     * The issue step's result: refused, or the issue the record keeps ({@code next} may have lost
     * an issue it did not ask for) and the holders it takes the issue from.
     */
    private record IssueClaim(Refused refused, AgentRecord next, Integer issue, List<String> liveHolders,
                              List<String> staleHolders) {
    }

    /**
     * Only a claim the agent did not hold before can be refused: two live holders of one issue (met
     * in an agent-sync merge) keep heartbeating, warned, until a human awards it (agent-escalate
     * --award); refusing them would let both go stale while they work.
     */
    private static IssueClaim claimIssue(Request req, Map<String, AgentRecord> others,
                                         Supplier<List<Escalation>> openEscalations, Settings s, List<String> notes) {
        String me = req.agent();
        AgentRecord next = req.next();
        AgentRecord prev = req.previous();
        Instant now = s.now();
        Integer requested = next.issue();
        Integer issue = requested;
        List<String> liveHolders = new ArrayList<>();
        List<String> staleHolders = new ArrayList<>();
        if (requested != null) {
            others.forEach((name, r) -> {
                if (requested.equals(r.issue()) && !r.isDone()) {
                    (s.detector().view(name, r, now).stale() ? staleHolders : liveHolders).add(name);
                }
            });
        }
        boolean heldBefore = prev != null && issue != null && issue.equals(prev.issue());
        if (!liveHolders.isEmpty() && !req.force()) {
            if (heldBefore) {
                notes.add(sharedClaimWarning("#" + issue, liveHolders, others, openEscalations, s, me));
                liveHolders.clear();
            } else if (req.issueByDefault()) {
                notes.add("warning: #" + issue + " (named by the branch or GHP's context) is held by "
                        + String.join(" and ", liveHolders.stream().map(h -> h + " (seen " + ago(others.get(h), now) + ")").toList())
                        + "; recorded without an issue (ask for it with --issue " + issue + ")");
                liveHolders.clear();
                staleHolders.clear();
                next = next.toBuilder().issue(null).build();
                issue = null;
            } else {
                return new IssueClaim(refuseIssue(issue, liveHolders, others, s, me), next, issue, liveHolders,
                        staleHolders);
            }
        }
        return new IssueClaim(null, next, issue, liveHolders, staleHolders);
    }

    /** Takes the issue from its stale holders and, with --force, its live ones; notes it on both records. */
    private static AgentRecord takeIssueOver(String me, Integer claimed, IssueClaim claim,
                                             Map<String, AgentRecord> others, Map<String, AgentRecord> changed,
                                             AgentRecord next, Instant now, List<String> notes) {
        List<String> fromIssue = new ArrayList<>(claim.staleHolders());
        fromIssue.addAll(claim.liveHolders());
        for (String holder : fromIssue) {
            AgentRecord r = changed.getOrDefault(holder, others.get(holder));
            boolean forced = claim.liveHolders().contains(holder);
            String reason = forced ? "taken over by " + me + " with --force" : "taken over by " + me + " while silent";
            changed.put(holder, ClaimNotes.withReleased(r.toBuilder().issue(null).build(), claimed, List.of(), me, reason, now));
            next = ClaimNotes.withTakeover(next, holder, claimed, List.of(), forced, !forced, now);
            notes.add("took #" + claimed + " over from " + Printable.line(holder) + (forced
                    ? " (--force; it was seen " + ago(others.get(holder), now) + ")"
                    : " (silent for " + age(others.get(holder), now) + ")"));
        }
        return next;
    }

    /** Takes the stale holders' overlapping patterns; notes it on both records. */
    private static AgentRecord takeFilesOver(String me, Map<String, List<String>> staleOverlaps,
                                             Map<String, AgentRecord> others, Map<String, AgentRecord> changed,
                                             AgentRecord next, Instant now, List<String> notes) {
        for (Map.Entry<String, List<String>> e : staleOverlaps.entrySet()) {
            String holder = e.getKey();
            AgentRecord r = changed.getOrDefault(holder, others.get(holder));
            List<String> keepFiles = new ArrayList<>(r.files());
            keepFiles.removeAll(e.getValue());
            List<String> keepPending = new ArrayList<>(r.pendingFiles());
            keepPending.removeAll(e.getValue());
            r = r.toBuilder().files(keepFiles).pendingFiles(keepPending).build();
            changed.put(holder, ClaimNotes.withReleased(r, null, e.getValue(), me, "taken over by " + me + " while silent", now));
            next = ClaimNotes.withTakeover(next, holder, null, e.getValue(), false, true, now);
            notes.add("took " + String.join(", ", e.getValue()) + " over from " + Printable.line(holder)
                    + " (silent for " + age(others.get(holder), now) + ")");
        }
        return next;
    }

    /** The record with its new scope; without --files it is kept as stored, word for word (a pattern this version cannot parse is not dropped). */
    private static AgentRecord withScope(AgentRecord next, AgentRecord prev, boolean askedForFiles, ScopeSplit scope) {
        if (!askedForFiles) {
            return next.toBuilder().files(prev == null ? List.of() : prev.files())
                    .pendingFiles(prev == null ? List.of() : prev.pendingFiles()).build();
        }
        return next.toBuilder().files(texts(scope.active())).pendingFiles(texts(scope.pending())).build();
    }

    /** Collects the open approvals {@code pending} waits on, and opens one for the patterns not asked for yet. */
    private static void askApproval(String me, Integer issue, List<ScopePattern> pending,
                                    Supplier<List<Escalation>> openEscalations, Settings s, Supplier<String> newId,
                                    List<Escalation> toWrite, List<String> approvalIds) {
        if (pending.isEmpty()) {
            return;
        }
        Set<String> asked = new LinkedHashSet<>();
        for (Escalation e : openEscalations.get()) {
            if (e.isKind(Escalation.Kind.APPROVAL) && me.equals(e.agent())) {
                for (String f : e.files()) {
                    ScopePattern fp = parseStored(f);
                    if (fp != null && pending.contains(fp)) {
                        asked.add(fp.canonical());
                        if (!approvalIds.contains(e.id())) {
                            approvalIds.add(e.id());
                        }
                    }
                }
            }
        }
        List<String> toAsk = pending.stream().filter(p -> !asked.contains(p.canonical())).map(ScopePattern::text).toList();
        if (!toAsk.isEmpty()) {
            List<ScopePattern> asking = pending.stream().filter(p -> !asked.contains(p.canonical())).toList();
            Escalation e = Escalation.open(newId.get(), Escalation.Kind.APPROVAL,
                    me + " asks to claim shared files: " + String.join("; ", ScopeSplit.reasons(asking, s.shared())),
                    issue, me, s.now()).withRuleFields("approval:" + me + ":" + String.join("|", toAsk), List.of(), toAsk);
            toWrite.add(e);
            approvalIds.add(e.id());
        }
    }

    /** Escalations for cycles through {@code agent} (or any cycle, when null) that have none open yet. */
    public static List<Escalation> cycleEscalations(StatusDocument doc, String agent, Supplier<List<Escalation>> open,
                                                    Instant now, Supplier<String> newId) {
        List<Escalation> out = new ArrayList<>();
        for (List<String> cycle : Blocking.cycles(doc)) {
            if (agent != null && !cycle.contains(agent)) {
                continue;
            }
            String subject = Blocking.subject(cycle);
            if (open.get().stream().anyMatch(e -> subject.equals(e.subject()))) {
                continue;
            }
            String opener = agent != null ? agent : cycle.get(0);
            AgentRecord r = doc.agents().get(opener);
            out.add(Escalation.open(newId.get(), Escalation.Kind.BLOCKED,
                    "agents wait on each other and none can move: " + Blocking.describeCycle(doc, cycle),
                    r == null ? null : r.issue(), opener, now).withRuleFields(subject, cycle, List.of()));
        }
        return out;
    }

    /**
     * "warning: worker-2 also holds #147 (seen 1m ago); conflict esc-… is open: a human decides …":
     * a claim two live agents hold, which this heartbeat keeps but does not widen.
     */
    private static String sharedClaimWarning(String what, List<String> holders, Map<String, AgentRecord> others,
                                             Supplier<List<Escalation>> open, Settings s, String me) {
        List<String> who = holders.stream().map(h -> h + " (seen " + ago(others.get(h), s.now()) + ")").toList();
        List<String> ids = open.get().stream()
                .filter(e -> e.isKind(Escalation.Kind.CONFLICT) && e.isOpen())
                .filter(e -> parties(e).contains(me) && holders.stream().anyMatch(parties(e)::contains))
                .map(Escalation::id).toList();
        String decide = ids.isEmpty()
                ? "ask a human to decide: ghp agent-escalate --kind conflict \"...\""
                : "conflict " + String.join(", ", ids) + " is open: a human decides with ghp agent-escalate --resolve "
                        + ids.get(0) + " --award AGENT";
        return "warning: " + String.join(" and ", who) + " also " + (holders.size() == 1 ? "holds " : "hold ") + what
                + "; " + decide;
    }

    /** Whether a live agent other than {@code me} holds {@code issue}. */
    public static boolean heldByAnotherLiveAgent(StatusDocument doc, String me, Integer issue, StaleDetector detector,
                                                 Instant now) {
        return issue != null && doc.agents().entrySet().stream().anyMatch(e -> !e.getKey().equals(me)
                && issue.equals(e.getValue().issue()) && !e.getValue().isDone()
                && !detector.view(e.getKey(), e.getValue(), now).stale());
    }

    /** The agents a conflict escalation is between: its opener and the others it names. */
    public static List<String> parties(Escalation e) {
        List<String> out = new ArrayList<>();
        if (e.agent() != null) {
            out.add(e.agent());
        }
        for (String a : e.agents()) {
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    private static Refused refuseIssue(Integer issue, List<String> holders, Map<String, AgentRecord> others,
                                       Settings s, String me) {
        List<String> who = new ArrayList<>();
        for (String h : holders) {
            AgentRecord r = others.get(h);
            String took = "";
            var takeover = r.extra().get(ClaimNotes.TAKEOVER);
            if (takeover != null && me.equals(takeover.path("from").asText(null))) {
                took = ", who took it over from you" + (takeover.path("forced").asBoolean() ? " with --force" : "")
                        + " at " + takeover.path("at").asText("?");
            }
            who.add(Printable.line(h) + " (seen " + ago(r, s.now()) + took + ")");
        }
        return new Refused("issue #" + issue + " is claimed by " + String.join(" and ", who),
                "pick another issue, wait until " + (holders.size() == 1 ? "it goes" : "they go") + " stale (silent over "
                        + Durations.brief(holders.stream().map(h -> s.detector().limitFor(h, others.get(h)))
                                .max(java.util.Comparator.naturalOrder()).orElse(s.detector().staleAfter()))
                        + "), or take it with --force",
                List.of());
    }

    private static Refused refuseOverlap(String me, Integer issue, Map<String, List<Overlap>> overlaps,
                                         Map<String, AgentRecord> others, List<Escalation> open, Settings s,
                                         Supplier<String> newId) {
        List<Escalation> toWrite = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<Overlap>> e : overlaps.entrySet()) {
            String holder = e.getKey();
            TreeSet<String> pairs = new TreeSet<>();
            LinkedHashSet<String> files = new LinkedHashSet<>();
            List<String> described = new ArrayList<>();
            for (Overlap o : e.getValue()) {
                pairs.add(o.pair());
                files.add(o.mine());
                files.add(o.theirs());
                described.add(o.describe(holder));
            }
            String subject = "conflict:" + me + ">" + holder + ":" + String.join("|", pairs);
            Escalation existing = open.stream().filter(x -> subject.equals(x.subject())).findFirst().orElse(null);
            String id;
            if (existing != null) {
                id = existing.id();
            } else {
                AgentRecord h = others.get(holder);
                Escalation esc = Escalation.open(newId.get(), Escalation.Kind.CONFLICT,
                        me + " and " + holder + " need the same files: " + String.join("; ", described)
                                + ". " + holder + " holds them (seen " + ago(h, s.now()) + "); decide who gets them.",
                        issue, me, s.now()).withRuleFields(subject, List.of(holder), new ArrayList<>(files));
                toWrite.add(esc);
                id = esc.id();
            }
            parts.add(String.join("; ", described) + " [" + id + (existing != null ? ", already open" : "") + "]");
        }
        return new Refused("file scope refused: " + String.join("; ", parts),
                "a human decides (ghp agent-escalate --list); meanwhile narrow --files, or ask the holder to release them",
                toWrite);
    }

    static ScopePattern parseStored(String text) {
        return ScopeSplit.parseStored(text);
    }

    private static List<String> texts(List<ScopePattern> patterns) {
        return patterns.stream().map(ScopePattern::text).toList();
    }

    private static String age(AgentRecord r, Instant now) {
        return r == null || r.timestamp() == null ? "ever" : Durations.brief(Duration.between(r.timestamp(), now));
    }

    private static String ago(AgentRecord r, Instant now) {
        if (r == null || r.timestamp() == null) {
            return "never";
        }
        return Durations.brief(Duration.between(r.timestamp(), now)) + " ago";
    }

    /** The open escalations, read at most once per evaluation. */
    public static Supplier<List<Escalation>> memoize(Supplier<List<Escalation>> source) {
        Map<String, List<Escalation>> cache = new LinkedHashMap<>();
        return () -> cache.computeIfAbsent("open", k -> source.get());
    }
}
