package dev.ghp.agents.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.store.AbandonedRefLock;
import dev.ghp.agents.sync.SyncSettings;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's background looks at the remote: one per repository, which takes in what another
 * clone pushed without any command running here, and ends when the repository is deleted.
 */
class RemoteWatcherTest {
    static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;

    static SyncSettings lookingEvery(Duration interval) {
        return new SyncSettings("origin", false, Optional.of(Duration.ofHours(1)), Optional.of(interval),
                Duration.ofMinutes(10), new AbandonedRefLock(AbandonedRefLock.DEFAULT_AGE), Duration.ofHours(4), List.of());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void aWatchedCloneTakesInWhatAnotherClonePushedWithoutACommandRunningThere() throws Exception {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        GitRepo a = GitRemotes.cloneOf(remote, tmp, "a");
        GitRepo b = GitRemotes.cloneOf(remote, tmp, "b");
        CliRunner ghpB = new CliRunner(b.dir());
        assertThat(ghpB.run("agent-heartbeat", "--agent", "bob").exit()).isZero();
        assertThat(ghpB.run("agent-sync").exit()).isZero();
        RemoteWatcher watcher = new RemoteWatcher();
        RepoContext rc = RepoLocator.open(a.dir());
        try {
            assertThat(watcher.keepLooking(rc, lookingEvery(Duration.ofMillis(100)), Map.of())).isTrue();

            await(() -> GitRemotes.tip(remote, REF).equals(GitRemotes.tip(a, REF)), "a took in b's record");
        } finally {
            rc.repository().close();
        }
    }

    @Test
    void theLookingEndsWhenTheRepositoryIsDeleted() throws Exception {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        GitRepo a = GitRemotes.cloneOf(remote, tmp, "a");
        RemoteWatcher watcher = new RemoteWatcher();
        RepoContext rc = RepoLocator.open(a.dir());
        rc.repository().close();
        watcher.keepLooking(rc, lookingEvery(Duration.ofMillis(100)), Map.of());
        assertThat(watcher.watched()).isEqualTo(1);

        deleteTree(a.dir());

        await(() -> watcher.watched() == 0, "the watch of a deleted repository ended");
    }

    /** As {@code rm -rf} does while the watcher may still write its state into the directory: again until gone. */
    private static void deleteTree(Path dir) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (java.nio.file.DirectoryNotEmptyException | java.nio.file.NoSuchFileException
                     | java.io.UncheckedIOException raced) {
                if (System.nanoTime() > deadline) {
                    throw raced;
                }
                Thread.sleep(20);
            }
        }
    }
}
