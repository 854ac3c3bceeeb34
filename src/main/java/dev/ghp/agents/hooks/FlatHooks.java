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

/**
 * The flat hooks layout of Cursor and GitHub Copilot: {@code {"version": 1, "hooks": {"event":
 * [{…command…}]}}}, one list of commands per event, no matcher groups. Cursor names the command
 * {@code command} with a {@code timeout} in seconds; Copilot {@code bash} with {@code timeoutSec}
 * and a {@code "type": "command"}. Pure functions of the tree, like {@link ClaudeSettings}: ours
 * are appended, recognised by their command, and removed exactly; a file that only held ours (and
 * the {@code version} we wrote) comes back empty, so that uninstall removes it.
 */
public final class FlatHooks implements HooksShape {
    public static final FlatHooks CURSOR = new FlatHooks("command", "timeout", false);
    public static final FlatHooks COPILOT = new FlatHooks("bash", "timeoutSec", true);

    private final String commandField;
    private final String timeoutField;
    private final boolean typed;

    private FlatHooks(String commandField, String timeoutField, boolean typed) {
        this.commandField = commandField;
        this.timeoutField = timeoutField;
        this.typed = typed;
    }

    @Override
    public Outcome install(ObjectNode original, List<HookEntry> entries) {
        ObjectNode root = original.deepCopy();
        if (root.isEmpty()) {
            root.put("version", 1);
        }
        ObjectNode hooks = hooksObject(root, true);
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (HookEntry entry : entries) {
            JsonNode existing = hooks.get(entry.key());
            if (existing != null && !existing.isArray()) {
                throw new UsageException("\"hooks\".\"" + entry.key() + "\" is not a list",
                        "fix the file by hand; the agent expects a list of commands there");
            }
            ArrayNode list = (ArrayNode) existing;
            if (list != null && isInstalledExactly(list, entry)) {
                continue;
            }
            boolean hadOurs = list != null && removeOurs(list, entry.event()) > 0;
            if (list == null) {
                list = hooks.putArray(entry.key());
            }
            list.add(item(entry));
            (hadOurs ? updated : added).add(entry.key());
        }
        List<String> removed = removeOthers(hooks, entries);
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
            if (root.size() == 1 && root.path("version").asInt() == 1) {
                root.remove("version");
            }
        }
        return new Outcome(root, List.of(), List.of(), removed);
    }

    @Override
    public List<String> installedEvents(ObjectNode settings) {
        List<String> events = new ArrayList<>();
        JsonNode hooks = settings.get("hooks");
        if (hooks != null && hooks.isObject()) {
            hooks.fields().forEachRemaining(e -> {
                if (e.getValue().isArray()) {
                    for (JsonNode h : e.getValue()) {
                        if (HookCommand.isOurs(h.path(commandField).asText(null))) {
                            events.add(e.getKey());
                            return;
                        }
                    }
                }
            });
        }
        return events;
    }

    private List<String> removeOthers(ObjectNode hooks, List<HookEntry> entries) {
        List<String> removed = new ArrayList<>();
        List<String> emptied = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = hooks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                continue;
            }
            int count = 0;
            for (HookEvent event : HookEvent.values()) {
                if (entries.stream().noneMatch(x -> x.key().equals(e.getKey()) && x.event() == event)) {
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

    private boolean isInstalledExactly(ArrayNode list, HookEntry entry) {
        int ours = 0;
        boolean exact = false;
        for (JsonNode h : list) {
            if (HookCommand.isOursFor(h.path(commandField).asText(null), entry.event())) {
                ours++;
                exact = h.equals(item(entry));
            }
        }
        return ours == 1 && exact;
    }

    private int removeOurs(ArrayNode list, HookEvent event) {
        int removed = 0;
        for (int i = list.size() - 1; i >= 0; i--) {
            if (HookCommand.isOursFor(list.get(i).path(commandField).asText(null), event)) {
                list.remove(i);
                removed++;
            }
        }
        return removed;
    }

    private ObjectNode item(HookEntry entry) {
        ObjectNode h = Json.object();
        if (typed) {
            h.put("type", "command");
        }
        h.put(commandField, entry.command());
        h.put(timeoutField, entry.timeout());
        return h;
    }

    private static ObjectNode hooksObject(ObjectNode root, boolean create) {
        JsonNode hooks = root.get("hooks");
        if (hooks == null || hooks.isNull()) {
            return create ? root.putObject("hooks") : null;
        }
        if (!hooks.isObject()) {
            throw new UsageException("\"hooks\" in the file is not an object",
                    "fix the file by hand; the agent expects {\"version\": 1, \"hooks\": {\"event\": [...]}}");
        }
        return (ObjectNode) hooks;
    }
}
