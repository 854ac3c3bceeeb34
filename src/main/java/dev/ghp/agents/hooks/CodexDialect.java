package dev.ghp.agents.hooks;

/**
 * Codex CLI's hook output: Claude Code's shape, with one difference that matters. Codex reads
 * stdout that starts with {@code [} or {@code {} as JSON and rejects it when it is not valid JSON
 * of the event's schema; the briefing starts with {@code [ghp-agents]}, so at session start it goes
 * in {@code hookSpecificOutput.additionalContext} too, never as plain text. Codex has no
 * Notification or StopFailure event; nothing is printed for them. Its PreToolUse refuses an
 * {@code apply_patch} as Claude Code's does: {@code permissionDecision: "deny"} with the reason.
 */
public final class CodexDialect implements HookDialect {
    public static final CodexDialect INSTANCE = new CodexDialect();

    private CodexDialect() {
    }

    @Override
    public String render(HookEvent event, HookReply reply) {
        return switch (event) {
            case SESSION_START, POST_TOOL_USE, USER_PROMPT_SUBMIT, SUBAGENT_START -> reply.context() == null ? ""
                    : DialectJson.additionalContext(event.claudeName(), reply.context());
            case STOP -> reply.blockReason() == null ? "" : DialectJson.decision("block", reply.blockReason());
            case NOTIFICATION, STOP_FAILURE, POST_TOOL_USE_FAILURE, SESSION_END, WAKE -> "";
            case PRE_TOOL_USE -> reply.blockReason() == null ? "" : DialectJson.permissionDenied(reply.blockReason());
        };
    }
}
