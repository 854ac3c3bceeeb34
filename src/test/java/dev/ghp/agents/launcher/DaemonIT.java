package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.daemon.Request;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon through the real launcher: started by the first hot command, then running the next
 * ones with each caller's directory, variables, stdin and exit code; replaced when killed; retired
 * when idle or when the jar changes; never used for a caller whose git config variables differ.
 * Which JVM ran a command is told by {@code GHP_TRACE=1}: the daemon says "run by the daemon (pid N)".
 */
class DaemonIT {
    @TempDir
    Path tmp;
    Path daemonDir;
    GitRepo repo;

    @BeforeEach
    void repository() {
        daemonDir = tmp.resolve("run/ghp-agents");
        repo = GitRepo.init(tmp, "app");
        repo.commitFile("README.md", "app\n");
    }

    @AfterEach
    void stopDaemons() throws IOException {
        // Every daemon of this test's directory, also one that has not written its state file yet;
        // never the test's own JVM, which some tests name in a forged state file.
        ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(daemonDir.toString())).orElse(false))
                .forEach(h -> {
                    Launcher.signalQuietly(h.pid(), "CONT");
                    h.destroyForcibly();
                });
    }

    Launcher ghp(Path dir) {
        return new Launcher(dir).env("GHP_DAEMON", "on").env("GHP_DAEMON_DIR", daemonDir.toString());
    }

    Launcher ghp() {
        return ghp(repo.dir());
    }

    List<Path> stateFiles() throws IOException {
        return stateFiles(daemonDir);
    }

    /** The daemons' state files in {@code daemonDir} (not their locks, logs and markers). */
    static List<Path> stateFiles(Path daemonDir) throws IOException {
        if (!Files.isDirectory(daemonDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(daemonDir)) {
            return files.filter(p -> !p.getFileName().toString().matches(".*\\.(lock|log|spawn|tmp)$")).toList();
        }
    }

    static Optional<Long> pidIn(Path state) {
        try {
            String[] fields = Files.readString(state).trim().split(" ");
            return Optional.of(Long.parseLong(fields[2]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The live processes started for this test's daemon directory. */
    List<Long> daemonPids() {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(daemonDir.toString())).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    /** The pid of a live daemon other than {@code not}, waiting up to 30 s for one to have started. */
    long awaitDaemon(long not) throws Exception {
        Optional<Long> pid = awaitDaemon(daemonDir, not);
        if (pid.isEmpty()) {
            throw new AssertionError("no daemon started within 30 s; its log: " + logs());
        }
        return pid.get();
    }

    /** The pid of a live daemon in {@code daemonDir} other than {@code not}, waiting up to 30 s; empty when none came. */
    static Optional<Long> awaitDaemon(Path daemonDir, long not) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (Path state : stateFiles(daemonDir)) {
                Optional<Long> pid = pidIn(state);
                if (pid.isPresent() && pid.get() != not && ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
                    return pid;
                }
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    String logs() throws IOException {
        if (!Files.isDirectory(daemonDir)) {
            return "(no directory)";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(daemonDir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                sb.append(Files.readString(log));
            }
        }
        return sb.toString();
    }

    static void awaitExit(long pid) throws InterruptedException {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            try {
                handle.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError("daemon " + pid + " still running after 30 s", e);
            }
        }
    }

    static String ranBy(long pid) {
        return "run by the daemon (pid " + pid + ")";
    }

    @Test
    void theFirstCommandStartsADaemonAndTheNextOnesRunInIt() throws Exception {
        GitRepo.Result first = ghp().env("GHP_TRACE", "1").env("GITHUB_TOKEN", "first-callers-secret")
                .run("agent-heartbeat", "--agent", "alice", "--status", "planning", "--action", "cold start");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.err()).as("the first command ran in its own JVM").contains("ghp: trace").doesNotContain("run by the daemon");
        long pid = awaitDaemon(-1);
        assertThat(Files.readString(Path.of("/proc/" + pid + "/environ")))
                .as("the daemon keeps none of the first caller's secrets").doesNotContain("first-callers-secret");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(daemonDir)))
                .as("only this user may read the token").isEqualTo("rwx------");

        GitRepo.Result warm = ghp().env("GHP_TRACE", "1").run("agent-heartbeat", "--agent", "alice", "--action", "served");
        GitRepo.Result status = ghp().run("agent-status");
        GitRepo.Result json = ghp().env("GHP_TRACE", "1").run("agent-status", "--json");

        assertThat(warm.exit()).as(warm.err()).isZero();
        assertThat(warm.out()).startsWith("✓ alice · no issue · planning (");
        assertThat(warm.err()).contains(ranBy(pid)).doesNotContain("command line built");
        assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("\"lastAction\": \"served\"");
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("alice").contains("served");
        for (int i = 1; i <= 20; i++) {
            assertThat(ghp().run("agent-heartbeat", "--agent", "w" + i, "--action", "filler " + i).exit()).isZero();
        }
        GitRepo.Result big = ghp().env("GHP_TRACE", "1").run("agent-status", "--json");
        assertThat(big.err()).contains(ranBy(pid));
        assertThat(big.out().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .as("over 4 KiB: the launcher copies it with cat").isGreaterThan(4096);
        JsonNode all = Json.parseTree(big.out()).path("agents");
        assertThat(all.path("alice").path("lastAction").asText()).isEqualTo("served");
        assertThat(all.path("w20").path("lastAction").asText()).isEqualTo("filler 20");
        assertThat(json.err()).contains(ranBy(pid));
        JsonNode parsed = Json.parseTree(json.out());
        assertThat(parsed.path("agents").path("alice").path("lastAction").asText()).isEqualTo("served");
    }

    @Test
    void anArgumentStartingWithAtIsTextWithOrWithoutTheDaemon() throws Exception {
        // With Picocli's @file expansion, "@notes.md" became the file's lines (here options that
        // release the claim) and, in the daemon, whose directory is not the caller's, "@etc/hostname"
        // was read from the root directory.
        Files.writeString(repo.dir().resolve("notes.md"), "fixed it\n--no-files\n--status\ndone\n");
        GitRepo.Result cold = new Launcher(repo.dir()).env("GHP_DAEMON", "off")
                .run("agent-heartbeat", "--agent", "alice", "--status", "implementing", "--files", "src/a.txt",
                        "--action", "@notes.md");
        assertThat(cold.exit()).as(cold.err()).isZero();
        assertThat(ghp().run("agent-heartbeat", "--agent", "bob", "--action", "start").exit()).isZero();
        long pid = awaitDaemon(-1);

        GitRepo.Result warm = ghp().env("GHP_TRACE", "1")
                .run("agent-heartbeat", "--agent", "bob", "--status", "testing", "--action", "@etc/hostname");
        GitRepo.Result warmNotes = ghp().env("GHP_TRACE", "1")
                .run("agent-heartbeat", "--agent", "alice", "--action", "@notes.md");

        assertThat(warm.exit()).as(warm.err()).isZero();
        assertThat(warm.err()).contains(ranBy(pid));
        assertThat(warmNotes.exit()).as(warmNotes.err()).isZero();
        assertThat(warmNotes.err()).contains(ranBy(pid));
        JsonNode agents = Json.parseTree(repo.showCoordination(".ghp/agent-status.json")).path("agents");
        assertThat(agents.path("bob").path("lastAction").asText()).isEqualTo("@etc/hostname");
        assertThat(agents.path("alice").path("lastAction").asText()).isEqualTo("@notes.md");
        assertThat(agents.path("alice").path("status").asText()).isEqualTo("implementing");
        assertThat(agents.path("alice").path("files").toString()).contains("src/a.txt");
    }

    @Test
    void eachCommandRunsWithItsCallersDirectoryVariablesAndExitCode() throws Exception {
        GitRepo worker = repo.addWorktree("app-147", "bob/147-parser");
        assertThat(ghp().run("agent-status").exit()).isZero();
        long pid = awaitDaemon(-1);

        GitRepo.Result fromWorktree = ghp(worker.dir()).env("GHP_AGENT", "bob").env("GHP_TRACE", "1")
                .run("agent-heartbeat", "--status", "implementing", "--action", "in the worktree");
        GitRepo.Result withDashC = ghp(tmp).env("GHP_TRACE", "1")
                .run("agent-heartbeat", "-C", "app", "--agent", "carol", "--issue", "147", "--status", "implementing");
        GitRepo.Result badInput = ghp().env("GHP_TRACE", "1").run("agent-heartbeat", "--agent", "dave", "--status", "sleeping");

        assertThat(fromWorktree.exit()).as(fromWorktree.err()).isZero();
        assertThat(fromWorktree.err()).contains(ranBy(pid));
        String record = repo.showCoordination(".ghp/agent-status.json");
        assertThat(record).contains("\"bob\": {").contains("\"branch\": \"bob/147-parser\"")
                .contains("\"worktree\": \"" + worker.dir().toRealPath() + "\"").contains("\"issue\": 147");
        assertThat(withDashC.exit()).as("issue 147 is bob's (from his branch), so carol is refused").isEqualTo(3);
        assertThat(withDashC.out()).isEmpty();
        assertThat(withDashC.err()).contains("ghp: error:").contains("bob").contains(ranBy(pid));
        assertThat(badInput.exit()).isEqualTo(2);
        assertThat(badInput.out()).isEmpty();
        assertThat(badInput.err()).startsWith("ghp: error: unknown status 'sleeping'").contains(ranBy(pid));
        assertThat(repo.showCoordination(".ghp/agent-status.json")).doesNotContain("carol").doesNotContain("dave");
    }

    @Test
    void whatOtherProcessesChangeIsSeenByTheNextCommandTheDaemonRuns() throws Exception {
        assertThat(ghp().run("agent-heartbeat", "--agent", "alice", "--action", "first").exit()).isZero();
        long pid = awaitDaemon(-1);
        assertThat(ghp().env("GHP_TRACE", "1").run("agent-status").err()).contains(ranBy(pid));
        String status = repo.showCoordination(".ghp/agent-status.json");
        repo.commitToCoordination(".ghp/agent-status.json",
                status.replace("\"alice\": {", "\"zed\": {\"status\": \"testing\", \"lastAction\": \"written by git\","
                        + " \"timestamp\": \"2099-01-01T00:00:00Z\"},\n    \"alice\": {"), "a foreign writer");
        repo.git("checkout", "-q", "-b", "alice/42-lexer");

        GitRepo.Result seen = ghp().env("GHP_TRACE", "1").run("agent-status");
        GitRepo.Result beat = ghp().env("GHP_TRACE", "1").run("agent-heartbeat", "--agent", "alice", "--action", "on the new branch");

        assertThat(seen.err()).contains(ranBy(pid));
        assertThat(seen.out()).contains("zed").contains("written by git");
        assertThat(beat.err()).contains(ranBy(pid));
        assertThat(beat.exit()).as(beat.err()).isZero();
        String after = repo.showCoordination(".ghp/agent-status.json");
        assertThat(after).contains("\"zed\"").contains("\"branch\": \"alice/42-lexer\"").contains("\"issue\": 42");
        assertThat(repo.run("fsck", "--strict").exit()).isZero();
    }

    @Test
    void aHookRunGetsItsEventOnStdinAndPrintsNothing() throws Exception {
        GitRepo worker = repo.addWorktree("app-147", "alice/147-parser");
        assertThat(ghp().run("agent-status").exit()).isZero();
        long pid = awaitDaemon(-1);
        String event = "{\"session_id\": \"s1\", \"cwd\": \"" + worker.dir() + "\", \"hook_event_name\": \"PostToolUse\","
                + " \"tool_name\": \"Bash\", \"tool_input\": {\"command\": \"ls\"}, \"tool_response\": {\"stdout\": \"a\\nb\"}}";

        GitRepo.Result start = ghp(tmp).runWithInput(event.replace("PostToolUse", "SessionStart"),
                "agent-hooks", "run", "session-start");
        GitRepo.Result post = ghp(tmp).runWithInput(event, "agent-hooks", "run", "post-tool-use");
        GitRepo.Result traced = ghp(tmp).env("GHP_TRACE", "1").runWithInput(event.replace("PostToolUse", "Stop"),
                "agent-hooks", "run", "stop");

        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.out()).contains("You are agent \"app-147\"");
        assertThat(post.exit()).as(post.err()).isZero();
        assertThat(post.out()).isEmpty();
        assertThat(post.err()).isEmpty();
        assertThat(traced.err()).contains(ranBy(pid));
        assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("\"app-147\": {").contains("\"status\": \"waiting\"");
    }

    /** /usr/bin and /bin as links in one directory, without the tools named (macOS has no timeout(1)). */
    private Path systemPathWithout(String... missing) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("path-without"));
        for (String dir : List.of("/usr/bin", "/bin")) {
            try (Stream<Path> tools = Files.list(Path.of(dir))) {
                for (Path tool : tools.toList()) {
                    String name = tool.getFileName().toString();
                    if (!List.of(missing).contains(name) && !Files.exists(bin.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(bin.resolve(name), tool);
                    }
                }
            }
        }
        return bin;
    }

    @Test
    void withoutTimeoutOnPathBashReadsTheHookEventAndTheDaemonRunsTheHook() throws Exception {
        String path = systemPathWithout("timeout").toString();
        GitRepo worker = repo.addWorktree("app-147", "alice/147-parser");
        assertThat(ghp().env("PATH", path).run("agent-status").exit()).isZero();
        long pid = awaitDaemon(-1);
        // Pretty-printed, with a backslash, a quote and a long field: bash must not lose or alter a byte.
        String event = "{\n  \"session_id\": \"s1\",\n  \"cwd\": \"" + worker.dir() + "\",\n"
                + "  \"hook_event_name\": \"SessionStart\",\n  \"source\": \"startup\",\n"
                + "  \"note\": \"a\\\\b \\\"c\\\" " + "x".repeat(30_000) + "\"\n}\n";

        GitRepo.Result start = ghp(tmp).env("PATH", path).env("GHP_TRACE", "1")
                .runWithInput(event, "agent-hooks", "run", "session-start");
        // Over the 64 KiB bash reads: its own JVM gets what was read and the rest of stdin.
        GitRepo.Result big = ghp(tmp).env("PATH", path).env("GHP_TRACE", "1")
                .runWithInput(event.replace("SessionStart", "Stop").replace("x".repeat(30_000), "y".repeat(100_000)),
                        "agent-hooks", "run", "stop");

        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.out()).contains("You are agent \"app-147\"");
        assertThat(start.err()).contains(ranBy(pid)).doesNotContain("ghp: error");
        assertThat(big.exit()).as(big.err()).isZero();
        assertThat(big.out()).isEmpty();
        assertThat(big.err()).doesNotContain(ranBy(pid)).doesNotContain("ghp: error");
        assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("\"app-147\": {").contains("\"status\": \"waiting\"");
    }

    @Test
    void sixteenProcessesAtOnceThroughTheDaemonLoseNothing() throws Exception {
        assertThat(ghp().run("agent-heartbeat", "--agent", "setup", "--action", "first").exit()).isZero();
        awaitDaemon(-1);
        int before = Integer.parseInt(repo.git("rev-list", "--count", "refs/ghp/coordination").trim());

        List<Process> writers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String loop = "for step in 1 2 3 4 5; do \"$GHP\" agent-heartbeat --agent w" + i
                    + " --status implementing --action \"step $step\" >/dev/null || exit 1; done";
            ProcessBuilder pb = ghp().builder(List.of("bash", "-c", loop));
            pb.environment().put("GHP", Launcher.BIN_GHP.toString());
            writers.add(pb.redirectErrorStream(true).start());
        }
        for (Process p : writers) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        }

        JsonNode agents = Json.parseTree(ghp().run("agent-status", "--json").out()).path("agents");
        for (int i = 0; i < 16; i++) {
            assertThat(agents.path("w" + i).path("lastAction").asText()).as("w" + i).isEqualTo("step 5");
        }
        int after = Integer.parseInt(repo.git("rev-list", "--count", "refs/ghp/coordination").trim());
        assertThat(after - before).as("one commit per heartbeat").isEqualTo(80);
        assertThat(repo.run("fsck", "--strict").exit()).isZero();
    }

    @Test
    void concurrentFirstCommandsStartOneDaemon() throws Exception {
        List<Process> first = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            first.add(ghp().builder("agent-heartbeat", "--agent", "early-" + i, "--action", "first")
                    .redirectErrorStream(true).start());
        }
        for (Process p : first) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        }
        long pid = awaitDaemon(-1);
        // The daemons that lost the race leave once they see the winner: wait for them to go.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Long> daemons = daemonPids();
        while (daemons.size() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            daemons = daemonPids();
        }

        assertThat(daemons).as("one daemon, however many first commands").containsExactly(pid);
        String status = repo.showCoordination(".ghp/agent-status.json");
        for (int i = 0; i < 8; i++) {
            assertThat(status).contains("\"early-" + i + "\"");
        }
    }

    @Test
    void aKilledDaemonIsReplacedAndTheCommandStillRuns() throws Exception {
        assertThat(ghp().run("agent-status").exit()).isZero();
        long first = awaitDaemon(-1);
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        awaitExit(first);

        GitRepo.Result r = ghp().env("GHP_TRACE", "1").run("agent-heartbeat", "--agent", "alice", "--action", "after the kill");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("run by the daemon");
        assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("after the kill");
        long second = awaitDaemon(first);
        GitRepo.Result served = ghp().env("GHP_TRACE", "1").run("agent-heartbeat", "--agent", "alice", "--action", "again");
        assertThat(served.err()).contains(ranBy(second));
    }

    @Test
    void aCallerWithOtherGitConfigVariablesRunsInItsOwnJvm() throws Exception {
        assertThat(ghp().run("agent-status").exit()).isZero();
        long pid = awaitDaemon(-1);
        Path xdg = Files.createDirectories(tmp.resolve("xdg"));

        GitRepo.Result other = ghp().env("XDG_CONFIG_HOME", xdg.toString()).env("GHP_TRACE", "1")
                .run("agent-heartbeat", "--agent", "alice", "--action", "own jvm");
        GitRepo.Result same = ghp().env("GHP_TRACE", "1").run("agent-heartbeat", "--agent", "alice", "--action", "daemon");

        assertThat(other.exit()).as(other.err()).isZero();
        assertThat(other.err()).contains("command line built").doesNotContain("run by the daemon");
        assertThat(same.err()).contains(ranBy(pid));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    }

    @Test
    void anIdleDaemonLeavesAndTakesItsStateFileWithIt() throws Exception {
        assertThat(ghp().env("GHP_DAEMON_IDLE", "2s").run("agent-status").exit()).isZero();
        long pid = awaitDaemon(-1);

        awaitExit(pid);

        assertThat(stateFiles()).isEmpty();
    }

    @Test
    void aRebuiltJarRetiresTheDaemonThatRanTheOldOne() throws Exception {
        Path jar = Files.copy(Launcher.JAR, tmp.resolve("ghp-agents.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        assertThat(ghp().env("GHP_AGENTS_JAR", jar.toString()).run("agent-status").exit()).isZero();
        long old = awaitDaemon(-1);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000));

        GitRepo.Result r = ghp().env("GHP_AGENTS_JAR", jar.toString()).env("GHP_TRACE", "1")
                .run("agent-heartbeat", "--agent", "alice", "--action", "new jar");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("run by the daemon");
        awaitExit(old);
        long replacement = awaitDaemon(old);
        assertThat(ghp().env("GHP_AGENTS_JAR", jar.toString()).env("GHP_TRACE", "1")
                .run("agent-status").err()).contains(ranBy(replacement));
    }

    @Test
    void agentDaemonShowsAndStopsIt() throws Exception {
        GitRepo.Result none = ghp().run("agent-daemon");
        assertThat(none.exit()).as(none.err()).isZero();
        assertThat(none.out()).isEqualTo("ghp-agents daemon: not running\n");
        assertThat(ghp().run("agent-status").exit()).isZero();
        long pid = awaitDaemon(-1);

        GitRepo.Result status = ghp().run("agent-daemon", "status");
        JsonNode json = Json.parseTree(ghp().run("agent-daemon", "--json").out());
        GitRepo.Result stop = ghp().run("agent-daemon", "stop");

        assertThat(status.out()).startsWith("ghp-agents daemon: running, pid " + pid + ", port ");
        assertThat(json.path("running").asBoolean()).isTrue();
        assertThat(json.path("pid").asLong()).isEqualTo(pid);
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(stop.out()).isEqualTo("✓ stopped the ghp-agents daemon (pid " + pid + ")\n");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(stateFiles()).as("the state file goes with it").isEmpty();
        assertThat(ghp().run("agent-daemon").out()).isEqualTo("ghp-agents daemon: not running\n");
        assertThat(ghp().run("agent-daemon", "restart").exit()).isEqualTo(2);
    }

    @Test
    void offMeansEveryCommandInItsOwnJvm() throws Exception {
        GitRepo.Result r = ghp().env("GHP_DAEMON", "off").run("agent-heartbeat", "--agent", "alice", "--action", "x");

        assertThat(r.exit()).as(r.err()).isZero();
        Thread.sleep(1000);
        assertThat(stateFiles()).isEmpty();
        assertThat(Files.exists(daemonDir)).isFalse();
    }

    // ---- Trust: the launcher sends nothing to a listener that has not proved it is our daemon ----

    /**
     * A listener on a loopback port, standing in for whoever took a dead daemon's port: it counts
     * every byte it is sent. It may greet (first line) and, for a fake daemon that knows the proof,
     * acknowledge the request once it has seen the request's first two fields.
     */
    static final class Listener implements AutoCloseable {
        final ServerSocket server;
        final AtomicLong received = new AtomicLong();
        final AtomicLong connections = new AtomicLong();
        private final String greeting;
        private final boolean acknowledge;
        private final Thread thread;

        Listener(int port, String greeting, boolean acknowledge) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            this.greeting = greeting;
            this.acknowledge = acknowledge;
            thread = new Thread(this::serve, "test-listener");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    connections.incrementAndGet();
                    s.setSoTimeout(4000);
                    if (greeting != null) {
                        s.getOutputStream().write(greeting.getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    }
                    InputStream in = s.getInputStream();
                    byte[] buffer = new byte[8192];
                    int nuls = 0;
                    boolean acknowledged = false;
                    try {
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            received.addAndGet(n);
                            for (int i = 0; i < n; i++) {
                                nuls += buffer[i] == 0 ? 1 : 0;
                            }
                            if (acknowledge && !acknowledged && nuls >= 2) {
                                s.getOutputStream().write((Request.PROTOCOL + " accepted\n").getBytes(StandardCharsets.US_ASCII));
                                s.getOutputStream().flush();
                                acknowledged = true;
                            }
                        }
                    } catch (SocketTimeoutException e) {
                        // the caller sent nothing more: close, as a daemon would
                    }
                } catch (IOException e) {
                    // closed
                }
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(10_000);
        }
    }

    /** The state file bin/ghp reads for the built jar. */
    Path stateFileForTheJar() throws IOException {
        Files.createDirectories(daemonDir);
        Files.setPosixFilePermissions(daemonDir, PosixFilePermissions.fromString("rwx------"));
        return daemonDir.resolve("daemon" + Launcher.JAR.toString().replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    /** A state file naming a live java process (this test's JVM, as a reused pid would) and the listener's port. */
    void forgeStateFile(int port, String proof) throws IOException {
        Path state = stateFileForTheJar();
        Files.deleteIfExists(state);
        Files.createFile(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(state, port + " " + "ab".repeat(32) + " " + ProcessHandle.current().pid() + " " + proof + "\n");
        // A fresh spawn marker: the launcher starts no real daemon that would take the state file over.
        Files.writeString(state.resolveSibling(state.getFileName() + ".spawn"), System.currentTimeMillis() / 1000 + "\n");
    }

    static int portIn(Path state) throws IOException {
        return Integer.parseInt(Files.readString(state).trim().split(" ")[0]);
    }

    int coordinationCommits() {
        return repo.coordinationTip() == null ? 0
                : Integer.parseInt(repo.git("rev-list", "--count", "refs/ghp/coordination").trim());
    }

    @Test
    void whoeverListensOnAKilledDaemonsPortIsSentNothing() throws Exception {
        assertThat(ghp().run("agent-status").exit()).isZero();
        long pid = awaitDaemon(-1);
        int port = portIn(stateFiles().get(0));
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        awaitExit(pid);

        GitRepo.Result r;
        try (Listener listener = new Listener(port, null, false)) {
            r = ghp().env("GITHUB_TOKEN", "secret-for-github").env("GHP_TRACE", "1")
                    .run("agent-heartbeat", "--agent", "alice", "--action", "after the kill");
            assertThat(listener.received.get()).as("bytes the stranger on the port received").isZero();
        }

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("✓ alice");
        assertThat(r.err()).contains("command line built").doesNotContain("run by the daemon");
        assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("after the kill");
    }

    @Test
    void aListenerThatDoesNotGreetWithTheProofIsSentNothing() throws Exception {
        List<String> greetings = new ArrayList<>();
        greetings.add(null);
        greetings.add(Request.PROTOCOL + " not-the-proof\n");
        greetings.add("ghp-agents-daemon/1 0 0 0\n");
        int i = 0;
        for (String greeting : greetings) {
            try (Listener listener = new Listener(0, greeting, true)) {
                forgeStateFile(listener.port(), "cd".repeat(32));

                GitRepo.Result r = ghp().env("GITHUB_TOKEN", "secret-for-github")
                        .run("agent-heartbeat", "--agent", "alice", "--action", "greeting " + i);

                assertThat(listener.connections.get()).as("greeting %s: the pid is alive, so it connects", greeting).isEqualTo(1);
                assertThat(listener.received.get()).as("greeting %s: bytes received", greeting).isZero();
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.out()).startsWith("✓ alice");
                assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("greeting " + i);
            }
            i++;
        }
    }

    @Test
    void aFrozenDaemonCostsABoundedWaitAndTheCommandRunsOnce() throws Exception {
        assertThat(ghp().run("agent-heartbeat", "--agent", "setup", "--action", "first").exit()).isZero();
        long pid = awaitDaemon(-1);
        assertThat(ghp().env("GHP_TRACE", "1").run("agent-status").err()).contains(ranBy(pid));
        int before = coordinationCommits();

        Path output = tmp.resolve("frozen.out");
        Launcher.signal(pid, "STOP");
        int exit;
        try {
            Process p = ghp().builder("agent-heartbeat", "--agent", "alice", "--action", "while frozen")
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("finished while the daemon is frozen").isTrue();
            exit = p.exitValue();
        } finally {
            Launcher.signal(pid, "CONT");
        }
        // The thawed daemon finds the connection the frozen one left: it must not run the command again.
        assertThat(ghp().env("GHP_TRACE", "1").run("agent-status").err()).contains(ranBy(pid));
        assertThat(ghp().env("GHP_TRACE", "1").run("agent-heartbeat", "--agent", "setup").err()).contains(ranBy(pid));

        assertThat(exit).as(Files.readString(output)).isZero();
        assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("while frozen");
        assertThat(coordinationCommits() - before).as("alice's heartbeat once, setup's once").isEqualTo(2);
        assertThat(repo.run("fsck", "--strict").exit()).isZero();
    }

    @Test
    void aDaemonThatAcknowledgedIsNeverRunAgainAndTheWaitIsBounded() throws Exception {
        String proof = "ef".repeat(32);
        try (Listener listener = new Listener(0, Request.PROTOCOL + " " + proof + "\n", true)) {
            forgeStateFile(listener.port(), proof);

            GitRepo.Result beat = ghp().env("GHP_DAEMON_TIMEOUT", "2")
                    .run("agent-heartbeat", "--agent", "alice", "--action", "taken by the daemon");
            GitRepo.Result hook = ghp().env("GHP_DAEMON_TIMEOUT", "2")
                    .runWithInput("{\"cwd\": \"" + repo.dir() + "\", \"hook_event_name\": \"Stop\"}", "agent-hooks", "run", "stop");

            assertThat(listener.received.get()).as("the fake daemon proved itself and got the request").isPositive();
            assertThat(beat.exit()).as(beat.err()).isEqualTo(1);
            assertThat(beat.out()).isEmpty();
            assertThat(beat.err().lines().toList()).hasSize(1);
            assertThat(beat.err()).startsWith("ghp: error: the ghp-agents daemon took the command but did not answer");
            assertThat(hook.exit()).as(hook.err()).isZero();
            assertThat(hook.out()).isEmpty();
            assertThat(hook.err()).startsWith("ghp: error: the ghp-agents daemon took the command but did not answer");
            assertThat(repo.coordinationTip()).as("nothing ran the command a second time").isNull();
        }
    }

    @Test
    void aDaemonThatNeverAcknowledgesLeavesTheCommandToItsOwnJvm() throws Exception {
        String proof = "ef".repeat(32);
        try (Listener listener = new Listener(0, Request.PROTOCOL + " " + proof + "\n", false)) {
            forgeStateFile(listener.port(), proof);

            GitRepo.Result r = ghp().run("agent-heartbeat", "--agent", "alice", "--action", "not acknowledged");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("✓ alice");
            assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("not acknowledged");
            assertThat(coordinationCommits()).isEqualTo(1);
        }
    }

    // ---- A deleted working directory, a huge hook event ----

    @Test
    void aCallerWhoseDirectoryWasDeletedGetsOneLineAndExitFiveThroughTheDaemon() throws Exception {
        assertThat(ghp().run("agent-status").exit()).isZero();
        awaitDaemon(-1);
        String gone = "d=$(mktemp -d) && cd \"$d\" && rmdir \"$d\" && exec \"$GHP\" \"$@\"";
        Launcher l = ghp().env("GHP", Launcher.BIN_GHP.toString());

        GitRepo.Result beat = l.runCommand(null, List.of("bash", "-c", gone, "-", "agent-heartbeat", "--agent", "alice"));
        GitRepo.Result hook = l.runCommand("{}", List.of("bash", "-c", gone, "-", "agent-hooks", "run", "stop"));

        assertThat(beat.exit()).as(beat.err()).isEqualTo(5);
        assertThat(beat.out()).isEmpty();
        assertThat(beat.err()).contains("ghp: error: the current directory no longer exists").doesNotContain("Exception");
        assertThat(hook.exit()).as(hook.err()).isZero();
        assertThat(hook.out()).isEmpty();
        assertThat(hook.err()).contains("ghp: error: the current directory no longer exists").doesNotContain("Exception");
    }

    @Test
    void aHugeHookEventIsStreamedToItsOwnJvmAndTheLauncherStaysSmall() throws Exception {
        assumeTrueTimeExists();
        GitRepo worker = repo.addWorktree("app-147", "alice/147-parser");
        GitRepo.Result start = ghp(tmp).runWithInput("{\"cwd\": \"" + worker.dir() + "\", \"hook_event_name\": \"SessionStart\"}",
                "agent-hooks", "run", "session-start");
        assertThat(start.out()).contains("You are agent \"app-147\"");
        awaitDaemon(-1);
        // A Stop event (it changes the record, so its effect shows) with a 100 MB tool output, and
        // its cwd after it: the part of the event the launcher did not hold must reach the JVM too.
        Path event = tmp.resolve("event.json");
        try (var out = Files.newBufferedWriter(event)) {
            out.write("{\"session_id\": \"s1\", \"hook_event_name\": \"Stop\", \"tool_name\": \"Bash\","
                    + " \"tool_input\": {\"command\": \"cat big\"}, \"tool_response\": {\"stdout\": \"");
            String line = "0123456789abcdef".repeat(64);
            for (int i = 0; i < 100 * 1024; i++) {
                out.write(line);
            }
            out.write("\"}, \"cwd\": \"" + worker.dir() + "\"}\n");
        }
        String script = "cat \"$EVENT\" | /usr/bin/time -f 'max-rss-kb %M' \"$GHP\" agent-hooks run stop";

        GitRepo.Result r = ghp(tmp).env("GHP", Launcher.BIN_GHP.toString()).env("EVENT", event.toString())
                .runCommand(null, List.of("bash", "-c", script));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("max-rss-kb (\\d+)").matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();
        long megabytes = Long.parseLong(m.group(1)) / 1024;
        System.out.println("a 100 MB hook event: the launcher and its JVM peaked at " + megabytes + " MB");
        assertThat(megabytes).as("peak memory of the launcher (and the JVM it became), MB").isLessThan(200);
        assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("\"app-147\": {").contains("\"status\": \"waiting\"");
    }

    static void assumeTrueTimeExists() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/time")), "no /usr/bin/time");
    }
}
