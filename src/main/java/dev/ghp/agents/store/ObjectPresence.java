package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.StorePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Proves, before the ref moves, that a new commit and everything it brings in are in the
 * repository's object directory, asking the disk rather than JGit's caches. An inserter skips an
 * object its caches say is there; caches that describe another repository (one deleted and
 * created again at the same path) would leave a ref on a commit whose tree is missing.
 *
 * <p>What is checked: the commit, its parents, and every tree and blob of its tree that the tree
 * of the tip it replaces does not have (what both share is reachable from a valid ref already).
 * Each is looked for as a loose object file; one that is not loose (a pack holds it, or nothing
 * does) is looked up through a freshly opened repository, whose caches start empty. The common
 * case, a heartbeat, costs a handful of file-exists checks.
 */
final class ObjectPresence {
    private ObjectPresence() {
    }

    /** @param baseTree the tree of the tip the commit replaces; null when there is none */
    static void verify(Repository repo, ObjectId commit, ObjectId baseTree) {
        Set<ObjectId> needed;
        try {
            needed = introducedBy(repo, commit, baseTree);
        } catch (MissingObjectException e) {
            throw missing(repo, e.getObjectId());
        } catch (IOException e) {
            throw new StateException("cannot read the commit written for " + StorePaths.REF + ": " + e.getMessage()
                    + " (nothing was written)", "check the repository with: git fsck", e);
        }
        Path objects = repo.getCommonDirectory().toPath().resolve("objects");
        List<ObjectId> notLoose = new ArrayList<>();
        for (ObjectId id : needed) {
            String hex = id.name();
            if (!Files.isRegularFile(objects.resolve(hex.substring(0, 2)).resolve(hex.substring(2)))) {
                notLoose.add(id);
            }
        }
        if (!notLoose.isEmpty()) {
            lookUpAfresh(repo, notLoose);
        }
    }

    private static Set<ObjectId> introducedBy(Repository repo, ObjectId commit, ObjectId baseTree) throws IOException {
        Set<ObjectId> ids = new LinkedHashSet<>();
        try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            RevCommit c = walk.parseCommit(commit);
            ids.add(c.copy());
            for (RevCommit parent : c.getParents()) {
                ids.add(parent.copy());
            }
            ObjectId tree = c.getTree().copy();
            if (tree.equals(baseTree)) {
                return ids;
            }
            ids.add(tree);
            try (TreeWalk diff = new TreeWalk(reader)) {
                if (baseTree == null) {
                    diff.addTree(new EmptyTreeIterator());
                } else {
                    diff.addTree(baseTree);
                }
                diff.addTree(tree);
                diff.setRecursive(true);
                diff.setPostOrderTraversal(true);
                diff.setFilter(TreeFilter.ANY_DIFF);
                while (diff.next()) {
                    FileMode mode = diff.getFileMode(1);
                    if (mode != FileMode.MISSING && mode != FileMode.GITLINK) {
                        ids.add(diff.getObjectId(1));
                    }
                }
            }
        }
        return ids;
    }

    private static void lookUpAfresh(Repository repo, List<ObjectId> ids) {
        try (Repository fresh = new FileRepositoryBuilder().setGitDir(repo.getDirectory()).setMustExist(true).build();
             ObjectReader reader = fresh.newObjectReader()) {
            for (ObjectId id : ids) {
                if (!reader.has(id)) {
                    throw missing(repo, id);
                }
            }
        } catch (IOException e) {
            throw new StateException("cannot check the objects written for " + StorePaths.REF + ": " + e.getMessage()
                    + " (nothing was written)", "check the repository with: git fsck", e);
        }
    }

    private static StateException missing(Repository repo, ObjectId id) {
        return new StateException("not updating " + StorePaths.REF + ": the commit written for it needs object "
                + id.name() + ", which is not in " + repo.getCommonDirectory() + "/objects"
                + " (the repository changed under this process, e.g. it was deleted and created again; nothing was written)",
                "run the command again; if it says this again, check the repository with: git fsck");
    }
}
