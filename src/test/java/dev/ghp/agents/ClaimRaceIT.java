package dev.ghp.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code bin/ghp} processes claim the same issue at the same moment, round after round:
 * exactly one wins (exit 0), the other is refused (exit 3) naming the winner, and the record holds
 * the winner's claim only. The figures are printed, not asserted.
 */
class ClaimRaceIT {
    static final int ROUNDS = 30;

    @TempDir
    Path tmp;

    record Run(String agent, int exit, String err, long startNanos, long endNanos) {
    }

    @Test
    void twoProcessesClaimingTheSameIssueAtTheSameMomentExactlyOneWinsEveryRound() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "race\n");
        int winsA = 0;
        int winsB = 0;
        int overlapping = 0;
        List<Long> skews = new ArrayList<>();
        List<Long> walls = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            int issue = 1000 + round;
            int commitsBefore = repo.coordinationCommits();
            List<Run> runs = race(repo.dir(), issue, "racer-a", "racer-b");
            Run a = runs.get(0);
            Run b = runs.get(1);

            List<Run> winners = runs.stream().filter(r -> r.exit() == 0).toList();
            List<Run> losers = runs.stream().filter(r -> r.exit() == 3).toList();
            assertThat(winners).as("round %d: exits a=%d (%s) b=%d (%s)", round, a.exit(), a.err(), b.exit(), b.err()).hasSize(1);
            assertThat(losers).as("round %d", round).hasSize(1);
            Run winner = winners.get(0);
            Run loser = losers.get(0);
            assertThat(loser.err()).startsWith("ghp: error: issue #" + issue + " is claimed by " + winner.agent() + " (seen ");
            JsonNode agents = Json.parseObject(repo.showCoordination(".ghp/agent-status.json")).get("agents");
            assertThat(agents.get(winner.agent()).get("issue").asInt()).isEqualTo(issue);
            if (agents.has(loser.agent())) {
                assertThat(agents.get(loser.agent()).get("issue").asInt()).isNotEqualTo(issue);
            }
            assertThat(repo.coordinationCommits()).as("the loser wrote nothing").isEqualTo(commitsBefore + 1);

            if (winner.agent().equals("racer-a")) {
                winsA++;
            } else {
                winsB++;
            }
            if (a.startNanos() < b.endNanos() && b.startNanos() < a.endNanos()) {
                overlapping++;
            }
            skews.add(Math.abs(a.startNanos() - b.startNanos()) / 1_000);
            walls.add((Math.max(a.endNanos(), b.endNanos()) - Math.min(a.startNanos(), b.startNanos())) / 1_000_000);
        }
        repo.assertFsckClean();
        skews.sort(null);
        walls.sort(null);
        System.out.printf("claim race: %d rounds of 2 bin/ghp processes on one issue: exactly one winner in %d/%d rounds"
                        + " (racer-a won %d, racer-b won %d); processes overlapped in time in %d rounds;"
                        + " start skew median %d us, max %d us; round wall median %d ms, max %d ms%n",
                ROUNDS, winsA + winsB, ROUNDS, winsA, winsB, overlapping,
                skews.get(skews.size() / 2), skews.get(skews.size() - 1), walls.get(walls.size() / 2), walls.get(walls.size() - 1));
    }

    /** Starts both processes behind a barrier, so they are launched within microseconds of each other. */
    private static List<Run> race(Path dir, int issue, String... agents) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(agents.length);
        List<Thread> threads = new ArrayList<>();
        Run[] runs = new Run[agents.length];
        for (int i = 0; i < agents.length; i++) {
            int index = i;
            Thread t = new Thread(() -> runs[index] = claim(dir, issue, agents[index], barrier));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return List.of(runs);
    }

    private static Run claim(Path dir, int issue, String agent, CyclicBarrier barrier) {
        try {
            ProcessBuilder pb = new Launcher(dir).builder("agent-heartbeat", "--agent", agent,
                    "--issue", String.valueOf(issue), "--status", "implementing");
            Path err = Files.createTempFile("race", ".err");
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
            barrier.await(30, TimeUnit.SECONDS);
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out");
            }
            long end = System.nanoTime();
            String text = Files.readString(err, StandardCharsets.UTF_8);
            Files.delete(err);
            return new Run(agent, p.exitValue(), text, start, end);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
