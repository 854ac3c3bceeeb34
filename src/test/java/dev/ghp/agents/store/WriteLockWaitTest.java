package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.testing.GitRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer that finds the write lock taken rehearses its write while it waits, and stores nothing until its turn. */
class WriteLockWaitTest {
    @TempDir
    Path tmp;

    @Test
    void aWriterWaitingForTheLockRehearsesStoresNothingEarlyAndThenWrites() throws Exception {
        GitRepo git = GitRepo.init(tmp, "repo");
        try (Repository repo = new FileRepositoryBuilder().setGitDir(git.dir().resolve(".git").toFile()).build()) {
            GitRefStore store = new GitRefStore(repo, Clock.systemUTC());
            store.update(s -> Change.of("first", "w").put(StorePaths.STATUS, "{}\n".getBytes(StandardCharsets.UTF_8)));
            long objectsBefore = looseObjects(git);

            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = new Thread(() -> {
                try (WriteLock ignored = WriteLock.acquire(store.lockFile(), Duration.ofSeconds(30))) {
                    held.countDown();
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            holder.start();
            held.await();
            AtomicInteger applied = new AtomicInteger();
            AtomicLong objectsWhileWaiting = new AtomicLong(-1);
            Thread releaser = new Thread(() -> {
                try {
                    while (applied.get() == 0) {
                        Thread.onSpinWait();
                    }
                    objectsWhileWaiting.set(looseObjects(git));
                } finally {
                    release.countDown();
                }
            });
            releaser.start();

            WriteResult r = store.update(s -> {
                applied.incrementAndGet();
                return Change.of("second", "w").put(StorePaths.STATUS, "{\"n\": 2}\n".getBytes(StandardCharsets.UTF_8));
            });
            releaser.join();
            holder.join();

            assertThat(objectsWhileWaiting.get()).as("the rehearsal stored nothing").isEqualTo(objectsBefore);
            assertThat(applied.get()).as("rehearsed once, then applied under the lock").isEqualTo(2);
            assertThat(r.committed()).isTrue();
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.lockWaitMillis()).isPositive();
            assertThat(looseObjects(git) - objectsBefore).as("a blob, two trees and a commit").isEqualTo(4);
            assertThat(git.showCoordination(StorePaths.STATUS)).isEqualTo("{\"n\": 2}\n");
            git.assertFsckClean();
        }
    }

    private static long looseObjects(GitRepo git) {
        return git.git("count-objects", "-v").lines().filter(l -> l.startsWith("count:"))
                .mapToLong(l -> Long.parseLong(l.substring(6).trim())).sum();
    }
}
