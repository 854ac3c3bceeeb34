package dev.ghp.agents.store;

import dev.ghp.agents.errors.Cancellation;
import dev.ghp.agents.errors.StateException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writers' mutex (docs/design.md#the-write-protocol, step 1): an OS file lock, which the kernel releases when a process
 * dies, so a killed writer never leaves it held. OS locks are per process, so threads of one JVM
 * first queue on an in-process lock for the same file.
 */
public final class WriteLock implements AutoCloseable {
    /** One in-process lock per lock file: this is the process-wide state the OS lock cannot give. */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private static final long MAX_POLL_PAUSE_MILLIS = 8;
    /** How long a wait for another thread of this process takes before it looks whether its command was cancelled. */
    private static final long IN_PROCESS_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** What a write whose caller went away says. */
    private static final String CANCELLED = "interrupted before the write; nothing was written";

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private final long waitedNanos;

    private WriteLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock, long waitedNanos) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
        this.waitedNanos = waitedNanos;
    }

    /** How long this writer waited for others to let go: 0 when the lock was free. */
    public long waitedMillis() {
        return waitedNanos / 1_000_000;
    }

    /** Waits (polling) up to {@code timeout} for the lock. */
    public static WriteLock acquire(Path file, Duration timeout) {
        return acquire(file, timeout, () -> { });
    }

    /**
     * Like {@link #acquire(Path, Duration)}; {@code whileWaiting} runs once, only when another
     * writer holds the lock, before waiting for it: work that makes the caller's own turn shorter
     * (see GitRefStore).
     */
    public static WriteLock acquire(Path file, Duration timeout, Runnable whileWaiting) {
        // A command whose caller went away starts no write; one that holds the lock finishes it.
        Cancellation.check(CANCELLED);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(absolute(file), p -> new ReentrantLock());
        boolean waited = false;
        try {
            if (!threadLock.tryLock()) {
                waited = true;
                whileWaiting.run();
            }
            if (waited && !lockInProcess(threadLock, deadline)) {
                throw busy(file, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(file, timeout);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long pause = 2;
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock != null) {
                    return new WriteLock(threadLock, channel, lock, waited ? System.nanoTime() - start : 0);
                }
                if (!waited) {
                    waited = true;
                    whileWaiting.run();
                }
                if (System.nanoTime() > deadline) {
                    throw busy(file, timeout);
                }
                // Polling with jitter rather than a blocking lock: a wait that never ends would
                // hang an agent's hook forever if another process stopped while holding the lock.
                // A writer holds it for milliseconds, so the pause stays short: with 16 writers queued,
                // a longer one left the lock idle between turns (src/bench/contention.sh).
                Cancellation.pause(pause + ThreadLocalRandom.current().nextLong(pause + 1), CANCELLED);
                pause = Math.min(pause * 2, MAX_POLL_PAUSE_MILLIS);
            }
        } catch (IOException e) {
            closeQuietly(channel);
            threadLock.unlock();
            throw new StateException("cannot take the write lock " + file + ": " + e.getMessage(),
                    "check that the git directory is writable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(channel);
            threadLock.unlock();
            throw busy(file, timeout);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            threadLock.unlock();
            throw e;
        }
    }

    /**
     * The lock another thread of this process holds, by {@code deadline}: in short waits, so that a
     * command cancelled while queued behind others leaves the queue at once.
     */
    private static boolean lockInProcess(ReentrantLock threadLock, long deadline) throws InterruptedException {
        while (true) {
            long left = deadline - System.nanoTime();
            if (threadLock.tryLock(Math.max(0, Math.min(left, IN_PROCESS_POLL_NANOS)), TimeUnit.NANOSECONDS)) {
                return true;
            }
            if (left <= 0) {
                return false;
            }
            Cancellation.check(CANCELLED);
        }
    }

    /** The lock if nobody holds it right now, else empty; never waits. */
    public static java.util.Optional<WriteLock> tryAcquire(Path file) {
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(absolute(file), p -> new ReentrantLock());
        if (!threadLock.tryLock()) {
            return java.util.Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                closeQuietly(channel);
                threadLock.unlock();
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new WriteLock(threadLock, channel, lock, 0));
        } catch (IOException e) {
            closeQuietly(channel);
            threadLock.unlock();
            throw new StateException("cannot take the lock " + file + ": " + e.getMessage(),
                    "check that the git directory is writable", e);
        }
    }

    @Override
    public void close() {
        try {
            fileLock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it as well.
        }
        closeQuietly(channel);
        threadLock.unlock();
    }

    private static StateException busy(Path file, Duration timeout) {
        return new StateException("another ghp process held the write lock " + file + " for over "
                + timeout.toSeconds() + "s", "a process that hangs while writing holds it; find it with: fuser " + file);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to release.
            }
        }
    }

    /** The key of a lock file's in-process lock: its path, absolute as every caller's lock files are. */
    private static Path absolute(Path file) {
        if (!file.isAbsolute()) {
            throw new IllegalArgumentException("a lock file's path must be absolute: " + file);
        }
        return file.normalize();
    }
}
