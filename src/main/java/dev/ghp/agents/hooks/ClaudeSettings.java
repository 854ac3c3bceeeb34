package dev.ghp.agents.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Claude Code's hooks layout, which Codex CLI and Gemini CLI share: {@code "hooks"} maps an event
 * to matcher groups, each {@code {"matcher": …, "hooks": [{"type": "command", "command": …,
 * "timeout": …}]}}. Pure functions of the settings tree. Our hooks are recognised by their command
 * ({@link HookCommand#isOurs}), so nothing else is ever touched: each of ours sits in a matcher
 * group of its own, appended after the user's groups; removing it removes that group, and an event
 * list or {@code "hooks"} object only when it became empty through that removal.
 */
public final class ClaudeSettings extends EventLists {
    public static final ClaudeSettings SHAPE = new ClaudeSettings();

    private ClaudeSettings() {
    }

    /** Claude Code's hooks, calling ghp-agents as {@code launcher} ({@link HookAgent#entries}). */
    public static List<HookEntry> entries(String launcher) {
        return HookAgent.CLAUDE.entries(launcher);
    }

    /** Whether a hook command is one ghp-agents installs (any launcher path, any event). */
    public static boolean isOurs(String command) {
        return HookCommand.isOurs(command);
    }

    @Override
    UsageException notAList(String key) {
        return new UsageException("\"hooks\".\"" + key + "\" in the settings is not a list",
                "fix the file by hand; the agent expects a list of matcher groups there");
    }

    @Override
    UsageException hooksNotAnObject() {
        return new UsageException("\"hooks\" in the settings is not an object",
                "fix the file by hand; the agent expects {\"hooks\": {\"PostToolUse\": [...], ...}}");
    }

    /** A settings file that had no {@code "hooks"} gets none from an install that added nothing. */
    @Override
    void finishInstall(ObjectNode original, ObjectNode root, ObjectNode hooks) {
        if (hooks.isEmpty() && !original.has("hooks")) {
            root.remove("hooks");
        }
    }

    /** Removes our hooks for one event from the groups; a group left with no hook goes too. */
    @Override
    int removeOurs(ArrayNode groups, HookEvent event) {
        int removed = 0;
        for (int i = groups.size() - 1; i >= 0; i--) {
            JsonNode g = groups.get(i);
            JsonNode list = g.get("hooks");
            if (list == null || !list.isArray() || list.isEmpty()) {
                continue;
            }
            ArrayNode hooks = (ArrayNode) list;
            int before = removed;
            for (int j = hooks.size() - 1; j >= 0; j--) {
                JsonNode h = hooks.get(j);
                if (HookCommand.isOursFor(text(h, "command"), event)) {
                    hooks.remove(j);
                    removed++;
                }
            }
            if (removed > before && hooks.isEmpty()) {
                groups.remove(i);
            }
        }
        return removed;
    }

    /** The commands of one matcher group. */
    @Override
    List<String> commands(JsonNode group) {
        List<String> commands = new ArrayList<>();
        JsonNode list = group.get("hooks");
        if (list != null && list.isArray()) {
            list.forEach(h -> {
                String c = text(h, "command");
                if (c != null) {
                    commands.add(c);
                }
            });
        }
        return commands;
    }

    /** Ours in a matcher group of its own. */
    @Override
    ObjectNode element(HookEntry entry) {
        ObjectNode g = Json.object();
        if (entry.matcher() != null) {
            g.put("matcher", entry.matcher());
        }
        ObjectNode hook = g.putArray("hooks").addObject();
        hook.put("type", "command");
        hook.put("command", Objects.requireNonNull(entry.command()));
        hook.put("timeout", entry.timeout());
        if (entry.event() == HookEvent.WAKE) {
            // Claude Code runs it in the background and wakes the agent when it exits 2 (docs/guide.md).
            hook.put("asyncRewake", true);
        }
        return g;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
