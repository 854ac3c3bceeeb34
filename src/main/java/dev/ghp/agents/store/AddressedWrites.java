package dev.ghp.agents.store;

import dev.ghp.agents.model.StorePaths;
import java.util.Map;
import java.util.Optional;

/**
 * Which writes someone on another clone is waiting for (docs/sharing.md): one that puts a message
 * or notice in an inbox, or writes an escalation (opened, answered, approved, denied) or a handoff.
 * With autoSync on they are pushed at once rather than at the next interval. Marking messages
 * read, heartbeats and claims are not: they concern the writer's own entry.
 */
public final class AddressedWrites {
    private static final String[] ADDRESSED = {
        StorePaths.INBOX + "/", StorePaths.ESCALATIONS + "/", StorePaths.HANDOFFS + "/"};

    private AddressedWrites() {
    }

    /** Whether {@code change} writes (not only removes) a file someone else is waiting for. */
    public static boolean addressed(Change change) {
        if (change == null) {
            return false;
        }
        for (Map.Entry<String, Optional<byte[]>> edit : change.edits().entrySet()) {
            if (edit.getValue().isPresent()) {
                for (String prefix : ADDRESSED) {
                    if (edit.getKey().startsWith(prefix)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
