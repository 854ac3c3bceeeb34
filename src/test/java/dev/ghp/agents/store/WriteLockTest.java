package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.StateException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteLockTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondHolderWaitsAndGivesUpWithExitFiveAndAHint() throws Exception {
        Path file = tmp.resolve("ghp-coordination.lock");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (WriteLock lock = WriteLock.acquire(file, Duration.ofSeconds(5))) {
                held.countDown();
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        holder.start();
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

        try {
            assertThatThrownBy(() -> WriteLock.acquire(file, Duration.ofMillis(200)))
                    .isInstanceOf(StateException.class)
                    .hasMessageContaining("held the write lock")
                    .satisfies(e -> {
                        assertThat(((StateException) e).exitCode()).isEqualTo(ExitCode.STATE);
                        assertThat(((StateException) e).hint()).contains(file.toString());
                    });
        } finally {
            release.countDown();
            holder.join(10_000);
        }
        try (WriteLock again = WriteLock.acquire(file, Duration.ofSeconds(1))) {
            assertThat(file).exists();
        }
    }

    @Test
    void holdersNeverOverlap() throws Exception {
        Path file = tmp.resolve("ghp-coordination.lock");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        Thread[] threads = new Thread[6];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    try (WriteLock lock = WriteLock.acquire(file, Duration.ofSeconds(30))) {
                        if (inside.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        Thread.onSpinWait();
                        inside.decrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join(60_000);
        }

        assertThat(overlaps.get()).isZero();
    }

    @Test
    void aLockFileThatCannotBeCreatedIsAStateProblemAndReleasesTheInProcessLock() throws Exception {
        Path file = tmp.resolve("no-such-dir/ghp-coordination.lock");
        assertThatThrownBy(() -> WriteLock.acquire(file, Duration.ofSeconds(1)))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("cannot take the write lock");

        // Another thread fails the same way, not with "held": the first attempt released the in-process lock.
        java.util.concurrent.atomic.AtomicReference<Throwable> other = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                WriteLock.acquire(file, Duration.ofSeconds(1)).close();
            } catch (Throwable e) {
                other.set(e);
            }
        });
        t.start();
        t.join(10_000);

        assertThat(other.get()).isInstanceOf(StateException.class).hasMessageContaining("cannot take the write lock");
    }
}
