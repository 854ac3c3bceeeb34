package dev.ghp.agents.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's kept repositories ({@link RepoLocator#shareRepositories}) against a repository that
 * is deleted and created again at the same path between commands (a re-clone, a reused CI
 * workspace): every command must write into the repository that is there now.
 */
class SharedRepositoryTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void share() {
        RepoLocator.shareRepositories();
    }

    @AfterEach
    void stopSharing() {
        RepoLocator.stopSharing();
    }

    @Test
    void aRepositoryCreatedAgainAtTheSamePathIsWrittenAsItIsNow() throws IOException {
        Path dir = tmp.resolve("r");
        for (int round = 1; round <= 4; round++) {
            deleteTree(dir);
            GitRepo repo = GitRepo.init(tmp, "r");
            repo.commitFile("README.md", "round " + round + "\n");
            CliRunner ghp = new CliRunner(dir);

            CliRunner.Result claim = ghp.run("agent-heartbeat", "--agent", "w1", "--files", "src/**");
            CliRunner.Result signOff = ghp.run("agent-heartbeat", "--agent", "w1", "--sign-off");

            assertThat(List.of(claim.exit(), signOff.exit())).as("round %d: %s %s", round, claim.err(), signOff.err())
                    .containsExactly(0, 0);
            repo.assertFsckClean();
            assertThat(repo.coordinationCommits()).as("round %d", round).isEqualTo(2);
            assertThat(repo.showCoordination(".ghp/agent-status.json")).doesNotContain("w1");
        }
    }

    @Test
    void aRepositoryReplacedByAnotherOneIsNotTakenForIt() {
        GitRepo first = GitRepo.init(tmp, "first");
        first.commitFile("README.md", "first\n");
        GitRepo second = GitRepo.init(tmp, "second");
        second.commitFile("README.md", "second\n");
        Path dir = tmp.resolve("r");
        CliRunner ghp = new CliRunner(dir);

        move(first.dir(), dir);
        assertThat(ghp.run("agent-heartbeat", "--agent", "in-first").exit()).isZero();
        move(dir, first.dir());
        move(second.dir(), dir);
        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "in-second");

        assertThat(r.exit()).as(r.err()).isZero();
        GitRepo now = GitRepo.at(dir);
        now.assertFsckClean();
        assertThat(now.showCoordination(".ghp/agent-status.json")).contains("in-second").doesNotContain("in-first");
        assertThat(first.showCoordination(".ghp/agent-status.json")).contains("in-first").doesNotContain("in-second");
    }

    @Test
    void aDeletedRepositoryHoldsNoDescriptorOnceTheNextCommandRuns() throws IOException {
        GitRepo gone = GitRepo.init(tmp, "gone");
        gone.commitFile("README.md", "gone\n");
        assertThat(new CliRunner(gone.dir()).run("agent-heartbeat", "--agent", "w1").exit()).isZero();
        gone.git("gc", "-q"); // a pack, as a real clone has: JGit keeps it open
        assertThat(new CliRunner(gone.dir()).run("agent-status").exit()).isZero();
        assertThat(descriptorsUnder(gone.dir())).as("the kept repository has files open").isNotEmpty();
        deleteTree(gone.dir());
        GitRepo other = GitRepo.init(tmp, "other");
        other.commitFile("README.md", "other\n");

        assertThat(new CliRunner(other.dir()).run("agent-status").exit()).isZero();

        assertThat(descriptorsUnder(gone.dir())).as("descriptors to the deleted repository").isEmpty();
    }

    /** What this process's open descriptors point to under {@code dir} (Linux: /proc/self/fd). */
    private static List<String> descriptorsUnder(Path dir) throws IOException {
        String prefix = dir.toAbsolutePath().normalize().toString(); // gone or not: @TempDir is a real path
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return ""; // closed while listed
                }
            }).filter(target -> target.startsWith(prefix)).toList();
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
