package dev.ghp.agents.merge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Builders for record trees in merge tests: agents, escalations and files without git. */
final class Records {
    static final Instant T0 = Instant.parse("2025-01-25T10:00:00Z");

    private Records() {
    }

    static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    static AgentRecord agent(Integer issue, String status, String action, Instant when) {
        return AgentRecord.builder().issue(issue).status(status).lastAction(action).timestamp(when).build();
    }

    static AgentRecord agent(String action, Instant when) {
        return agent(null, "implementing", action, when);
    }

    static RecordTree withAgents(RecordTree tree, Map<String, AgentRecord> agents) {
        return withStatus(tree, new StatusDocument(1, new TreeMap<>(agents), Map.of()));
    }

    static RecordTree withStatus(RecordTree tree, StatusDocument doc) {
        return tree.with(StorePaths.STATUS, FileContent.of(StatusCodec.write(doc)));
    }

    static RecordTree tree(Map<String, AgentRecord> agents) {
        return withAgents(RecordTree.EMPTY, agents);
    }

    static StatusDocument status(RecordTree tree) {
        try {
            return tree.get(StorePaths.STATUS).isEmpty() ? StatusDocument.empty()
                    : StatusCodec.parse(tree.get(StorePaths.STATUS).get().bytes());
        } catch (StatusCodec.FormatException e) {
            throw new AssertionError(e);
        }
    }

    static Escalation escalation(String id, String status, Instant created, Instant resolved, String answer) {
        return new Escalation(id, "question", status, "which parser?", 147, "worker-1", created, answer,
                resolved == null ? null : "human", resolved, Map.<String, JsonNode>of());
    }

    static RecordTree with(RecordTree tree, Escalation e) {
        return tree.with(e.path(), FileContent.of(EscalationCodec.write(e)));
    }

    static Escalation escalationAt(RecordTree tree, String id) {
        try {
            return EscalationCodec.parse(tree.get(Escalation.pathOf(id)).orElseThrow().bytes());
        } catch (StatusCodec.FormatException e) {
            throw new AssertionError(e);
        }
    }
}
