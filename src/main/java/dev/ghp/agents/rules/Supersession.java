package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which decision superseded which (#21): of the decisions about one agent with the same subject,
 * each is superseded by the next later one ({@link AgentDecision#ORDER}). Derived from the files
 * each time it is shown, never written into them: a decision file is immutable, and the decision
 * that supersedes it may arrive from another clone long after it was written.
 */
public final class Supersession {
    private Supersession() {
    }

    /** For each superseded decision's id, the decision that superseded it. */
    public static Map<String, AgentDecision> of(List<AgentDecision> decisions) {
        List<AgentDecision> sorted = new ArrayList<>(decisions);
        sorted.sort(AgentDecision.ORDER);
        Map<String, AgentDecision> lastOfSubject = new TreeMap<>();
        Map<String, AgentDecision> out = new TreeMap<>();
        for (AgentDecision d : sorted) {
            AgentDecision before = lastOfSubject.put(d.agent() + "\n" + d.subject(), d);
            if (before != null) {
                out.put(before.id(), d);
            }
        }
        return out;
    }
}
