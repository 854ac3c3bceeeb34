package dev.ghp.agents.sync;

import static dev.ghp.agents.testing.GitRemotes.tip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.Launcher;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ssh remote, through the built launcher: an SSH server (Apache MINA sshd, the library JGit's
 * SSH transport is built on) that runs the real {@code git upload-pack}/{@code receive-pack}, and a
 * user whose {@code ~/.ssh} holds a key, a config entry and the server's host key. This proves the
 * shaded jar carries a working SSH transport and needs no prompt.
 */
class SshRemoteIT {
    private static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;

    @Test
    void twoClonesSyncThroughAnSshRemoteWithTheUsersKey() throws Exception {
        GitRepo remote = GitRemotes.bare(tmp, "team.git");
        Path home = tmp.resolve("home");
        Path ssh = home.resolve(".ssh");
        Files.createDirectories(ssh);
        keygen(ssh.resolve("id_rsa"));
        keygen(tmp.resolve("host_key"));
        Path authorized = tmp.resolve("authorized_keys");
        Files.copy(ssh.resolve("id_rsa.pub"), authorized);
        Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-------"));

        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new FileKeyPairProvider(tmp.resolve("host_key")));
        server.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorized));
        server.setCommandFactory((channel, command) -> {
            // JGit sends: git-upload-pack '/path/to/repo'
            String[] parts = command.split(" ", 2);
            String path = parts[1].replace("'", "");
            String sub = parts[0].replace("git-", "");
            return new ProcessShellFactory(command, List.of("git", sub, path)).createShell(channel);
        });
        server.start();
        try {
            int port = server.getPort();
            Files.writeString(ssh.resolve("config"), """
                    Host gitserver
                      HostName 127.0.0.1
                      Port %d
                      User git
                      IdentityFile %s
                      UserKnownHostsFile %s
                      StrictHostKeyChecking yes
                    """.formatted(port, ssh.resolve("id_rsa"), ssh.resolve("known_hosts")));
            Files.writeString(ssh.resolve("known_hosts"),
                    "[127.0.0.1]:" + port + " " + Files.readString(tmp.resolve("host_key.pub")));
            String url = "gitserver:" + remote.dir();
            GitRepo a = GitRepo.init(tmp, "a");
            GitRepo b = GitRepo.init(tmp, "b");
            a.git("remote", "add", "origin", url);
            b.git("remote", "add", "origin", url);
            Map<String, String> env = Map.of("HOME", home.toString(), "GHP_JAVA_OPTS", "-Duser.home=" + home);

            ok(new Launcher(a.dir()).env(env).run("agent-heartbeat", "--agent", "worker-1", "--quiet"));
            ok(new Launcher(b.dir()).env(env).run("agent-heartbeat", "--agent", "worker-2", "--quiet"));
            assertThat(ok(new Launcher(a.dir()).env(env).run("agent-sync")).out()).startsWith("✓ set up");
            assertThat(ok(new Launcher(b.dir()).env(env).run("agent-sync")).out()).startsWith("✓ merged with 'origin'");
            assertThat(ok(new Launcher(a.dir()).env(env).run("agent-sync")).out()).startsWith("✓ received from 'origin'");

            assertThat(tip(a, REF)).isEqualTo(tip(b, REF)).isEqualTo(tip(remote, REF));
            assertThat(remote.showCoordinationIn(REF)).contains("worker-1").contains("worker-2");
            remote.assertFsckClean();

            // An unknown host key is refused, never asked about.
            Files.writeString(ssh.resolve("known_hosts"), "");
            GitRepo.Result refused = new Launcher(a.dir()).env(env).run("agent-sync");
            assertThat(refused.exit()).isEqualTo(5);
            assertThat(refused.err()).contains("cannot fetch from remote 'origin'");
        } finally {
            server.stop(true);
        }
    }

    private static void keygen(Path file) {
        GitRepo.Result r = GitRepo.Processes.run(file.getParent(), Map.of(), null,
                List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", file.toString()));
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private static GitRepo.Result ok(GitRepo.Result r) {
        assertThat(r.exit()).as("exit; stderr: %s", r.err()).isZero();
        return r;
    }
}
