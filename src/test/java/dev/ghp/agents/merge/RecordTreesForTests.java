package dev.ghp.agents.merge;

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
        if (random.nextBoolean()) {
            String path = random.nextBoolean() ? StorePaths.HANDOFFS + "/h" + random.nextInt(3) + ".md" : ".ghp/other/" + random.nextInt(2);
            tree = random.nextInt(3) == 0 ? tree.without(path) : tree.with(path, "content " + random.nextInt(3) + "\n");
        }
        return tree;
    }
}
