package dev.ghp.agents.cli;

import dev.ghp.agents.model.StatusCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;

/**
 * Our own bound on blocking Stops: at most one per agent per {@link #WINDOW}, recorded in this
 * clone's git directory ({@code ghp-agents/stop-blocks/<agent>}, never on the record). Claude Code
 * and Codex say {@code stop_hook_active} on the Stop that follows a block; Cursor, Copilot and
 * Gemini do not, so a message arriving every turn would block every Stop and the agent would never
 * end its turn. Unread messages a Stop did not block for wait for the next tool call or prompt.
 */
final class StopBlocks {
    /** Long enough that a sender writing every turn cannot keep an agent going; short enough for the next real request. */
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final Path directory;

    StopBlocks(Path commonDir) {
        this.directory = commonDir.resolve("ghp-agents").resolve("stop-blocks");
    }

    /** Whether a Stop of {@code agent} may block at {@code now}: none did within the window. */
    boolean allow(String agent, Instant now) {
        try {
            String text = Files.readString(directory.resolve(agent), StandardCharsets.UTF_8).strip();
            Instant last = StatusCodec.parseInstant(text);
            // A stamp in the future (a clock set back) does not forbid blocking for ever.
            return last == null || last.isAfter(now) || !last.plus(WINDOW).isAfter(now);
        } catch (IOException e) {
            return true; // none recorded, or unreadable: a hook never fails on its own bookkeeping
        }
    }

    /** Records that a Stop of {@code agent} blocked at {@code now}; best effort, a hook never fails for it. */
    void record(String agent, Instant now) {
        try {
            Files.createDirectories(directory);
            Path tmp = Files.createTempFile(directory, agent, ".tmp");
            Files.writeString(tmp, StatusCodec.formatInstant(now) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, directory.resolve(agent), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // Not recorded: the next Stop may block again, as it did before this bound existed.
        }
    }
}
