package dev.ghp.agents.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * autoSync's time limit covers the processes a transport starts: a {@code GIT_SSH} that hangs
 * (here a script whose own child never ends, so the pipes stay open after the script is killed)
 * is stopped, with its children, and the heartbeat returns, its write kept, with a warning.
 */
class AutoSyncTimeLimitTest {
    @TempDir
    Path tmp;

    private final List<Path> pidFiles = new java.util.ArrayList<>();

    @Test
    void aHungGitSshIsKilledWithItsChildrenAndTheHeartbeatReturns() throws Exception {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        GitRepo clone = GitRemotes.cloneOf(remote, tmp, "clone");
        clone.git("remote", "set-url", "origin", "ssh://git@example.invalid" + remote.dir());
        Path scriptPid = tmp.resolve("ssh.pid");
        Path childPid = tmp.resolve("sleep.pid");
        pidFiles.addAll(List.of(scriptPid, childPid));
        Path ssh = tmp.resolve("hung-ssh.sh");
        Files.writeString(ssh, "#!/bin/sh\necho $$ > '" + scriptPid + "'\nsleep 600 &\necho $! > '" + childPid + "'\nwait\n");
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> variables = new HashMap<>(GitRepo.GIT_ENV);
        variables.put("PATH", System.getenv("PATH"));
        variables.put("GIT_SSH", ssh.toString());
        variables.put("GHP_AUTO_SYNC", "1m");
        CliRunner ghp = new CliRunner(clone.dir());
        variables.forEach(ghp::env);

        // As the daemon runs it (Cli.run gives JGit the caller's variables). A hang fails here instead
        // of holding the build; the limit itself is Syncs.AUTO_TIMEOUT.
        CliRunner.Result r = assertTimeoutPreemptively(Syncs.AUTO_TIMEOUT.plus(Duration.ofSeconds(30)),
                () -> ghp.run("agent-heartbeat", "--agent", "worker-1", "--quiet"));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("ghp: warning: automatic sync with 'origin' failed");
        assertThat(clone.showCoordinationIn("refs/ghp/coordination")).contains("worker-1");
        assertThat(scriptPid).as("GIT_SSH ran").isRegularFile();
        assertThat(childPid).as("GIT_SSH started its child").isRegularFile();
        assertThat(alive(scriptPid)).as("the GIT_SSH script").isFalse();
        assertThat(alive(childPid)).as("the script's own child").isFalse();
        clone.assertFsckClean();
    }

    /** Whether the process still runs once a kill sent to it has had time to land (not a timing check: a bound on the wait). */
    private static boolean alive(Path pidFile) throws Exception {
        Optional<ProcessHandle> h = handle(pidFile);
        if (h.isEmpty()) {
            return false;
        }
        try {
            h.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException stillRunning) {
            return true;
        }
        return false;
    }

    private static Optional<ProcessHandle> handle(Path pidFile) throws Exception {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
    }

    @AfterEach
    void killWhatIsLeft() throws Exception {
        for (Path pidFile : pidFiles) {
            Optional<ProcessHandle> h = handle(pidFile);
            if (h.isPresent()) {
                h.get().destroyForcibly();
            }
        }
    }
}
