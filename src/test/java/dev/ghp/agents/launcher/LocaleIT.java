package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a POSIX locale ({@code LC_ALL=C}, what cron, CI and some agents' shells have), text and
 * paths are still UTF-8: in a command's own JVM and in the daemon's.
 */
class LocaleIT {
    static final String TEXT = "héllo 日本";

    @TempDir
    Path tmp;

    Path daemonDir() {
        return tmp.resolve("run/ghp-agents");
    }

    @AfterEach
    void stopDaemons() {
        ProcessHandle.allProcesses()
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(daemonDir().toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    /** The launcher under the C locale, nothing else saying UTF-8. */
    static Launcher posix(Path dir) {
        return new Launcher(dir).env("LC_ALL", "C").env("LANG", "C").env("LC_CTYPE", "C");
    }

    Launcher withDaemon(Path dir) {
        return posix(dir).env("GHP_DAEMON", "on").env("GHP_DAEMON_DIR", daemonDir().toString());
    }

    /** Waits (at most 30 s) for a daemon to have written its state file. */
    void awaitDaemon() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(daemonDir())) {
                try (var files = Files.list(daemonDir())) {
                    if (files.anyMatch(p -> !p.getFileName().toString().matches(".*\\.(lock|log|spawn|tmp)$"))) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no daemon started within 30 s");
    }

    @Test
    void ownJvmStoresNonAsciiTextExactlyAndWorksUnderANonAsciiPath() {
        GitRepo repo = GitRepo.init(tmp.resolve("dépôt 日本"), "app");
        repo.commitFile("README.md", "app\n");

        GitRepo.Result r = posix(repo.dir()).run("agent-heartbeat", "--agent", "alice", "--action", TEXT);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("✓ alice");
        assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("\"lastAction\": \"" + TEXT + "\"");
        assertThat(repo.run("fsck", "--strict").exit()).isZero();
    }

    @Test
    void theDaemonStoresNonAsciiTextExactlyAndWorksUnderANonAsciiPath() throws Exception {
        GitRepo repo = GitRepo.init(tmp.resolve("dépôt 日本"), "app");
        repo.commitFile("README.md", "app\n");
        assertThat(withDaemon(repo.dir()).run("agent-status").exit()).isZero();
        awaitDaemon();

        GitRepo.Result r = withDaemon(repo.dir()).env("GHP_TRACE", "1").run("agent-heartbeat", "--agent", "alice", "--action", TEXT);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("run by the daemon");
        assertThat(r.out()).startsWith("✓ alice");
        assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("\"lastAction\": \"" + TEXT + "\"")
                .contains("\"worktree\": \"" + repo.dir().toRealPath() + "\"");
    }

    @Test
    void theCommitGuardRefusesUnderThePosixLocaleInANonAsciiPath() throws Exception {
        GitRepo repo = GitRepo.init(tmp.resolve("dépôt 日本"), "app");
        repo.commitFile("README.md", "guarded\n");
        GitRepo.Result claim = posix(repo.dir()).run("agent-heartbeat", "--agent", "holder", "--issue", "1", "--files", "src/**");
        assertThat(claim.exit()).as(claim.err()).isZero();
        GitRepo.Result install = posix(repo.dir()).run("agent-guard", "install");
        assertThat(install.exit()).as(install.err()).isZero();
        Path file = repo.dir().resolve("src/Lexer.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "class Lexer {}\n");
        String head = repo.git("rev-parse", "HEAD").trim();

        Launcher committer = posix(repo.dir()).env("GHP_AGENT", "committer");
        assertThat(committer.runCommand(null, List.of("git", "add", "src/Lexer.java")).exit()).isZero();
        GitRepo.Result commit = committer.runCommand(null, List.of("git", "commit", "-q", "-m", "into holder's scope"));

        assertThat(commit.exit()).as(commit.err()).isNotZero();
        assertThat(commit.err()).contains("ghp: error: this commit touches a file in another agent's scope: src/Lexer.java");
        assertThat(repo.git("rev-parse", "HEAD").trim()).isEqualTo(head);
    }
}
