package dev.ghp.agents.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decisions older than the history horizon go (#21): their files are removed, and their ids from
 * every record's {@code decided}, which then lists only decisions that still exist. The agent
 * table records the horizon ({@link #PRUNED_BEFORE}), so that a merge with a clone that still holds
 * a pruned file (one offline longer than the horizon, whose history no longer meets this one's) does
 * not bring it back or carry it out again (merge/DecisionHorizon).
 */
public final class DecisionPrune {
    /** The agent-table field: decisions dated before it were pruned, and a merge drops any it meets. */
    public static final String PRUNED_BEFORE = "decisionsPrunedBefore";

    private DecisionPrune() {
    }

    /** @param removed the ids of the decisions removed; empty when nothing was older than the horizon */
    public record Result(Change change, List<String> removed) {
    }

    /** The change that prunes the decisions of {@code snapshot} dated before {@code horizon}, or a result without one. */
    public static Result plan(Snapshot snapshot, Instant horizon, String author) {
        List<String> removed = new ArrayList<>();
        Set<String> kept = new TreeSet<>();
        for (Map.Entry<String, byte[]> f : snapshot.files(StorePaths.DECISIONS).entrySet()) {
            String name = f.getKey();
            String id = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
            AgentDecision d = f.getValue() == Snapshot.OVERSIZED ? null : parse(f.getValue());
            // An undated decision has nothing to keep it by; one this version cannot read is not its to remove.
            if (d != null && d.id().equals(id) && (d.at() == null || d.at().isBefore(horizon))) {
                removed.add(id);
            } else {
                kept.add(id);
            }
        }
        if (removed.isEmpty()) {
            return new Result(null, removed);
        }
        Change c = Change.of("prune decisions: removed " + removed.size() + " dated before "
                + StatusCodec.formatInstant(horizon), author);
        removed.forEach(id -> c.delete(AgentDecision.pathOf(id)));
        c.putStatus(withHorizon(onlyExisting(snapshot.status(), kept), horizon));
        return new Result(c, removed);
    }

    /** The horizon a record was pruned to, or null. */
    public static Instant horizon(StatusDocument doc) {
        JsonNode n = doc.extra().get(PRUNED_BEFORE);
        return n == null || !n.isTextual() ? null : StatusCodec.parseInstant(n.textValue());
    }

    /** {@code doc} with each record's {@code decided} cut to the {@code existing} ids (a record left with none loses the field). */
    public static StatusDocument onlyExisting(StatusDocument doc, Set<String> existing) {
        StatusDocument out = doc;
        for (Map.Entry<String, AgentRecord> e : doc.agents().entrySet()) {
            List<String> ids = AgentDecision.decided(e.getValue());
            List<String> still = ids.stream().filter(existing::contains).toList();
            if (still.size() == ids.size()) {
                continue;
            }
            Map<String, JsonNode> extra = new LinkedHashMap<>(e.getValue().extra());
            if (still.isEmpty()) {
                extra.remove(AgentDecision.DECIDED);
            } else {
                ArrayNode list = Json.array();
                still.forEach(list::add);
                extra.put(AgentDecision.DECIDED, list);
            }
            out = out.withAgent(e.getKey(), e.getValue().toBuilder().extra(extra).build());
        }
        return out;
    }

    private static StatusDocument withHorizon(StatusDocument doc, Instant horizon) {
        Instant before = horizon(doc);
        if (before != null && !before.isBefore(horizon)) {
            return doc;
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>(doc.extra());
        extra.put(PRUNED_BEFORE, TextNode.valueOf(StatusCodec.formatInstant(horizon)));
        return new StatusDocument(doc.schemaVersion(), doc.agents(), extra);
    }

    private static AgentDecision parse(byte[] bytes) {
        try {
            return AgentDecision.parse(bytes);
        } catch (StatusCodec.FormatException | RuntimeException e) {
            return null;
        }
    }
}
