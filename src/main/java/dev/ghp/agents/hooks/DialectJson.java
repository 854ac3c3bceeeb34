package dev.ghp.agents.hooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.Json;

/**
 * The JSON shapes several agents share, written with invisible characters escaped
 * ({@link Json#pretty}) so that nothing a message hides reaches the model unseen.
 */
final class DialectJson {
    private DialectJson() {
    }

    /** {@code {"hookSpecificOutput": {"hookEventName": …, "additionalContext": …}}}: Claude Code, Codex, Gemini CLI. */
    static String additionalContext(String eventName, String text) {
        ObjectNode root = Json.object();
        ObjectNode specific = root.putObject("hookSpecificOutput");
        specific.put("hookEventName", eventName);
        specific.put("additionalContext", text);
        return Json.pretty(root);
    }

    /** {@code {"decision": …, "reason": …}}: keeps the agent from ending its turn; it reads the reason. */
    static String decision(String decision, String reason) {
        ObjectNode root = Json.object();
        root.put("decision", decision);
        root.put("reason", reason);
        return Json.pretty(root);
    }

    /**
     * {@code {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny",
     * "permissionDecisionReason": …}}}: Claude Code and Codex refuse the tool call, the model reads the reason.
     */
    static String permissionDenied(String reason) {
        ObjectNode root = Json.object();
        ObjectNode specific = root.putObject("hookSpecificOutput");
        specific.put("hookEventName", HookEvent.PRE_TOOL_USE.claudeName());
        specific.put("permissionDecision", "deny");
        specific.put("permissionDecisionReason", reason);
        return Json.pretty(root);
    }

    /** {@code {"permissionDecision": "deny", "permissionDecisionReason": …}}: Copilot's preToolUse. */
    static String flatPermissionDenied(String reason) {
        ObjectNode root = Json.object();
        root.put("permissionDecision", "deny");
        root.put("permissionDecisionReason", reason);
        return Json.pretty(root);
    }

    /** {@code {"permission": "deny", "user_message": …, "agent_message": …}}: Cursor's preToolUse. */
    static String cursorDenied(String reason) {
        ObjectNode root = Json.object();
        root.put("permission", "deny");
        root.put("user_message", reason);
        root.put("agent_message", reason);
        return Json.pretty(root);
    }

    /** A one-field object: Cursor's {@code additional_context} or {@code followup_message}, Copilot's {@code additionalContext}. */
    static String field(String name, String text) {
        ObjectNode root = Json.object();
        root.put(name, text);
        return Json.pretty(root);
    }
}
