package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.git.JGitSetup;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defence in depth under the daemon's repository identity check: a write never moves the ref to a
 * commit whose objects are not in the repository, even through a {@link Repository} whose caches
 * describe an earlier repository at the same path.
 */
class ObjectPresenceTest {
    private static final Instant T = Instant.parse("2025-01-25T10:30:00Z");

    @TempDir
    Path tmp;

    private static Mutation heartbeat(String name) {
        AgentRecord r = AgentRecord.builder().issue(1).status("implementing").lastAction("").timestamp(T).build();
        return s -> Change.of("heartbeat " + name, name).putStatus(s.status().withAgent(name, r));
    }

    @Test
    void aWriteThroughCachesOfAnEarlierRepositoryAtTheSamePathIsRefusedAndLeavesNoRef() throws IOException {
        GitRepo first = GitRepo.init(tmp, "r");
        first.commitFile("README.md", "first\n");
        JGitSetup.apply();
        try (Repository stale = new FileRepositoryBuilder().setGitDir(first.dir().resolve(".git").toFile())
                .setMustExist(true).build()) {
            new GitRefStore(stale, Clock.fixed(T, ZoneOffset.UTC)).update(heartbeat("w1"));
            deleteTree(first.dir());
            GitRepo again = GitRepo.init(tmp, "r");
            again.commitFile("README.md", "again\n");
            // A second later: a new commit, but the same agent table, so the same blob and trees.
            GitRefStore store = new GitRefStore(stale, Clock.fixed(T.plusSeconds(1), ZoneOffset.UTC));

            assertThatThrownBy(() -> store.update(heartbeat("w1")))
                    .isInstanceOfSatisfying(StateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.STATE))
                    .hasMessageContaining("not in " + stale.getCommonDirectory() + "/objects")
                    .hasMessageContaining("nothing was written");
            assertThat(again.hasCoordinationRef()).isFalse();
            again.assertFsckClean();
        }
    }

    @Test
    void anOrdinaryWriteOnTopOfPackedHistoryPassesTheCheck() {
        GitRepo repo = GitRepo.init(tmp, "packed");
        repo.commitFile("README.md", "x\n");
        repo.commitToCoordination(StorePaths.STATUS, "{\"schemaVersion\": 1, \"agents\": {}}", "by git");
        repo.git("gc", "-q", "--prune=now");
        JGitSetup.apply();
        try (Repository jgit = new FileRepositoryBuilder().setGitDir(repo.dir().resolve(".git").toFile())
                .setMustExist(true).build()) {
            WriteResult written = new GitRefStore(jgit, Clock.fixed(T, ZoneOffset.UTC)).update(heartbeat("w1"));

            assertThat(written.committed()).isTrue();
            assertThat(repo.showCoordination(StorePaths.STATUS)).contains("w1");
            repo.assertFsckClean();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
