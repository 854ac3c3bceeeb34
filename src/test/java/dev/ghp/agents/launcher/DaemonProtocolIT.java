package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.daemon.Request;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launcher and a daemon of different builds (#22): session 6 added the answer's {@code confirm}
 * and the launcher's {@code shown} under the same protocol version, so a launcher from before it
 * took the new answer header for garbage, and its hook printed nothing. With the version bumped,
 * each side sees at the greeting that the other is not of its build, and the command runs once, in
 * its own JVM. Both launchers run the built jar (GHP_AGENTS_JAR), so that they share one daemon.
 */
class DaemonProtocolIT {
    @TempDir
    Path tmp;
    Path daemonDir;
    GitRepo main;
    GitRepo worker;

    @BeforeEach
    void agentWithAClone() {
        daemonDir = tmp.resolve("run/ghp-agents");
        main = GitRepo.init(tmp, "app");
        main.commitFile("README.md", "app\n");
        worker = main.addWorktree("app-147", "alice/147-parser");
    }

    @AfterEach
    void stopDaemons() {
        ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(daemonDir.toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    Launcher ghp(Path launcher) {
        Map<String, String> env = new HashMap<>(Launcher.userEnv(tmp));
        env.put("GHP_DAEMON", "on");
        env.put("GHP_DAEMON_DIR", daemonDir.toString());
        env.put("GHP_AGENTS_JAR", Launcher.JAR.toString());
        env.put("GHP_TRACE", "1");
        return new Launcher(worker.dir()).env(env).env("GHP", launcher.toString());
    }

    GitRepo.Result run(Path launcher, String stdin, String... args) {
        List<String> command = Launcher.command(launcher, args);
        return ghp(launcher).runCommand(stdin, command);
    }

    /**
     * bin/ghp as it was before the confirmation step: protocol 2, and an answer header of four
     * fields (a fifth one, {@code confirm}, made its error length not a number).
     */
    Path oldLauncher() throws Exception {
        String current = Files.readString(Launcher.BIN_GHP);
        String old = current.replace("daemon_protocol=" + Request.PROTOCOL + "\n", "daemon_protocol=ghp-agents-daemon/2\n")
                .replace("magic code outlen errlen confirm <&9", "magic code outlen errlen <&9");
        assertThat(old).as("the launcher still has the lines the old one differs in")
                .contains("daemon_protocol=ghp-agents-daemon/2\n").contains("magic code outlen errlen <&9");
        return Launcher.script(tmp.resolve("old/bin/ghp"), old);
    }

    static String event(String name, Path cwd) {
        return "{\"session_id\": \"s1\", \"cwd\": \"" + cwd + "\", \"hook_event_name\": \"" + name + "\"}";
    }

    @Test
    void anOldLaunchersHookAgainstTheNewDaemonRunsInItsOwnJvmAndDeliversOnce() throws Exception {
        Path current = Launcher.BIN_GHP;
        assertThat(run(current, event("SessionStart", worker.dir()), "agent-hooks", "run", "session-start").exit()).isZero();
        long daemon = DaemonIT.awaitDaemon(daemonDir, -1).orElseThrow(() -> new AssertionError("no daemon started"));
        assertThat(run(current, null, "agent-status").err()).contains(DaemonIT.ranBy(daemon));
        assertThat(run(current, null, "agent-message", "--to", "app-147", "--by", "carol", "for the old launcher").exit()).isZero();

        GitRepo.Result hook = run(oldLauncher(), event("PostToolUse", worker.dir()), "agent-hooks", "run", "post-tool-use");

        assertThat(hook.exit()).as(hook.err()).isZero();
        assertThat(hook.err()).doesNotContain("run by the daemon").doesNotContain("ghp: error");
        assertThat(hook.out()).contains("for the old launcher");
        assertThat(unread()).as("printed by its own JVM, so marked read").doesNotContain("msg-");
        assertThat(main.run("ls-tree", "--name-only", "refs/ghp/coordination:.ghp/read/app-147").out().lines()
                .filter(l -> l.startsWith("msg-")).count()).isEqualTo(1);
        assertThat(ProcessHandle.of(daemon).map(ProcessHandle::isAlive)).as("the new daemon stays").contains(true);
    }

    @Test
    void aNewLauncherSendsNothingToAnOldDaemonRunsTheCommandOnceAndANewDaemonTakesOver() throws Exception {
        String proof = "ef".repeat(32);
        try (DaemonIT.Listener old = new DaemonIT.Listener(0, "ghp-agents-daemon/2 " + proof + "\n", true)) {
            Path state = daemonDir.resolve("daemon" + Launcher.JAR.toString().replaceAll("[^A-Za-z0-9._-]", "_"));
            Files.createDirectories(daemonDir);
            Files.setPosixFilePermissions(daemonDir, PosixFilePermissions.fromString("rwx------"));
            Files.createFile(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            // A live java process (this test's JVM) as the old daemon, with its port and proof.
            Files.writeString(state, old.port() + " " + "ab".repeat(32) + " " + ProcessHandle.current().pid() + " " + proof + "\n");

            GitRepo.Result beat = run(Launcher.BIN_GHP, null, "agent-heartbeat", "--agent", "alice", "--action", "once");

            assertThat(old.connections.get()).as("it greeted the launcher").isEqualTo(1);
            assertThat(old.received.get()).as("bytes the old daemon received").isZero();
            assertThat(beat.exit()).as(beat.err()).isZero();
            assertThat(beat.out()).startsWith("✓ alice");
            assertThat(beat.err()).doesNotContain("run by the daemon");
            assertThat(Integer.parseInt(main.git("rev-list", "--count", "refs/ghp/coordination").trim())).isEqualTo(1);
        }
        // The launcher started a daemon of its build, which took the state file over.
        Optional<Long> daemon = DaemonIT.awaitDaemon(daemonDir, ProcessHandle.current().pid());
        assertThat(daemon).as("a new daemon replaced the old one").isPresent();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        GitRepo.Result status;
        do {
            status = run(Launcher.BIN_GHP, null, "agent-status");
        } while (!status.err().contains(DaemonIT.ranBy(daemon.get())) && System.nanoTime() < deadline);
        assertThat(status.err()).contains(DaemonIT.ranBy(daemon.get()));
    }

    private String unread() {
        return main.run("ls-tree", "--name-only", "refs/ghp/coordination:.ghp/inbox/app-147").out();
    }
}
