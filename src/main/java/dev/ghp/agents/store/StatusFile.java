package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import java.util.Optional;

/** Turns the stored bytes of the agent table into the model, or into the refusal every store gives. */
final class StatusFile {
    private StatusFile() {
    }

    static StatusDocument decode(Optional<byte[]> bytes) {
        if (bytes.isEmpty()) {
            return StatusDocument.empty();
        }
        try {
            return StatusCodec.parse(bytes.get());
        } catch (StatusCodec.FormatException e) {
            String what = e.newerSchema()
                    ? "the coordination state was " + e.getMessage() + "; upgrade ghp-agents"
                    : "the coordination state is corrupt: " + StorePaths.STATUS + " is " + e.getMessage();
            throw new StateException(what + " (nothing was written)", "look at it with: " + StorePaths.SHOW_STATUS);
        }
    }
}
