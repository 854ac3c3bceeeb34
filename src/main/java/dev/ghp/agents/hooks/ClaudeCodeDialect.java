package dev.ghp.agents.hooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.Json;

/**
 * Claude Code's hook output. At session start plain stdout is added to the model's context as it
 * is; after a tool call or a prompt only {@code hookSpecificOutput.additionalContext} reaches the
 * model; a Stop hook keeps the turn going with {@code {"decision": "block", "reason": …}}, whose
 * reason the model reads. JSON is written with invisible characters escaped ({@link Json#pretty}),
 * so that nothing a message hides reaches the model unseen.
 */
public final class ClaudeCodeDialect implements HookDialect {
    public static final ClaudeCodeDialect INSTANCE = new ClaudeCodeDialect();

    private ClaudeCodeDialect() {
    }

    @Override
    public String render(HookEvent event, HookReply reply) {
        return switch (event) {
            case SESSION_START -> reply.context() == null ? "" : reply.context();
            case POST_TOOL_USE, USER_PROMPT_SUBMIT -> reply.context() == null ? "" : additionalContext(event, reply.context());
            case STOP -> reply.blockReason() == null ? "" : block(reply.blockReason());
        };
    }

    private static String additionalContext(HookEvent event, String text) {
        ObjectNode root = Json.object();
        ObjectNode specific = root.putObject("hookSpecificOutput");
        specific.put("hookEventName", event.claudeName());
        specific.put("additionalContext", text);
        return Json.pretty(root);
    }

    private static String block(String reason) {
        ObjectNode root = Json.object();
        root.put("decision", "block");
        root.put("reason", reason);
        return Json.pretty(root);
    }
}
