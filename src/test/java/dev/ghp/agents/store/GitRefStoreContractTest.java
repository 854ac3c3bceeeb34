package dev.ghp.agents.store;

import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against a real repository; every test also ends with {@code git fsck --strict}. */
class GitRefStoreContractTest extends CoordinationStoreContract {
    @TempDir
    Path tmp;

    private GitRepo repo;
    private final List<Repository> opened = new ArrayList<>();

    @Override
    protected CoordinationStore newStore() {
        repo = GitRepo.init(tmp, "repo");
        return open();
    }

    @Override
    protected CoordinationStore sameStateAgain(CoordinationStore store) {
        return open();
    }

    private CoordinationStore open() {
        Repository r = RepoLocator.open(repo.dir()).repository();
        opened.add(r);
        return new GitRefStore(r, Clock.systemUTC());
    }

    @AfterEach
    void closeAndCheck() {
        opened.forEach(Repository::close);
        if (repo != null) {
            repo.assertFsckClean();
        }
    }
}
