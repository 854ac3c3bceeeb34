package dev.ghp.agents.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.testing.Launcher;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test: a bare remote and three clones; in each clone several real
 * {@code bin/ghp} processes write at once and sync in random order (one clone also syncs
 * automatically after its writes); repeated with fresh repositories. Afterwards every clone holds
 * the same tree and nothing any process wrote is missing.
 *
 * <p>What "converge" means here (docs/sharing.md, "What a sync that exits 0 guarantees"): once the
 * writers are done, the clones sync one at a time, twice round (A, B, C, A, B, C). A sync that exits
 * 0 leaves the remote holding its clone's record, so after the first pass C holds everything, and
 * the second brings A and B to it (one pass alone leaves A and B behind C). Syncs that run alone
 * have no race to lose, so each of them must exit 0: "gave up" is legitimate only while the
 * writers race, and a quiet sync that gave up would leave its clone behind with nothing reported.
 * When the trees differ, the failure shows every clone's and the remote's tip and what each
 * quiet sync said it did.
 */
class SyncConvergenceIT {
    private static final int CLONES = 3;
    private static final int PROCESSES = 3;
    private static final int WRITES = 5;
    private static final int ROUNDS = Integer.getInteger("ghp.sync.rounds", 2);

    @TempDir
    Path tmp;

    @Test
    void threeClonesWritingAndSyncingAtOnceConvergeWithNothingLost() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            assertThat(runRound(round, new Random(4242L + round))).as("entries lost in round %d", round).isZero();
        }
    }

    /** One round of concurrent writes and syncs; returns how many written entries the converged record lacks. */
    private int runRound(int round, Random random) throws Exception {
        Path world = tmp.resolve("round-" + round);
        java.nio.file.Files.createDirectories(world);
        GitRepo remote = GitRemotes.bare(world, "remote.git");
        List<GitRepo> clones = new ArrayList<>();
        for (int c = 0; c < CLONES; c++) {
            clones.add(GitRemotes.cloneOf(remote, world, "clone-" + c));
        }
        Set<String> written = java.util.Collections.synchronizedSet(new TreeSet<>());
        AtomicInteger syncs = new AtomicInteger();
        AtomicInteger merges = new AtomicInteger();
        AtomicInteger lostRaces = new AtomicInteger();
        AtomicInteger gaveUp = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

        ExecutorService pool = Executors.newFixedThreadPool(CLONES * PROCESSES);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLONES; c++) {
            for (int p = 0; p < PROCESSES; p++) {
                GitRepo clone = clones.get(c);
                long seed = random.nextLong();
                Map<String, String> env = c == CLONES - 1 ? Map.of("GHP_AUTO_SYNC", "1s") : Map.of();
                String prefix = "c" + c + "-p" + p;
                running.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    for (int w = 0; w < WRITES; w++) {
                        String agent = prefix + "-w" + w;
                        GitRepo.Result hb = new Launcher(clone.dir()).env(env).run("agent-heartbeat", "--agent", agent,
                                "--status", "implementing", "--action", "write " + w + " of " + prefix, "--quiet");
                        if (hb.exit() != 0) {
                            failures.add(agent + ": heartbeat exit " + hb.exit() + ": " + hb.err());
                            continue;
                        }
                        written.add(agent);
                        if (r.nextBoolean()) {
                            GitRepo.Result s = new Launcher(clone.dir()).run("agent-sync", "--json");
                            count(s, syncs, merges, lostRaces, gaveUp, failures);
                        }
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        assertThat(failures).as("every heartbeat and sync succeeded").isEmpty();

        // Quiesce: every clone syncs in turn, twice round; alone, each sync must finish (exit 0).
        List<String> quiet = new ArrayList<>();
        for (int pass = 1; pass <= 2; pass++) {
            for (int c = 0; c < CLONES; c++) {
                GitRepo.Result s = new Launcher(clones.get(c).dir()).run("agent-sync", "--json");
                quiet.add("pass " + pass + " clone-" + c + ": exit " + s.exit() + " " + said(s));
                if (s.exit() == 0) {
                    count(s, syncs, merges, lostRaces, gaveUp, failures);
                } else {
                    failures.add("quiet sync of clone-" + c + " (pass " + pass + "): exit " + s.exit() + ": " + s.err());
                }
            }
        }
        assertThat(failures).as("the syncs after the writers, one at a time").isEmpty();

        // The figures first: a round whose trees differ still shows them.
        StatusDocument finalDoc = StatusCodec.parse(remote.showCoordinationIn("refs/ghp/coordination")
                .getBytes(StandardCharsets.UTF_8));
        int lost = 0;
        for (String agent : written) {
            if (!finalDoc.agents().containsKey(agent)) {
                lost++;
            }
        }
        System.out.printf("convergence round %d: %d clones, %d processes, %d writes, %d syncs (%d merges, %d lost push races,"
                        + " %d gave up), %d entries lost%n", round, CLONES, CLONES * PROCESSES, written.size(), syncs.get(),
                merges.get(), lostRaces.get(), gaveUp.get(), lost);

        String remoteTree = remote.git("rev-parse", "refs/ghp/coordination^{tree}").trim();
        List<String> tips = new ArrayList<>(List.of("remote: " + GitRemotes.tip(remote, "refs/ghp/coordination")));
        for (int c = 0; c < CLONES; c++) {
            tips.add("clone-" + c + ": " + GitRemotes.tip(clones.get(c), "refs/ghp/coordination"));
        }
        for (GitRepo clone : clones) {
            assertThat(clone.git("rev-parse", "refs/ghp/coordination^{tree}").trim())
                    .as("tree of %s; tips %s; the quiet syncs: %s", clone.dir(), tips, quiet)
                    .isEqualTo(remoteTree);
            clone.assertFsckClean();
        }
        remote.assertFsckClean();
        assertThat(written).hasSize(CLONES * PROCESSES * WRITES);
        return lost;
    }

    /** What a sync said it did, in one line: its outcome, rounds and the tips before and after. */
    private static String said(GitRepo.Result s) {
        try {
            JsonNode json = Json.parseObject(s.out());
            return json.path("outcome").asText() + " in " + json.path("rounds").asInt() + " round(s), local "
                    + json.path("local").path("before").asText() + " -> " + json.path("local").path("after").asText()
                    + ", remote " + json.path("remoteRecord").path("before").asText() + " -> "
                    + json.path("remoteRecord").path("after").asText();
        } catch (java.io.IOException e) {
            return s.err().strip();
        }
    }

    private static void count(GitRepo.Result s, AtomicInteger syncs, AtomicInteger merges, AtomicInteger lostRaces,
                              AtomicInteger gaveUp, List<String> failures) {
        syncs.incrementAndGet();
        if (s.exit() == 5 && s.err().contains("gave up syncing")) {
            gaveUp.incrementAndGet(); // legitimate under contention: the next sync carries it
            return;
        }
        if (s.exit() != 0) {
            failures.add("sync exit " + s.exit() + ": " + s.err());
            return;
        }
        try {
            JsonNode json = Json.parseObject(s.out());
            if ("merged".equals(json.path("outcome").asText())) {
                merges.incrementAndGet();
            }
            lostRaces.addAndGet(json.path("rounds").asInt() - 1);
        } catch (java.io.IOException e) {
            failures.add("sync printed no JSON: " + s.out());
        }
    }
}
