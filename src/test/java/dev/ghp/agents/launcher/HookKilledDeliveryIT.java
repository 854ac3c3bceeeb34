package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hook killed by its agent at the installed timeout must not have marked anything read: another
 * process holds the write lock longer than the hook's budget, and the launcher gets SIGKILL, as an
 * agent tool's {@code timeout} does (its JVM, or the daemon's thread, is not killed with it).
 * Budgets are injected short (GHP_HOOK_BUDGET) so that the test takes seconds, not the real 20.
 */
class HookKilledDeliveryIT {
    /** The hook's injected budget; the agent "kills" it at KILL_AFTER, the lock is held for HOLD. */
    static final int BUDGET_SECONDS = 3;
    static final int KILL_AFTER_SECONDS = 5;
    static final int HOLD_SECONDS = 8;

    @TempDir
    Path tmp;
    GitRepo main;
    GitRepo worker;
    Path daemonDir;

    @BeforeEach
    void agentWithAnUnreadMessage() {
        main = GitRepo.init(tmp, "app");
        main.commitFile("README.md", "app\n");
        worker = main.addWorktree("app-147", "alice/147-parser");
        daemonDir = tmp.resolve("run/ghp-agents");
    }

    @AfterEach
    void stopDaemons() {
        ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(daemonDir.toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    Launcher ghp(boolean daemon) {
        Map<String, String> env = new java.util.HashMap<>(Launcher.userEnv(tmp));
        env.put("GHP_DAEMON", daemon ? "on" : "off");
        env.put("GHP_DAEMON_DIR", daemonDir.toString());
        env.put("GHP_HOOK_BUDGET", Integer.toString(BUDGET_SECONDS));
        return new Launcher(worker.dir()).env(env);
    }

    static String event(String name, Path cwd) {
        return "{\"session_id\": \"s1\", \"cwd\": \"" + cwd + "\", \"hook_event_name\": \"" + name + "\"}";
    }

    @Test
    void aHookKilledWhileTheLockIsHeldLeavesTheMessageUnreadInItsOwnJvm() throws Exception {
        killedHookLeavesTheMessageUnread(false);
    }

    @Test
    void aHookKilledWhileTheLockIsHeldLeavesTheMessageUnreadThroughTheDaemon() throws Exception {
        killedHookLeavesTheMessageUnread(true);
    }

    @Test
    void aHookWhoseSyncTricklesGivesUpSilentlyAtItsBudgetInItsOwnJvm() throws Exception {
        trickledHookGivesUp(false);
    }

    @Test
    void aHookWhoseSyncTricklesGivesUpSilentlyAtItsBudgetThroughTheDaemon() throws Exception {
        trickledHookGivesUp(true);
    }

    /**
     * autoSync before the hook's read, against a remote that answers a byte every 2 s (no read
     * ever times out): the run gives up at its budget, prints nothing and marks nothing read.
     */
    private void trickledHookGivesUp(boolean daemon) throws Exception {
        Launcher ghp = ghp(daemon);
        assertThat(ghp.runWithInput(event("SessionStart", worker.dir()), "agent-hooks", "run", "session-start").exit()).isZero();
        if (daemon) {
            assertThat(DaemonIT.awaitDaemon(daemonDir, -1)).as("a daemon serves the hook").isPresent();
        }
        String id = send(ghp, "do not lose me either");
        Process trickler = trickleServer();
        try {
            int port = Integer.parseInt(new BufferedReader(new InputStreamReader(trickler.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().trim());
            main.git("remote", "add", "origin", "http://127.0.0.1:" + port + "/app.git");
            Path stdout = tmp.resolve("hook.out");
            Process hook = ghp.env("GHP_AUTO_SYNC", "1s").builder("agent-hooks", "run", "post-tool-use")
                    .redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            hook.getOutputStream().write(event("PostToolUse", worker.dir()).getBytes(StandardCharsets.UTF_8));
            hook.getOutputStream().close();
            boolean endedInTime = hook.waitFor(KILL_AFTER_SECONDS, TimeUnit.SECONDS);
            List<ProcessHandle> jvms = endedInTime ? List.of() : hook.descendants().toList();
            hook.destroyForcibly();
            hook.waitFor(5, TimeUnit.SECONDS);

            assertThat(endedInTime).as("the hook ended within its budget, before the agent's kill").isTrue();
            assertThat(java.nio.file.Files.readString(stdout)).as("nothing printed past the budget").isEmpty();
            assertThat(unread()).contains(id);
            jvms.forEach(ProcessHandle::destroyForcibly);
        } finally {
            trickler.destroyForcibly();
        }
    }

    /** An HTTP server that answers every request a byte at a time, one every 2 s; prints its port first. */
    private static Process trickleServer() throws IOException {
        return new ProcessBuilder("python3", "-c",
                "import socket, threading, time\n"
                        + "s = socket.socket()\n"
                        + "s.bind(('127.0.0.1', 0))\n"
                        + "s.listen(16)\n"
                        + "print(s.getsockname()[1], flush=True)\n"
                        + "def trickle(c):\n"
                        + "    try:\n"
                        + "        for b in b'HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\n' * 20:\n"
                        + "            c.send(bytes([b]))\n"
                        + "            time.sleep(2)\n"
                        + "    except OSError:\n"
                        + "        pass\n"
                        + "while True:\n"
                        + "    c, _ = s.accept()\n"
                        + "    threading.Thread(target=trickle, args=(c,), daemon=True).start()\n")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void aHookThatDeliversMarksReadOnlyWhatItPrinted() throws Exception {
        for (boolean daemon : List.of(false, true)) {
            Launcher ghp = ghp(daemon);
            assertThat(ghp.runWithInput(event("SessionStart", worker.dir()), "agent-hooks", "run", "session-start").exit()).isZero();
            String id = send(ghp, "delivered " + daemon);

            GitRepo.Result hook = ghp.runWithInput(event("PostToolUse", worker.dir()), "agent-hooks", "run", "post-tool-use");

            assertThat(hook.exit()).as(hook.err()).isZero();
            assertThat(hook.out()).contains(id).contains("delivered " + daemon);
            // The daemon marks them read once the launcher said it printed them, as the launcher exits.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (unread().contains(id) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(unread()).as("printed, then marked read (daemon: %s)", daemon).doesNotContain(id);
            assertThat(read()).contains(id);
        }
    }

    private void killedHookLeavesTheMessageUnread(boolean daemon) throws Exception {
        Launcher ghp = ghp(daemon);
        assertThat(ghp.runWithInput(event("SessionStart", worker.dir()), "agent-hooks", "run", "session-start").exit()).isZero();
        if (daemon) {
            assertThat(DaemonIT.awaitDaemon(daemonDir, -1)).as("a daemon serves the hook").isPresent();
        }
        String id = send(ghp, "do not lose me");
        assertThat(unread()).contains(id);

        Process holder = holdWriteLock(HOLD_SECONDS);
        Path stdout = tmp.resolve("hook.out");
        Process hook = ghp.builder("agent-hooks", "run", "post-tool-use")
                .redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        hook.getOutputStream().write(event("PostToolUse", worker.dir()).getBytes(StandardCharsets.UTF_8));
        hook.getOutputStream().close();
        List<ProcessHandle> jvms = List.of();
        boolean endedInTime = hook.waitFor(KILL_AFTER_SECONDS, TimeUnit.SECONDS);
        if (!endedInTime) {
            // As `timeout -s KILL`: the launcher alone is killed; a JVM it started lives on.
            jvms = hook.descendants().toList();
            hook.destroyForcibly();
            hook.waitFor(5, TimeUnit.SECONDS);
        }
        assertThat(holder.waitFor(HOLD_SECONDS + 10, TimeUnit.SECONDS)).as("the lock holder finished").isTrue();
        for (ProcessHandle jvm : jvms) {
            jvm.onExit().get(40, TimeUnit.SECONDS);
        }
        String printed = java.nio.file.Files.readString(stdout);
        if (daemon) {
            // The daemon's thread is not a process of its own: give it time to do what it would.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (System.nanoTime() < deadline && unread().contains(id)) {
                Thread.sleep(100);
            }
        }

        assertThat(endedInTime).as("the hook ended within its budget, before the agent's kill").isTrue();
        // Shown or not (its heartbeat gave up on the lock in time, so it may have been), it could not
        // be marked read while the lock was held: it is still unread, and comes again.
        assertThat(unread()).as("printed: %s", printed).contains(id);
        GitRepo.Result inbox = ghp.run("agent-inbox");
        assertThat(inbox.out()).as(inbox.err()).contains("do not lose me");
    }

    private String send(Launcher ghp, String text) {
        GitRepo.Result r = ghp.run("agent-message", "--to", "app-147", "--by", "carol", text);
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> ids = unread().lines().filter(l -> l.startsWith("msg-")).toList();
        assertThat(ids).isNotEmpty();
        return ids.get(ids.size() - 1).replace(".json", "");
    }

    /** The unread messages' files, as git lists them. */
    private String unread() {
        return main.run("ls-tree", "--name-only", "refs/ghp/coordination:.ghp/inbox/app-147").out();
    }

    private String read() {
        return main.run("ls-tree", "--name-only", "refs/ghp/coordination:.ghp/read/app-147").out();
    }

    /** Another process holding the write lock (fcntl, as FileChannel.lock takes it) for {@code seconds}. */
    private Process holdWriteLock(int seconds) throws IOException {
        Path lock = main.commonDir().resolve("ghp-coordination.lock");
        Process p = new ProcessBuilder("python3", "-c",
                "import fcntl, sys, time\n"
                        + "f = open(sys.argv[1], 'a')\n"
                        + "fcntl.lockf(f, fcntl.LOCK_EX)\n"
                        + "print('locked', flush=True)\n"
                        + "time.sleep(float(sys.argv[2]))\n",
                lock.toString(), Integer.toString(seconds)).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(r.readLine()).as("the lock holder took the lock").isEqualTo("locked");
        return p;
    }
}
