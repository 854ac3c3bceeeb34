package dev.ghp.agents.hooks;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What heartbeat a hook event makes, given the agent's record as it is: a status to set or a
 * throttled refresh, or none. Hooks only refresh and mark turns; the status an agent reports
 * itself (planning, testing, blocked, done) is never overwritten by a hook, except the
 * {@code waiting} that the Stop hook itself set.
 */
public final class HookPlan {
    /** A hook fires after every tool call; one commit a minute is plenty to show the agent alive. */
    public static final Duration THROTTLE = Duration.ofSeconds(60);

    private static final Set<AgentStatus> WORKING = EnumSet.of(AgentStatus.STARTING, AgentStatus.PLANNING,
            AgentStatus.IMPLEMENTING, AgentStatus.TESTING, AgentStatus.REVIEWING);

    private HookPlan() {
    }

    /**
     * A hook's heartbeat, always silent: it sets {@code status}, or (status null) refreshes the
     * agent's entry at most once per {@code throttle}.
     */
    public record Beat(AgentStatus status, Duration throttle) {
        static Beat setting(AgentStatus status) {
            return new Beat(status, null);
        }

        static Beat throttled() {
            return new Beat(null, THROTTLE);
        }

        /** The same heartbeat as {@code ghp agent-heartbeat} arguments: what a person runs to do it by hand. */
        public List<String> args() {
            return status != null ? List.of("--status", status.wire(), "--quiet")
                    : List.of("--throttle", throttle.toSeconds() + "s", "--quiet");
        }
    }

    /**
     * @param current the agent's record, or null when it has none
     * @return the heartbeat the event makes, or none
     */
    public static Optional<Beat> heartbeat(HookEvent event, AgentRecord current) {
        return Optional.ofNullable(switch (event) {
            // Only a session start registers an agent: after a sign-off, the agent's next tool
            // call (often the very command that signed off) must not bring the entry back.
            case SESSION_START -> SessionEnds.endedBySession(current) ? Beat.setting(AgentStatus.STARTING) : Beat.throttled();
            case POST_TOOL_USE, USER_PROMPT_SUBMIT, POST_TOOL_USE_FAILURE -> current == null ? null
                    : status(current) == AgentStatus.WAITING ? Beat.setting(AgentStatus.IMPLEMENTING)
                    : Beat.throttled();
            case STOP, NOTIFICATION, STOP_FAILURE -> current == null ? null
                    : WORKING.contains(status(current)) ? Beat.setting(AgentStatus.WAITING)
                    : Beat.throttled();
            // The edit guard only reads: the tool call's PostToolUse makes the heartbeat. A wake run
            // only waits: the Stop that started it made the heartbeat. A session's end is recorded by
            // SessionEnds, a subagent's start by the subagent's own tool calls.
            case PRE_TOOL_USE, WAKE, SESSION_END, SUBAGENT_START -> null;
        });
    }

    /**
     * A hook run inside a subagent ({@link HookInput#inSubagent}): a tool call shows the parent
     * agent alive, throttled as its own are, and never changes its status (a background subagent
     * works while its parent waits for its human). Nothing else a subagent does is recorded.
     */
    public static Optional<Beat> subagentHeartbeat(HookEvent event, AgentRecord current) {
        boolean toolCall = event == HookEvent.POST_TOOL_USE || event == HookEvent.POST_TOOL_USE_FAILURE;
        return toolCall && current != null && !current.isDone() ? Optional.of(Beat.throttled()) : Optional.empty();
    }

    /**
     * Whether a notification means the agent now waits for its human: a permission prompt, an
     * idle prompt or an elicitation dialog (Claude Code; Copilot's permission prompt and elicitation
     * dialog), a tool permission (Gemini CLI). Installed matchers already pick these; a missing type
     * counts, as the matcher let it through. Copilot's hook has no matcher: its other notifications
     * (a shell or an agent finished) are of another type and make no heartbeat.
     */
    public static boolean waitsForHuman(String notificationType) {
        return notificationType == null || WAITING_NOTIFICATIONS.contains(notificationType);
    }

    private static final Set<String> WAITING_NOTIFICATIONS = Set.of("permission_prompt", "idle_prompt",
            "elicitation_dialog", "ToolPermission");

    /**
     * {@link #heartbeat} as {@code ghp agent-heartbeat} arguments, as docs/commands.md lists them.
     *
     * @return the arguments, or an empty list for no heartbeat
     */
    public static List<String> heartbeatArgs(HookEvent event, AgentRecord current) {
        return heartbeat(event, current).map(Beat::args).orElse(List.of());
    }

    private static AgentStatus status(AgentRecord r) {
        return r.knownStatus().orElse(null);
    }
}
