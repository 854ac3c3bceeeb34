package dev.ghp.agents.store;

import dev.ghp.agents.model.IncrementalStatusEncoder;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one write does to the tree: files put or removed, the commit message and the author. Built
 * by a {@link Mutation} from the state it was given.
 */
public final class Change {
    private final String message;
    private final String author;
    private final Map<String, Optional<byte[]>> edits = new LinkedHashMap<>();
    /** The document behind the agent table's bytes, when {@link #putStatus} made them. */
    private WrittenStatus writtenStatus;

    /** The agent table's bytes as put (the same array), and the document they were written from. */
    private record WrittenStatus(byte[] bytes, StatusDocument doc) {
    }

    private Change(String message, String author) {
        this.message = Objects.requireNonNull(message);
        this.author = Objects.requireNonNull(author);
    }

    /**
     * @param message the commit message, saying what happened ({@code heartbeat worker-1 #147 implementing})
     * @param author  the agent (or person) the commit is attributed to
     */
    public static Change of(String message, String author) {
        return new Change(message, author);
    }

    public Change put(String path, byte[] content) {
        edits.put(path, Optional.of(content.clone()));
        return this;
    }

    /**
     * The agent table's bytes come from one encoder per process: the daemon writes table after
     * table of the same repository, each a row or two from the last ({@link IncrementalStatusEncoder}).
     */
    private static final IncrementalStatusEncoder TABLE_ENCODER = new IncrementalStatusEncoder();

    public Change putStatus(StatusDocument doc) {
        byte[] bytes = TABLE_ENCODER.write(doc);
        edits.put(StorePaths.STATUS, Optional.of(bytes));
        writtenStatus = new WrittenStatus(bytes, doc);
        return this;
    }

    /** Adds every edit of another change (later edits of a path win). */
    public Change putAll(Change other) {
        edits.putAll(other.edits);
        if (other.edits.containsKey(StorePaths.STATUS)) {
            writtenStatus = other.writtenStatus;
        }
        return this;
    }

    /**
     * The document the agent table's new bytes were written from, when {@code bytes} are those
     * bytes (a later {@link #put} of the path replaces them, and then there is none).
     */
    Optional<StatusDocument> statusWrittenAs(byte[] bytes) {
        return writtenStatus != null && writtenStatus.bytes() == bytes ? Optional.of(writtenStatus.doc()) : Optional.empty();
    }

    public Change delete(String path) {
        edits.put(path, Optional.empty());
        return this;
    }

    public String message() {
        return message;
    }

    public String author() {
        return author;
    }

    /** Path to new content, or to empty for a removal, in the order they were added. */
    public Map<String, Optional<byte[]>> edits() {
        return Collections.unmodifiableMap(edits);
    }
}
