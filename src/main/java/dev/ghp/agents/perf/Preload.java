package dev.ghp.agents.perf;

import dev.ghp.agents.git.JGitSetup;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.ZoneId;

/**
 * Work that every agent command pays for once per process and that does not depend on what was
 * asked, done on a second thread while the main one builds the command line (measured in
 * docs/performance.md; the machines agents run on have at least two cores). Each step is a
 * class initialisation or a process-wide setting that is idempotent and thread-safe; if the main
 * thread gets there first it simply does the work itself, and this thread's copy is a no-op.
 *
 * <p>Only JDK classes are initialised here outside {@link JGitSetup#apply()}, whose lock the
 * main thread also takes before its first JGit call: two threads entering a library's classes
 * at different points could deadlock on each other's class initialisation.
 */
public final class Preload {
    private Preload() {
    }

    /** Starts the preload on a daemon thread: it never delays the process's exit. */
    public static void start() {
        if ("0".equals(System.getenv("GHP_PRELOAD"))) return;
        Thread thread = new Thread(Preload::run, "ghp-preload");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        try {
            // JGit's process-wide settings and the classes they bring (SystemReader, FS).
            JGitSetup.apply();
            // JGit's file snapshots start by reading the time-zone database.
            ZoneId.systemDefault();
            // Object ids are SHA-1; the first digest sets up the security providers.
            MessageDigest.getInstance("SHA-1");
            // JGit writes loose objects through temporary files named by a SecureRandom.
            new SecureRandom().nextInt();
            // Jackson's parser holds BigDecimal constants; on Java 25 BigDecimal's own
            // initialisation takes about 30 ms.
            BigDecimal.ZERO.signum();
        } catch (Throwable ignored) {
            // Only a head start: whatever failed here is done again, and reported, where it is needed.
        }
    }
}
