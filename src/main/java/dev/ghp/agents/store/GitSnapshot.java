package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.StatusDocument;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
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
            status = StatusFile.decode(file(StorePaths.STATUS));
        }
        return status;
    }

    @Override
    public Optional<byte[]> file(String path) {
        if (tree == null) {
            return Optional.empty();
        }
        try (ObjectReader reader = repo.newObjectReader();
             TreeWalk walk = TreeWalk.forPath(reader, path, tree)) {
            if (walk == null || walk.getFileMode(0).getObjectType() != org.eclipse.jgit.lib.Constants.OBJ_BLOB) {
                return Optional.empty();
            }
            return Optional.of(reader.open(walk.getObjectId(0)).getCachedBytes(Integer.MAX_VALUE));
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    @Override
    public List<String> list(String directory) {
        List<String> names = new ArrayList<>();
        if (tree == null) {
            return names;
        }
        try (ObjectReader reader = repo.newObjectReader();
             TreeWalk dir = TreeWalk.forPath(reader, directory, tree)) {
            if (dir == null || !FileMode.TREE.equals(dir.getFileMode(0))) {
                return names;
            }
            try (TreeWalk walk = new TreeWalk(reader)) {
                walk.addTree(dir.getObjectId(0));
                walk.setRecursive(false);
                while (walk.next()) {
                    if (walk.getFileMode(0).getObjectType() == org.eclipse.jgit.lib.Constants.OBJ_BLOB) {
                        names.add(walk.getNameString());
                    }
                }
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
        return names;
    }

    private static StateException unreadable(IOException e) {
        return new StateException("cannot read the coordination state: " + e.getMessage(),
                "check the repository with: git fsck", e);
    }
}
