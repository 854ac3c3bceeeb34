package dev.ghp.agents.hooks;

/**
 * Claude Code's hook output. At session start plain stdout is added to the model's context as it
 * is; after a tool call or a prompt only {@code hookSpecificOutput.additionalContext} reaches the
 * model; a Stop hook keeps the turn going with {@code hookSpecificOutput.additionalContext}, which
 * the model reads as the turn goes on. Notification and StopFailure hooks cannot give the model anything: their
 * output is only logged, so they print nothing. A PreToolUse hook refuses the tool call with
 * {@code hookSpecificOutput.permissionDecision: "deny"} (exit 0), its reason shown to the model.
 */
public final class ClaudeCodeDialect implements HookDialect {
    public static final ClaudeCodeDialect INSTANCE = new ClaudeCodeDialect();

    private ClaudeCodeDialect() {
    }

    @Override
    public String render(HookEvent event, HookReply reply) {
        return switch (event) {
            case SESSION_START -> reply.context() == null ? "" : reply.context();
            case POST_TOOL_USE, USER_PROMPT_SUBMIT -> reply.context() == null ? ""
                    : DialectJson.additionalContext(event.claudeName(), reply.context());
            // Not {"decision": "block"}: since Claude Code 2.1.163 a Stop's additionalContext keeps the
            // turn going as a block does (the next Stop says stop_hook_active), without the transcript
            // labelling it a hook error (docs/decisions.md "#23 Claude Code's Stop").
            case STOP -> reply.blockReason() == null ? "" : DialectJson.additionalContext(event.claudeName(), reply.blockReason());
            case NOTIFICATION, STOP_FAILURE, POST_TOOL_USE_FAILURE, SESSION_END, WAKE -> "";
            case SUBAGENT_START -> reply.context() == null ? ""
                    : DialectJson.additionalContext(event.claudeName(), reply.context());
            case PRE_TOOL_USE -> reply.blockReason() == null ? "" : DialectJson.permissionDenied(reply.blockReason());
        };
    }
}
