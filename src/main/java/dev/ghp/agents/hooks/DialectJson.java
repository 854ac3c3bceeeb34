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

    /** A one-field object: Cursor's {@code additional_context} or {@code followup_message}. */
    static String field(String name, String text) {
        ObjectNode root = Json.object();
        root.put(name, text);
        return Json.pretty(root);
    }
}
