package dev.ghp.agents.hooks;

/**
 * GitHub Copilot's hook output (Copilot CLI and the cloud agent), per its hooks reference: a
 * sessionStart hook may inject {@code {"additionalContext": …}} into the session, and a postToolUse
 * hook's {@code additionalContext} is appended to the tool's result, which the model reads on the
 * same turn; a command userPromptSubmitted hook's output is dropped, so nothing is printed there.
 * agentStop reads {@code {"decision": "block", "reason": …}}, which forces another turn with the
 * reason as its prompt, and preToolUse reads {@code {"permissionDecision": "deny",
 * "permissionDecisionReason": …}}, which refuses the tool call.
 */
public final class CopilotDialect implements HookDialect {
    public static final CopilotDialect INSTANCE = new CopilotDialect();

    private CopilotDialect() {
    }

    @Override
    public String render(HookEvent event, HookReply reply) {
        return switch (event) {
            case SESSION_START, POST_TOOL_USE -> reply.context() == null ? ""
                    : DialectJson.field("additionalContext", reply.context());
            case STOP -> reply.blockReason() == null ? "" : DialectJson.decision("block", reply.blockReason());
            case PRE_TOOL_USE -> reply.blockReason() == null ? "" : DialectJson.flatPermissionDenied(reply.blockReason());
            case USER_PROMPT_SUBMIT, NOTIFICATION, STOP_FAILURE, POST_TOOL_USE_FAILURE, SESSION_END, SUBAGENT_START,
                    WAKE -> "";
        };
    }
}
