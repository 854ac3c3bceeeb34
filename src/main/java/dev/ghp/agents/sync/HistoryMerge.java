package dev.ghp.agents.sync;

import dev.ghp.agents.merge.RecordMerge;
import dev.ghp.agents.merge.RecordTree;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@link RecordMerge} on two commits of a history: finds their merge base and each side's
 * sign-off times. Criss-cross histories have several merge bases; like git's recursive strategy,
 * they are first merged into one virtual base (to a bounded depth, then the first base is used).
 */
public final class HistoryMerge<C> {
    static final int MAX_DEPTH = 4;

    private final History<C> history;
    private final RecordMerge merge;

    public HistoryMerge(History<C> history, RecordMerge merge) {
        this.history = history;
        this.merge = merge;
    }

    public RecordMerge.Result merge(C ours, C theirs) {
        List<C> bases = history.mergeBases(ours, theirs);
        RecordTree base = virtualBase(bases, 0);
        return merge.merge(base, side(ours, bases), side(theirs, bases));
    }

    private RecordMerge.Side side(C tip, List<C> bases) {
        return new RecordMerge.Side(history.tree(tip), signOffs(List.of(tip), bases));
    }

    /** Looked up once per side, and only when the merge asks (an agent absent on that side). */
    private RecordMerge.SignOffs signOffs(List<C> tips, List<C> bases) {
        Map<String, Instant>[] found = new Map[1];
        return agent -> {
            if (found[0] == null) {
                found[0] = history.signOffs(tips, bases);
            }
            return Optional.ofNullable(found[0].get(agent));
        };
    }

    private RecordTree virtualBase(List<C> bases, int depth) {
        if (bases.isEmpty()) {
            return RecordTree.EMPTY;
        }
        if (bases.size() == 1 || depth >= MAX_DEPTH) {
            return history.tree(bases.get(0));
        }
        List<C> mergedTips = new ArrayList<>(List.of(bases.get(0)));
        RecordTree acc = history.tree(bases.get(0));
        for (C next : bases.subList(1, bases.size())) {
            LinkedHashSet<C> sub = new LinkedHashSet<>();
            for (C tip : mergedTips) {
                sub.addAll(history.mergeBases(tip, next));
            }
            List<C> subBases = new ArrayList<>(sub);
            RecordTree subBase = virtualBase(subBases, depth + 1);
            List<C> accTips = List.copyOf(mergedTips);
            RecordMerge.Side left = new RecordMerge.Side(acc, signOffs(accTips, subBases));
            RecordMerge.Side right = new RecordMerge.Side(history.tree(next), signOffs(List.of(next), subBases));
            acc = merge.merge(subBase, left, right).tree();
            mergedTips.add(next);
        }
        return acc;
    }
}
