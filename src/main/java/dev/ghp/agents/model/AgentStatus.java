package dev.ghp.agents.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What an agent says it is doing. The wire form is the lower-case name. */
public enum AgentStatus {
    STARTING, PLANNING, IMPLEMENTING, TESTING, REVIEWING, BLOCKED, WAITING, DONE;

    // Looked up for every agent on every read and render: once per status, not once per call.
    private final String wire = name().toLowerCase(Locale.ROOT);
    private final Optional<AgentStatus> some = Optional.of(this);
    private static final AgentStatus[] ALL = values();

    public String wire() {
        return wire;
    }

    /** The status for a wire value, or empty for a value this version does not know. */
    public static Optional<AgentStatus> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        // A record's status is the wire string itself (canonical): sorting and rendering 1,000 agents
        // look it up tens of thousands of times, and a comparison of references is all that takes.
        for (AgentStatus s : ALL) {
            if (s.wire == value) {
                return s.some;
            }
        }
        for (AgentStatus s : ALL) {
            if (s.wire.equals(value)) {
                return s.some;
            }
        }
        return Optional.empty();
    }

    /** The one shared instance of a known wire value (an equal string); any other value as it is. */
    public static String canonical(String value) {
        if (value != null) {
            for (AgentStatus s : ALL) {
                if (s.wire.equals(value)) {
                    return s.wire;
                }
            }
        }
        return value;
    }

    /** "starting, planning, …" for error messages and help. */
    public static String allWire() {
        return Arrays.stream(values()).map(AgentStatus::wire).collect(Collectors.joining(", "));
    }
}
