package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command but the long-running ones is run by the daemon (issue #16), and each of two callers
 * in flight in the same daemon at the same time sees only what it was given: its GitHub token goes
 * to GitHub with its own requests only, GHP's CLI and {@code GIT_SSH} are started with its own
 * variables, and the daemon keeps none of the secrets (not in its environment, not in its heap once
 * the commands are done). Real processes through bin/ghp, a real HTTP listener standing in for
 * GitHub, and scripts for GHP's CLI and ssh that wait for each other, so that both commands are
 * inside the daemon at once.
 */
class DaemonServedCommandsIT {
    @TempDir
    Path tmp;
    Path daemonDir;
    Path scripts;
    GitRepo alice;
    GitRepo bob;
    HttpServer github;
    /** What the fake GitHub saw: "path Authorization" per request. */
    final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        daemonDir = tmp.resolve("run/ghp-agents");
        alice = clone("alice", "r1");
        bob = clone("bob", "r2");
        github = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        github.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"message\": \"Not Found\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        github.start();
        scripts = Files.createDirectories(tmp.resolve("scripts"));
        // Each records its variables, then waits (up to 60 s: a loaded machine may start the second
        // caller late) until the other caller's has too: both
        // commands are then running in the daemon at the same time.
        String barrier = """
                #!/bin/sh
                env > "$BARRIER/%1$s-$CALLER.env"
                i=0
                while [ "$(ls "$BARRIER" | grep -c '^%1$s-')" -lt 2 ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
                [ "$(ls "$BARRIER" | grep -c '^%1$s-')" -ge 2 ] && echo together > "$BARRIER/%1$s-$CALLER.met"
                exit 1
                """;
        Launcher.script(scripts.resolve("ghp"), barrier.formatted("ghp"));
        Launcher.script(scripts.resolve("ssh"), barrier.formatted("ssh"));
        Files.createDirectories(tmp.resolve("barrier"));
    }

    private GitRepo clone(String name, String githubRepo) {
        GitRepo repo = GitRepo.init(tmp, name);
        repo.commitFile("README.md", name + "\n");
        repo.git("remote", "add", "origin", "https://github.com/o/" + githubRepo + ".git");
        repo.git("remote", "add", "peer", "ssh://git@peer.invalid/coordination.git");
        return repo;
    }

    @AfterEach
    void stopTheDaemonAndGitHub() throws IOException {
        github.stop(0);
        for (Path state : stateFiles()) {
            pidIn(state).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** A caller with secrets of its own: every value names the caller. */
    Launcher ghp(GitRepo repo, String caller) {
        return new Launcher(repo.dir()).env("GHP_DAEMON", "on").env("GHP_DAEMON_DIR", daemonDir.toString())
                .env("GHP_TRACE", "1").env("CALLER", caller).env("BARRIER", tmp.resolve("barrier").toString())
                .env("GITHUB_TOKEN", secret("github", caller)).env("GH_TOKEN", secret("gh", caller))
                .env("MEM0_API_KEY", secret("mem0", caller))
                // Each caller's own API path, so that every request can be told apart (kohsuke asks for /user too).
                .env("GHP_GITHUB_API_URL", "http://127.0.0.1:" + github.getAddress().getPort() + "/" + caller)
                .env("GHP_CLI", scripts.resolve("ghp").toString()).env("GIT_SSH", scripts.resolve("ssh").toString());
    }

    static String secret(String kind, String caller) {
        return kind + "-secret-of-" + caller + "-7f3a9c";
    }

    @Test
    void everyCommandButTheLongRunningOnesIsRunByTheDaemon() throws Exception {
        GitRepo.Result first = ghp(alice, "alice").run("agent-heartbeat", "--agent", "alice", "--issue", "1",
                "--status", "implementing", "--action", "start", "--files", "src/**");
        assertThat(first.exit()).as(first.err()).isZero();
        long pid = awaitDaemon();
        Files.writeString(alice.dir().resolve("staged.txt"), "x\n");
        alice.git("add", "staged.txt");

        List<List<String>> commands = List.of(
                List.of("agent-guard", "check", "--agent", "alice"),
                List.of("agent-escalate", "--agent", "alice", "--no-github", "--no-needs-attention", "what", "now?"),
                List.of("agent-escalate", "--list"),
                List.of("agent-handoff", "--agent", "alice", "--issue", "1", "--note", "over to you"),
                List.of("agent-handoff", "--show", "--issue", "1"),
                List.of("agent-prune", "--dry-run"),
                List.of("agent-status"),
                List.of("agent-assign", "--to", "bob", "--issue", "2", "--by", "alice", "--note", "yours"),
                List.of("agent-message", "--agent", "alice", "--to", "bob", "hello"),
                List.of("agent-inbox", "--agent", "bob"),
                List.of("agent-heartbeat", "--agent", "alice", "--action", "again"));
        for (List<String> command : commands) {
            GitRepo.Result r = ghp(alice, "alice").run(command.toArray(String[]::new));
            assertThat(r.exit()).as("%s: %s", command, r.err()).isZero();
            assertThat(r.err()).as("%s", command).contains("run by the daemon (pid " + pid + ")");
        }
        String id = ghp(alice, "alice").env("GHP_TRACE", null).run("agent-escalate", "--list", "--json").out()
                .replaceAll("(?s).*\"id\" *: *\"([^\"]+)\".*", "$1");
        GitRepo.Result resolved = ghp(alice, "alice").run("agent-escalate", "--resolve", id, "--answer", "this",
                "--no-github");
        assertThat(resolved.exit()).as(resolved.err()).isZero();
        assertThat(resolved.err()).contains("run by the daemon (pid " + pid + ")");

        GitRepo.Result watch = ghp(alice, "alice").run("agent-status", "--watch", "--help");
        assertThat(watch.err()).as("--watch runs until interrupted: its own JVM").doesNotContain("run by the daemon");
        assertThat(ghp(alice, "alice").run("agent-message", "--agent", "alice", "--to", "bob", "again").exit()).isZero();
        GitRepo.Result waited = ghp(alice, "alice").run("agent-inbox", "--agent", "bob", "--wait", "5s");
        assertThat(waited.exit()).as(waited.err()).isZero();
        assertThat(waited.out()).contains("again");
        assertThat(waited.err()).as("a --wait may last hours: its own JVM, not a daemon thread")
                .doesNotContain("run by the daemon");
    }

    @Test
    void twoCallersAtOnceEachSeeOnlyTheirOwnSecretsAndTheDaemonKeepsNone() throws Exception {
        for (var who : List.of(Map.entry(alice, "alice"), Map.entry(bob, "bob"))) {
            GitRepo.Result r = ghp(who.getKey(), who.getValue()).run("agent-heartbeat", "--agent", who.getValue(),
                    "--issue", who.getValue().equals("alice") ? "1" : "2", "--status", "implementing", "--action", "x");
            assertThat(r.exit()).as(r.err()).isZero();
        }
        long pid = awaitDaemon();

        // Escalations mirrored to GitHub, and GHP's CLI asked to show the issue: both callers at once.
        List<GitRepo.Result> escalated = together(
                () -> ghp(alice, "alice").run("agent-escalate", "--agent", "alice", "--github", "--needs-attention", "help"),
                () -> ghp(bob, "bob").run("agent-escalate", "--agent", "bob", "--github", "--needs-attention", "help"));
        // Syncs over GIT_SSH: both at once again.
        List<GitRepo.Result> synced = together(
                () -> ghp(alice, "alice").run("agent-sync", "--remote", "peer"),
                () -> ghp(bob, "bob").run("agent-sync", "--remote", "peer"));

        for (GitRepo.Result r : Stream.concat(escalated.stream(), synced.stream()).toList()) {
            assertThat(r.err()).contains("run by the daemon (pid " + pid + ")");
        }
        for (String forked : List.of("ghp", "ssh")) {
            for (String caller : List.of("alice", "bob")) {
                String other = caller.equals("alice") ? "bob" : "alice";
                Path env = tmp.resolve("barrier/" + forked + "-" + caller + ".env");
                assertThat(env).as("%s started for %s", forked, caller).exists();
                assertThat(Files.readString(env)).as("%s's %s", caller, forked)
                        .contains("GITHUB_TOKEN=" + secret("github", caller), "GH_TOKEN=" + secret("gh", caller),
                                "MEM0_API_KEY=" + secret("mem0", caller))
                        .doesNotContain(secret("github", other), secret("gh", other), secret("mem0", other));
                assertThat(tmp.resolve("barrier/" + forked + "-" + caller + ".met"))
                        .as("%s's %s ran while the other caller's did", caller, forked).exists();
            }
        }
        assertThat(requests).as("GitHub was asked for both repositories")
                .anyMatch(r -> r.startsWith("/alice/repos/o/r1 ")).anyMatch(r -> r.startsWith("/bob/repos/o/r2 "));
        for (String request : requests) {
            boolean forAlice = request.startsWith("/alice/");
            assertThat(request).as("each request carries its own caller's token")
                    .contains(secret("github", forAlice ? "alice" : "bob"))
                    .doesNotContain(secret("github", forAlice ? "bob" : "alice"));
        }

        String environ = Files.readString(Path.of("/proc/" + pid + "/environ"));
        assertThat(environ).as("the daemon's own environment").doesNotContain("-secret-of-");
        assertThat(secretsKeptBy(pid)).as("secrets the daemon still holds after the commands").isEmpty();
    }

    /**
     * The secrets among the daemon's live objects (jcmd's heap dump collects the garbage first), read
     * as Latin-1: an ASCII secret in a String or a byte array shows as itself. The JDK's HTTP client
     * holds its last request (the Authorization header) until its selector thread sees that the
     * client was collected, a few seconds after the command: so the dump is taken again, each time
     * after a collection, until it holds none, for at most 60 s.
     */
    private List<String> secretsKeptBy(long pid) throws Exception {
        Path jcmd = Path.of("/proc/" + pid + "/exe").toRealPath().resolveSibling("jcmd");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> kept;
        do {
            jcmd(jcmd, pid, "GC.run");
            Thread.sleep(1000);
            Path dump = tmp.resolve("daemon-" + System.nanoTime() + ".hprof");
            String output = jcmd(jcmd, pid, "GC.heap_dump", dump.toString());
            assertThat(dump).as("jcmd: %s", output).exists();
            String heap = new String(Files.readAllBytes(dump), StandardCharsets.ISO_8859_1);
            Files.delete(dump);
            kept = new ArrayList<>();
            for (String kind : List.of("github", "gh", "mem0")) {
                for (String caller : List.of("alice", "bob")) {
                    if (heap.contains(secret(kind, caller))) {
                        kept.add(secret(kind, caller));
                    }
                }
            }
        } while (!kept.isEmpty() && System.nanoTime() < deadline);
        return kept;
    }

    private static String jcmd(Path jcmd, long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    /** Runs both at the same time and returns their results in order. */
    @SafeVarargs
    private static List<GitRepo.Result> together(java.util.function.Supplier<GitRepo.Result>... runs) {
        List<CompletableFuture<GitRepo.Result>> started = new ArrayList<>();
        for (var run : runs) {
            started.add(CompletableFuture.supplyAsync(run));
        }
        return started.stream().map(CompletableFuture::join).toList();
    }

    List<Path> stateFiles() throws IOException {
        return DaemonIT.stateFiles(daemonDir);
    }

    static Optional<Long> pidIn(Path state) {
        return DaemonIT.pidIn(state);
    }

    long awaitDaemon() throws Exception {
        return DaemonIT.awaitDaemon(daemonDir, -1).orElseThrow(() -> new AssertionError("no daemon started within 30 s"));
    }
}
