package dev.ghp.agents.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.Json;
import java.util.List;

/**
 * The flat hooks layout of Cursor and GitHub Copilot: {@code {"version": 1, "hooks": {"event":
 * [{…command…}]}}}, one list of commands per event, no matcher groups. Cursor names the command
 * {@code command} with a {@code timeout} in seconds; Copilot {@code bash} with {@code timeoutSec}
 * and a {@code "type": "command"}; Cursor's takes a {@code matcher} (the tool names a
 * {@code preToolUse} hook starts for), Copilot's has none. Pure functions of the tree, like {@link ClaudeSettings}: ours
 * are appended, recognised by their command, and removed exactly; a file that only held ours (and
 * the {@code version} we wrote) comes back empty, so that uninstall removes it.
 */
public final class FlatHooks extends EventLists {
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
    UsageException notAList(String key) {
        return new UsageException("\"hooks\".\"" + key + "\" is not a list",
                "fix the file by hand; the agent expects a list of commands there");
    }

    @Override
    UsageException hooksNotAnObject() {
        return new UsageException("\"hooks\" in the file is not an object",
                "fix the file by hand; the agent expects {\"version\": 1, \"hooks\": {\"event\": [...]}}");
    }

    /** A new file starts with the {@code version} the agents expect. */
    @Override
    ObjectNode startInstall(ObjectNode original) {
        ObjectNode root = original.deepCopy();
        if (root.isEmpty()) {
            root.put("version", 1);
        }
        return root;
    }

    /** A file that held only ours and the {@code version} we wrote comes back empty. */
    @Override
    void finishEmptied(ObjectNode root) {
        if (root.size() == 1 && root.path("version").asInt() == 1) {
            root.remove("version");
        }
    }

    @Override
    List<String> commands(JsonNode item) {
        String command = item.path(commandField).asText(null);
        return command == null ? List.of() : List.of(command);
    }

    @Override
    int removeOurs(ArrayNode list, HookEvent event) {
        int removed = 0;
        for (int i = list.size() - 1; i >= 0; i--) {
            if (HookCommand.isOursFor(list.get(i).path(commandField).asText(null), event)) {
                list.remove(i);
                removed++;
            }
        }
        return removed;
    }

    @Override
    ObjectNode element(HookEntry entry) {
        ObjectNode h = Json.object();
        if (typed) {
            h.put("type", "command");
        }
        h.put(commandField, entry.command());
        h.put(timeoutField, entry.timeout());
        if (entry.matcher() != null) {
            h.put("matcher", entry.matcher());
        }
        return h;
    }
}
