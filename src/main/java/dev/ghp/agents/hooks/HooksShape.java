package dev.ghp.agents.hooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * How one family of hook files is laid out, as pure functions of the file's tree: ours are added
 * after everything else, recognised again by their command ({@link HookCommand#isOurs}), and
 * removed exactly, with the containers that only held them.
 */
public interface HooksShape {
    /**
     * The result of a merge.
     *
     * @param settings the new tree (the input is never modified); empty when nothing but ours was in it
     * @param added    events that got a hook they did not have
     * @param updated  events whose hook of ours was replaced by the current one
     * @param removed  events a hook of ours was removed from
     */
    record Outcome(ObjectNode settings, List<String> added, List<String> updated, List<String> removed) {
        public boolean changed() {
            return !added.isEmpty() || !updated.isEmpty() || !removed.isEmpty();
        }
    }

    /**
     * Adds the entries that are missing, replaces ours that differ, removes ours that are not
     * among {@code entries} any more, and leaves everything else alone.
     */
    Outcome install(ObjectNode original, List<HookEntry> entries);

    /** Removes every hook of ours, and the containers that became empty because of it. */
    Outcome uninstall(ObjectNode original);

    /** The events (keys) that have a hook of ours, in the tree as it is. */
    List<String> installedEvents(ObjectNode settings);
}
