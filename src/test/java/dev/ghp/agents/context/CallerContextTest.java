package dev.ghp.agents.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands run one after another in one JVM, as the daemon runs them for different callers: each
 * sees its own caller's variables, home and repository, in its own code, in JGit and in every
 * process started for it, and nothing of the caller before it. The real git checks the results.
 */
class CallerContextTest {
    private static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;

    /** A caller with git's own test settings, a PATH, and a mark of its own. */
    private CliRunner caller(Path dir, String mark) {
        CliRunner ghp = new CliRunner(dir).env("PATH", System.getenv("PATH")).env("CALLER_MARK", mark);
        GitRepo.GIT_ENV.forEach(ghp::env);
        return ghp;
    }

    /** A script that writes its environment to {@code record}, then runs what git would have run. */
    private Path recordingScript(String name, Path record, String then) throws IOException {
        Path script = tmp.resolve(name);
        Files.writeString(script, "#!/bin/sh\nenv > '" + record + "'\nunset GIT_DIR GIT_COMMON_DIR\n" + then + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** A command run as Daemon.run runs it: through Cli.run, which gives JGit the caller's variables (GIT_SSH). */
    private CliRunner.Result asTheDaemonRunsIt(Path dir, String mark, Path gitSsh, String... args) {
        Map<String, String> variables = new HashMap<>(GitRepo.GIT_ENV);
        variables.put("PATH", System.getenv("PATH"));
        variables.put("CALLER_MARK", mark);
        variables.put("GIT_SSH", gitSsh.toString());
        CliRunner ghp = new CliRunner(dir);
        variables.forEach(ghp::env);
        return ghp.run(args);
    }

    private static void ok(CliRunner.Result r) {
        assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
    }

    @Test
    void aLocalRemotesConfiguredUploadAndReceivePackGetTheirOwnCallersVariables() throws IOException {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        GitRepo clone = GitRemotes.cloneOf(remote, tmp, "clone");
        Path upload = tmp.resolve("upload.env");
        Path receive = tmp.resolve("receive.env");
        clone.git("config", "remote.origin.uploadpack", recordingScript("upload.sh", upload, "exec git upload-pack \"$@\"").toString());
        clone.git("config", "remote.origin.receivepack", recordingScript("receive.sh", receive, "exec git receive-pack \"$@\"").toString());

        CliRunner first = caller(clone.dir(), "first-caller");
        ok(first.run("agent-heartbeat", "--agent", "worker-1", "--quiet"));
        ok(first.run("agent-sync", "--quiet"));
        String firstUpload = Files.readString(upload);
        String firstReceive = Files.readString(receive);
        ok(caller(clone.dir(), "second-caller").run("agent-sync", "--quiet"));
        String secondUpload = Files.readString(upload);

        assertThat(firstUpload).contains("CALLER_MARK=first-caller");
        assertThat(firstReceive).contains("CALLER_MARK=first-caller");
        assertThat(secondUpload).contains("CALLER_MARK=second-caller").doesNotContain("first-caller");
        assertThat(GitRemotes.tip(remote, REF)).isEqualTo(GitRemotes.tip(clone, REF)).isNotNull();
        remote.assertFsckClean();
    }

    @Test
    void gitSshRunsWithItsOwnCallersVariables() throws IOException {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        GitRepo clone = GitRemotes.cloneOf(remote, tmp, "clone");
        clone.git("remote", "set-url", "origin", "ssh://git@example.invalid" + remote.dir());
        // GIT_SSH gets: [-p PORT] USER@HOST COMMAND; run COMMAND here, as the remote's sshd would.
        Path record = tmp.resolve("ssh.env");
        Path ssh = recordingScript("ssh.sh", record, "shift\nexec sh -c \"$1\"");

        ok(asTheDaemonRunsIt(clone.dir(), "first-caller", ssh, "agent-heartbeat", "--agent", "worker-1", "--quiet"));
        ok(asTheDaemonRunsIt(clone.dir(), "first-caller", ssh, "agent-sync", "--quiet"));
        String firstSeen = Files.readString(record);
        ok(asTheDaemonRunsIt(clone.dir(), "second-caller", ssh, "agent-sync", "--quiet"));
        String secondSeen = Files.readString(record);

        assertThat(firstSeen).contains("CALLER_MARK=first-caller");
        assertThat(secondSeen).contains("CALLER_MARK=second-caller").doesNotContain("first-caller");
        assertThat(GitRemotes.tip(remote, REF)).isEqualTo(GitRemotes.tip(clone, REF)).isNotNull();
        remote.assertFsckClean();
    }

    @Test
    void theGuardInstallsWhereTheCallersHomeConfigPointsHooksAndGitRunsIt() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        Path home = tmp.resolve("home");
        Path hooks = tmp.resolve("my-hooks");
        Files.createDirectories(home);
        Files.writeString(home.resolve(".gitconfig"), "[core]\n\thooksPath = " + hooks + "\n");

        CliRunner ghp = caller(repo.dir(), "guard").env("HOME", home.toString()).env("GIT_CONFIG_GLOBAL", null)
                .env("PATH", "/usr/bin:/bin");
        CliRunner.Result r = ghp.run("agent-guard", "install");

        ok(r);
        assertThat(hooks.resolve("pre-commit")).isRegularFile();
        assertThat(repo.dir().resolve(".git/hooks/pre-commit")).doesNotExist();
        // The real git, with the same HOME, runs it: the guard says it found no ghp on this PATH.
        Files.writeString(repo.dir().resolve("README.md"), "changed\n");
        Map<String, String> gitEnv = new HashMap<>(GitRepo.GIT_ENV);
        gitEnv.remove("GIT_CONFIG_GLOBAL");
        gitEnv.put("HOME", home.toString());
        gitEnv.put("PATH", "/usr/bin:/bin");
        ProcessBuilder git = new ProcessBuilder("git", "commit", "-q", "-am", "change").directory(repo.dir().toFile())
                .redirectErrorStream(true);
        // Exactly these variables: the build's own GIT_CONFIG_GLOBAL would hide HOME's config from git.
        git.environment().clear();
        git.environment().putAll(gitEnv);
        Process commit = git.start();
        String output = new String(commit.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(commit.waitFor()).as(output).isZero();
        assertThat(output).contains("the commit guard found no ghp command");
    }

    @Test
    void gitDirNamesTheRepositoryFromAnUnrelatedDirectory() throws IOException {
        GitRepo bare = GitRemotes.bare(tmp, "repo.git");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));

        ok(caller(elsewhere, "a").env("GIT_DIR", bare.dir().toString())
                .run("agent-heartbeat", "--agent", "worker-1", "--action", "absolute GIT_DIR", "--quiet"));
        ok(caller(elsewhere, "b").env("GIT_DIR", "../repo.git")
                .run("agent-heartbeat", "--agent", "worker-2", "--action", "relative GIT_DIR", "--quiet"));

        assertThat(bare.showCoordinationIn(REF)).contains("absolute GIT_DIR").contains("relative GIT_DIR");
        assertThat(elsewhere.resolve(".git")).doesNotExist();
        bare.assertFsckClean();
    }

    @Test
    void gitDirAndGitWorkTreeGoTogetherAsInGit() throws IOException {
        GitRepo repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));

        CliRunner.Result r = caller(elsewhere, "a").env("GIT_DIR", "../repo/.git").env("GIT_WORK_TREE", "../repo")
                .run("agent-heartbeat", "--agent", "worker-1", "--action", "via GIT_WORK_TREE", "--json");

        ok(r);
        assertThat(repo.showCoordinationIn(REF)).contains("via GIT_WORK_TREE");
        repo.assertFsckClean();
    }

    @Test
    void aGitDirThatNamesNoRepositoryIsAStateError() throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));

        CliRunner.Result r = caller(elsewhere, "a").env("GIT_DIR", tmp.resolve("missing.git").toString())
                .run("agent-heartbeat", "--agent", "worker-1");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err()).startsWith("ghp: error: ").contains("missing.git");
        assertThat(r.out()).isEmpty();
    }
}
