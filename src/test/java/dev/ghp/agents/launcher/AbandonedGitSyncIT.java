package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syncs with a git:// remote that accepts and never answers, each launcher killed while its fetch
 * waits for the ref advertisement (#22): the daemon cancels them, and their transport threads end
 * rather than stay for the daemon's life. Seen from outside through /proc.
 */
class AbandonedGitSyncIT {
    /** The transport's threads as /proc names them (the kernel keeps 15 characters). */
    static final String TRANSPORT_THREAD = "ghp-transport-s";

    @TempDir
    Path tmp;
    Path daemonDir;
    GitRepo repo;
    ServerSocket silent;
    final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void repositoryWithASilentRemote() throws IOException {
        daemonDir = tmp.resolve("run/ghp-agents");
        repo = GitRepo.init(tmp, "app");
        repo.commitFile("README.md", "app\n");
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (IOException e) {
                    // the test is over
                }
            }
        });
        t.setDaemon(true);
        t.start();
        repo.git("remote", "add", "silent", "git://127.0.0.1:" + silent.getLocalPort() + "/remote.git");
    }

    @AfterEach
    void stop() throws IOException {
        ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(daemonDir.toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        silent.close();
        for (Socket s : held) {
            s.close();
        }
    }

    Launcher ghp() {
        return new Launcher(repo.dir()).env("GHP_DAEMON", "on").env("GHP_DAEMON_DIR", daemonDir.toString());
    }

    @Test
    void syncsGivenUpOnASilentGitRemoteLeaveNoThreadInTheDaemon() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "/proc shows the daemon's threads");
        assertThat(ghp().run("agent-heartbeat", "--agent", "setup", "--action", "first").exit()).isZero();
        long daemon = DaemonIT.awaitDaemon(daemonDir, -1).orElseThrow(() -> new AssertionError("no daemon started"));

        for (int i = 1; i <= 3; i++) {
            Process launcher = ghp().start("agent-sync", "--remote", "silent");
            try {
                int connections = i;
                DaemonCancellationIT.awaitTrue(() -> held.size() == connections, 20, "sync " + i + " reached the remote");
            } finally {
                launcher.destroyForcibly();
                launcher.waitFor(10, TimeUnit.SECONDS);
            }
        }

        DaemonCancellationIT.awaitTrue(() -> transportThreads(daemon) == 0, 10,
                "the abandoned syncs' transport threads ended");
        assertThat(DaemonIT.awaitDaemon(daemonDir, -1)).as("the same daemon still serves").hasValue(daemon);
    }

    /** The daemon's threads working for a remote whose name starts with "s", as /proc lists them. */
    static long transportThreads(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.filter(task -> {
                try {
                    return Files.readString(task.resolve("comm")).trim().equals(TRANSPORT_THREAD);
                } catch (IOException e) {
                    return false; // the thread ended while we looked
                }
            }).count();
        } catch (IOException e) {
            throw new AssertionError("the daemon " + pid + " is gone", e);
        }
    }
}
