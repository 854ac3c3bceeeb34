package dev.ghp.agents.sync;

import dev.ghp.agents.merge.RecordTree;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The history of the coordination record as the merge needs it: trees, merge bases and sign-off
 * times. {@link GitHistory} reads it from the repository; tests give an in-memory one.
 *
 * @param <C> how a commit is named
 */
public interface History<C> {

    RecordTree tree(C commit);

    /** The best common ancestors of two commits, in a stable order; empty when the histories are unrelated. */
    List<C> mergeBases(C a, C b);

    /**
     * When each agent was last signed off in the history of {@code tips} since {@code bases}: the
     * newest single-parent commit there that removed its entry. A merge that merely kept a removal is
     * not a sign-off, so the answer does not depend on the order in which clones merged.
     */
    Map<String, Instant> signOffs(List<C> tips, List<C> bases);
}
