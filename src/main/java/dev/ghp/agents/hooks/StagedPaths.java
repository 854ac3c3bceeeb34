package dev.ghp.agents.hooks;

import dev.ghp.agents.errors.StateException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The paths a commit is about to change: the index against HEAD. In a pre-commit hook git names
 * the index to use in {@code GIT_INDEX_FILE} ({@code git commit -a} and {@code git commit FILE}
 * commit from a temporary index), so that one is read when set.
 */
public final class StagedPaths {
    private StagedPaths() {
    }

    public static List<String> of(Repository repo, String indexFileVariable, Path workingDirectory) {
        try {
            File indexFile = repo.getIndexFile();
            if (indexFileVariable != null && !indexFileVariable.isBlank()) {
                Path p = Path.of(indexFileVariable);
                indexFile = (p.isAbsolute() ? p : workingDirectory.resolve(p)).toFile();
            }
            DirCache index = DirCache.read(indexFile, repo.getFS());
            ObjectId head = repo.resolve("HEAD^{tree}");
            List<String> out = new ArrayList<>();
            try (TreeWalk walk = new TreeWalk(repo)) {
                if (head == null) {
                    walk.addTree(new EmptyTreeIterator());
                } else {
                    walk.addTree(head);
                }
                walk.addTree(new DirCacheIterator(index));
                walk.setRecursive(true);
                walk.setFilter(TreeFilter.ANY_DIFF);
                while (walk.next()) {
                    out.add(walk.getPathString());
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new StateException("cannot read what is staged: " + e.getMessage(), "check it with: git status", e);
        }
    }
}
