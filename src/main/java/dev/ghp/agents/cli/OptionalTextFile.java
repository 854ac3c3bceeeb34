package dev.ghp.agents.cli;

import dev.ghp.agents.errors.StateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A text file the agent-hooks commands may find in place or not: its text, or null when there is none. */
final class OptionalTextFile {
    private OptionalTextFile() {
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new StateException("cannot read " + p + ": " + e.getMessage(), null, e);
        }
    }
}
