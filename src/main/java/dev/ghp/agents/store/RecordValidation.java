package dev.ghp.agents.store;

import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.MessageCodec;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StorePaths;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCacheEntry;

/**
 * What a file of the record must be, by where it lies: one line of {@link #PLACES} per directory of
 * items (the shape its codec reads, its size bound, its name made from its id, its recipient the
 * directory it is in). A sync leaves out what fails (docs/sharing.md#what-a-sync-leaves-out), and
 * the local readers pass over it, so one bad file stops nothing else.
 */
public final class RecordValidation {
    /** A message's text is at most 4,000 characters; its file, with room for a newer tool's fields. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    public static final int MAX_ESCALATION_BYTES = 64 * 1024;
    /** A decision names an agent and its patterns (at most 50 of each list), with room for a newer tool's fields. */
    public static final int MAX_DECISION_BYTES = 64 * 1024;
    /** A handoff document quotes a note file of up to 256 KiB and the activity. */
    public static final int MAX_HANDOFF_BYTES = 1024 * 1024;
    /** The agent table of a large team; also the bound of any file under {@code .ghp/} not in {@link #PLACES}. */
    public static final int MAX_TABLE_BYTES = 16 * 1024 * 1024;

    /** Why a file is not taken: {@code newerSchema} when a newer ghp-agents wrote it (then it is not this version's to drop). */
    public record Problem(String reason, boolean newerSchema) {
        static Problem bad(String reason) {
            return new Problem(reason, false);
        }
    }

    /** What the file at {@code path} in one place must be; {@code agent} is its directory's name in a per-agent place, else null. */
    @FunctionalInterface
    private interface Check {
        Optional<Problem> problem(String agent, String fileName, byte[] bytes);
    }

    /**
     * A directory of items: directly in it ({@code perAgent} false) or one directory per agent in it,
     * only files, each at most {@code maxBytes}.
     */
    private record Place(String directory, boolean perAgent, int maxBytes, Check check) {
    }

    private static final List<Place> PLACES = List.of(
            new Place(StorePaths.INBOX, true, MAX_MESSAGE_BYTES, (agent, name, bytes) -> message(agent, name, bytes, false)),
            new Place(StorePaths.READ, true, MAX_MESSAGE_BYTES, (agent, name, bytes) -> message(agent, name, bytes, true)),
            new Place(StorePaths.ESCALATIONS, false, MAX_ESCALATION_BYTES, RecordValidation::escalation),
            new Place(StorePaths.HANDOFFS, false, MAX_HANDOFF_BYTES, RecordValidation::handoff),
            new Place(StorePaths.DECISIONS, false, MAX_DECISION_BYTES, RecordValidation::decision));

    private RecordValidation() {
    }

    /** The most bytes a reader takes of the file at {@code path}. */
    public static int maxBytes(String path) {
        Place place = placeOf(path);
        return place == null ? MAX_TABLE_BYTES : place.maxBytes();
    }

    /**
     * Why the file at {@code path} of {@code size} bytes is refused before it is read: a path git
     * would not check out, a file where only directories belong, or too many bytes.
     */
    public static Optional<Problem> beforeReading(String path, long size) {
        try {
            new DirCacheEntry(path);
        } catch (IllegalArgumentException e) { // InvalidPathException, and a path JGit cannot encode
            return Optional.of(Problem.bad("a path git refuses to check out"));
        }
        Place place = placeOf(path);
        if (place != null && located(place, path) == null) {
            return Optional.of(Problem.bad("not where a file of " + place.directory() + " belongs"));
        }
        long max = place == null ? MAX_TABLE_BYTES : place.maxBytes();
        if (size > max) {
            return Optional.of(Problem.bad(size + " bytes, over the bound of " + max));
        }
        return Optional.empty();
    }

    /** Why the file at {@code path} holding {@code bytes} is refused, if it is. The agent table is checked by its own reader. */
    public static Optional<Problem> problem(String path, byte[] bytes) {
        Optional<Problem> early = beforeReading(path, bytes.length);
        if (early.isPresent()) {
            return early;
        }
        Place place = placeOf(path);
        if (place == null) {
            return Optional.empty();
        }
        String[] at = located(place, path);
        return place.check().problem(at[0], at[1], bytes);
    }

    private static Place placeOf(String path) {
        for (Place place : PLACES) {
            if (path.startsWith(place.directory() + "/")) {
                return place;
            }
        }
        return null;
    }

    /** {agent or null, file name} of a path that lies where the place's files belong, else null. */
    private static String[] located(Place place, String path) {
        String[] parts = path.substring(place.directory().length() + 1).split("/", -1);
        if (place.perAgent() && parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            return parts;
        }
        if (!place.perAgent() && parts.length == 1 && !parts[0].isEmpty()) {
            return new String[] {null, parts[0]};
        }
        return null;
    }

    private static Optional<Problem> message(String agent, String name, byte[] bytes, boolean read) {
        Message m;
        try {
            m = MessageCodec.parse(bytes);
        } catch (StatusCodec.FormatException e) {
            return Optional.of(new Problem("not a message: " + e.getMessage(), e.newerSchema()));
        }
        if (!name.equals(m.id() + ".json")) {
            return Optional.of(Problem.bad("its name is not its id " + m.id()));
        }
        if (!Objects.equals(agent, m.to())) {
            return Optional.of(Problem.bad("a message to another agent"));
        }
        if (m.isRead() != read) {
            return Optional.of(Problem.bad(read ? "an unread message among the read ones" : "a read message in the inbox"));
        }
        return Optional.empty();
    }

    private static Optional<Problem> escalation(String agent, String name, byte[] bytes) {
        Escalation e;
        try {
            e = EscalationCodec.parse(bytes);
        } catch (StatusCodec.FormatException x) {
            return Optional.of(new Problem("not an escalation: " + x.getMessage(), x.newerSchema()));
        }
        return name.equals(e.id() + ".json") ? Optional.empty()
                : Optional.of(Problem.bad("its name is not its id " + e.id()));
    }

    private static Optional<Problem> decision(String agent, String name, byte[] bytes) {
        AgentDecision d;
        try {
            d = AgentDecision.parse(bytes);
        } catch (StatusCodec.FormatException x) {
            return Optional.of(new Problem("not a decision: " + x.getMessage(), x.newerSchema()));
        }
        return name.equals(d.id() + ".json") ? Optional.empty()
                : Optional.of(Problem.bad("its name is not its id " + d.id()));
    }

    private static Optional<Problem> handoff(String agent, String name, byte[] bytes) {
        if (!name.endsWith(".md")) {
            return Optional.of(Problem.bad("not a handoff document (.md)"));
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.of(Problem.bad("not UTF-8 text"));
        }
    }
}
