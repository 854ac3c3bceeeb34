package dev.ghp.agents.cli;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.AgentView;
import dev.ghp.agents.rules.Blocking;
import dev.ghp.agents.rules.ChangeNotices;
import dev.ghp.agents.rules.Claims;
import dev.ghp.agents.rules.SelfClosing;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.rules.StaleRelease;
import dev.ghp.agents.rules.Unblocking;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.DecisionFiles;
import dev.ghp.agents.store.CoordinationStore;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.EscalationFiles;
import dev.ghp.agents.store.MessageFiles;
import dev.ghp.agents.store.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The stale-detector pass behind every {@code agent-status} query but the timeline and the
 * dashboard (docs/design.md#reading-staleness-and-authority): with {@code stalePolicy: "release"}
 * it releases stale agents' claims, it opens a {@code blocked} escalation for a cycle of
 * waiting agents that has none, and it resolves the tool's own escalations that no longer need a
 * human ({@link SelfClosing}), so that {@code --check} is not red for what a heartbeat would close. It writes only when there is something to write, and a write that
 * fails is a warning: the query still answers.
 */
final class StatusPass {
    private final Io io;
    private final CoordinationStore store;
    private final BooleanSupplier release;
    private final Supplier<EscalationMirroring> mirroring;

    /** {@code release} says whether agents.stalePolicy is "release"; {@code mirroring} is asked only after a write. */
    StatusPass(Io io, CoordinationStore store, BooleanSupplier release, Supplier<EscalationMirroring> mirroring) {
        this.io = io;
        this.store = store;
        this.release = release;
        this.mirroring = mirroring;
    }

    /**
     * What one status query shows: the agents, their blockers, cycles, and the open escalations, all
     * from {@code snapshot}, which the rest of the output reads too so that it shows one record.
     */
    record Result(StatusDocument doc, List<AgentView> all, List<AgentView> views, Map<String, Blocking.Blocker> blockers,
                  List<List<String>> cycles, List<Escalation> escalations, Snapshot snapshot) {

        /** Whether {@code --check} exits 4: an agent shown is stale, or an escalation is open. */
        boolean needsAttention() {
            return views.stream().anyMatch(AgentView::stale) || !escalations.isEmpty();
        }
    }

    Result run(StaleDetector detector, Instant now, StatusFilter filter) {
        boolean release = this.release.getAsBoolean();
        Snapshot snapshot = store.read();
        if (wouldWrite(snapshot, EscalationFiles.open(snapshot), detector, now, release)) {
            try {
                List<Escalation> opened = store.decide(fresh -> decide(fresh, detector, now, release)).result();
                EscalationMirroring mirror = mirroring.get();
                if (!opened.isEmpty() && mirror.enabledByConfig()) {
                    opened.forEach(e -> mirror.mirror(e, true));
                }
                snapshot = store.read();
            } catch (StateException e) {
                io.err().println("ghp: warning: the status pass could not record its findings: " + e.getMessage());
            }
        }
        StatusDocument doc = snapshot.status();
        List<AgentView> all = detector.assess(doc, now);
        List<Escalation> open = EscalationFiles.open(snapshot).stream().filter(filter::shows).toList();
        Snapshot read = snapshot;
        return new Result(doc, all, filter.agents(all), Blocking.blockers(doc, detector, now, id -> EscalationFiles.find(read, id)),
                Blocking.cycles(doc), open, read);
    }

    /** The pass's write, decided on the freshly read record; its result is the escalations it opened. */
    private static Decision<List<Escalation>> decide(Snapshot fresh, StaleDetector detector, Instant now, boolean release) {
        List<Escalation> found = new ArrayList<>();
        StatusDocument doc = fresh.status();
        List<Escalation> open = EscalationFiles.open(fresh);
        Change c = Change.of("status pass", "ghp");
        List<String> what = new ArrayList<>();
        if (release) {
            StaleRelease.Result r = StaleRelease.apply(doc, detector, now, Escalation::newId, AgentDecision::newId);
            if (r.changed()) {
                doc = DecisionFiles.record(c, r.doc(), r.decisions());
                c.putStatus(doc);
                r.escalations().forEach(e -> EscalationFiles.put(c, e));
                found.addAll(r.escalations());
                what.add("released stale " + String.join(", ", r.released()));
            }
        }
        List<Escalation> cycles = Claims.cycleEscalations(doc, null, () -> open, now, Escalation::newId);
        cycles.forEach(e -> EscalationFiles.put(c, e));
        found.addAll(cycles);
        if (!cycles.isEmpty()) {
            what.add("escalated a waiting cycle");
        }
        List<Escalation> closed = SelfClosing.resolvable(doc, open, now);
        closed.forEach(e -> EscalationFiles.put(c, e));
        if (!closed.isEmpty()) {
            what.add("resolved " + String.join(", ", closed.stream().map(Escalation::id).toList()) + " (no longer needed)");
        }
        Unblocking.Result unblocked = Unblocking.applyAll(doc, closed, null, now);
        if (unblocked.changed()) {
            doc = DecisionFiles.record(c, unblocked.doc(), unblocked.decisions());
            c.putStatus(doc);
            what.add("unblocked " + String.join(", ", unblocked.unblocked()));
        }
        List<Message> notices = new ArrayList<>(unblocked.notices());
        notices.addAll(unsent(fresh, ChangeNotices.of(fresh.status(), doc, "ghp", detector, now)));
        if (!notices.isEmpty()) {
            MessageFiles.sendAll(c, fresh, notices, now);
            what.add("told " + String.join(", ", notices.stream().map(Message::to).distinct().toList()));
        }
        return what.isEmpty() ? Decision.nothing(found) : Decision.write(
                Change.of("status pass: " + String.join("; ", what), "ghp").putAll(c), found);
    }

    /** The notices not sent yet: a stale blocker's is sent by the first write that sees it (ChangeNotices). */
    private static List<Message> unsent(Snapshot s, List<Message> notices) {
        return notices.stream().filter(m -> s.file(Message.inboxPath(m.to()) + "/" + m.id() + ".json").isEmpty()
                && s.file(Message.readPath(m.to()) + "/" + m.id() + ".json").isEmpty()).toList();
    }

    private static boolean wouldWrite(Snapshot s, List<Escalation> open, StaleDetector detector, Instant now, boolean release) {
        StatusDocument doc = s.status();
        if (!unsent(s, ChangeNotices.blockers(doc, doc, "ghp", detector, now)).isEmpty()) {
            return true;
        }
        if (release && StaleRelease.apply(doc, detector, now, () -> "esc-00000000", () -> "dec-00000000").changed()) {
            return true;
        }
        if (!SelfClosing.resolvable(doc, open, now).isEmpty()) {
            return true;
        }
        return !Blocking.cycles(doc).isEmpty()
                && !Claims.cycleEscalations(doc, null, () -> open, now, () -> "esc-00000000").isEmpty();
    }
}
