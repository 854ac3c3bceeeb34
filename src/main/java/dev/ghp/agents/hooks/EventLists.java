package dev.ghp.agents.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.UsageException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What every hooks file the agents read has in common: {@code "hooks"} maps an event to a list,
 * ours are appended to it, recognised again by their command and removed exactly, with the lists
 * and the {@code "hooks"} object that only held them. A layout says what one element of a list is
 * ({@link #element}, {@link #commands}) and how ours are taken out of one ({@link #removeOurs}).
 */
abstract class EventLists implements HooksShape {

    /** Ours for {@code entry}, as one element of the event's list. */
    abstract ObjectNode element(HookEntry entry);

    /** The commands one element of an event's list runs. */
    abstract List<String> commands(JsonNode element);

    /** Removes ours for {@code event} from one event's list; how many were removed. */
    abstract int removeOurs(ArrayNode list, HookEvent event);

    /** The refusal when an event's value is not a list. */
    abstract UsageException notAList(String key);

    /** The refusal when {@code "hooks"} is not an object. */
    abstract UsageException hooksNotAnObject();

    /** The tree install starts from (a copy of the file's). */
    ObjectNode startInstall(ObjectNode original) {
        return original.deepCopy();
    }

    /** What install does last, with {@code hooks} as it left it. */
    void finishInstall(ObjectNode original, ObjectNode root, ObjectNode hooks) {
    }

    /** What uninstall does once it removed the {@code "hooks"} object it emptied. */
    void finishEmptied(ObjectNode root) {
    }

    @Override
    public final Outcome install(ObjectNode original, List<HookEntry> entries) {
        ObjectNode root = startInstall(original);
        ObjectNode hooks = hooksObject(root, true);
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (HookEntry entry : entries) {
            String key = entry.key();
            JsonNode existing = hooks.get(key);
            if (existing != null && !existing.isArray()) {
                throw notAList(key);
            }
            ArrayNode list = (ArrayNode) existing;
            if (list != null && isInstalledExactly(list, entry)) {
                continue;
            }
            boolean hadOurs = list != null && removeOurs(list, entry.event()) > 0;
            if (list == null) {
                list = hooks.putArray(key);
            }
            list.add(element(entry));
            // Claude Code's Stop has two of ours (the Stop and the wake): the key is named once.
            List<String> named = hadOurs ? updated : added;
            if (!named.contains(key)) {
                named.add(key);
            }
        }
        List<String> removed = removeOthers(hooks, entries);
        finishInstall(original, root, hooks);
        return new Outcome(root, List.copyOf(added), List.copyOf(updated), removed);
    }

    @Override
    public final Outcome uninstall(ObjectNode original) {
        ObjectNode root = original.deepCopy();
        ObjectNode hooks = hooksObject(root, false);
        if (hooks == null) {
            return new Outcome(root, List.of(), List.of(), List.of());
        }
        List<String> removed = removeOthers(hooks, List.of());
        if (!removed.isEmpty() && hooks.isEmpty()) {
            root.remove("hooks");
            finishEmptied(root);
        }
        return new Outcome(root, List.of(), List.of(), removed);
    }

    @Override
    public final List<String> installedEvents(ObjectNode settings) {
        List<String> events = new ArrayList<>();
        JsonNode hooks = settings.get("hooks");
        if (hooks == null || !hooks.isObject()) {
            return events;
        }
        hooks.fields().forEachRemaining(e -> {
            if (e.getValue().isArray() && commandsIn(e.getValue()).stream().anyMatch(HookCommand::isOurs)) {
                events.add(e.getKey());
            }
        });
        return events;
    }

    private List<String> commandsIn(JsonNode list) {
        List<String> commands = new ArrayList<>();
        list.forEach(element -> commands.addAll(commands(element)));
        return commands;
    }

    /** Removes ours wherever no entry puts them (all of ours, for an empty list); a list left empty goes too. */
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

    /** Ours is there once, alone in its element, exactly as it would be written now. */
    private boolean isInstalledExactly(ArrayNode list, HookEntry entry) {
        int ours = 0;
        boolean exact = false;
        for (JsonNode element : list) {
            for (String command : commands(element)) {
                if (HookCommand.isOursFor(command, entry.event())) {
                    ours++;
                    exact = element.equals(element(entry));
                }
            }
        }
        return ours == 1 && exact;
    }

    private ObjectNode hooksObject(ObjectNode root, boolean create) {
        JsonNode hooks = root.get("hooks");
        if (hooks == null || hooks.isNull()) {
            return create ? root.putObject("hooks") : null;
        }
        if (!hooks.isObject()) {
            throw hooksNotAnObject();
        }
        return (ObjectNode) hooks;
    }
}
