package dev.ghp.agents.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.store.AbandonedRefLock;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A git:// remote that accepts and never says a word (issue #22): a fetch given up at its deadline
 * must not leave its thread (and JGit's timer thread, and the socket) behind in a daemon that
 * lives for days, and a fetch without a deadline (agent-sync by hand) must end at the transport's
 * timeout. A blocking socket read on Java 17 does not end when its thread is interrupted, which is
 * all JGit's own git:// transport does at its timeout.
 */
class AbandonedGitFetchTest {
    @TempDir
    Path tmp;
    ServerSocket server;
    /** The callers the listener holds, each silent until the test ends. */
    final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                } catch (IOException e) {
                    // the test is over
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void close() throws IOException {
        server.close();
        for (Socket s : held) {
            s.close();
        }
    }

    private RemoteEndpoint endpoint(String remoteName, Duration transportTimeout) throws IOException {
        GitRepo clone = GitRepo.init(tmp, "clone-" + remoteName);
        clone.git("remote", "add", remoteName, "git://127.0.0.1:" + server.getLocalPort() + "/remote.git");
        Repository repo = new FileRepositoryBuilder().setGitDir(clone.dir().resolve(".git").toFile()).build();
        return RemoteEndpoint.resolve(repo, remoteName, false, Map.of(), transportTimeout, AbandonedRefLock.ofDefaultAge());
    }

    /** The threads of this JVM working for {@code remoteName}: the transport's, and JGit's timer named after it. */
    private static List<String> threadsFor(String remoteName) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.contains("ghp-transport-" + remoteName)).toList();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fetchesGivenUpAtTheirDeadlineLeaveNoThreadBehind() throws Exception {
        for (int i = 0; i < 3; i++) {
            // The transport's timeout (30 s) is far beyond the poll below: only closing the socket ends the read.
            RemoteEndpoint remote = endpoint("silent" + i, Duration.ofSeconds(30)).stopChildrenAfter(Duration.ofMillis(500));
            assertThatThrownBy(remote::fetch).isInstanceOf(StateException.class)
                    .hasMessageContaining("no complete answer within");
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left = threadsFor("silent");
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = threadsFor("silent");
        }
        assertThat(left).as("threads of the abandoned fetches still alive").isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFetchWithoutADeadlineEndsAtTheTransportsTimeout() throws IOException {
        RemoteEndpoint remote = endpoint("quiet", Duration.ofSeconds(1));

        assertThatThrownBy(remote::fetch).isInstanceOf(StateException.class)
                .hasMessageContaining("cannot fetch from remote 'quiet'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .extracting(e -> ((StateException) e).exitCode()).isEqualTo(ExitCode.STATE);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPushWithoutADeadlineEndsAtTheTransportsTimeout() throws IOException {
        RemoteEndpoint remote = endpoint("mute", Duration.ofSeconds(1));

        assertThatThrownBy(() -> remote.push(org.eclipse.jgit.lib.ObjectId.zeroId(), null, false))
                .isInstanceOf(StateException.class).hasMessageContaining("cannot push to remote 'mute'");
    }
}
