package dev.ghp.agents.hooks;

/**
 * GitHub Copilot's hook output (Copilot CLI and the coding agent). Copilot ignores what
 * sessionStart, postToolUse and userPromptSubmitted hooks print, so context cannot reach it there
 * and nothing is printed; only agentStop reads {@code {"decision": "block", "reason": …}}, which
 * forces another turn with the reason as its prompt, and preToolUse reads
 * {@code {"permissionDecision": "deny", "permissionDecisionReason": …}} (its only decision it acts
 * on), which refuses the tool call. Copilot's agents learn the rest from
 * {@code ghp agent-status} and the AGENTS.md protocol block.
 */
public final class CopilotDialect implements HookDialect {
    public static final CopilotDialect INSTANCE = new CopilotDialect();

    private CopilotDialect() {
    }

    @Override
    public String render(HookEvent event, HookReply reply) {
        if (reply.blockReason() == null) {
            return "";
        }
        return switch (event) {
            case STOP -> DialectJson.decision("block", reply.blockReason());
            case PRE_TOOL_USE -> DialectJson.flatPermissionDenied(reply.blockReason());
            default -> "";
        };
    }
}
