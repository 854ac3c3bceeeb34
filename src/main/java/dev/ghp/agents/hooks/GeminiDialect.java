package dev.ghp.agents.hooks;

/**
 * Gemini CLI's hook output: JSON only (plain text on stdout is an error). Context goes in
 * {@code hookSpecificOutput.additionalContext} at SessionStart, AfterTool and BeforeAgent; an
 * AfterAgent hook keeps the agent going with {@code {"decision": "deny", "reason": …}}, the reason
 * becoming its next prompt. A Notification hook can only show the user a message, so it prints nothing.
 * A BeforeTool hook refuses the tool call with the same {@code {"decision": "deny", "reason": …}},
 * the reason sent to the agent as the tool's error.
 */
public final class GeminiDialect implements HookDialect {
    public static final GeminiDialect INSTANCE = new GeminiDialect();

    private GeminiDialect() {
    }

    @Override
    public String render(HookEvent event, HookReply reply) {
        return switch (event) {
            case SESSION_START, POST_TOOL_USE, USER_PROMPT_SUBMIT -> reply.context() == null ? ""
                    : DialectJson.additionalContext(HookAgent.GEMINI.nativeName(event), reply.context());
            case STOP -> reply.blockReason() == null ? "" : DialectJson.decision("deny", reply.blockReason());
            case NOTIFICATION, STOP_FAILURE, POST_TOOL_USE_FAILURE, SESSION_END, SUBAGENT_START, WAKE -> "";
            case PRE_TOOL_USE -> reply.blockReason() == null ? "" : DialectJson.decision("deny", reply.blockReason());
        };
    }
}
