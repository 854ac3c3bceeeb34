package dev.ghp.agents.hooks;

/**
 * Cursor's hook output, JSON in snake case: {@code additional_context} at sessionStart, and
 * {@code followup_message} from a stop hook, which Cursor submits as the next user message. Its
 * afterFileEdit hook (our heartbeat after work) is observe-only: Cursor reads nothing from it, so
 * context for that moment is not printed there; it reaches the agent at its next stop. Its
 * preToolUse hook refuses a tool call with {@code {"permission": "deny", "user_message": …,
 * "agent_message": …}}: the same reason for the person and for the agent.
 */
public final class CursorDialect implements HookDialect {
    public static final CursorDialect INSTANCE = new CursorDialect();

    private CursorDialect() {
    }

    @Override
    public String render(HookEvent event, HookReply reply) {
        return switch (event) {
            case SESSION_START -> reply.context() == null ? "" : DialectJson.field("additional_context", reply.context());
            case STOP -> reply.blockReason() == null ? "" : DialectJson.field("followup_message", reply.blockReason());
            case PRE_TOOL_USE -> reply.blockReason() == null ? "" : DialectJson.cursorDenied(reply.blockReason());
            case POST_TOOL_USE, USER_PROMPT_SUBMIT, NOTIFICATION, STOP_FAILURE, POST_TOOL_USE_FAILURE, SESSION_END,
                    SUBAGENT_START -> "";
        };
    }
}
