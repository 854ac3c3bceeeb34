package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings are read from regular files only, bounded in size, never blocking (#22): a committed
 * {@code .ghp/config.json} that is a symlink to {@code /dev/zero} or {@code /dev/urandom}, a user
 * file that is a directory, a device or a FIFO, each refuses the commit (the guard fails closed)
 * and is one line with exit 2 for any other command, with the daemon and without. Every process
 * runs under a timeout, so a hang is a failure, not a stuck build.
 */
class SettingsFailClosedIT {
    /** Far above what a refused command takes on a loaded machine; a hang reaches it. */
    private static final long TIMEOUT_SECONDS = 90;

    @TempDir
    Path tmp;
    Path daemonDir;
    Path home;
    GitRepo repo;

    @BeforeEach
    void aRepositoryWithAHolderAndTheGuard() throws Exception {
        daemonDir = tmp.resolve("run/ghp-agents");
        home = Files.createDirectories(tmp.resolve("home"));
        repo = GitRepo.init(tmp, "app");
        repo.commitFile("README.md", "app\n");
        assertThat(run("off", List.of("bin/ghp", "agent-heartbeat", "--agent", "holder", "--issue", "1",
                "--files", "src/parser/**")).exit()).isZero();
        assertThat(run("off", List.of("bin/ghp", "agent-guard", "install")).exit()).isZero();
    }

    @AfterEach
    void stopTheDaemon() throws IOException {
        for (Path state : DaemonIT.stateFiles(daemonDir)) {
            DaemonIT.pidIn(state).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dev/zero", "/dev/urandom"})
    void aCommittedConfigLinkedToADeviceRefusesTheCommit(String device) throws Exception {
        Files.createDirectories(repo.dir().resolve(".ghp"));
        Files.createSymbolicLink(repo.dir().resolve(".ghp/config.json"), Path.of(device));
        repo.git("add", ".ghp/config.json");
        for (String daemon : List.of("off", "on")) {
            GitRepo.Result commit = commit(daemon, "docs/a-" + daemon + ".md");

            assertThat(commit.exit()).as(daemon + ": " + commit.err()).isNotZero();
            assertThat(commit.err()).contains("ghp: error: the commit guard cannot read its settings: ")
                    .contains(".ghp/config.json is not a regular file (a device, FIFO or socket)");
            repo.git("reset", "-q", "--", "docs");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "directory", "/dev/zero"})
    void aUserConfigThatIsNotARegularFileIsOneLineAndRefusesTheCommit(String what) throws Exception {
        Path dir = Files.createDirectories(home.resolve(".config/ghp-cli"));
        Path file = dir.resolve("config.json");
        switch (what) {
            case "fifo" -> assertThat(new ProcessBuilder("mkfifo", file.toString()).start().waitFor()).isZero();
            case "directory" -> Files.createDirectories(file);
            default -> Files.createSymbolicLink(file, Path.of(what));
        }
        for (String daemon : List.of("off", "on")) {
            GitRepo.Result status = run(daemon, List.of("bin/ghp", "agent-status"));
            GitRepo.Result commit = commit(daemon, "docs/b-" + daemon + ".md");

            assertThat(status.exit()).as(daemon + ": " + status.err()).isEqualTo(2);
            assertThat(status.err()).startsWith("ghp: error: " + file + " is not a regular file (");
            assertThat(status.err().lines().filter(l -> l.startsWith("ghp: error")).count()).isEqualTo(1);
            assertThat(commit.exit()).as(daemon + ": " + commit.err()).isNotZero();
            assertThat(commit.err()).contains("ghp: error: the commit guard cannot read its settings: ");
            repo.git("reset", "-q", "--", "docs");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "on"})
    void aUserConfigOverTheBoundIsRefusedNamingTheBound(String daemon) throws Exception {
        Path file = Files.createDirectories(home.resolve(".config/ghp-cli")).resolve("config.json");
        Files.writeString(file, "{\"agents\": {}, \"pad\": \"" + "x".repeat(1 << 20) + "\"}");

        GitRepo.Result status = run(daemon, List.of("bin/ghp", "agent-status"));

        assertThat(status.exit()).as(status.err()).isEqualTo(2);
        assertThat(status.err()).startsWith("ghp: error: " + file + " is larger than 1 MiB");
    }

    private GitRepo.Result commit(String daemon, String path) throws Exception {
        Path file = repo.dir().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x\n");
        assertThat(run(daemon, List.of("git", "add", path)).exit()).isZero();
        return run(daemon, List.of("git", "commit", "-q", "-m", "change " + path));
    }

    /** Runs a command with the user's variables, killed after {@link #TIMEOUT_SECONDS}: a hang fails the test. */
    private GitRepo.Result run(String daemon, List<String> command) throws Exception {
        List<String> cmd = command.get(0).equals("bin/ghp")
                ? Launcher.command(Launcher.BIN_GHP, command.subList(1, command.size()).toArray(String[]::new)) : command;
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.dir().toFile());
        pb.environment().putAll(Launcher.userEnv(home));
        pb.environment().put("GHP_DAEMON", daemon);
        pb.environment().put("GHP_DAEMON_DIR", daemonDir.toString());
        pb.environment().put("GHP_AGENT", "committer");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path out = Files.createTempFile(tmp, "out", "");
        Path err = Files.createTempFile(tmp, "err", "");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " still ran after " + TIMEOUT_SECONDS + " s: it hangs");
        }
        return new GitRepo.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
