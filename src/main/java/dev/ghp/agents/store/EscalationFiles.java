package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StorePaths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;

/** Reads the escalations of a snapshot ({@code .ghp/escalations/<id>.json}) and writes them into a change. */
public final class EscalationFiles {
    /** Oldest first, ties by id: the order they are listed in. */
    public static final Comparator<Escalation> ORDER = Comparator
            .comparing(Escalation::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Escalation::id);

    private EscalationFiles() {
    }

    /**
     * Every escalation, oldest first. A file that is not a valid escalation, or a directory where
     * escalation files belong, stops the command (exit 5).
     */
    public static List<Escalation> all(Snapshot snapshot) {
        List<String> directories = snapshot.directories(StorePaths.ESCALATIONS);
        if (!directories.isEmpty()) {
            throw RecordShape.unexpected(StorePaths.ESCALATIONS + "/" + directories.get(0), FileMode.TREE, "a file");
        }
        List<Escalation> out = new ArrayList<>();
        for (String name : snapshot.list(StorePaths.ESCALATIONS)) {
            if (!name.endsWith(".json")) {
                continue;
            }
            String path = StorePaths.ESCALATIONS + "/" + name;
            out.add(decode(path, snapshot.file(path).orElseThrow()));
        }
        out.sort(ORDER);
        return out;
    }

    public static List<Escalation> open(Snapshot snapshot) {
        return all(snapshot).stream().filter(Escalation::isOpen).toList();
    }

    public static Optional<Escalation> find(Snapshot snapshot, String id) {
        String path = Escalation.pathOf(id);
        return snapshot.file(path).map(bytes -> decode(path, bytes));
    }

    public static Change put(Change change, Escalation e) {
        return change.put(e.path(), EscalationCodec.write(e));
    }

    private static Escalation decode(String path, byte[] bytes) {
        try {
            return EscalationCodec.parse(bytes);
        } catch (StatusCodec.FormatException e) {
            String what = e.newerSchema()
                    ? "escalation " + path + " was " + e.getMessage() + "; upgrade ghp-agents"
                    : "the coordination state is corrupt: " + path + " is " + e.getMessage();
            throw new StateException(what + " (nothing was written)",
                    "look at it with: git show " + StorePaths.REF + ":" + path);
        }
    }

    /**
     * For views that only read: the escalations that parse, in file-name order, and how many
     * files did not. A view still shows the rest; writers refuse corrupt state themselves.
     */
    public record Readable(List<Escalation> escalations, int unreadable) {
    }

    public static Readable readable(Snapshot snapshot) {
        List<Escalation> found = new ArrayList<>();
        int unreadable = 0;
        for (String name : snapshot.list(StorePaths.ESCALATIONS)) {
            if (!name.endsWith(".json")) {
                continue;
            }
            Optional<byte[]> bytes;
            try {
                bytes = snapshot.file(StorePaths.ESCALATIONS + "/" + name);
            } catch (OversizedFile e) {
                unreadable++;
                continue;
            }
            if (bytes.isEmpty()) {
                continue;
            }
            try {
                found.add(EscalationCodec.parse(bytes.get()));
            } catch (StatusCodec.FormatException e) {
                unreadable++;
            }
        }
        // Directories where only escalation files belong: not escalations anyone can read either.
        unreadable += snapshot.directories(StorePaths.ESCALATIONS).size();
        return new Readable(List.copyOf(found), unreadable);
    }
}
