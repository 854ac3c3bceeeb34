package dev.ghp.agents.sync;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.Cancellation;
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
 * A remote that never finishes its answer (a listener on 127.0.0.1 that stays silent, or sends a
 * byte at a time), over git://, HTTP and ssh (JGit's Apache MINA sshd transport, which the pom
 * brings): a fetch or push with a deadline ends at it, with a one-line error (exit 5), although
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
        return listen("git://", answer);
    }

    /** As {@link #listen(ThrowingConsumer)}, with the remote's URL in {@code scheme}. */
    private String listen(String scheme, ThrowingConsumer answer) throws IOException {
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
        return scheme + "127.0.0.1:" + server.getLocalPort() + "/remote.git";
    }

    interface ThrowingConsumer {
        void accept(Socket s) throws IOException, InterruptedException;
    }

    /** A commit of the clone, for a push to offer. */
    org.eclipse.jgit.lib.ObjectId tip;

    private RemoteEndpoint endpoint(String url, Duration deadline) throws IOException {
        return endpoint(tmp, url, deadline);
    }

    private RemoteEndpoint endpoint(Path dir, String url, Duration deadline) throws IOException {
        GitRepo clone = GitRepo.init(dir, "clone");
        clone.commitFile("README.md", "clone\n");
        clone.git("remote", "add", "origin", url);
        Repository repo = new FileRepositoryBuilder().setGitDir(clone.dir().resolve(".git").toFile()).build();
        tip = repo.resolve("HEAD");
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

    /** Reads the HTTP request's head, then trickles a status line a byte a second: each read is quick, the answer never ends. */
    private static void trickleHttp(Socket s) throws IOException, InterruptedException {
        java.io.InputStream in = s.getInputStream();
        for (int matched = 0, b; matched < 4 && (b = in.read()) >= 0; ) {
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        OutputStream out = s.getOutputStream();
        for (byte b : "HTTP/1.1 200 OK\r\nContent-Type: application/x-git-upload-pack-advertisement\r\n".repeat(50)
                .getBytes(StandardCharsets.US_ASCII)) {
            out.write(b);
            out.flush();
            Thread.sleep(1000);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anHttpRemoteThatTricklesItsRefsIsGivenUpAtTheDeadline() throws IOException {
        String url = listen("http://", TransportDeadlineTest::trickleHttp);
        RemoteEndpoint remote = endpoint(url, Duration.ofSeconds(2));

        assertThatThrownBy(remote::fetch).isInstanceOf(StateException.class)
                .hasMessageContaining("cannot fetch from remote 'origin'").hasMessageContaining("no complete answer within 2s")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("\n"))
                .extracting(e -> ((StateException) e).exitCode()).isEqualTo(dev.ghp.agents.errors.ExitCode.STATE);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anHttpListenerThatNeverAnswersIsGivenUpAtTheDeadlineForFetchAndPush() throws IOException {
        String url = listen("http://", s -> Thread.sleep(120_000));
        RemoteEndpoint remote = endpoint(url, Duration.ofSeconds(2));

        assertThatThrownBy(remote::fetch).isInstanceOf(StateException.class)
                .hasMessageContaining("cannot fetch from remote 'origin'").hasMessageContaining("no complete answer within 2s");
        RemoteEndpoint again = endpoint(tmp.resolve("push"), url, Duration.ofSeconds(2));
        assertThatThrownBy(() -> again.push(tip, null, false)).isInstanceOf(StateException.class)
                .hasMessageContaining("cannot push to remote 'origin'").hasMessageContaining("no complete answer within 2s");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anSshListenerThatNeverAnswersIsGivenUpAtTheDeadlineForFetchAndPush() throws IOException {
        String url = listen("ssh://git@", s -> Thread.sleep(120_000));
        RemoteEndpoint remote = endpoint(url, Duration.ofSeconds(2));

        assertThatThrownBy(remote::fetch).isInstanceOf(StateException.class)
                .hasMessageContaining("cannot fetch from remote 'origin'").hasMessageContaining("no complete answer within 2s");
        RemoteEndpoint again = endpoint(tmp.resolve("push"), url, Duration.ofSeconds(2));
        assertThatThrownBy(() -> again.push(tip, null, false)).isInstanceOf(StateException.class)
                .hasMessageContaining("cannot push to remote 'origin'").hasMessageContaining("no complete answer within 2s");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aGitListenerThatNeverAnswersAPushIsGivenUpAtTheDeadline() throws IOException {
        String url = listen(s -> Thread.sleep(120_000));
        RemoteEndpoint remote = endpoint(url, Duration.ofSeconds(2));

        assertThatThrownBy(() -> remote.push(tip, null, false)).isInstanceOf(StateException.class)
                .hasMessageContaining("cannot push to remote 'origin'").hasMessageContaining("no complete answer within 2s");
    }

    /**
     * A fetch whose command is cancelled (the daemon's caller went away) closes its connection at
     * once: it ends with the cancellation, not with the deadline's error.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCancelledCommandsFetchEndsWithTheCancellationNotTheDeadline() throws Exception {
        cancelledFetchEndsAtOnce(remote -> remote.stopChildrenAfter(Duration.ofSeconds(8)));
    }

    /** agent-sync by hand has no deadline: a cancelled one must still let go of a silent remote. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCancelledCommandsFetchWithoutADeadlineEndsAtOnce() throws Exception {
        cancelledFetchEndsAtOnce(remote -> remote);
    }

    private void cancelledFetchEndsAtOnce(java.util.function.UnaryOperator<RemoteEndpoint> deadline) throws Exception {
        java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
        String url = listen(s -> {
            connected.countDown();
            Thread.sleep(120_000);
        });
        GitRepo clone = GitRepo.init(tmp, "clone");
        clone.git("remote", "add", "origin", url);
        Repository repo = new FileRepositoryBuilder().setGitDir(clone.dir().resolve(".git").toFile()).build();
        RemoteEndpoint remote = deadline.apply(RemoteEndpoint.resolve(repo, "origin", false, Map.of(), Duration.ofSeconds(30),
                AbandonedRefLock.ofDefaultAge()));
        Cancellation cancellation = new Cancellation();
        java.util.concurrent.CompletableFuture<Throwable> ended = new java.util.concurrent.CompletableFuture<>();
        Thread command = new Thread(() -> ended.complete(org.assertj.core.api.Assertions.catchThrowable(
                () -> Cancellation.within(cancellation, remote::fetch))));
        command.start();

        connected.await();
        cancellation.cancel();

        org.assertj.core.api.Assertions.assertThat(ended.get()).isInstanceOf(Cancellation.Cancelled.class)
                .hasMessageContaining("interrupted while syncing with 'origin'");
    }
}
