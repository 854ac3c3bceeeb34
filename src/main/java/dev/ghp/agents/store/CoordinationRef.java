package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.StorePaths;
import java.io.File;
import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/** Reading {@code refs/ghp/coordination}: its tip, and the state at a commit. */
final class CoordinationRef {
    private final Repository repo;

    CoordinationRef(Repository repo) {
        this.repo = repo;
    }

    /** The tip as the ref database last read it; null when the ref does not exist. */
    ObjectId tip() {
        try {
            Ref ref = repo.exactRef(StorePaths.REF);
            return ref == null ? null : ref.getObjectId();
        } catch (IOException e) {
            throw new StateException("cannot read " + StorePaths.REF + ": " + e.getMessage(),
                    "check the repository with: git fsck", e);
        }
    }

    /** The tip as it is on disk now (another process may have moved it). */
    ObjectId freshTip() {
        repo.getRefDatabase().refresh();
        return tip();
    }

    GitSnapshot snapshotAt(ObjectId tip) {
        if (tip == null) {
            return new GitSnapshot(repo, null, null);
        }
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(tip);
            return new GitSnapshot(repo, tip, commit.getTree().getId());
        } catch (IOException e) {
            throw new StateException(StorePaths.REF + " does not point at a readable commit: " + e.getMessage(),
                    "look at it with: git log -1 " + StorePaths.REF, e);
        }
    }

    /** JGit's lock file for the ref, taken for the milliseconds of each update. */
    File refLockFile() {
        return new File(repo.getCommonDirectory(), StorePaths.REF + ".lock");
    }
}
