package dev.ghp.agents.cli;

import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.rules.LeadNotices;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.MessageFiles;
import dev.ghp.agents.store.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every local write that opens an escalation tells each lead ({@code agents.leads}) in the same
 * commit: the commands' store wraps each decision with this, so no writer (agent-escalate, a refused
 * claim, the stale policy, an approval) has to remember the leads.
 */
final class LeadsTold {
    private LeadsTold() {
    }

    /** {@code decision}, with a notice to each lead of each escalation its change opens. */
    static <T> Decision<T> added(Decision<T> decision, Snapshot snapshot, Collection<String> leads, Instant now) {
        Change change = decision.change();
        if (change == null || leads.isEmpty()) {
            return decision;
        }
        List<Escalation> opened = new ArrayList<>();
        for (Map.Entry<String, Optional<byte[]>> edit : change.edits().entrySet()) {
            String path = edit.getKey();
            if (path.startsWith(StorePaths.ESCALATIONS + "/") && path.endsWith(".json") && edit.getValue().isPresent()
                    && snapshot.file(path).isEmpty()) {
                try {
                    opened.add(EscalationCodec.parse(edit.getValue().get()));
                } catch (StatusCodec.FormatException e) {
                    // The write's own file: it parses; one that does not is no escalation to tell of.
                }
            }
        }
        if (!opened.isEmpty()) {
            MessageFiles.sendAll(change, snapshot, LeadNotices.of(opened, leads), now);
        }
        return decision;
    }
}
