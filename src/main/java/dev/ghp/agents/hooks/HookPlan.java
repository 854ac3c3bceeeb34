package dev.ghp.agents.hooks;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What heartbeat a hook event makes, given the agent's record as it is: the arguments for
 * {@code ghp agent-heartbeat}, or none. Hooks only refresh and mark turns; the status an agent
 * reports itself (planning, testing, blocked, done) is never overwritten by a hook, except the
 * {@code waiting} that the Stop hook itself set.
 */
public final class HookPlan {
    /** A hook fires after every tool call; one commit a minute is plenty to show the agent alive. */
    public static final String THROTTLE = "60s";

    private static final Set<AgentStatus> WORKING = EnumSet.of(AgentStatus.STARTING, AgentStatus.PLANNING,
            AgentStatus.IMPLEMENTING, AgentStatus.TESTING, AgentStatus.REVIEWING);

    private HookPlan() {
    }

    /**
     * @param current the agent's record, or null when it has none
     * @return the heartbeat's arguments, or an empty list for no heartbeat
     */
    public static List<String> heartbeatArgs(HookEvent event, AgentRecord current) {
        return switch (event) {
            // Only a session start registers an agent: after a sign-off, the agent's next tool
            // call (often the very command that signed off) must not bring the entry back.
            case SESSION_START -> throttled();
            case POST_TOOL_USE -> current == null ? List.of()
                    : status(current) == AgentStatus.WAITING ? List.of("--status", AgentStatus.IMPLEMENTING.wire(), "--quiet")
                    : throttled();
            case STOP -> current == null ? List.of()
                    : WORKING.contains(status(current)) ? List.of("--status", AgentStatus.WAITING.wire(), "--quiet")
                    : throttled();
        };
    }

    private static List<String> throttled() {
        return List.of("--throttle", THROTTLE, "--quiet");
    }

    private static AgentStatus status(AgentRecord r) {
        return r.knownStatus().orElse(null);
    }
}
