package dev.ghp.agents.rules;

import dev.ghp.agents.model.StatusDocument;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The agents a command run in a worktree speaks for: those whose recorded worktree it is and that
 * have not signed off. Read from the record, not from {@code GHP_AGENT}, which the agent sets
 * itself: an agent that exports another name in its own worktree is still the agent recorded there.
 */
public final class WorktreeAgents {
    private WorktreeAgents() {
    }

    /** The agents recorded in {@code worktree} (as heartbeats write it), not done; empty for a null worktree. */
    public static Set<String> in(StatusDocument doc, String worktree) {
        Set<String> out = new LinkedHashSet<>();
        if (worktree == null) {
            return out;
        }
        doc.agents().forEach((name, r) -> {
            if (worktree.equals(r.worktree()) && !r.isDone()) {
                out.add(name);
            }
        });
        return out;
    }
}
