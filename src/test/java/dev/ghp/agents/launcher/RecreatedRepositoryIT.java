package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository deleted and created again at the same path (a re-clone, a reused CI workspace)
 * between commands the daemon runs: each round is written into the repository that is there now,
 * and {@code git fsck --strict} stays clean. The daemon kept the first repository open; JGit's
 * caches of it once made the inserter skip objects of the new one.
 */
class RecreatedRepositoryIT {
    private static final int ROUNDS = 5;

    @TempDir
    Path tmp;

    @AfterEach
    void stopDaemons() throws IOException {
        daemonPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private List<Long> daemonPids() throws IOException {
        Path daemonDir = tmp.resolve("run/ghp-agents");
        if (!Files.isDirectory(daemonDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(daemonDir)) {
            return files.filter(p -> !p.getFileName().toString().matches(".*\\.(lock|log|spawn|tmp)$"))
                    .flatMap(state -> DaemonIT.pidIn(state).stream()).toList();
        }
    }

    /** The first command starts the daemon in the background; the rounds after it must run in it. */
    private void awaitDaemon() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (daemonPids().stream().anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no daemon started within 30 s");
    }

    @Test
    void everyRoundOnARecreatedRepositoryIsWrittenWholeThroughTheDaemon() throws Exception {
        Path dir = tmp.resolve("r");
        Launcher ghp = new Launcher(dir).env("GHP_DAEMON", "on").env("GHP_DAEMON_DIR", tmp.resolve("run/ghp-agents").toString())
                .env("GHP_TRACE", "1");
        for (int round = 1; round <= ROUNDS; round++) {
            deleteTree(dir);
            GitRepo repo = GitRepo.init(tmp, "r");
            repo.commitFile("README.md", "round " + round + "\n");

            GitRepo.Result claim = ghp.run("agent-heartbeat", "--agent", "w1", "--files", "src/**");
            GitRepo.Result signOff = ghp.run("agent-heartbeat", "--agent", "w1", "--sign-off");

            assertThat(List.of(claim.exit(), signOff.exit())).as("round %d: %s %s", round, claim.err(), signOff.err())
                    .containsExactly(0, 0);
            if (round == 1) {
                awaitDaemon();
            } else {
                assertThat(List.of(claim.err(), signOff.err())).as("round %d ran in the daemon", round)
                        .allMatch(err -> err.contains("run by the daemon"));
            }
            repo.assertFsckClean();
            assertThat(repo.coordinationCommits()).as("round %d", round).isEqualTo(2);
            assertThat(repo.showCoordination(".ghp/agent-status.json")).doesNotContain("w1");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
