package dev.ghp.agents.merge;

import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Random and small record trees for tests in other packages. */
public final class RecordTreesForTests {
    private RecordTreesForTests() {
    }

    /** A few decisions about the random trees' agents, two of them about one subject. */
    private static final List<AgentDecision> DECISIONS = List.of(
            AgentDecision.of("dec-00000001", AgentDecision.Kind.ASSIGN, "worker-1", "lead", Records.at(1),
                    AgentDecision.SUBJECT_WORK, AgentDecision.Effect.work(2, List.of("src/1/**"), List.of()), null, null, null),
            AgentDecision.of("dec-00000002", AgentDecision.Kind.RELEASE, "worker-2", "ghp", Records.at(2), null,
                    AgentDecision.Effect.released(1, List.of("src/0/**"), null), null, null, null),
            AgentDecision.of("dec-00000003", AgentDecision.Kind.APPROVE, "worker-3", "human", Records.at(1), null,
                    AgentDecision.Effect.answered(List.of("src/1/**"), List.of()), "esc-00000001", null, null),
            AgentDecision.of("dec-00000004", AgentDecision.Kind.ASSIGN, "worker-1", "lead", Records.at(3),
                    AgentDecision.SUBJECT_WORK, AgentDecision.Effect.work(3, null, null), null, null, null),
            AgentDecision.of("dec-00000005", AgentDecision.Kind.HANDOFF, "worker-4", "worker-0", Records.at(2), null,
                    AgentDecision.Effect.released(1, List.of("src/0/**"), "done"), null, null, "worker-1"));

    public static RecordTree agent(String name, int issue) {
        return Records.tree(Map.of(name, Records.agent(issue, "implementing", "x", Records.at(1))));
    }

    /** A random variation of {@code from}: agents changed, added or removed (timestamps often tie), escalations, files. */
    public static RecordTree random(Random random, RecordTree from) {
        StatusDocument doc = Records.status(from);
        TreeMap<String, AgentRecord> agents = new TreeMap<>(doc.agents());
        int changes = random.nextInt(5);
        for (int i = 0; i < changes; i++) {
            String name = "worker-" + random.nextInt(5);
            if (random.nextInt(4) == 0) {
                agents.remove(name);
            } else {
                AgentRecord r = Records.agent(random.nextBoolean() ? null : 1 + random.nextInt(3),
                        random.nextBoolean() ? "implementing" : "done", "action " + random.nextInt(4),
                        Records.at(random.nextInt(4)));
                if (random.nextInt(3) == 0) {
                    r = r.toBuilder().files(List.of("src/" + random.nextInt(2) + "/**")).build();
                }
                agents.put(name, r);
            }
        }
        RecordTree tree = Records.withAgents(from, agents);
        if (random.nextBoolean()) {
            String id = String.format("esc-%08x", random.nextInt(3));
            boolean resolved = random.nextBoolean();
            tree = Records.with(tree, Records.escalation(id, resolved ? Escalation.RESOLVED : Escalation.OPEN,
                    Records.at(0), resolved ? Records.at(random.nextInt(3)) : null, resolved ? "answer " + random.nextInt(3) : null));
        }
        if (random.nextInt(3) == 0) {
            // Decision files are written once: the same id has the same content on every side.
            AgentDecision d = DECISIONS.get(random.nextInt(DECISIONS.size()));
            tree = tree.with(d.path(), FileContent.of(AgentDecision.write(d)));
        }
        if (random.nextBoolean()) {
            String path = random.nextBoolean() ? StorePaths.HANDOFFS + "/h" + random.nextInt(3) + ".md" : ".ghp/other/" + random.nextInt(2);
            tree = random.nextInt(3) == 0 ? tree.without(path) : tree.with(path, "content " + random.nextInt(3) + "\n");
        }
        return tree;
    }
}
