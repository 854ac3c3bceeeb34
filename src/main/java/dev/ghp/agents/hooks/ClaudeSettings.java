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
import java.util.regex.Pattern;

/**
 * Merges ghp-agents' hooks into Claude Code's settings and takes them out again, as pure
 * functions of the settings tree. Our hooks are recognised by their command
 * ({@code … agent-hooks run <event>}), so nothing else is ever touched: each of ours sits in a
 * matcher group of its own, appended after the user's groups; removing it removes that group, and
 * an event list or {@code "hooks"} object only when it became empty through that removal.
 */
public final class ClaudeSettings {
    /** How a command of ours looks, whatever path the launcher was installed under. */
    private static final Pattern OURS = Pattern.compile("(^|[\\s/'\"])agent-hooks\\s+run\\s+(post-tool-use|stop|session-start|user-prompt-submit)\\b");

    private ClaudeSettings() {
    }

    /**
     * One hook ghp-agents adds.
     *
     * @param event          the Claude Code event it answers
     * @param matcher        the matcher of its group, or null for events without one ({@code Stop})
     * @param command        the shell command Claude Code runs
     * @param timeoutSeconds Claude Code's time limit for it
     */
    public record Entry(HookEvent event, String matcher, String command, int timeoutSeconds) {
    }

    /**
     * The result of a merge.
     *
     * @param settings the new settings tree (the input is never modified)
     * @param added    events that got a hook they did not have
     * @param updated  events whose hook of ours was replaced by the current one
     * @param removed  events a hook of ours was removed from (uninstall)
     */
    public record Outcome(ObjectNode settings, List<String> added, List<String> updated, List<String> removed) {
        public boolean changed() {
            return !added.isEmpty() || !updated.isEmpty() || !removed.isEmpty();
        }
    }

    /**
     * The hooks {@code ghp agent-hooks install} adds, calling ghp-agents as {@code launcher}. The
     * time limits leave room for a write that also syncs (agent-sync's automatic sync allows the
     * network 8 s); a hook Claude Code stops at its limit is a non-blocking error, never a broken session.
     */
    public static List<Entry> entries(String launcher) {
        return List.of(
                // Every tool: an agent that only reads and searches for a while is still alive.
                new Entry(HookEvent.POST_TOOL_USE, "*", launcher + " agent-hooks run post-tool-use", 20),
                new Entry(HookEvent.STOP, null, launcher + " agent-hooks run stop", 20),
                new Entry(HookEvent.SESSION_START, "startup|resume|clear|compact",
                        launcher + " agent-hooks run session-start", 30),
                new Entry(HookEvent.USER_PROMPT_SUBMIT, null, launcher + " agent-hooks run user-prompt-submit", 20));
    }

    /** Whether a hook command is one ghp-agents installs (any launcher path, any event). */
    public static boolean isOurs(String command) {
        return command != null && OURS.matcher(command).find();
    }

    private static boolean isOursFor(String command, HookEvent event) {
        if (command == null) {
            return false;
        }
        var m = OURS.matcher(command);
        return m.find() && m.group(2).equals(event.cliName());
    }

    /** Adds the entries that are missing, replaces ours that differ, leaves everything else alone. */
    public static Outcome install(ObjectNode original, List<Entry> entries) {
        ObjectNode root = original.deepCopy();
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        ObjectNode hooks = hooksObject(root, true);
        for (Entry entry : entries) {
            String key = entry.event().claudeName();
            JsonNode existing = hooks.get(key);
            if (existing != null && !existing.isArray()) {
                throw new UsageException("\"hooks\".\"" + key + "\" in the settings is not a list",
                        "fix the file by hand; Claude Code expects a list of matcher groups there");
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
        if (hooks.isEmpty() && !original.has("hooks")) {
            root.remove("hooks");
        }
        return new Outcome(root, List.copyOf(added), List.copyOf(updated), List.of());
    }

    /** Removes every hook of ours, and the containers that became empty because of it. */
    public static Outcome uninstall(ObjectNode original) {
        ObjectNode root = original.deepCopy();
        ObjectNode hooks = hooksObject(root, false);
        List<String> removed = new ArrayList<>();
        if (hooks == null) {
            return new Outcome(root, List.of(), List.of(), List.of());
        }
        List<String> emptied = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = hooks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                continue;
            }
            int count = 0;
            for (HookEvent event : HookEvent.values()) {
                count += removeOurs((ArrayNode) e.getValue(), event);
            }
            if (count > 0) {
                removed.add(e.getKey());
                if (e.getValue().isEmpty()) {
                    emptied.add(e.getKey());
                }
            }
        }
        emptied.forEach(hooks::remove);
        if (!removed.isEmpty() && hooks.isEmpty()) {
            root.remove("hooks");
        }
        return new Outcome(root, List.of(), List.of(), List.copyOf(removed));
    }

    /** The events that have a hook of ours, in the settings as they are. */
    public static List<String> installedEvents(ObjectNode settings) {
        List<String> events = new ArrayList<>();
        JsonNode hooks = settings.get("hooks");
        if (hooks == null || !hooks.isObject()) {
            return events;
        }
        hooks.fields().forEachRemaining(e -> {
            if (e.getValue().isArray() && commands(e.getValue()).stream().anyMatch(ClaudeSettings::isOurs)) {
                events.add(e.getKey());
            }
        });
        return events;
    }

    private static ObjectNode hooksObject(ObjectNode root, boolean create) {
        JsonNode hooks = root.get("hooks");
        if (hooks == null || hooks.isNull()) {
            return create ? root.putObject("hooks") : null;
        }
        if (!hooks.isObject()) {
            throw new UsageException("\"hooks\" in the settings is not an object",
                    "fix the file by hand; Claude Code expects {\"hooks\": {\"PostToolUse\": [...], ...}}");
        }
        return (ObjectNode) hooks;
    }

    /** Ours is there once, alone in its group, exactly as it would be written now. */
    private static boolean isInstalledExactly(ArrayNode groups, Entry entry) {
        int ours = 0;
        boolean exact = false;
        for (JsonNode g : groups) {
            for (String command : commands(g)) {
                if (isOursFor(command, entry.event())) {
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
                if (isOursFor(text(h, "command"), event)) {
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

    private static ObjectNode group(Entry entry) {
        ObjectNode g = Json.object();
        if (entry.matcher() != null) {
            g.put("matcher", entry.matcher());
        }
        ObjectNode hook = g.putArray("hooks").addObject();
        hook.put("type", "command");
        hook.put("command", Objects.requireNonNull(entry.command()));
        hook.put("timeout", entry.timeoutSeconds());
        return g;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
