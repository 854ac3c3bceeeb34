package dev.ghp.agents.heartbeat;

import dev.ghp.agents.errors.RefusedException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.input.AgentIdentity;
import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.ChangeNotices;
import dev.ghp.agents.rules.Claims;
import dev.ghp.agents.rules.ClockSkew;
import dev.ghp.agents.rules.Heartbeat;
import dev.ghp.agents.rules.Notices;
import dev.ghp.agents.rules.RecordedWorktree;
import dev.ghp.agents.rules.SelfClosing;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.rules.TakeoverDecisions;
import dev.ghp.agents.rules.Unblocking;
import dev.ghp.agents.rules.scope.ScopePattern;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.CoordinationStore;
import dev.ghp.agents.store.Decided;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.DecisionFiles;
import dev.ghp.agents.store.EscalationFiles;
import dev.ghp.agents.store.MessageFiles;
import dev.ghp.agents.store.Snapshot;
import dev.ghp.agents.store.WriteResult;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Records heartbeats: applies one to the agent's entry under the authority rules, through the
 * store, and says what it recorded; a refusal is a {@link RefusedException} (a claim refused by
 * the rules, a {@link HeartbeatRefused}). Prints nothing: what the agent is told is the caller's.
 */
public final class HeartbeatService {
    private final CoordinationStore store;
    private final RepoContext repo;
    private final Clock clock;
    private final Supplier<StaleDetector> staleRule;
    private final Supplier<List<ScopePattern>> sharedFiles;

    /**
     * The settings are read only when a heartbeat needs them, as agent-heartbeat always did: a
     * sign-off does not read the stale limit, and a throttled heartbeat not {@code agents.sharedFiles}.
     *
     * @param repo        where the agent is (its branch and worktree are recorded)
     * @param staleRule   when a silent agent's claims lapse (a waiting one's later)
     * @param sharedFiles {@code agents.sharedFiles}: patterns that need an approval
     */
    public HeartbeatService(CoordinationStore store, RepoContext repo, Clock clock, Supplier<StaleDetector> staleRule,
                            Supplier<List<ScopePattern>> sharedFiles) {
        this.store = store;
        this.repo = repo;
        this.clock = clock;
        this.staleRule = staleRule;
        this.sharedFiles = sharedFiles;
    }

    /** Applies {@code request} to the agent's entry, or writes nothing when it is throttled. */
    public HeartbeatOutcome beat(HeartbeatRequest request) {
        Instant now = clock.instant();
        String name = request.agent();
        AgentIdentity identity = request.identity();
        List<ScopePattern> scope = request.files();
        Heartbeat heartbeat = new Heartbeat(request.issue(), request.status(), request.action(), request.blockedOn(),
                repo.branch(), repo.worktree() == null ? null : repo.worktree().toString(), request.contextIssue());

        StaleDetector detector = staleRule.get();
        if (request.throttle() != null && scope == null && !request.force()) {
            HeartbeatOutcome.Throttled throttled = throttled(name, identity, heartbeat, detector, request.throttle(), now);
            if (throttled != null) {
                return throttled;
            }
        }
        Claims.Settings settings = new Claims.Settings(detector, sharedFiles.get(), now);
        Decided<Beat> decided = store.decide(snapshot -> {
            // Every write bounds clock skew: stamps far ahead of this clock age from now on.
            StatusDocument doc = ClockSkew.clamp(snapshot.status(), now, detector.staleAfter());
            AgentRecord recorded = doc.agents().get(name);
            Heartbeat own = forRecorded(heartbeat, recorded, identity, detector, now);
            // A derived name taken over from a silent agent in another worktree starts afresh: the
            // silent agent's claims are not inherited by whoever happens to share its folder name.
            boolean takesNameOver = recorded != null && own == heartbeat && recorded.worktree() != null
                    && heartbeat.worktree() != null && !recorded.worktree().equals(heartbeat.worktree());
            String replaced = takesNameOver ? recorded.worktree() : null;
            AgentRecord previous = takesNameOver ? null : recorded;
            AgentRecord next = own.applyTo(previous, now);
            refuseWaitingOnItself(name, next);
            refuseWaitingOnNoEscalation(request.blockedOn(), snapshot);
            var openEscalations = Claims.memoize(() -> EscalationFiles.open(snapshot));
            Claims.Outcome outcome = Claims.evaluate(doc, openEscalations,
                    new Claims.Request(name, previous, next, scope, request.force(), own.issueByDefault(previous)), settings,
                    Escalation::newId);
            Beat beat = new Beat(outcome, replaced);
            if (outcome instanceof Claims.Refused refused) {
                if (refused.rest() == null) {
                    if (refused.escalations().isEmpty()) {
                        return Decision.nothing(beat);
                    }
                    Change c = Change.of("refused heartbeat " + name + ": file scope overlaps; escalated", name);
                    refused.escalations().forEach(e -> EscalationFiles.put(c, e));
                    MessageFiles.sendAll(c, snapshot, Notices.refusedForFiles(refused.escalations(), doc, now), now);
                    return Decision.write(c, beat);
                }
                // A refused file scope records the rest of the heartbeat, as a pending approval does.
                Change c = granted(name, doc, refused.rest(), snapshot, openEscalations.get(), detector, now,
                        "; file scope overlaps, escalated");
                refused.escalations().forEach(e -> EscalationFiles.put(c, e));
                MessageFiles.sendAll(c, snapshot, Notices.refusedForFiles(refused.escalations(), doc, now), now);
                return Decision.write(c, beat);
            }
            return Decision.write(granted(name, doc, (Claims.Granted) outcome, snapshot, openEscalations.get(), detector,
                    now, ""), beat);
        });
        WriteResult result = decided.write();
        if (decided.result().outcome() instanceof Claims.Refused refused) {
            if (refused.rest() == null) {
                throw new HeartbeatRefused(refused.message() + " (nothing recorded for " + name + ")", refused.hint(),
                        refused.escalations(), null);
            }
            throw new HeartbeatRefused(refused.message() + "; the rest of the heartbeat was recorded", refused.hint(),
                    refused.escalations(), new HeartbeatOutcome.Recorded(refused.rest(), result, decided.result().replaced()));
        }
        return new HeartbeatOutcome.Recorded((Claims.Granted) decided.result().outcome(), result, decided.result().replaced());
    }

    /**
     * The commit of what the rules granted: the record, the escalations they opened, and the tool's
     * own escalations that no longer need a human, resolved in the same commit ({@link SelfClosing}).
     */
    private static Change granted(String name, StatusDocument before, Claims.Granted granted, Snapshot snapshot,
                                  List<Escalation> open, StaleDetector detector, Instant now, String note) {
        List<Escalation> closed = SelfClosing.resolvable(granted.doc(), open, now);
        // Others blocked on an escalation closed here wait no more (not this agent: it just said what it does).
        Unblocking.Result unblocked = Unblocking.applyAll(granted.doc(), closed, name, now);
        Change c = Change.of(commitMessage(name, granted.record()) + summary(granted) + note, name);
        // What this write changes in others' records (a take-over, a lifted wait) is a decision each,
        // so that their own heartbeats on another clone do not undo it in a merge.
        List<AgentDecision> decisions = new ArrayList<>(TakeoverDecisions.of(before, granted.doc(), name, now,
                AgentDecision::newId));
        decisions.addAll(unblocked.decisions());
        StatusDocument after = DecisionFiles.record(c, unblocked.doc(), decisions);
        c.putStatus(after);
        granted.escalations().forEach(e -> EscalationFiles.put(c, e));
        closed.forEach(e -> EscalationFiles.put(c, e));
        // What the write changed for others (a claim taken over, a blocker finished) reaches them with it.
        List<Message> notices = new ArrayList<>(unblocked.notices());
        notices.addAll(ChangeNotices.of(before, after, name, detector, now));
        MessageFiles.sendAll(c, snapshot, notices, now);
        return c;
    }

    /**
     * Removes the agent's entry; the result says whether there was one to remove. The tool's own
     * escalations the sign-off makes moot (a conflict it held, its approval requests) close in the
     * same commit: a signed-off agent writes no later heartbeat that would close them.
     */
    public WriteResult signOff(String name) {
        Instant now = clock.instant();
        return store.update(snapshot -> {
            StatusDocument doc = snapshot.status();
            if (!doc.agents().containsKey(name)) {
                return null;
            }
            List<Escalation> closed = SelfClosing.resolvable(doc.withoutAgent(name), EscalationFiles.open(snapshot), now);
            Unblocking.Result unblocked = Unblocking.applyAll(doc.withoutAgent(name), closed, null, now);
            Change c = Change.of("sign-off " + name, name);
            StatusDocument without = DecisionFiles.record(c, unblocked.doc(), unblocked.decisions());
            c.putStatus(without);
            closed.forEach(e -> EscalationFiles.put(c, e));
            // Its inbox ends with it: the next agent to take the name starts with none.
            MessageFiles.removeAll(c, snapshot, name);
            // No stale limit is read for a sign-off: the agents blocked on it hear it signed off, not who is stale.
            List<Message> notices = new ArrayList<>(unblocked.notices());
            notices.addAll(ChangeNotices.blockers(doc, without, name, null, now));
            MessageFiles.sendAll(c, snapshot, notices, now);
            return c;
        });
    }

    /**
     * The hook fast path: a lock-free read of the tip. When the heartbeat would change nothing but
     * the time, and the record is younger than the window, there is nothing worth a commit.
     *
     * @return the record as it stands when throttled, else null
     */
    private HeartbeatOutcome.Throttled throttled(String name, AgentIdentity identity, Heartbeat heartbeat,
                                                 StaleDetector detector, Duration window, Instant now) {
        StatusDocument doc = store.read().status();
        AgentRecord previous = doc.agents().get(name);
        if (previous == null || previous.timestamp() == null || previous.timestamp().isAfter(now)
                || Duration.between(previous.timestamp(), now).compareTo(window) >= 0) {
            return null;
        }
        Heartbeat own = forRecorded(heartbeat, previous, identity, detector, now);
        AgentRecord applied = own.applyTo(previous, previous.timestamp());
        if (own.issueByDefault(previous) && Claims.heldByAnotherLiveAgent(doc, name, applied.issue(), detector, now)) {
            applied = applied.toBuilder().issue(null).build(); // as Claims records it: without the issue
        }
        if (!applied.equals(previous)) {
            return null;
        }
        return new HeartbeatOutcome.Throttled(previous, Duration.between(previous.timestamp(), now));
    }

    /**
     * The heartbeat as it applies to the agent's recorded entry: written from another worktree for a
     * given name, it keeps the recorded branch and worktree; a derived name that a live agent in
     * another worktree uses is refused (two worktrees with the same folder name).
     */
    private static Heartbeat forRecorded(Heartbeat heartbeat, AgentRecord recorded, AgentIdentity identity,
                                         StaleDetector detector, Instant now) {
        return switch (RecordedWorktree.judge(recorded, heartbeat.worktree(), identity, detector, now)) {
            case OWN -> heartbeat;
            case ELSEWHERE -> heartbeat.fromElsewhere();
            case CLASH -> throw new RefusedException("the agent name " + identity.name() + " (from the worktree's folder name)"
                    + " is in use by a live agent in " + Printable.line(recorded.worktree()) + " (seen "
                    + Durations.brief(Duration.between(recorded.timestamp(), now)) + " ago); this is "
                    + Printable.line(heartbeat.worktree()) + " (nothing recorded)",
                    "name this agent apart: --agent NAME or GHP_AGENT=NAME (or wait until " + identity.name()
                            + " goes stale or signs off)");
        };
    }

    private static String summary(Claims.Granted g) {
        StringBuilder s = new StringBuilder();
        for (String note : g.notes()) {
            if (note.startsWith("took ")) {
                s.append("; ").append(note);
            }
        }
        return s.toString();
    }

    private static void refuseWaitingOnItself(String name, AgentRecord next) {
        String ref = next.blockedOn();
        if (ref != null && (ref.equals(name) || (next.issue() != null && ref.equals("#" + next.issue())))) {
            throw new UsageException("an agent cannot wait on itself (" + name + " is on #" + next.issue()
                    + " and --blocked-on " + ref + ")", "name the agent or issue it waits on");
        }
    }

    /** An escalation waited on must exist when the wait is declared (later, it may be pruned). */
    private static void refuseWaitingOnNoEscalation(String blockedOn, Snapshot snapshot) {
        if (Escalation.isValidId(blockedOn) && EscalationFiles.find(snapshot, blockedOn).isEmpty()) {
            throw new UsageException("--blocked-on " + blockedOn + ": there is no such escalation (nothing recorded)",
                    "list them with: ghp agent-escalate --list");
        }
    }

    static String commitMessage(String name, AgentRecord r) {
        StringBuilder m = new StringBuilder("heartbeat ").append(name);
        if (r.issue() != null) {
            m.append(" #").append(r.issue());
        }
        m.append(' ').append(r.status());
        if (r.blockedOn() != null) {
            m.append(" on ").append(r.blockedOn());
        }
        // A status or blocker written by another tool reaches `git log` through this line.
        return Printable.line(m.toString());
    }

    /**
     * What a heartbeat's write decided: granted or refused, and the worktree of the silent agent
     * whose name it took over (null if none).
     */
    private record Beat(Claims.Outcome outcome, String replaced) {
    }
}
