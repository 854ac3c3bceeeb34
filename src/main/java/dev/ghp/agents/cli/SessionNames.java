package dev.ghp.agents.cli;

import dev.ghp.agents.input.SessionAgentNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which agent name each session working in this clone took (docs/decisions.md, "#23 sessions"):
 * the first session in a worktree keeps the worktree's name, a concurrent one (an agent-team
 * teammate, a second terminal) takes a derived one ({@link SessionAgentNames}), for the session's
 * whole life. Kept in this clone's git directory ({@code ghp-agents/sessions/}, never on the
 * record), like {@link StopBlocks}: {@code by-session/<digest of the session id>} holds the base
 * name and the name taken, {@code by-name/n-<name>} the digest of the session holding it. A name is
 * taken by creating its file (atomic: of two sessions starting at once, one gets it); a session's
 * end gives it back. Every failure here leaves the worktree's own name: a hook never fails on its
 * own bookkeeping.
 */
final class SessionNames {
    /**
     * Claude Code's Bash tool runs commands with the session's id in this variable (since 2.1.132),
     * so {@code ghp agent-heartbeat} run by the agent finds the name its session took.
     */
    static final String CLAUDE_SESSION_VARIABLE = "CLAUDE_CODE_SESSION_ID";
    /** Where a name came from, for messages. */
    static final String SOURCE = "session";
    /**
     * A name taken this recently is held even before its agent's first heartbeat reached the
     * record: a second session starting in the same seconds must not take it too.
     */
    static final Duration JUST_TAKEN = Duration.ofMinutes(2);

    private final Path bySession;
    private final Path byName;

    SessionNames(Path commonDir) {
        Path root = commonDir.resolve("ghp-agents").resolve("sessions");
        this.bySession = root.resolve("by-session");
        this.byName = root.resolve("by-name");
    }

    /** The name the session took under {@code base}, if it took one: what a command run inside the session speaks as. */
    Optional<String> lookup(String base, String sessionId) {
        List<String> lines = lines(bySession.resolve(key(sessionId)));
        return lines.size() == 2 && lines.get(0).equals(base) ? Optional.of(lines.get(1)) : Optional.empty();
    }

    /**
     * The session's name under {@code base}: the one it took before, while it still holds it; else
     * the first of {@link SessionAgentNames#candidates} that is free, or held by a session whose
     * agent is no longer live ({@code live} false: no entry, done, or stale), which is taken over.
     *
     * @param live whether an agent of that name is live in the record
     */
    String take(String base, String sessionId, String teammateName, Predicate<String> live, Instant now) {
        String key = key(sessionId);
        Optional<String> before = lookup(base, sessionId);
        if (before.isPresent() && key.equals(holder(before.get()))) {
            return before.get();
        }
        try {
            Files.createDirectories(byName);
            Files.createDirectories(bySession);
            for (String name : SessionAgentNames.candidates(base, sessionId, teammateName)) {
                if (create(name, key) || key.equals(holder(name))
                        || (!justTaken(name, now) && !live.test(name) && takeOver(name, key))) {
                    write(bySession.resolve(key), base + "\n" + name + "\n");
                    return name;
                }
            }
        } catch (IOException e) {
            // Not recorded: the session speaks as the worktree's agent, as before sessions were told apart.
        }
        return base;
    }

    /** Gives the session's name back (its end, a clear or a resume): the next session may take it. */
    void release(String sessionId) {
        String key = key(sessionId);
        Path mapping = bySession.resolve(key);
        List<String> lines = lines(mapping);
        try {
            if (lines.size() == 2 && key.equals(holder(lines.get(1)))) {
                Files.deleteIfExists(byName.resolve(file(lines.get(1))));
            }
            Files.deleteIfExists(mapping);
        } catch (IOException e) {
            // Kept: the name comes free when its agent is no longer live.
        }
    }

    private boolean create(String name, String key) throws IOException {
        try {
            Files.writeString(byName.resolve(file(name)), key + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Replaces the holder, then reads it back: of two sessions taking one name over at once, one holds it. */
    private boolean takeOver(String name, String key) throws IOException {
        write(byName.resolve(file(name)), key + "\n");
        return key.equals(holder(name));
    }

    private boolean justTaken(String name, Instant now) {
        try {
            FileTime taken = Files.getLastModifiedTime(byName.resolve(file(name)));
            return taken.toInstant().plus(JUST_TAKEN).isAfter(now);
        } catch (IOException e) {
            return false;
        }
    }

    private String holder(String name) {
        List<String> lines = lines(byName.resolve(file(name)));
        return lines.isEmpty() ? null : lines.get(0);
    }

    private static void write(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "session", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A file name for any agent name, even one made only of dots. */
    private static String file(String name) {
        return "n-" + name;
    }

    private static String key(String sessionId) {
        return SessionAgentNames.digest(sessionId).substring(0, 32);
    }
}
