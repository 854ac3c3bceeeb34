package dev.ghp.agents.merge;

import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.store.DecisionPrune;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The part of the merge that keeps pruned decisions pruned (#21, store/DecisionPrune): a clone that
 * was offline longer than the horizon may still hold a decision file the other side pruned, and
 * when the two histories no longer share the commit before the prune, the three-way rule would
 * bring it back (one side has it, the base has nothing). Every decision file dated before the
 * merged horizon is dropped and not carried out again: a decision that old is settled, and a
 * record that lacks its effect after that long is its agent's later word. Then each record's
 * {@code decided} keeps only the ids of decisions in the merged tree. A pure function of the
 * merged tree, so both clones drop the same files.
 */
final class DecisionHorizon {
    private DecisionHorizon() {
    }

    /** Removes the decisions before the horizon from {@code files}; returns {@code merged} with {@code decided} cut to what is left. */
    static StatusDocument apply(StatusDocument merged, Map<String, FileContent> files) {
        Instant horizon = DecisionPrune.horizon(merged);
        Set<String> existing = new TreeSet<>();
        String prefix = StorePaths.DECISIONS + "/";
        Iterator<Map.Entry<String, FileContent>> it = files.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, FileContent> f = it.next();
            if (!f.getKey().startsWith(prefix)) {
                continue;
            }
            AgentDecision d = parse(f.getValue());
            if (horizon != null && d != null && (d.at() == null || d.at().isBefore(horizon))) {
                it.remove();
                continue;
            }
            String name = f.getKey().substring(prefix.length());
            existing.add(name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name);
        }
        return horizon == null ? merged : DecisionPrune.onlyExisting(merged, existing);
    }

    private static AgentDecision parse(FileContent f) {
        try {
            return AgentDecision.parse(f.bytes());
        } catch (StatusCodec.FormatException | RuntimeException e) {
            return null;
        }
    }
}
