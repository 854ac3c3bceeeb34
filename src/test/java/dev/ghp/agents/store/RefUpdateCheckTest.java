package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every JGit ref update result is read the same way: updated, locked (retry), or a typed error. */
class RefUpdateCheckTest {

    @TempDir
    Path tmp;

    @Test
    void anUpdateThatMovedTheRefOrFoundItAlreadyThereIsUpdated() {
        for (RefUpdate.Result r : new RefUpdate.Result[] {RefUpdate.Result.NEW, RefUpdate.Result.FAST_FORWARD,
                RefUpdate.Result.FORCED, RefUpdate.Result.NO_CHANGE}) {
            assertThat(RefUpdateCheck.check(r, StorePaths.REF)).as(r.name()).isEqualTo(RefUpdateCheck.Outcome.UPDATED);
        }
    }

    @Test
    void aLockFailureIsWorthRetrying() {
        assertThat(RefUpdateCheck.check(RefUpdate.Result.LOCK_FAILURE, StorePaths.REF))
                .isEqualTo(RefUpdateCheck.Outcome.LOCKED);
    }

    @Test
    void everyOtherResultIsAStateErrorNamingTheRefAndTheResult() {
        for (RefUpdate.Result r : new RefUpdate.Result[] {RefUpdate.Result.REJECTED, RefUpdate.Result.IO_FAILURE,
                RefUpdate.Result.REJECTED_CURRENT_BRANCH, RefUpdate.Result.REJECTED_MISSING_OBJECT,
                RefUpdate.Result.REJECTED_OTHER_REASON, RefUpdate.Result.RENAMED, RefUpdate.Result.NOT_ATTEMPTED}) {
            assertThatThrownBy(() -> RefUpdateCheck.check(r, "refs/x"))
                    .as(r.name())
                    .isInstanceOf(StateException.class)
                    .hasMessage("cannot update refs/x: " + r.name())
                    .satisfies(e -> assertThat(((StateException) e).exitCode()).isEqualTo(ExitCode.STATE));
        }
    }

    @Test
    void aRealUpdateAgainstAMovedRefIsALockFailureAndANonFastForwardIsRejected() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        repo.commitToCoordination(StorePaths.STATUS, "{}", "one");
        repo.commitToCoordination(StorePaths.STATUS, "{\"a\":1}", "two");
        try (Repository r = new FileRepositoryBuilder().setGitDir(repo.dir().resolve(".git").toFile()).build()) {
            ObjectId tip = r.exactRef(StorePaths.REF).getObjectId();
            ObjectId parent = r.parseCommit(tip).getParent(0).getId();

            RefUpdate stale = r.updateRef(StorePaths.REF);
            stale.setExpectedOldObjectId(parent);
            stale.setNewObjectId(parent);
            assertThat(RefUpdateCheck.check(stale.update(), StorePaths.REF)).isEqualTo(RefUpdateCheck.Outcome.LOCKED);

            RefUpdate backwards = r.updateRef(StorePaths.REF);
            backwards.setExpectedOldObjectId(tip);
            backwards.setNewObjectId(parent);
            RefUpdate.Result result = backwards.update();
            assertThatThrownBy(() -> RefUpdateCheck.check(result, StorePaths.REF)).isInstanceOf(StateException.class)
                    .hasMessageContaining("REJECTED");
            assertThat(r.exactRef(StorePaths.REF).getObjectId()).isEqualTo(tip);
        }
    }
}
