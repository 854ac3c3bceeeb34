package dev.ghp.agents.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.merge.ClaimConflicts;
import dev.ghp.agents.merge.RecordMerge;
import dev.ghp.agents.merge.RecordTree;
import dev.ghp.agents.rules.ScopeOverlap;
import dev.ghp.agents.model.StorePaths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Property-style tests of the merge over whole histories, with seeded randomness so a failure names
 * the seed that reproduces it: random writes on several clones, synced in random orders (with lost
 * push races and direct clone-to-clone merges that make criss-cross histories).
 */
class MergeConvergencePropertiesTest {
    private static final String[] AGENTS = {"worker-1", "worker-2", "worker-3", "worker-4", "worker-5", "worker-6"};

    @Test
    void randomWritesAndSyncsInAnyOrderConvergeOnTheLastWriteOfEveryEntry() {
        int histories = 300;
        int totalMerges = 0;
        int totalLeaseLosses = 0;
        int totalCrissCross = 0;
        for (int seed = 1; seed <= histories; seed++) {
            Random random = new Random(seed);
            MergeSimulation sim = new MergeSimulation(2 + random.nextInt(3), Duration.ofMinutes(10));
            int escalations = 0;
            int steps = 20 + random.nextInt(60);
            for (int step = 0; step < steps; step++) {
                int clone = random.nextInt(sim.clones());
                int what = random.nextInt(100);
                if (what < 40) {
                    sim.heartbeat(clone, AGENTS[random.nextInt(AGENTS.length)], null);
                } else if (what < 50) {
                    sim.signOff(clone, AGENTS[random.nextInt(AGENTS.length)]);
                } else if (what < 56) {
                    sim.openEscalation(clone, String.format("esc-%08x", seed * 1000 + escalations++));
                } else if (what < 62 && escalations > 0) {
                    sim.resolveEscalation(clone, String.format("esc-%08x", seed * 1000 + random.nextInt(escalations)));
                } else if (what < 66) {
                    sim.handoff(clone, "h" + step);
                } else if (what < 76) {
                    sim.fetch(clone);
                } else if (what < 92) {
                    sim.mergeAndPush(clone);
                } else {
                    sim.peerMerge(clone, random.nextInt(sim.clones()));
                }
            }
            sim.quiesce();

            RecordTree result = sim.tree(0);
            for (int c = 1; c < sim.clones(); c++) {
                assertThat(sim.tree(c).sameAs(result)).as("seed %d: clone %d holds the same tree as clone 0", seed, c).isTrue();
            }
            assertThat(sim.lostEntries(result)).as("seed %d: entries lost; history:%n%s", seed, String.join("\n", sim.trace)).isEmpty();
            totalMerges += sim.merges;
            totalLeaseLosses += sim.leaseLosses;
            totalCrissCross += sim.crissCrossMerges;
        }
        System.out.printf("merge properties: %d random histories, %d merges (%d with several merge bases), %d lost push races,"
                + " 0 entries lost%n", histories, totalMerges, totalCrissCross, totalLeaseLosses);
        assertThat(totalCrissCross).as("the histories include criss-cross merges").isPositive();
    }

    @Test
    void theSameOfflineWritesGiveOneResultWhateverTheOrderOfSyncs() {
        for (int seed = 1; seed <= 150; seed++) {
            Random writes = new Random(seed);
            int clones = 2 + writes.nextInt(3);
            List<long[]> script = new ArrayList<>();
            int steps = 10 + writes.nextInt(30);
            for (int i = 0; i < steps; i++) {
                script.add(new long[]{writes.nextInt(clones), writes.nextInt(100), writes.nextInt(AGENTS.length), writes.nextInt(3)});
            }
            RecordTree first = null;
            int orders = 6;
            for (int order = 0; order < orders; order++) {
                MergeSimulation sim = new MergeSimulation(clones, Duration.ofMinutes(10));
                replay(sim, script);
                Random syncs = new Random(seed * 7919L + order);
                for (int s = 0; s < 3 * clones; s++) {
                    int c = syncs.nextInt(clones);
                    if (syncs.nextInt(4) == 0) {
                        sim.peerMerge(c, syncs.nextInt(clones));
                    } else {
                        sim.sync(c);
                    }
                }
                sim.quiesce();
                RecordTree result = sim.tree(0);
                assertThat(sim.lost(result)).as("seed %d order %d: entries lost", seed, order).isZero();
                if (first == null) {
                    first = result;
                    assertThat(conflicts(result)).as("seed %d: one conflict per clashing pair from different clones", seed)
                            .isEqualTo(expectedConflicts(sim, script, clones));
                } else {
                    assertThat(result.sameAs(first)).as("seed %d: order %d gives the same tree as order 0", seed, order).isTrue();
                }
            }
        }
    }

    /** Writes happen on each agent's home clone (agent i lives on clone i % clones), with issues that may clash. */
    private static void replay(MergeSimulation sim, List<long[]> script) {
        for (long[] step : script) {
            String agent = AGENTS[(int) step[2]];
            int home = (int) (step[2] % sim.clones());
            if (step[1] < 70) {
                sim.heartbeat(home, agent, 1 + (int) step[3]);
            } else if (step[1] < 80) {
                sim.signOff(home, agent);
            } else {
                sim.handoff((int) step[0], "h-" + step[0] + "-" + step[1] + "-" + step[2]);
            }
        }
    }

    private static TreeSet<String> conflicts(RecordTree tree) {
        TreeSet<String> ids = new TreeSet<>();
        tree.files().keySet().stream().filter(p -> p.startsWith(StorePaths.ESCALATIONS + "/"))
                .forEach(p -> ids.add(p.substring(StorePaths.ESCALATIONS.length() + 1, p.length() - 5)));
        return ids;
    }

    /** Every pair of live agents from different clones whose final records claim the same issue. */
    private static TreeSet<String> expectedConflicts(MergeSimulation sim, List<long[]> script, int clones) {
        TreeSet<String> ids = new TreeSet<>();
        Map<String, AgentRecord> agents = sim.expectedAgents();
        List<String> names = new ArrayList<>(agents.keySet());
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                int homeA = java.util.Arrays.asList(AGENTS).indexOf(names.get(i)) % clones;
                int homeB = java.util.Arrays.asList(AGENTS).indexOf(names.get(j)) % clones;
                AgentRecord a = agents.get(names.get(i));
                AgentRecord b = agents.get(names.get(j));
                if (homeA != homeB && a.issue().equals(b.issue())) {
                    ids.add(escalationId(names.get(i), names.get(j), a.issue()));
                }
            }
        }
        return ids;
    }

    private static String escalationId(String a, String b, int issue) {
        RecordMerge m = new RecordMerge(new ClaimConflicts(Duration.ofMinutes(10), ScopeOverlap.EXACT));
        RecordTree one = dev.ghp.agents.merge.RecordTreesForTests.agent(a, issue);
        RecordTree two = dev.ghp.agents.merge.RecordTreesForTests.agent(b, issue);
        Escalation e = m.merge(RecordTree.EMPTY, RecordMerge.Side.of(one), RecordMerge.Side.of(two)).conflicts().get(0);
        return e.id();
    }

    @Test
    void randomTreesMergeTheSameWhicheverSideRunsTheMerge() {
        RecordMerge merge = new RecordMerge(new ClaimConflicts(Duration.ofMinutes(10), ScopeOverlap.EXACT));
        for (int seed = 1; seed <= 500; seed++) {
            Random random = new Random(seed);
            RecordTree base = dev.ghp.agents.merge.RecordTreesForTests.random(random, RecordTree.EMPTY);
            RecordTree ours = dev.ghp.agents.merge.RecordTreesForTests.random(random, base);
            RecordTree theirs = dev.ghp.agents.merge.RecordTreesForTests.random(random, base);

            RecordTree a = merge.merge(base, RecordMerge.Side.of(ours), RecordMerge.Side.of(theirs)).tree();
            RecordTree b = merge.merge(base, RecordMerge.Side.of(theirs), RecordMerge.Side.of(ours)).tree();

            assertThat(a.sameAs(b)).as("seed %d: symmetric", seed).isTrue();
            assertThat(merge.merge(base, RecordMerge.Side.of(ours), RecordMerge.Side.of(ours)).tree().sameAs(ours))
                    .as("seed %d: merging a tree with itself changes nothing", seed).isTrue();
            assertThat(merge.merge(base, RecordMerge.Side.of(base), RecordMerge.Side.of(theirs)).tree().sameAs(theirs))
                    .as("seed %d: an unchanged side takes the other", seed).isTrue();
        }
    }
}
