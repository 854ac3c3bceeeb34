package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent-inbox --wait} in a repository deleted while it waits: exit 5 with a clear line, not a wait to the end. */
class WaitOnDeletedRepositoryTest {
    @TempDir
    Path tmp;

    @Test
    void aWaitInARepositoryDeletedMeanwhileEndsWithExit5() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "app");
        repo.commitFile("README.md", "app\n");
        CliRunner ghp = new CliRunner(repo.dir());
        assertThat(ghp.run("agent-heartbeat", "--agent", "w1").exit()).isZero();

        CompletableFuture<CliRunner.Result> waiting = CompletableFuture.supplyAsync(
                () -> ghp.run("agent-inbox", "--agent", "w1", "--wait", "60s"));
        Thread.sleep(1500); // ordering only: let the wait begin (deleted before it, the command fails all the same)
        deleteTree(repo.dir());

        CliRunner.Result r = waiting.get(50, TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).contains("deleted");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
