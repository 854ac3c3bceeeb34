package dev.ghp.agents.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.store.AbandonedRefLock;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real {@code git daemon} serving a bare remote over git://: the record is fetched and pushed
 * through {@link GitDaemonTransport}, with protocol v2 (the default) and with the protocol v0 a
 * repository may ask for; the real git reads what arrived.
 */
class GitDaemonRemoteTest {
    @TempDir
    Path tmp;
    Process daemon;
    int port;

    @BeforeEach
    void startDaemon() throws Exception {
        GitRepo.Processes.run(tmp, GitRepo.GIT_ENV, null, List.of("git", "init", "-q", "--bare", "remote.git"));
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        daemon = new ProcessBuilder("git", "daemon", "--export-all", "--enable=receive-pack", "--reuseaddr",
                "--listen=127.0.0.1", "--port=" + port, "--base-path=" + tmp, tmp.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("daemon.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !daemon.isAlive()) {
                    throw new AssertionError("git daemon did not start", notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterEach
    void stopDaemon() throws InterruptedException {
        daemon.destroy();
        daemon.waitFor(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theRecordIsFetchedAndPushedOverGit(String protocolVersion) throws Exception {
        String url = "git://127.0.0.1:" + port + "/remote.git";
        GitRepo first = GitRepo.init(tmp, "first");
        String seeded = first.commitToCoordination("a.txt", "from first\n", "seed");
        first.git("push", "-q", tmp.resolve("remote.git").toString(), "refs/ghp/coordination:refs/ghp/coordination");

        GitRepo second = GitRepo.init(tmp, "second");
        second.git("remote", "add", "origin", url);
        if (!protocolVersion.isEmpty()) {
            second.git("config", "protocol.version", protocolVersion);
        }
        Repository repo = new FileRepositoryBuilder().setGitDir(second.dir().resolve(".git").toFile()).build();
        RemoteEndpoint remote = RemoteEndpoint.resolve(repo, "origin", false, Map.of(), Duration.ofSeconds(10),
                AbandonedRefLock.ofDefaultAge()).stopChildrenAfter(Duration.ofSeconds(30));

        ObjectId fetched = remote.fetch();

        assertThat(fetched.name()).isEqualTo(seeded);
        assertThat(second.git("cat-file", "-p", "refs/ghp/remotes/origin/coordination:a.txt")).isEqualTo("from first\n");

        second.git("update-ref", "refs/ghp/coordination", seeded);
        String next = second.commitToCoordination("b.txt", "from second\n", "next");
        RemoteEndpoint.PushOutcome pushed = remote.push(ObjectId.fromString(next), fetched, false);

        assertThat(pushed.status()).isEqualTo(RemoteEndpoint.PushStatus.OK);
        assertThat(GitRepo.at(tmp.resolve("remote.git")).git("rev-parse", "refs/ghp/coordination").trim()).isEqualTo(next);
        assertThat(remote.advertisedTip().name()).isEqualTo(next);
        // Without a repository too (an ls-remote of a URL), and through this transport, not JGit's.
        try (Transport transport = Transport.open(new URIish(url)); FetchConnection conn = transport.openFetch()) {
            assertThat(transport).isInstanceOf(GitDaemonTransport.class);
            assertThat(conn.getRef("refs/ghp/coordination").getObjectId().name()).isEqualTo(next);
        }
    }
}
