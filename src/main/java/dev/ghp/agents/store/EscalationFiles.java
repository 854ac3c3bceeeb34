package dev.ghp.agents.store;

import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.StatusCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every escalation in a snapshot, for views that only read them. A file that does not parse is
 * counted, not fatal: a view should still show the rest (writers refuse corrupt state themselves).
 *
 * @param escalations the ones that parsed, in file-name order
 * @param unreadable  how many files did not
 */
public record EscalationFiles(List<Escalation> escalations, int unreadable) {

    public static EscalationFiles read(Snapshot snapshot) {
        List<Escalation> found = new ArrayList<>();
        int unreadable = 0;
        for (String name : snapshot.list(StorePaths.ESCALATIONS)) {
            if (!name.endsWith(".json")) {
                continue;
            }
            Optional<byte[]> bytes = snapshot.file(StorePaths.ESCALATIONS + "/" + name);
            if (bytes.isEmpty()) {
                continue;
            }
            try {
                found.add(EscalationCodec.parse(bytes.get()));
            } catch (StatusCodec.FormatException e) {
                unreadable++;
            }
        }
        return new EscalationFiles(List.copyOf(found), unreadable);
    }
}
