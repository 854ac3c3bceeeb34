package dev.ghp.agents.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delivery in seconds between clones (issue #21): two clones of a bare remote with
 * {@code autoSync: "1h"}, so that the interval never delivers anything within a test and only the
 * new paths can: a write addressed to someone is pushed at once, and reads (agent-inbox, its
 * --wait, hook runs) look at the remote's advertisement every few seconds and sync when it moved.
 * Through bin/ghp, with the daemon (which looks in the background) and without it (each command
 * looks itself, within 2 s).
 */
class CrossCloneDeliveryIT {
    /** How long a poll may take to see the message: far above the 3 s look, so a loaded machine passes. */
    static final long DEADLINE_SECONDS = 30;

    @TempDir
    Path tmp;
    GitRepo remote;
    GitRepo a;
    GitRepo b;

    @BeforeEach
    void twoClonesThatSyncHourly() throws IOException {
        remote = GitRemotes.bare(tmp, "remote.git");
        a = GitRemotes.cloneOf(remote, tmp, "a");
        b = GitRemotes.cloneOf(remote, tmp, "b");
        for (GitRepo clone : new GitRepo[] {a, b}) {
            Files.createDirectories(clone.dir().resolve(".ghp"));
            Files.writeString(clone.dir().resolve(".ghp/config.json"), "{\"agents\": {\"autoSync\": \"1h\"}}\n");
        }
    }

    @AfterEach
    void stopTheDaemon() throws IOException {
        Path daemonDir = tmp.resolve("run/ghp-agents");
        if (!Files.isDirectory(daemonDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(daemonDir)) {
            for (Path state : files.filter(p -> !p.getFileName().toString().matches(".*\\.(lock|log|spawn|tmp)$")).toList()) {
                try {
                    long pid = Long.parseLong(Files.readString(state).trim().split(" ")[2]);
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                } catch (IOException | RuntimeException e) {
                    // not a state file, or already gone
                }
            }
        }
    }

    Launcher ghp(GitRepo clone, String daemon) {
        return new Launcher(clone.dir()).env("GHP_DAEMON", daemon)
                .env("GHP_DAEMON_DIR", tmp.resolve("run/ghp-agents").toString());
    }

    private static GitRepo.Result ok(GitRepo.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    /** Both agents in both clones' records, each clone just synced (the hourly autoSync is then not due). */
    private void bothSynced(String daemon) {
        ok(ghp(a, daemon).run("agent-heartbeat", "--agent", "alice", "--action", "starting"));
        ok(ghp(a, daemon).run("agent-sync"));
        ok(ghp(b, daemon).run("agent-heartbeat", "--agent", "bob", "--action", "starting"));
        ok(ghp(b, daemon).run("agent-sync"));
        ok(ghp(a, daemon).run("agent-sync"));
    }

    /** Runs {@code read} until its stdout satisfies {@code arrived}, or fails after the deadline. */
    private static GitRepo.Result pollUntil(java.util.function.Supplier<GitRepo.Result> read,
                                            Predicate<String> arrived) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        GitRepo.Result last;
        do {
            last = read.get();
            assertThat(last.exit()).as("exit code; stderr: %s", last.err()).isZero();
            if (arrived.test(last.out())) {
                return last;
            }
            Thread.sleep(300);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not delivered within " + DEADLINE_SECONDS + " s; last output: " + last.out()
                + "\nstderr: " + last.err());
    }

    @ParameterizedTest(name = "GHP_DAEMON={0}")
    @ValueSource(strings = {"on", "off"})
    void aMessageFromAIsInBsInboxWithinSecondsOfBeingSent(String daemon) throws Exception {
        bothSynced(daemon);

        ok(ghp(a, daemon).run("agent-message", "--agent", "alice", "--to", "bob", "the parser is merged"));
        GitRepo.Result inbox = pollUntil(() -> ghp(b, daemon).run("agent-inbox", "--agent", "bob"),
                out -> out.contains("the parser is merged"));

        assertThat(inbox.out()).contains("from alice");
        assertThat(inbox.err()).isEmpty();
    }

    @ParameterizedTest(name = "GHP_DAEMON={0}")
    @ValueSource(strings = {"on", "off"})
    void agentInboxWaitOnBReturnsTheMessageAGivesWhileItWaits(String daemon) throws Exception {
        bothSynced(daemon);
        Process waiting = ghp(b, daemon).builder("agent-inbox", "--agent", "bob", "--wait", "60s")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            ok(ghp(a, daemon).run("agent-message", "--agent", "alice", "--to", "bob", "review please"));

            assertThat(waiting.waitFor(90, TimeUnit.SECONDS)).as("agent-inbox --wait ended").isTrue();
            String out = new String(waiting.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(waiting.exitValue()).as(out).isZero();
            assertThat(out).contains("review please").contains("from alice");
        } finally {
            waiting.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "GHP_DAEMON={0}")
    @ValueSource(strings = {"on", "off"})
    void aHookRunOnBDeliversAMessageFromA(String daemon) throws Exception {
        bothSynced(daemon);

        ok(ghp(a, daemon).run("agent-message", "--agent", "alice", "--to", "bob", "rebase on main"));
        GitRepo.Result hook = pollUntil(() -> hookRun(b, daemon), out -> out.contains("rebase on main"));

        assertThat(hook.err()).isEmpty();
        assertThat(ok(ghp(b, daemon).run("agent-inbox", "--agent", "bob")).out())
                .as("the hook marked it read").contains("No unread messages for bob.");
    }

    @ParameterizedTest(name = "GHP_DAEMON={0}")
    @ValueSource(strings = {"on", "off"})
    void withTheRemoteHangingAHookRunNeitherBlocksNorPrintsAnything(String daemon) throws Exception {
        bothSynced(daemon);
        // An ssh that never answers: the look must give up on it by itself (the run would otherwise
        // outlast GitRepo.Processes' two minutes and fail).
        Path ssh = Launcher.script(tmp.resolve("bin/ssh"), "#!/bin/sh\nsleep 600\n");
        b.git("remote", "set-url", "origin", "ssh://git@remote.invalid/coordination.git");

        for (int run = 0; run < 3; run++) {
            GitRepo.Result hook = hookRun(b, daemon, "GIT_SSH", ssh.toString());

            assertThat(hook.exit()).isZero();
            assertThat(hook.out()).isEmpty();
            assertThat(hook.err()).isEmpty();
        }
    }

    private GitRepo.Result hookRun(GitRepo clone, String daemon, String... variables) {
        Launcher launcher = ghp(clone, daemon).env("GHP_AGENT", "bob");
        for (int i = 0; i + 1 < variables.length; i += 2) {
            launcher.env(variables[i], variables[i + 1]);
        }
        String event = "{\"session_id\": \"s1\", \"cwd\": \"" + clone.dir() + "\", \"hook_event_name\": \"PostToolUse\","
                + " \"tool_name\": \"Bash\", \"tool_input\": {\"command\": \"ls\"}, \"tool_response\": {\"stdout\": \"a\"}}";
        return launcher.runWithInput(event, "agent-hooks", "run", "post-tool-use");
    }
}
