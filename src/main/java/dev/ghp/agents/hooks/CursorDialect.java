package dev.ghp.agents.hooks;

/**
 * Cursor's hook output, JSON in snake case: {@code additional_context} at sessionStart and after
 * every tool call (its generic postToolUse, which replaced our afterFileEdit heartbeat: that one
 * was observe-only and came only after edits), and {@code followup_message} from a stop hook,
 * which Cursor submits as the next user message. Its beforeSubmitPrompt hook can only let the
 * prompt go or stop it ({@code continue}, {@code user_message} for the person): nothing reaches
 * the model there, so it heartbeats and prints nothing. Its preToolUse hook refuses a tool call
 * with {@code {"permission": "deny", "user_message": …, "agent_message": …}}: the same reason for
 * the person and for the agent.
 */
public final class CursorDialect implements HookDialect {
    public static final CursorDialect INSTANCE = new CursorDialect();

    /**
     * Cursor's cap on a stop hook's follow-ups in one turn ({@code loop_limit}, 5 unless the entry
     * sets another; we set none): at {@code loop_count} 5 a follow-up is dropped.
     */
    public static final int LOOP_LIMIT = 5;

    private CursorDialect() {
    }

    /**
     * Cursor reads nothing an afterFileEdit hook prints: one that older installs or a person's own
     * hooks.json still run as our post-tool-use shows the model nothing.
     */
    @Override
    public boolean readsOutputOf(HookInput input) {
        return !AFTER_FILE_EDIT.equalsIgnoreCase(String.valueOf(input.hookEventName()));
    }

    /** Cursor's observe-only event after an edit, our post-tool-use before its generic postToolUse. */
    static final String AFTER_FILE_EDIT = "afterFileEdit";

    /**
     * Only a turn that completed takes a follow-up below the cap: after an aborted turn (the
     * person stopped it) or an error, or at the cap, Cursor does not submit it, so the messages
     * wait unread for the next run that shows them.
     */
    @Override
    public boolean blockReaches(HookInput stop) {
        return "completed".equals(stop.status()) && stop.loopCount() < LOOP_LIMIT;
    }

    @Override
    public String render(HookEvent event, HookReply reply) {
        return switch (event) {
            case SESSION_START, POST_TOOL_USE -> reply.context() == null ? ""
                    : DialectJson.field("additional_context", reply.context());
            case STOP -> reply.blockReason() == null ? "" : DialectJson.field("followup_message", reply.blockReason());
            case PRE_TOOL_USE -> reply.blockReason() == null ? "" : DialectJson.cursorDenied(reply.blockReason());
            case USER_PROMPT_SUBMIT, NOTIFICATION, STOP_FAILURE, POST_TOOL_USE_FAILURE, SESSION_END, SUBAGENT_START,
                    WAKE -> "";
        };
    }
}
