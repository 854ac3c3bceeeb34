package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed write (#24) run by the daemon signs as the caller's own process would: through the
 * caller's ssh-agent ({@code SSH_AUTH_SOCK}, a {@code key::} literal in {@code user.signingkey}),
 * not the environment of the caller that started the daemon. (A caller with another HOME gets a
 * daemon of its own: HOME is part of the daemon's identity.)
 */
class DaemonSigningIT {
    @TempDir
    Path tmp;
    Path daemonDir;
    Process agent;

    @AfterEach
    void stopTheDaemonAndTheAgent() throws IOException {
        if (daemonDir != null) {
            for (Path state : DaemonIT.stateFiles(daemonDir)) {
                DaemonIT.pidIn(state).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        if (agent != null) {
            agent.destroyForcibly();
        }
    }

    @Test
    void aCallersKeyInItsOwnSshAgentSignsItsCommit() throws Exception {
        daemonDir = tmp.resolve("run/ghp-agents");
        GitRepo repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "app\n");
        Path key = tmp.resolve("bob");
        GitRepo.Result made = GitRepo.Processes.run(tmp, Map.of(), null,
                List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "bob", "-f", key.toString()));
        assertThat(made.exit()).as(made.err()).isZero();
        String publicKey = Files.readString(Path.of(key + ".pub")).strip();
        Path allowed = tmp.resolve("allowed_signers");
        Files.writeString(allowed, "* " + publicKey + "\n");
        // bob's private key is only in bob's agent: the commit can be signed only through it.
        Path socket = tmp.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        GitRepo.Result added = addKey(socket, key);
        assertThat(added.exit()).as(added.err()).isZero();
        Files.delete(key);
        repo.git("config", "commit.gpgsign", "true");
        repo.git("config", "gpg.format", "ssh");
        repo.git("config", "user.signingkey", "key::" + publicKey);
        repo.git("config", "gpg.ssh.allowedSignersFile", allowed.toString());

        // alice starts the daemon, without an agent: her write cannot be signed.
        GitRepo.Result first = ghp(repo).run("agent-heartbeat", "--agent", "alice", "--issue", "1");
        assertThat(first.exit()).as(first.err()).isEqualTo(5);
        long pid = DaemonIT.awaitDaemon(daemonDir, -1).orElseThrow(() -> new AssertionError("no daemon within 30 s"));

        GitRepo.Result second = ghp(repo).env("SSH_AUTH_SOCK", socket.toString()).env("GHP_TRACE", "1")
                .run("agent-heartbeat", "--agent", "bob", "--issue", "2");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.err()).contains("run by the daemon (pid " + pid + ")");
        GitRepo.Result verify = repo.run("verify-commit", StorePaths.REF);
        assertThat(verify.exit()).as("signed with bob's key: %s", verify.err()).isZero();
    }

    /** ssh-add, retried while the agent is still creating its socket. */
    private GitRepo.Result addKey(Path socket, Path key) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        GitRepo.Result r;
        do {
            r = GitRepo.Processes.run(tmp, Map.of("SSH_AUTH_SOCK", socket.toString()), null,
                    List.of("ssh-add", "-q", key.toString()));
            if (r.exit() == 0) {
                return r;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return r;
    }

    private Launcher ghp(GitRepo repo) {
        return new Launcher(repo.dir()).env("GHP_DAEMON", "on").env("GHP_DAEMON_DIR", daemonDir.toString())
                .env("HOME", tmp.toString()).env("SSH_AUTH_SOCK", null);
    }
}
