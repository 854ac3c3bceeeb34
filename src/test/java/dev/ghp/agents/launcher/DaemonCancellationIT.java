package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller that goes away mid-command (#22): the launcher killed while the daemon runs its command,
 * and Ctrl-C on a wait. The daemon's commands are seen from outside through /proc: each running
 * command has one thread named {@code ghp-caller-watch} (the kernel keeps 15 characters of it).
 */
class DaemonCancellationIT {
    /** A thread's name as /proc shows it: the first 15 bytes. */
    static final String WATCH_THREAD = "ghp-caller-watc";

    @TempDir
    Path tmp;
    Path daemonDir;
    GitRepo repo;

    @BeforeEach
    void repository() {
        daemonDir = tmp.resolve("run/ghp-agents");
        repo = GitRepo.init(tmp, "app");
        repo.commitFile("README.md", "app\n");
    }

    @AfterEach
    void stopDaemons() {
        ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(daemonDir.toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    Launcher ghp(boolean daemon) {
        return new Launcher(repo.dir()).env("GHP_DAEMON", daemon ? "on" : "off")
                .env("GHP_DAEMON_DIR", daemonDir.toString());
    }

    /** A daemon serving this test's commands, started by a first one; its pid. */
    long runningDaemon() throws Exception {
        assertThat(ghp(true).run("agent-heartbeat", "--agent", "setup", "--action", "first").exit()).isZero();
        long pid = DaemonIT.awaitDaemon(daemonDir, -1).orElseThrow(() -> new AssertionError("no daemon started"));
        assertThat(ghp(true).env("GHP_TRACE", "1").run("agent-status").err()).contains(DaemonIT.ranBy(pid));
        return pid;
    }

    @Test
    void aKilledLauncherCancelsItsCommandInTheDaemonAndTheWorkerIsFreeAtOnce() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "/proc shows the daemon's threads");
        long daemon = runningDaemon();
        // The watch of the command that just ended goes with its socket, a moment after the answer.
        awaitTrue(() -> commandsRunning(daemon) == 0, 5, "no command running in the daemon");

        // The heartbeat waits for the write lock (up to 30 s) in the daemon; its launcher is killed meanwhile.
        Process holder = holdWriteLock();
        Process launcher = ghp(true).start("agent-heartbeat", "--agent", "bob", "--action", "for nobody");
        try {
            awaitTrue(() -> commandsRunning(daemon) == 1, 20, "the daemon runs bob's heartbeat");
            launcher.destroyForcibly();
            launcher.waitFor(10, TimeUnit.SECONDS);

            awaitTrue(() -> commandsRunning(daemon) == 0, 5, "the daemon's worker freed within 5 s of the kill");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(10, TimeUnit.SECONDS);
            launcher.destroyForcibly();
        }

        // Its command ended before the lock was free: it never wrote, and never will.
        GitRepo.Result status = ghp(true).env("GHP_TRACE", "1").run("agent-status", "--json");
        assertThat(status.err()).as("the same daemon serves the next caller").contains(DaemonIT.ranBy(daemon));
        assertThat(status.out()).contains("setup").doesNotContain("bob");
        assertThat(repo.showCoordination(".ghp/agent-status.json")).doesNotContain("for nobody");
        assertThat(repo.run("fsck", "--strict").exit()).isZero();
    }

    @Test
    void ctrlCDuringAWaitExits130WithOneLineAndMarksNothingReadInItsOwnJvm() throws Exception {
        ctrlCDuringAWait(false);
    }

    @Test
    void ctrlCDuringAWaitExits130WithOneLineAndMarksNothingReadWithADaemonRunning() throws Exception {
        runningDaemon();
        ctrlCDuringAWait(true);
    }

    /** SIGINT to the launcher's process group, as a terminal's Ctrl-C, while agent-inbox --wait waits. */
    private void ctrlCDuringAWait(boolean daemon) throws Exception {
        Launcher ghp = ghp(daemon);
        assertThat(ghp.run("agent-heartbeat", "--agent", "w", "--action", "waiting for mail").exit()).isZero();
        Path out = tmp.resolve("wait.out");
        Path err = tmp.resolve("wait.err");
        // setsid: a process group of its own, as a shell's foreground job; the launcher execs the JVM in it.
        Process wait = ghp.builder(List.of("setsid", Launcher.BIN_GHP.toString(), "agent-inbox", "--agent", "w", "--wait", "60s"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            awaitTrue(() -> inRefWait(wait.pid()), 30, "the command is in its wait");
            GitRepo.Result kill = GitRepo.Processes.run(tmp, Map.of(), null, List.of("kill", "-INT", "--", "-" + wait.pid()));
            assertThat(kill.exit()).as(kill.err()).isZero();
            assertThat(wait.waitFor(10, TimeUnit.SECONDS)).as("the wait ended at Ctrl-C").isTrue();
        } finally {
            wait.destroyForcibly();
        }

        assertThat(wait.exitValue()).as(Files.readString(err)).isEqualTo(130);
        assertThat(Files.readString(out)).isEmpty();
        assertThat(Files.readString(err)).isEqualTo("ghp: error: the wait was interrupted; nothing was marked read\n");
        // Nothing waits any more: a message sent now stays unread for the agent's next look.
        assertThat(ghp.run("agent-message", "--to", "w", "--by", "carol", "after the interrupt").exit()).isZero();
        assertThat(repo.run("ls-tree", "--name-only", "refs/ghp/coordination:.ghp/inbox/w").out()).contains("msg-");
        GitRepo.Result inbox = ghp.run("agent-inbox", "--agent", "w");
        assertThat(inbox.out()).as(inbox.err()).contains("after the interrupt").contains("1 unread message");
    }

    /** How many commands the daemon is running now: its caller-watch threads, as /proc lists them. */
    static long commandsRunning(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.filter(task -> {
                try {
                    return Files.readString(task.resolve("comm")).trim().equals(WATCH_THREAD);
                } catch (IOException e) {
                    return false; // the thread ended while we looked
                }
            }).count();
        } catch (IOException e) {
            throw new AssertionError("the daemon " + pid + " is gone", e);
        }
    }

    /** Whether the JVM {@code pid}'s main thread is in RefWait, from its thread dump (jcmd of its own JDK). */
    static boolean inRefWait(long pid) {
        Path java = ProcessHandle.of(pid).flatMap(h -> h.info().command()).map(Path::of).orElse(null);
        if (java == null || !java.getFileName().toString().equals("java")) {
            return false;
        }
        GitRepo.Result dump = GitRepo.Processes.run(Path.of("/"), Map.of(), null,
                List.of(java.resolveSibling("jcmd").toString(), Long.toString(pid), "Thread.print"));
        return dump.out().contains("RefWait.until");
    }

    static void awaitTrue(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Another process holding the write lock (fcntl, as FileChannel.lock takes it) until its stdin closes. */
    private Process holdWriteLock() throws IOException {
        Path lock = repo.commonDir().resolve("ghp-coordination.lock");
        Process p = new ProcessBuilder("python3", "-c",
                "import fcntl, sys\n"
                        + "f = open(sys.argv[1], 'a')\n"
                        + "fcntl.lockf(f, fcntl.LOCK_EX)\n"
                        + "print('locked', flush=True)\n"
                        + "sys.stdin.read()\n",
                lock.toString()).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(r.readLine()).as("the lock holder took the lock").isEqualTo("locked");
        return p;
    }
}
