package dev.ghp.agents.merge;

import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.rules.DecisionEffects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The part of the merge that keeps decisions (docs/decisions.md, #21): an agent's record is chosen
 * by time, and the record chosen may come from a clone that had not seen a decision made about the
 * agent on the other. Each decision file of the merged tree is carried out again on the chosen
 * record when the record has not seen it: the id is not in its {@code decided} list, and no side
 * whose record for the agent is the chosen one holds the file (a record written after the decision,
 * on a clone that had it, saw it, even when it was created afresh). Of two decisions about one agent
 * with the same subject only the later ({@link AgentDecision#ORDER}) is carried out; the earlier is
 * superseded and only noted as decided. A decision carried out late leaves alone the facts (issue,
 * status, each claim pattern) a later decision about the agent decides. A pure function of its
 * inputs, symmetric in the sides.
 */
final class DecisionReplay {
    private DecisionReplay() {
    }

    static StatusDocument replay(StatusDocument merged, Map<String, FileContent> files, StatusDocument left,
                                 StatusDocument right, RecordTree ours, RecordTree theirs) {
        Map<String, List<AgentDecision>> byAgent = new TreeMap<>();
        String prefix = StorePaths.DECISIONS + "/";
        for (Map.Entry<String, FileContent> f : files.entrySet()) {
            if (!f.getKey().startsWith(prefix)) {
                continue;
            }
            if (ours.files().containsKey(f.getKey()) && theirs.files().containsKey(f.getKey())) {
                continue; // both sides had it: each side's records saw it
            }
            AgentDecision d = parse(f.getValue());
            if (d != null && f.getKey().equals(d.path())) {
                byAgent.computeIfAbsent(d.agent(), a -> new ArrayList<>()).add(d);
            }
        }
        StatusDocument out = merged;
        for (Map.Entry<String, List<AgentDecision>> e : byAgent.entrySet()) {
            String agent = e.getKey();
            AgentRecord chosen = merged.agents().get(agent);
            List<AgentDecision> unseen = new ArrayList<>();
            for (AgentDecision d : e.getValue()) {
                if (!AgentDecision.decided(chosen).contains(d.id()) && !seen(d, chosen, left, ours)
                        && !seen(d, chosen, right, theirs)) {
                    unseen.add(d);
                }
            }
            if (unseen.isEmpty()) {
                continue;
            }
            List<AgentDecision> about = allAbout(agent, files, prefix);
            unseen.sort(AgentDecision.ORDER);
            AgentRecord r = chosen;
            List<String> superseded = new ArrayList<>();
            for (AgentDecision d : unseen) {
                DecisionEffects.Touched later = DecisionEffects.Touched.NOTHING;
                boolean replaced = false;
                for (AgentDecision o : about) {
                    if (AgentDecision.ORDER.compare(o, d) > 0) {
                        later = later.plus(DecisionEffects.Touched.by(o.effect()));
                        replaced |= o.subject().equals(d.subject());
                    }
                }
                if (replaced) {
                    superseded.add(d.id());
                } else {
                    r = DecisionEffects.apply(r, d, later);
                }
            }
            if (r != null) {
                r = AgentDecision.withDecided(r, superseded);
            }
            if (!Objects.equals(r, chosen)) {
                out = r == null ? out.withoutAgent(agent) : out.withAgent(agent, r);
            }
        }
        return out;
    }

    /** The side held the decision and its record of the agent is the one chosen: that record was written knowing it. */
    private static boolean seen(AgentDecision d, AgentRecord chosen, StatusDocument side, RecordTree tree) {
        return tree.files().containsKey(d.path()) && Objects.equals(side.agents().get(d.agent()), chosen);
    }

    /** Every decision about {@code agent} in the merged tree. */
    private static List<AgentDecision> allAbout(String agent, Map<String, FileContent> files, String prefix) {
        List<AgentDecision> out = new ArrayList<>();
        for (Map.Entry<String, FileContent> f : files.entrySet()) {
            if (!f.getKey().startsWith(prefix)) {
                continue;
            }
            AgentDecision d = parse(f.getValue());
            if (d != null && agent.equals(d.agent()) && f.getKey().equals(d.path())) {
                out.add(d);
            }
        }
        return out;
    }

    /** A decision this version cannot read (edited by hand, or newer) is left alone, like an award once was. */
    private static AgentDecision parse(FileContent f) {
        try {
            return AgentDecision.parse(f.bytes());
        } catch (StatusCodec.FormatException | RuntimeException e) {
            return null;
        }
    }
}
