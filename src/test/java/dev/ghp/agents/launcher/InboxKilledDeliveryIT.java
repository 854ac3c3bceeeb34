package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ghp agent-inbox} marks read only what reached its caller (#22): killed with SIGKILL while
 * its output is stuck in a pipe nobody reads (the agent's tool gave up on it), or printing to a pipe
 * whose reader is gone, it leaves the messages unread, in its own JVM and through the daemon (there
 * the launcher never says {@code shown}).
 */
class InboxKilledDeliveryIT {
    /** About 80 kB of output: more than a pipe holds (64 KiB on Linux), so it cannot all be handed over before the kill. */
    static final int MESSAGES = 20;
    /** A pipe this full holds most of the output, and its writer has more (a character of 3 bytes may not fit the last 2). */
    static final int PIPE_NEARLY_FULL = 65_536 - 64;

    @TempDir
    Path tmp;
    GitRepo repo;
    Path daemonDir;

    @BeforeEach
    void agentWithManyLongUnreadMessages() {
        repo = GitRepo.init(tmp, "app");
        repo.commitFile("README.md", "app\n");
        daemonDir = tmp.resolve("run/ghp-agents");
        CliRunner ghp = new CliRunner(repo.dir());
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147").exit()).isZero();
        for (int i = 0; i < MESSAGES; i++) {
            String text = ("message " + i + " ").repeat(400).substring(0, 4000);
            CliRunner.Result sent = ghp.run("agent-message", "--by", "carol", "--to", "worker-1", text);
            assertThat(sent.exit()).as(sent.err()).isZero();
        }
    }

    @AfterEach
    void stopDaemons() {
        ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(daemonDir.toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    Launcher ghp(boolean daemon) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Launcher.userEnv(tmp));
        env.put("GHP_DAEMON", daemon ? "on" : "off");
        env.put("GHP_DAEMON_DIR", daemonDir.toString());
        Launcher ghp = new Launcher(repo.dir()).env(env);
        if (daemon) {
            assertThat(ghp.run("agent-status").exit()).isZero();
            assertThat(DaemonIT.awaitDaemon(daemonDir, -1)).as("a daemon serves the inbox").isPresent();
        }
        return ghp;
    }

    @Test
    void anInboxKilledWhileItsOutputIsStuckLeavesTheMessagesUnreadInItsOwnJvm() throws Exception {
        killedWhileStuck(false);
    }

    @Test
    void anInboxWhoseLauncherIsKilledBeforeItSaidShownLeavesTheMessagesUnreadThroughTheDaemon() throws Exception {
        killedWhileStuck(true);
    }

    @Test
    void anInboxPrintingToAPipeWithoutReaderLeavesTheMessagesUnread() throws Exception {
        for (boolean daemon : List.of(false, true)) {
            Launcher ghp = ghp(daemon);
            // The pipe's reading end is closed before the launcher starts: every write fails (EPIPE).
            GitRepo.Result r = ghp.runCommand(null, List.of("python3", "-c",
                    "import os, subprocess, sys\n"
                            + "r, w = os.pipe()\n"
                            + "os.close(r)\n"
                            + "sys.exit(subprocess.run(sys.argv[1:], stdout=w).returncode)\n",
                    Launcher.BIN_GHP.toString(), "agent-inbox", "--agent", "worker-1"));

            assertThat(unread()).as("daemon: %s; exit %s; %s", daemon, r.exit(), r.err()).hasSize(MESSAGES);
        }
        assertThat(new CliRunner(repo.dir()).run("agent-inbox", "--agent", "worker-1").out())
                .contains(MESSAGES + " unread messages, now marked read.");
    }

    private void killedWhileStuck(boolean daemon) throws Exception {
        Launcher ghp = ghp(daemon);
        Process inbox = ghp.builder("agent-inbox", "--agent", "worker-1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        InputStream stdout = inbox.getInputStream();
        // Nobody reads: once the pipe is full, what printed (the JVM, or the launcher's copy of the
        // daemon's answer) is stuck in the middle of its output.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stdout.available() < PIPE_NEARLY_FULL && inbox.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(stdout.available()).as("the pipe is full, the rest of the output waits").isGreaterThanOrEqualTo(PIPE_NEARLY_FULL);
        assertThat(inbox.isAlive()).isTrue();
        List<ProcessHandle> launched = new ArrayList<>(inbox.descendants().toList());
        inbox.destroyForcibly(); // SIGKILL, as an agent's tool timeout sends
        assertThat(inbox.waitFor(10, TimeUnit.SECONDS)).isTrue();
        // The launcher's copy (head) goes with it: its socket closes, and the daemon never hears "shown".
        launched.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : launched) {
            p.onExit().get(10, TimeUnit.SECONDS);
        }
        stdout.close();

        assertThat(unread()).as("daemon: %s", daemon).hasSize(MESSAGES);
        assertThat(read()).isEmpty();
        GitRepo.Result again = ghp.run("agent-inbox", "--agent", "worker-1");
        assertThat(again.out()).as(again.err()).contains("message 0 ").contains("message 19 ")
                .contains(MESSAGES + " unread messages, now marked read.");
    }

    /** The unread messages' files, as git lists them. */
    private List<String> unread() {
        return files(".ghp/inbox/worker-1");
    }

    private List<String> read() {
        return files(".ghp/read/worker-1");
    }

    private List<String> files(String dir) {
        GitRepo.Result r = repo.run("ls-tree", "--name-only", "refs/ghp/coordination:" + dir);
        return r.exit() != 0 ? List.of() : r.out().lines().filter(l -> l.startsWith("msg-")).toList();
    }
}
