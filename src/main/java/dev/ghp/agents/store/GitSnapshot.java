package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;

/** A {@link Snapshot} backed by one commit's tree; files are read from the object database on demand. */
final class GitSnapshot implements Snapshot {
    private final Repository repo;
    private final ObjectId commit;
    private final ObjectId tree;
    private StatusDocument status;

    GitSnapshot(Repository repo, ObjectId commit, ObjectId tree) {
        this.repo = repo;
        this.commit = commit;
        this.tree = tree;
    }

    ObjectId commit() {
        return commit;
    }

    ObjectId tree() {
        return tree;
    }

    @Override
    public Optional<String> commitId() {
        return Optional.ofNullable(commit).map(ObjectId::name);
    }

    @Override
    public StatusDocument status() {
        if (status == null) {
            ObjectId blob = blob(StorePaths.STATUS);
            status = blob == null ? StatusFile.decode(Optional.empty())
                    : DECODED.get(blob, () -> StatusFile.decode(Optional.of(bytes(StorePaths.STATUS, blob))));
        }
        return status;
    }

    /**
     * Agent tables decoded lately, by blob id: the content decides the document, so a hit is always
     * right. A process that runs one command reads a table once or twice; the daemon reads the same
     * table for command after command, and a 1,000-agent table takes milliseconds to parse.
     */
    private static final Decoded DECODED = new Decoded(4);

    /** A table a write just made, as reading it would give it ({@code StatusCodec.asWritten}). */
    static void remember(ObjectId blob, StatusDocument doc) {
        DECODED.put(blob, doc);
    }

    @Override
    public Optional<byte[]> file(String path) {
        ObjectId blob = blob(path);
        return blob == null ? Optional.empty() : Optional.of(bytes(path, blob));
    }

    /**
     * The blob at {@code path} in this tree, or null when nothing is there. Something else there
     * (a directory, a symbolic link, a submodule), or a file where a directory on the way should
     * be, is refused: read as "nothing", the next write would silently replace it.
     */
    private ObjectId blob(String path) {
        if (tree == null) {
            return null;
        }
        try (ObjectReader reader = repo.newObjectReader();
             TreeWalk walk = TreeWalk.forPath(reader, path, tree)) {
            if (walk == null) {
                requireDirectoriesAlong(reader, path);
                return null;
            }
            FileMode mode = walk.getFileMode(0);
            if (!isFile(mode)) {
                throw RecordShape.unexpected(path, mode, "a file");
            }
            return walk.getObjectId(0);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** Each directory on the way to {@code path} is a directory, or absent (and then so is all below it). */
    private void requireDirectoriesAlong(ObjectReader reader, String path) throws IOException {
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            String dir = path.substring(0, slash);
            try (TreeWalk walk = TreeWalk.forPath(reader, dir, tree)) {
                if (walk == null) {
                    return;
                }
                if (!FileMode.TREE.equals(walk.getFileMode(0))) {
                    throw RecordShape.unexpected(dir, walk.getFileMode(0), "a directory");
                }
            }
        }
    }

    private static boolean isFile(FileMode mode) {
        return FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode);
    }

    /** The blob's bytes, refused unread when they are more than a file at {@code path} may hold. */
    private byte[] bytes(String path, ObjectId blob) {
        try (ObjectReader reader = repo.newObjectReader()) {
            ObjectLoader loader = reader.open(blob);
            int max = RecordValidation.maxBytes(path);
            if (loader.getSize() > max) {
                throw new OversizedFile(path, loader.getSize(), max);
            }
            return loader.getCachedBytes(max);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** A few decoded documents, least recently used dropped first. */
    private static final class Decoded {
        private final int size;
        private final java.util.LinkedHashMap<ObjectId, StatusDocument> byBlob;

        Decoded(int size) {
            this.size = size;
            this.byBlob = new java.util.LinkedHashMap<>(16, 0.75f, true);
        }

        StatusDocument get(ObjectId blob, java.util.function.Supplier<StatusDocument> decode) {
            synchronized (byBlob) {
                StatusDocument hit = byBlob.get(blob);
                if (hit != null) {
                    return hit;
                }
            }
            StatusDocument decoded = decode.get();
            put(blob, decoded);
            return decoded;
        }

        void put(ObjectId blob, StatusDocument doc) {
            synchronized (byBlob) {
                byBlob.put(blob.copy(), doc);
                if (byBlob.size() > size) {
                    byBlob.remove(byBlob.keySet().iterator().next());
                }
            }
        }
    }

    /** The files in {@code directory}; refused as in {@link #blob} when it or an entry is of another kind. */
    @Override
    public List<String> list(String directory) {
        return entries(directory, false);
    }

    @Override
    public List<String> directories(String directory) {
        return entries(directory, true);
    }

    /** One walk of the directory, each file read once and within its bound ({@link RecordValidation#maxBytes}). */
    @Override
    public java.util.SortedMap<String, byte[]> files(String directory) {
        java.util.SortedMap<String, byte[]> out = new java.util.TreeMap<>();
        walk(directory, (reader, path, walk) -> {
            if (!FileMode.TREE.equals(walk.getFileMode(0))) {
                ObjectLoader loader = reader.open(walk.getObjectId(0));
                int max = RecordValidation.maxBytes(path + "/" + walk.getNameString());
                out.put(walk.getNameString(), loader.getSize() > max ? OVERSIZED : loader.getCachedBytes(max));
            }
        });
        return out;
    }

    /** The files (or the directories) directly under {@code directory}; a symbolic link or submodule there is refused. */
    private List<String> entries(String directory, boolean directories) {
        List<String> names = new ArrayList<>();
        walk(directory, (reader, path, walk) -> {
            if (FileMode.TREE.equals(walk.getFileMode(0)) == directories) {
                names.add(walk.getNameString());
            }
        });
        return names;
    }

    /** What {@link #walk} does with each entry directly under the directory (a file or a directory). */
    @FunctionalInterface
    private interface Entry {
        void visit(ObjectReader reader, String directory, TreeWalk walk) throws IOException;
    }

    /**
     * Visits the entries directly under {@code directory}, if it exists: refused as in {@link #blob}
     * when it, or an entry in it, is of another kind than a directory or a file.
     */
    private void walk(String directory, Entry entry) {
        if (tree == null) {
            return;
        }
        String path = directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
        try (ObjectReader reader = repo.newObjectReader();
             TreeWalk dir = TreeWalk.forPath(reader, path, tree)) {
            if (dir == null) {
                requireDirectoriesAlong(reader, path);
                return;
            }
            if (!FileMode.TREE.equals(dir.getFileMode(0))) {
                throw RecordShape.unexpected(path, dir.getFileMode(0), "a directory");
            }
            try (TreeWalk walk = new TreeWalk(reader)) {
                walk.addTree(dir.getObjectId(0));
                walk.setRecursive(false);
                while (walk.next()) {
                    FileMode mode = walk.getFileMode(0);
                    if (!FileMode.TREE.equals(mode) && !isFile(mode)) {
                        throw RecordShape.unexpected(path + "/" + walk.getNameString(), mode, "a file or a directory");
                    }
                    entry.visit(reader, path, walk);
                }
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static StateException unreadable(IOException e) {
        return new StateException("cannot read the coordination state: " + e.getMessage(),
                "check the repository with: git fsck", e);
    }
}
