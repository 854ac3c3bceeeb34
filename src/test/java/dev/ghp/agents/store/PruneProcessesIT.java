package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.testing.Launcher;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning with real processes through the launcher, on a history big enough that a prune takes a
 * while: killed with {@code kill -9} at any moment it leaves the ref on a valid commit with the
 * same state, and git's own checker finds nothing wrong; heartbeats racing it lose nothing.
 */
class PruneProcessesIT {
    private static final int HISTORY = 40_000;
    private static final int LIMIT = 10_000;
    private static final List<String> AGENTS = List.of("worker-1", "worker-2", "worker-3");

    @TempDir
    Path tmp;
    GitRepo repo;
    String originalTip;
    String originalTree;

    @BeforeEach
    void bigHistory() throws IOException {
        repo = GitRepo.init(tmp, "repo");
        Files.createDirectories(repo.dir().resolve(".ghp"));
        Files.writeString(repo.dir().resolve(".ghp/config.json"),
                "{\"agents\": {\"history\": {\"maxCommits\": " + LIMIT + ", \"maxAge\": \"30d\"}}}\n");
        GitRepo.Result r = GitRepo.Processes.run(repo.dir(), GitRepo.GIT_ENV, fastImport(HISTORY),
                List.of("git", "fast-import", "--quiet"));
        assertThat(r.exit()).as(r.err()).isZero();
        originalTip = repo.git("rev-parse", StorePaths.REF).trim();
        originalTree = repo.git("rev-parse", StorePaths.REF + "^{tree}").trim();
    }

    /**
     * A history as heartbeats leave it, one commit a second up to now, with the trailers; an
     * escalation and a handoff written early on and never touched again.
     */
    private static String fastImport(int commits) {
        long start = Instant.now().getEpochSecond() - commits;
        Instant since = Instant.ofEpochSecond(start + 1).truncatedTo(ChronoUnit.SECONDS);
        StringBuilder s = new StringBuilder(commits * 300);
        for (int c = 1; c <= commits; c++) {
            String agent = AGENTS.get(c % AGENTS.size());
            String message = "heartbeat " + agent + " #7 implementing\n\nGhp-History: generation=" + c + " since=" + since + "\n";
            s.append("commit ").append(StorePaths.REF).append('\n')
                    .append("author ").append(agent).append(" <").append(agent).append("@ghp-agents.invalid> ")
                    .append(start + c).append(" +0000\n")
                    .append("committer ").append(agent).append(" <").append(agent).append("@ghp-agents.invalid> ")
                    .append(start + c).append(" +0000\n");
            data(s, message);
            if (c == 1) {
                inline(s, ".ghp/escalations/esc-7f3a9c.json", "{\"id\": \"esc-7f3a9c\", \"status\": \"open\"}\n");
                inline(s, ".ghp/handoffs/7-worker-1-20261101T080000Z.md", "# Handoff\n\nParser done.\n");
            }
            StringBuilder status = new StringBuilder("{\n  \"schemaVersion\": 1,\n  \"agents\": {\n");
            for (int a = 0; a < AGENTS.size(); a++) {
                status.append("    \"").append(AGENTS.get(a)).append("\": {\"issue\": 7, \"status\": \"implementing\", ")
                        .append("\"lastAction\": \"step ").append(c - a).append("\", \"timestamp\": \"")
                        .append(Instant.ofEpochSecond(start + c)).append("\"}").append(a + 1 < AGENTS.size() ? ",\n" : "\n");
            }
            inline(s, StorePaths.STATUS, status.append("  }\n}\n").toString());
            s.append('\n');
        }
        return s.toString();
    }

    private static void inline(StringBuilder s, String path, String content) {
        s.append("M 100644 inline ").append(path).append('\n');
        data(s, content);
    }

    private static void data(StringBuilder s, String content) {
        s.append("data ").append(content.getBytes(StandardCharsets.UTF_8).length).append('\n').append(content);
    }

    @Test
    void aPruneKilledAtAnyMomentLeavesAValidRefAndLosesNothing() throws Exception {
        List<String> outcomes = new ArrayList<>();
        List<Killer> killers = List.of(
                after(150), after(400), after(700), after(1000), after(1500), after(2200), after(3200),
                whenFileAppears("insert_*.pack in objects", () -> exists(objects(), "insert_")),
                whenFileAppears("insert_*.pack in objects, then 30 ms", () -> exists(objects(), "insert_")).plus(30),
                // The swap follows the flush within a millisecond or two, so this one mostly finishes.
                whenFileAppears("a new pack in objects/pack", this::newPackAppeared));
        for (int i = 0; i < killers.size(); i++) {
            repo.git("update-ref", StorePaths.REF, originalTip);
            packsBefore = packs();
            Process prune = ghp().env("GHP_AGENT", "pruner").builder("agent-prune", "--quiet")
                    .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile()).start();
            boolean killed = killers.get(i).kill(prune);
            assertThat(prune.waitFor(120, TimeUnit.SECONDS)).isTrue();
            if (!killed) {
                assertThat(prune.exitValue()).as(Files.readString(tmp.resolve("err"))).isZero();
            }
            int commits = repo.coordinationCommits();
            outcomes.add(killers.get(i).name() + ": " + (killed ? "killed" : "finished") + ", " + commits + " commits");

            assertThat(commits).as("history is either untouched or pruned").isIn(HISTORY, LIMIT);
            assertThat(repo.git("rev-parse", StorePaths.REF + "^{tree}").trim()).as("the state is unchanged").isEqualTo(originalTree);
            repo.assertFsckClean();

            String agent = "after-kill-" + i;
            GitRepo.Result beat = ghp().run("agent-heartbeat", "--agent", agent, "--issue", "8",
                    "--action", "works after kill " + i, "--quiet");
            assertThat(beat.exit()).as(beat.err()).isZero();
            String status = repo.showCoordination(StorePaths.STATUS);
            assertThat(status).contains("\"" + agent + "\"", "works after kill " + i);
            for (String a : AGENTS) {
                assertThat(status).contains("\"" + a + "\"");
            }
            assertThat(repo.git("ls-tree", "-r", "--name-only", StorePaths.REF))
                    .contains(".ghp/escalations/esc-7f3a9c.json", ".ghp/handoffs/7-worker-1-20261101T080000Z.md");
        }
        System.out.println("PruneProcessesIT outcomes:\n  " + String.join("\n  ", outcomes));
        assertThat(outcomes).as("at least one prune was killed part way").anyMatch(o -> o.contains("killed, " + HISTORY));

        // And a prune left to finish after all that still works, and git gc can drop the old commits.
        repo.git("update-ref", StorePaths.REF, originalTip);
        GitRepo.Result prune = ghp().run("agent-prune", "--json");
        assertThat(prune.exit()).as(prune.err()).isZero();
        assertThat(prune.out()).contains("\"removedCommits\": " + (HISTORY - LIMIT + 1));
        assertThat(repo.coordinationCommits()).isEqualTo(LIMIT);
        repo.git("gc", "-q", "--prune=now");
        assertThat(repo.run("cat-file", "-e", originalTip).exit()).isNotZero();
        repo.assertFsckClean();
    }

    @Test
    void heartbeatsRacingAPruneAreAllKept() throws Exception {
        int writers = 4;
        int beats = 5;
        List<Process> processes = new ArrayList<>();
        processes.add(ghp().env("GHP_AGENT", "pruner").builder("agent-prune", "--quiet")
                .redirectOutput(tmp.resolve("prune.out").toFile()).redirectError(tmp.resolve("prune.err").toFile()).start());
        for (int w = 1; w <= writers; w++) {
            String loop = "for i in $(seq 1 " + beats + "); do \"$GHP\" agent-heartbeat --agent racer-" + w
                    + " --issue " + (10 + w) + " --action \"beat $i\" --quiet || exit 1; done";
            ProcessBuilder pb = ghp().env("GHP", Launcher.BIN_GHP.toString()).builder(List.of("bash", "-c", loop));
            pb.redirectOutput(tmp.resolve("racer-" + w + ".out").toFile()).redirectError(tmp.resolve("racer-" + w + ".err").toFile());
            processes.add(pb.start());
        }
        for (int p = 0; p < processes.size(); p++) {
            assertThat(processes.get(p).waitFor(300, TimeUnit.SECONDS)).isTrue();
            Path err = p == 0 ? tmp.resolve("prune.err") : tmp.resolve("racer-" + p + ".err");
            assertThat(processes.get(p).exitValue()).as(Files.readString(err)).isZero();
        }

        assertThat(repo.coordinationCommits()).as("pruned, by agent-prune or by the first heartbeat past the limit")
                .isBetween(LIMIT, LIMIT + writers * beats + 1);
        String status = repo.showCoordination(StorePaths.STATUS);
        for (int w = 1; w <= writers; w++) {
            assertThat(status).contains("\"racer-" + w + "\"");
            assertThat(repo.git("log", "--format=%s", "--author=^racer-" + w + " <", StorePaths.REF).lines().count())
                    .as("every heartbeat of racer-%d is in the history", w).isEqualTo(beats);
        }
        assertThat(status.lines().filter(l -> l.contains("\"lastAction\": \"beat " + beats + "\"")).count()).isEqualTo(writers);
        repo.assertFsckClean();
    }

    private Launcher ghp() {
        return new Launcher(repo.dir());
    }

    private Set<Path> packsBefore = Set.of();

    private Path objects() {
        return repo.dir().resolve(".git/objects");
    }

    private Set<Path> packs() throws IOException {
        try (Stream<Path> s = Files.list(objects().resolve("pack"))) {
            return Set.copyOf(s.filter(p -> p.toString().endsWith(".idx")).toList());
        }
    }

    private boolean newPackAppeared() {
        try {
            return !packsBefore.containsAll(packs());
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean exists(Path dir, String prefix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(prefix));
        } catch (IOException e) {
            return false;
        }
    }

    /** When to send SIGKILL to the prune; says whether it did (false: the prune had already finished). */
    private record Killer(String name, BooleanSupplier trigger, long timeoutMillis, long extraDelayMillis) {
        Killer plus(long millis) {
            return new Killer(name, trigger, timeoutMillis, extraDelayMillis + millis);
        }

        boolean kill(Process p) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (p.isAlive() && !trigger.getAsBoolean() && System.currentTimeMillis() < deadline) {
                Thread.sleep(1);
            }
            if (extraDelayMillis > 0) {
                Thread.sleep(extraDelayMillis);
            }
            if (!p.isAlive()) {
                return false;
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            return true;
        }
    }

    private static Killer after(long millis) {
        return new Killer("after " + millis + " ms", () -> false, millis, 0);
    }

    private static Killer whenFileAppears(String what, BooleanSupplier trigger) {
        return new Killer("when " + what, trigger, 60_000, 0);
    }
}
