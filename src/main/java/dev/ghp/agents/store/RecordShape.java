package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.text.Printable;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.InvalidPathException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The refusals for a record whose tree ghp-agents did not write: a path of the wrong kind (a
 * directory where the agent table belongs, a file where {@code .ghp} belongs), or a path git
 * would not check out ({@code .git}, {@code ..}, {@code git~1}), which JGit's index refuses to
 * hold, so no write can carry it forward. Like corrupt JSON, the record is left as it is (exit 5).
 */
final class RecordShape {
    private static final String LOOK = "look at it with: git ls-tree -r " + StorePaths.REF;

    private RecordShape() {
    }

    static StateException unexpected(String path, FileMode found, String expected) {
        return new StateException("the coordination state has an unexpected shape: " + Printable.line(path) + " is "
                + kind(found) + ", not " + expected + " (it was written by something other than ghp-agents;"
                + " nothing was written)", LOOK);
    }

    /** The first path of {@code tree} that JGit's index refuses, if any. */
    static Optional<String> firstInvalidPath(ObjectReader reader, ObjectId tree) throws IOException {
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tree);
            walk.setRecursive(false);
            while (walk.next()) {
                try {
                    new DirCacheEntry(walk.getRawPath());
                } catch (InvalidPathException e) {
                    return Optional.of(walk.getPathString());
                }
                if (walk.isSubtree()) {
                    walk.enterSubtree();
                }
            }
        }
        return Optional.empty();
    }

    static StateException invalidPath(String path) {
        return new StateException("the coordination state holds a path git refuses to check out: '"
                + Printable.quote(path) + "' (it was written by something other than ghp-agents; nothing was written)",
                LOOK);
    }

    private static String kind(FileMode mode) {
        if (FileMode.TREE.equals(mode)) {
            return "a directory";
        }
        if (FileMode.SYMLINK.equals(mode)) {
            return "a symbolic link";
        }
        if (FileMode.GITLINK.equals(mode)) {
            return "a submodule";
        }
        return "a file";
    }
}
