package dev.ghp.agents.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code ghp} processes heartbeating at the same moment (docs/design.md#tests): every one must be on
 * the record afterwards. Half run in the main worktree and half in a linked one, so they meet only
 * in the common git directory, as GHP's agents do.
 */
class ConcurrentHeartbeatsIT {
    private static final int PROCESSES = Integer.getInteger("ghp.it.processes", 16);
    private static final int ROUNDS = Integer.getInteger("ghp.it.rounds", 5);

    @TempDir
    Path tmp;

    @Test
    void sixteenProcessesHeartbeatingAtOnceLoseNothingRoundAfterRound() throws Exception {
        GitRepo main = GitRepo.init(tmp, "repo");
        main.commitFile("README.md", "hi\n");
        GitRepo linked = main.addWorktree("repo-linked", "me/2-linked");
        int lost = 0;
        int commitsBefore = 0;
        long started = System.nanoTime();

        for (int round = 1; round <= ROUNDS; round++) {
            List<Process> processes = releasedTogether(round, main, linked);

            processes.get(0).waitFor(180, TimeUnit.SECONDS);
            long stillRunning = processes.stream().filter(Process::isAlive).count();
            for (int i = 0; i < processes.size(); i++) {
                Process p = processes.get(i);
                assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("process %d of round %d finished", i, round).isTrue();
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.exitValue()).as("exit of agent %d in round %d: %s", i, round, err).isZero();
                assertThat(out).as("--quiet prints nothing").isEmpty();
                assertThat(err).isEmpty();
            }

            JsonNode agents = Json.parseObject(main.showCoordination(".ghp/agent-status.json")).path("agents");
            int present = 0;
            for (int i = 1; i <= PROCESSES; i++) {
                if (("round " + round).equals(agents.path(agent(i)).path("lastAction").asText())) {
                    present++;
                }
            }
            lost += PROCESSES - present;
            int commits = main.coordinationCommits();
            System.out.printf("concurrency round %d: %d processes, %d heartbeats recorded, %d commits"
                    + " (%d others still running when agent-01 finished)%n", round, PROCESSES, present, commits - commitsBefore, stillRunning);
            assertThat(present).as("agents with this round's heartbeat in round %d", round).isEqualTo(PROCESSES);
            assertThat(agents.size()).isEqualTo(PROCESSES);
            assertThat(commits - commitsBefore).as("one commit per heartbeat in round %d", round).isEqualTo(PROCESSES);
            commitsBefore = commits;
        }

        main.assertFsckClean();
        assertThat(main.git("status", "--porcelain")).isEmpty();
        assertThat(linked.git("status", "--porcelain")).isEmpty();
        System.out.printf("concurrency: %d processes x %d rounds = %d heartbeats, entries lost: %d, fsck clean (%.1f s)%n",
                PROCESSES, ROUNDS, PROCESSES * ROUNDS, lost, (System.nanoTime() - started) / 1e9);
        assertThat(lost).isZero();
    }

    private static String agent(int i) {
        return String.format("agent-%02d", i);
    }

    /**
     * Starts every process behind a gate: a shell that blocks reading a FIFO, then execs
     * {@code bin/ghp}. When all are waiting, one write releases them together.
     */
    private List<Process> releasedTogether(int round, GitRepo main, GitRepo linked) throws Exception {
        Path gate = tmp.resolve("gate-" + round);
        Path ready = Files.createDirectories(tmp.resolve("ready-" + round));
        GitRepo.Result mkfifo = GitRepo.Processes.run(tmp, java.util.Map.of(), null, List.of("mkfifo", gate.toString()));
        assertThat(mkfifo.exit()).as(mkfifo.err()).isZero();
        List<Process> processes = new ArrayList<>();
        for (int i = 1; i <= PROCESSES; i++) {
            Path dir = i % 2 == 0 ? linked.dir() : main.dir();
            List<String> cmd = new ArrayList<>(List.of("bash", "-c",
                    "touch \"$1\"; read -r _ < \"$2\"; shift 2; exec \"$@\"", "gate",
                    ready.resolve(agent(i)).toString(), gate.toString()));
            cmd.addAll(Launcher.command(Launcher.BIN_GHP, "agent-heartbeat", "--agent", agent(i),
                    "--issue", Integer.toString(100 + i), "--status", "implementing", "--action", "round " + round, "--quiet"));
            processes.add(new Launcher(dir).builder(cmd).start());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.list(ready).count() < PROCESSES) {
            assertThat(System.nanoTime()).as("every process reached the gate").isLessThan(deadline);
            Thread.sleep(10);
        }
        Thread.sleep(100);
        // One newline per process; the writer stays open until all have read theirs (they exit after).
        Thread opener = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(gate)) {
                out.write("\n".repeat(PROCESSES).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (Process p : processes) {
                    p.waitFor(180, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        opener.setDaemon(true);
        opener.start();
        return processes;
    }
}
