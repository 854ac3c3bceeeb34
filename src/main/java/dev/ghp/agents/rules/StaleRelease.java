package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.ClaimNotes;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.text.Durations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code agents.stalePolicy: "release"}: the status pass takes every claim (issue, file scope,
 * pending files) away from stale agents, so that others may take the work, and opens a
 * {@code decision} escalation for each agent released, saying what was released. With the default
 * {@code "alert"} stale agents are only reported.
 */
public final class StaleRelease {
    private StaleRelease() {
    }

    /**
     * @param released  the names of the agents whose claims were released
     * @param decisions one release per agent, to be written with the record (store/DecisionFiles), so
     *                  that a heartbeat of the agent on a clone that had not seen it does not undo it
     */
    public record Result(StatusDocument doc, List<Escalation> escalations, List<String> released,
                         List<AgentDecision> decisions) {
        public boolean changed() {
            return !released.isEmpty();
        }
    }

    /** The policy who decides a release, as decisions name it. */
    public static final String BY = "agents.stalePolicy";

    public static Result apply(StatusDocument doc, StaleDetector detector, Instant now, Supplier<String> newId,
                               Supplier<String> newDecisionId) {
        StatusDocument out = doc;
        List<Escalation> escalations = new ArrayList<>();
        List<String> released = new ArrayList<>();
        List<AgentDecision> decisions = new ArrayList<>();
        for (Map.Entry<String, AgentRecord> e : doc.agents().entrySet()) {
            AgentRecord r = e.getValue();
            boolean holds = r.issue() != null || !r.files().isEmpty() || !r.pendingFiles().isEmpty();
            AgentView v = detector.view(e.getKey(), r, now);
            // A clock running ahead is alerted, not released: the next heartbeat of any agent clamps
            // the stamp (ClockSkew), from where it ages, and is released once really silent.
            if (!holds || !v.stale() || v.clockAhead()) {
                continue;
            }
            List<String> files = new ArrayList<>(r.files());
            files.addAll(r.pendingFiles());
            String what = describe(r.issue(), files);
            String silent = v.age() == null ? "never reported a time" : "silent for " + Durations.brief(v.age());
            AgentRecord next = ClaimNotes.withReleased(
                    r.toBuilder().issue(null).files(List.of()).pendingFiles(List.of()).build(),
                    r.issue(), files, null, "released by agents.stalePolicy \"release\" (" + silent + ")", now);
            out = out.withAgent(e.getKey(), next);
            released.add(e.getKey());
            Escalation told = Escalation.open(newId.get(), Escalation.Kind.DECISION,
                    e.getKey() + " went stale (" + silent + ", limit " + Durations.brief(detector.limitFor(e.getKey(), r))
                            + "); its claims were released: " + what + ". Reassign the work, or let another agent take it.",
                    r.issue(), e.getKey(), now).withRuleFields(
                    "released:" + e.getKey() + "@" + (r.timestamp() == null ? "never" : r.timestamp().toString()),
                    List.of(), files);
            escalations.add(told);
            String id = newDecisionId.get();
            decisions.add(AgentDecision.of(id, AgentDecision.Kind.RELEASE, e.getKey(), BY, now, id,
                    AgentDecision.Effect.released(r.issue(), files, null), told.id(), null, null));
        }
        return new Result(out, escalations, released, decisions);
    }

    private static String describe(Integer issue, List<String> files) {
        List<String> parts = new ArrayList<>();
        if (issue != null) {
            parts.add("#" + issue);
        }
        parts.addAll(files);
        return String.join(", ", parts);
    }
}
