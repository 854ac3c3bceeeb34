package dev.ghp.agents.store;

import dev.ghp.agents.model.StatusDocument;
import java.util.List;
import java.util.Optional;

/**
 * The coordination state at one commit of the ref: immutable, read without a lock. Files are read
 * on demand, so a command pays only for what it looks at.
 */
public interface Snapshot {

    /** The commit this snapshot was read from, or empty when the ref does not exist yet. */
    Optional<String> commitId();

    /**
     * The agent table; an empty one when the file does not exist yet.
     *
     * @throws dev.ghp.agents.errors.StateException when the file is corrupt or of a newer schema
     */
    StatusDocument status();

    /** The bytes of a file in the tree, by its full path. */
    Optional<byte[]> file(String path);

    /**
     * The names of the files directly under a directory of the tree, sorted; empty when it is
     * missing. Subdirectories are not listed (see {@link #directories}).
     *
     * @throws dev.ghp.agents.errors.StateException when the path, or an entry in it, is neither a
     *         file nor a directory, or is a file where a directory belongs (a record ghp-agents did not write)
     */
    List<String> list(String directory);

    /** The names of the directories directly under a directory of the tree, sorted; empty when it is missing. */
    List<String> directories(String directory);

    /**
     * The files directly under a directory, name to bytes, sorted by name: {@link #list} and a
     * {@link #file} for each, which a tree of objects reads in one walk instead of one lookup per
     * file (each lookup scans the directory: a 10,000-message inbox took 25 s). A file over the
     * bound of its place ({@link RecordValidation#maxBytes}) is not read: it maps to {@link #OVERSIZED}.
     */
    /** The bytes {@link #files} gives a file it did not read because it is over its bound (compared by identity). */
    byte[] OVERSIZED = new byte[0];

    default java.util.SortedMap<String, byte[]> files(String directory) {
        java.util.SortedMap<String, byte[]> out = new java.util.TreeMap<>();
        for (String name : list(directory)) {
            try {
                out.put(name, file(directory + "/" + name).orElseThrow());
            } catch (OversizedFile e) {
                out.put(name, OVERSIZED);
            }
        }
        return out;
    }
}
