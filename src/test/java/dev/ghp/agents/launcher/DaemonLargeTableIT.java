package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent-status} over 1,000 agents, through the real launcher and daemon (issue #16: within
 * 1.5x of 10 agents). Such a command allocates a few MB; the daemon's heap must hold that without
 * a full collection (each one stopped the daemon for 10-20 ms, every eighth command). The daemon's
 * own GC log, switched on from outside with {@code jcmd VM.log}, tells; no timing is asserted.
 */
class DaemonLargeTableIT {
    private static final int AGENTS = 1000;
    private static final int COMMANDS = 40;

    @TempDir
    Path tmp;
    Path daemonDir;
    GitRepo repo;

    @BeforeEach
    void repositoryWithAThousandAgents() {
        daemonDir = tmp.resolve("run/ghp-agents");
        repo = GitRepo.init(tmp, "app");
        repo.commitFile("README.md", "app\n");
        StatusDocument doc = StatusDocument.empty();
        Instant now = Instant.now();
        for (int i = 1; i <= AGENTS; i++) {
            doc = doc.withAgent(String.format("agent-%04d", i), AgentRecord.builder().issue(100 + i)
                    .status(i % 10 == 0 ? "testing" : "implementing").lastAction("step " + i + " of the plan")
                    .timestamp(now).build());
        }
        repo.commitToCoordination(".ghp/agent-status.json", new String(StatusCodec.write(doc), StandardCharsets.UTF_8),
                "seed " + AGENTS + " agents");
    }

    @AfterEach
    void stopDaemons() {
        ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(daemonDir.toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    Launcher ghp() {
        return new Launcher(repo.dir()).env("GHP_DAEMON", "on").env("GHP_DAEMON_DIR", daemonDir.toString());
    }

    @Test
    void aThousandAgentTableIsServedWithoutAFullCollection() throws Exception {
        ghp().run("agent-status");
        long pid = awaitDaemon();
        // Warm: the first commands load classes and fill the daemon's caches (the decoded table).
        for (int i = 0; i < 5; i++) {
            assertThat(ghp().env("GHP_TRACE", "1").run("agent-status").err()).contains("run by the daemon (pid " + pid + ")");
        }
        Path gcLog = tmp.resolve("daemon-gc.log");
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        GitRepo.Result logging = new Launcher(tmp).runCommand(null,
                List.of(jcmd.toString(), Long.toString(pid), "VM.log", "output=" + gcLog, "what=gc=info"));
        assertThat(logging.exit()).as("jcmd: %s %s", logging.out(), logging.err()).isZero();

        for (int i = 0; i < COMMANDS; i++) {
            GitRepo.Result status = ghp().run("agent-status");
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.out().lines()).hasSize(AGENTS + 2);
        }

        String log = Files.readString(gcLog);
        assertThat(log).as("the daemon's GC log over %d commands", COMMANDS).contains("Pause Young").doesNotContain("Pause Full");
    }

    long awaitDaemon() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(daemonDir)) {
                try (var files = Files.list(daemonDir)) {
                    for (Path state : files.filter(p -> !p.getFileName().toString().matches(".*\\.(lock|log|spawn|tmp)$")).toList()) {
                        String[] fields = Files.readString(state).trim().split(" ");
                        if (fields.length > 2) {
                            long pid = Long.parseLong(fields[2]);
                            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                                return pid;
                            }
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no daemon started within 30 s");
    }
}
