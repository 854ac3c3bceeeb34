package dev.ghp.agents.merge;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What changed between two states of the record, in the user's terms: agents, escalations and
 * handoffs added, updated or removed, and any other file. Used to say what a sync brought in and sent.
 */
public record RecordDiff(Changes agents, Changes escalations, Changes handoffs, Changes other) {

    /** Names (agents), ids (escalations) or file names (handoffs, other files), sorted. */
    public record Changes(List<String> added, List<String> updated, List<String> removed) {
        public Changes {
            added = List.copyOf(added);
            updated = List.copyOf(updated);
            removed = List.copyOf(removed);
        }

        public boolean isEmpty() {
            return added.isEmpty() && updated.isEmpty() && removed.isEmpty();
        }

        public int size() {
            return added.size() + updated.size() + removed.size();
        }
    }

    public boolean isEmpty() {
        return agents.isEmpty() && escalations.isEmpty() && handoffs.isEmpty() && other.isEmpty();
    }

    public static RecordDiff between(RecordTree before, RecordTree after) {
        return new RecordDiff(agents(before, after),
                files(before, after, StorePaths.ESCALATIONS + "/", true),
                files(before, after, StorePaths.HANDOFFS + "/", false),
                others(before, after));
    }

    private static Changes agents(RecordTree before, RecordTree after) {
        if (Objects.equals(before.files().get(StorePaths.STATUS), after.files().get(StorePaths.STATUS))) {
            return new Changes(List.of(), List.of(), List.of());
        }
        StatusDocument a = status(before);
        StatusDocument b = status(after);
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(a.agents().keySet());
        names.addAll(b.agents().keySet());
        for (String name : names) {
            AgentRecord ra = a.agents().get(name);
            AgentRecord rb = b.agents().get(name);
            if (ra == null) {
                added.add(name);
            } else if (rb == null) {
                removed.add(name);
            } else if (!ra.equals(rb)) {
                updated.add(name);
            }
        }
        return new Changes(added, updated, removed);
    }

    private static Changes files(RecordTree before, RecordTree after, String prefix, boolean stripJson) {
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(before.files().subMap(prefix, prefix + Character.MAX_VALUE).keySet());
        paths.addAll(after.files().subMap(prefix, prefix + Character.MAX_VALUE).keySet());
        for (String path : paths) {
            String name = path.substring(prefix.length());
            if (stripJson && name.endsWith(".json")) {
                name = name.substring(0, name.length() - ".json".length());
            }
            classify(before.files().get(path), after.files().get(path), name, added, updated, removed);
        }
        return new Changes(added, updated, removed);
    }

    private static Changes others(RecordTree before, RecordTree after) {
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(before.files().keySet());
        paths.addAll(after.files().keySet());
        for (String path : paths) {
            if (path.equals(StorePaths.STATUS) || path.startsWith(StorePaths.ESCALATIONS + "/")
                    || path.startsWith(StorePaths.HANDOFFS + "/")) {
                continue;
            }
            classify(before.files().get(path), after.files().get(path), path, added, updated, removed);
        }
        return new Changes(added, updated, removed);
    }

    private static void classify(FileContent a, FileContent b, String name,
                                 List<String> added, List<String> updated, List<String> removed) {
        if (a == null && b != null) {
            added.add(name);
        } else if (a != null && b == null) {
            removed.add(name);
        } else if (a != null && !a.equals(b)) {
            updated.add(name);
        }
    }

    private static StatusDocument status(RecordTree tree) {
        return tree.get(StorePaths.STATUS).map(f -> {
            try {
                return StatusCodec.parse(f.bytes());
            } catch (StatusCodec.FormatException e) {
                return StatusDocument.empty();
            }
        }).orElse(StatusDocument.empty());
    }
}
