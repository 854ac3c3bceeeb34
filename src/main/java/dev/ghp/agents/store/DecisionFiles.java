package dev.ghp.agents.store;

import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StorePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes decisions about agents ({@code .ghp/decisions/<id>.json}) into a change, in the commit
 * that carries out their effect: the file, and the id on the record it changed, so that the merge
 * knows the record saw it (docs/decisions.md, #21).
 */
public final class DecisionFiles {
    private DecisionFiles() {
    }

    /**
     * Puts each decision's file into {@code change} and returns {@code after} with each id on the
     * record of its agent (the effect is already in {@code after}; an agent without a record gets
     * only the file).
     */
    public static StatusDocument record(Change change, StatusDocument after, List<AgentDecision> decisions) {
        StatusDocument out = after;
        for (AgentDecision d : decisions) {
            change.put(d.path(), AgentDecision.write(d));
            AgentRecord r = out.agents().get(d.agent());
            if (r != null) {
                out = out.withAgent(d.agent(), AgentDecision.withDecided(r, List.of(d.id())));
            }
        }
        return out;
    }

    /**
     * Every decision of the snapshot that this version can read, oldest first ({@link AgentDecision#ORDER}).
     * One it cannot read (edited by hand, or newer) is passed over, as the merge leaves it alone.
     */
    public static List<AgentDecision> all(Snapshot snapshot) {
        List<AgentDecision> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : snapshot.files(StorePaths.DECISIONS).entrySet()) {
            if (f.getValue() == Snapshot.OVERSIZED || !f.getKey().endsWith(".json")) {
                continue;
            }
            try {
                AgentDecision d = AgentDecision.parse(f.getValue());
                if (d.path().equals(StorePaths.DECISIONS + "/" + f.getKey())) {
                    out.add(d);
                }
            } catch (StatusCodec.FormatException | RuntimeException e) {
                // not a decision this version reads: shown nowhere, carried out nowhere
            }
        }
        out.sort(AgentDecision.ORDER);
        return out;
    }
}
