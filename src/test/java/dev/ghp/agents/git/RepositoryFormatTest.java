package dev.ghp.agents.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Repositories JGit cannot serve are refused before anything is read or written: SHA-256 ones
 * (JGit 7.8 would write SHA-1 objects into them) and format-1 ones with an extension JGit does not
 * handle (git itself refuses those). Checked with the real git: no ref written, fsck clean.
 */
class RepositoryFormatTest {
    @TempDir
    Path tmp;

    /** Every command that opens the repository, reading or writing. */
    static Stream<List<String>> commands() {
        return Stream.of(
                List.of("agent-heartbeat", "--agent", "w1", "--files", "src/**"),
                List.of("agent-status"),
                List.of("agent-status", "--json"),
                List.of("agent-escalate", "--agent", "w1", "is", "this", "safe?"),
                List.of("agent-escalate", "--list"),
                List.of("agent-sync"),
                List.of("agent-prune"),
                List.of("agent-handoff", "--agent", "w1"),
                List.of("agent-guard", "install"));
    }

    private GitRepo sha256Repository() {
        Path dir = tmp.resolve("sha256");
        GitRepo repo = GitRepo.at(tmp);
        repo.git("init", "-q", "-b", "main", "--object-format=sha256", dir.toString());
        GitRepo made = GitRepo.at(dir);
        made.commitFile("README.md", "hello\n");
        return made;
    }

    @ParameterizedTest
    @MethodSource("commands")
    void aSha256RepositoryIsRefusedAndLeftUntouched(List<String> command) {
        GitRepo repo = sha256Repository();
        String refsBefore = repo.git("for-each-ref");

        CliRunner.Result r = new CliRunner(repo.dir()).run(command.toArray(String[]::new));

        assertThat(r.exit()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).startsWith("ghp: error: the repository at ").contains("sha256 (extensions.objectFormat)");
        assertThat(r.err().lines().filter(l -> l.startsWith("ghp: error:")).count()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(repo.git("for-each-ref")).isEqualTo(refsBefore).doesNotContain("refs/ghp");
        assertThat(repo.commonDir().resolve("hooks/pre-commit")).doesNotExist();
        assertThat(repo.commonDir().resolve("ghp-coordination.lock")).doesNotExist();
        repo.assertFsckClean();
    }

    @Test
    void theCommitGuardLetsTheCommitThroughSayingWhyItCouldNotCheckIt() {
        GitRepo repo = sha256Repository();

        CliRunner.Result r = new CliRunner(repo.dir()).run("agent-guard", "check");

        // The guard never blocks a commit over a state problem (GuardCommand): it warns instead of exit 5.
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).startsWith("ghp: warning: the commit guard could not check this commit: the repository at ")
                .contains("sha256 (extensions.objectFormat)");
        assertThat(repo.git("for-each-ref")).doesNotContain("refs/ghp");
        repo.assertFsckClean();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void anExtensionJGitDoesNotUnderstandIsRefusedAndTheRepositoryLeftUntouched(List<String> command) throws IOException {
        GitRepo repo = GitRepo.init(tmp, "future");
        repo.commitFile("README.md", "hello\n");
        repo.git("config", "core.repositoryFormatVersion", "1");
        // Written by hand: git config itself refuses to run in a repository with an unknown extension.
        Path gitDir = repo.dir().resolve(".git");
        Files.writeString(gitDir.resolve("config"), "[extensions]\n\tfancyObjects = true\n", StandardOpenOption.APPEND);

        CliRunner.Result r = new CliRunner(repo.dir()).run(command.toArray(String[]::new));

        assertThat(r.exit()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).startsWith("ghp: error: the repository at ")
                .contains("extensions.fancyObjects = true").contains("does not understand");
        assertThat(gitDir.resolve("refs/ghp")).doesNotExist();
        assertThat(gitDir.resolve("packed-refs")).doesNotExist();
        assertThat(gitDir.resolve("hooks/pre-commit")).doesNotExist();
        assertThat(gitDir.resolve("ghp-coordination.lock")).doesNotExist();
    }

    @Test
    void extensionsThatChangeNothingForTheRecordAreServed() {
        GitRepo repo = GitRepo.init(tmp, "sparse");
        repo.commitFile("README.md", "hello\n");
        repo.git("config", "core.repositoryFormatVersion", "1");
        repo.git("config", "extensions.objectFormat", "sha1");
        repo.git("config", "extensions.worktreeConfig", "true");
        repo.git("config", "extensions.preciousObjects", "true");

        CliRunner.Result r = new CliRunner(repo.dir()).run("agent-heartbeat", "--agent", "w1", "--files", "src/**");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("w1");
        repo.assertFsckClean();
    }
}
