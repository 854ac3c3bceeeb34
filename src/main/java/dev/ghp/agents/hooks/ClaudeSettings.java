package dev.ghp.agents.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Claude Code's hooks layout, which Codex CLI and Gemini CLI share: {@code "hooks"} maps an event
 * to matcher groups, each {@code {"matcher": …, "hooks": [{"type": "command", "command": …,
 * "timeout": …}]}}. Pure functions of the settings tree. Our hooks are recognised by their command
 * ({@link HookCommand#isOurs}), so nothing else is ever touched: each of ours sits in a matcher
 * group of its own, appended after the user's groups; removing it removes that group, and an event
 * list or {@code "hooks"} object only when it became empty through that removal.
 */
public final class ClaudeSettings implements HooksShape {
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
    public Outcome install(ObjectNode original, List<HookEntry> entries) {
        ObjectNode root = original.deepCopy();
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        ObjectNode hooks = hooksObject(root, true);
        for (HookEntry entry : entries) {
            String key = entry.key();
            JsonNode existing = hooks.get(key);
            if (existing != null && !existing.isArray()) {
                throw new UsageException("\"hooks\".\"" + key + "\" in the settings is not a list",
                        "fix the file by hand; the agent expects a list of matcher groups there");
            }
            ArrayNode groups = existing == null ? null : (ArrayNode) existing;
            if (groups != null && isInstalledExactly(groups, entry)) {
                continue;
            }
            boolean hadOurs = groups != null && removeOurs(groups, entry.event()) > 0;
            if (groups == null) {
                groups = hooks.putArray(key);
            }
            groups.add(group(entry));
            (hadOurs ? updated : added).add(key);
        }
        List<String> removed = removeOthers(hooks, entries);
        if (hooks.isEmpty() && !original.has("hooks")) {
            root.remove("hooks");
        }
        return new Outcome(root, List.copyOf(added), List.copyOf(updated), removed);
    }

    @Override
    public Outcome uninstall(ObjectNode original) {
        ObjectNode root = original.deepCopy();
        ObjectNode hooks = hooksObject(root, false);
        if (hooks == null) {
            return new Outcome(root, List.of(), List.of(), List.of());
        }
        List<String> removed = removeOthers(hooks, List.of());
        if (!removed.isEmpty() && hooks.isEmpty()) {
            root.remove("hooks");
        }
        return new Outcome(root, List.of(), List.of(), removed);
    }

    @Override
    public List<String> installedEvents(ObjectNode settings) {
        List<String> events = new ArrayList<>();
        JsonNode hooks = settings.get("hooks");
        if (hooks == null || !hooks.isObject()) {
            return events;
        }
        hooks.fields().forEachRemaining(e -> {
            if (e.getValue().isArray() && commands(e.getValue()).stream().anyMatch(HookCommand::isOurs)) {
                events.add(e.getKey());
            }
        });
        return events;
    }

    /** Removes ours wherever no entry puts them (all of ours, for an empty list); a list left empty goes too. */
    private static List<String> removeOthers(ObjectNode hooks, List<HookEntry> entries) {
        List<String> removed = new ArrayList<>();
        List<String> emptied = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = hooks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                continue;
            }
            int count = 0;
            for (HookEvent event : HookEvent.values()) {
                boolean wanted = entries.stream().anyMatch(x -> x.key().equals(e.getKey()) && x.event() == event);
                if (!wanted) {
                    count += removeOurs((ArrayNode) e.getValue(), event);
                }
            }
            if (count > 0) {
                removed.add(e.getKey());
                if (e.getValue().isEmpty()) {
                    emptied.add(e.getKey());
                }
            }
        }
        emptied.forEach(hooks::remove);
        return List.copyOf(removed);
    }

    private static ObjectNode hooksObject(ObjectNode root, boolean create) {
        JsonNode hooks = root.get("hooks");
        if (hooks == null || hooks.isNull()) {
            return create ? root.putObject("hooks") : null;
        }
        if (!hooks.isObject()) {
            throw new UsageException("\"hooks\" in the settings is not an object",
                    "fix the file by hand; the agent expects {\"hooks\": {\"PostToolUse\": [...], ...}}");
        }
        return (ObjectNode) hooks;
    }

    /** Ours is there once, alone in its group, exactly as it would be written now. */
    private static boolean isInstalledExactly(ArrayNode groups, HookEntry entry) {
        int ours = 0;
        boolean exact = false;
        for (JsonNode g : groups) {
            for (String command : commands(g)) {
                if (HookCommand.isOursFor(command, entry.event())) {
                    ours++;
                    exact = g.equals(group(entry));
                }
            }
        }
        return ours == 1 && exact;
    }

    /** Removes our hooks for one event from the groups; a group left with no hook goes too. */
    private static int removeOurs(ArrayNode groups, HookEvent event) {
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

    private static List<String> commands(JsonNode group) {
        List<String> commands = new ArrayList<>();
        if (group.isArray()) {
            group.forEach(g -> commands.addAll(commands(g)));
            return commands;
        }
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

    private static ObjectNode group(HookEntry entry) {
        ObjectNode g = Json.object();
        if (entry.matcher() != null) {
            g.put("matcher", entry.matcher());
        }
        ObjectNode hook = g.putArray("hooks").addObject();
        hook.put("type", "command");
        hook.put("command", Objects.requireNonNull(entry.command()));
        hook.put("timeout", entry.timeout());
        return g;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
