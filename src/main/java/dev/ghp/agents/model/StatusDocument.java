package dev.ghp.agents.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The whole of {@code .ghp/agent-status.json}: the agents by name, plus any top-level fields a
 * newer tool wrote, kept as they were.
 */
public record StatusDocument(int schemaVersion, SortedMap<String, AgentRecord> agents, Map<String, JsonNode> extra) {

    /** The schema this version writes and the newest it can read. */
    public static final int SCHEMA_VERSION = 1;

    public StatusDocument {
        agents = Collections.unmodifiableSortedMap(new TreeMap<>(agents));
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    public static StatusDocument empty() {
        return new StatusDocument(SCHEMA_VERSION, new TreeMap<>(), Map.of());
    }

    public StatusDocument withAgent(String name, AgentRecord agent) {
        TreeMap<String, AgentRecord> next = new TreeMap<>(agents);
        next.put(name, agent);
        return new StatusDocument(schemaVersion, next, extra);
    }

    public StatusDocument withoutAgent(String name) {
        TreeMap<String, AgentRecord> next = new TreeMap<>(agents);
        next.remove(name);
        return new StatusDocument(schemaVersion, next, extra);
    }
}
