package dev.ghp.agents.sync;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.store.AbandonedRefLock;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote that never finishes its answer (a git:// listener on 127.0.0.1 that stays silent, or
 * sends a byte at a time): a fetch with a deadline ends at it, with a one-line error, although
 * each single read is within the transport's own timeout.
 */
class TransportDeadlineTest {
    @TempDir
    Path tmp;
    ServerSocket server;

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    /** Accepts callers on a thread of its own; each gets {@code answer} (which may never return). */
    private String listen(ThrowingConsumer answer) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    answer.accept(s);
                } catch (IOException | InterruptedException e) {
                    // the caller went away, or the test is over
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return "git://127.0.0.1:" + server.getLocalPort() + "/remote.git";
    }

    interface ThrowingConsumer {
        void accept(Socket s) throws IOException, InterruptedException;
    }

    private RemoteEndpoint endpoint(String url, Duration deadline) throws IOException {
        GitRepo clone = GitRepo.init(tmp, "clone");
        clone.git("remote", "add", "origin", url);
        Repository repo = new FileRepositoryBuilder().setGitDir(clone.dir().resolve(".git").toFile()).build();
        return RemoteEndpoint.resolve(repo, "origin", false, Map.of(), Duration.ofSeconds(30),
                AbandonedRefLock.ofDefaultAge()).stopChildrenAfter(deadline);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRemoteThatTricklesItsAnswerIsGivenUpAtTheDeadline() throws IOException {
        String url = listen(s -> {
            OutputStream out = s.getOutputStream();
            out.write("0fff".getBytes(StandardCharsets.US_ASCII)); // a 4,091-byte pkt-line, sent a byte a time
            while (true) {
                out.write('a');
                out.flush();
                Thread.sleep(100);
            }
        });
        RemoteEndpoint remote = endpoint(url, Duration.ofSeconds(2));

        assertThatThrownBy(remote::fetch).isInstanceOf(StateException.class)
                .hasMessageContaining("cannot fetch from remote 'origin'").hasMessageContaining("no complete answer within 2s");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aListenerThatNeverAnswersIsGivenUpAtTheDeadline() throws IOException {
        String url = listen(s -> Thread.sleep(120_000));
        RemoteEndpoint remote = endpoint(url, Duration.ofSeconds(2));

        assertThatThrownBy(remote::fetch).isInstanceOf(StateException.class)
                .hasMessageContaining("no complete answer within 2s");
    }
}
