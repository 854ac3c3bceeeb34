package dev.ghp.agents.store;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

/**
 * A JGit {@code <ref>.lock} left by a killed process. JGit creates the lock without waiting, so one
 * left behind makes every later update of the ref fail. Only a caller that holds a lock that keeps
 * every ghp writer of that ref out may remove one; and only once it is old enough that no other git
 * process can be in the middle of an update either (an update holds it for milliseconds).
 */
public final class AbandonedRefLock {
    /** A JGit ref lock this old, seen while we keep the other ghp writers out, was left by a killed process. */
    public static final Duration DEFAULT_AGE = Duration.ofSeconds(3);

    private final Duration age;

    /** @param age how old a lock must be to count as abandoned ({@code GHP_REF_LOCK_AGE}) */
    public AbandonedRefLock(Duration age) {
        this.age = age;
    }

    public static AbandonedRefLock ofDefaultAge() {
        return new AbandonedRefLock(DEFAULT_AGE);
    }

    public Duration age() {
        return age;
    }

    /** @return whether a lock was removed (worth trying the update again) */
    public boolean removeIfAbandoned(File lock) {
        try {
            if (!lock.isFile()) {
                return false;
            }
            Instant modified = Files.getLastModifiedTime(lock.toPath()).toInstant();
            if (Duration.between(modified, Instant.now()).compareTo(age) < 0) {
                return false;
            }
            return Files.deleteIfExists(lock.toPath());
        } catch (IOException e) {
            return false;
        }
    }
}
