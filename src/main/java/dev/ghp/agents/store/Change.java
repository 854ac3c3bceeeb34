package dev.ghp.agents.store;

import dev.ghp.agents.model.StatusCodec;
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

    public Change putStatus(StatusDocument doc) {
        return put(StorePaths.STATUS, StatusCodec.write(doc));
    }

    /** Adds every edit of another change (later edits of a path win). */
    public Change putAll(Change other) {
        edits.putAll(other.edits);
        return this;
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
