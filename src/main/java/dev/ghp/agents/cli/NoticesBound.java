package dev.ghp.agents.cli;

import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.MessageCodec;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.rules.NoticeDecisions;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every local write that makes decisions and tells of them in the same commit ties each notice to
 * its decision file ({@link NoticeDecisions}), so that a delivery can tell the tool's assignment,
 * handoff and claim notices from forged ones: the commands' store wraps each decision with this, as
 * with {@link LeadsTold}, so no writer has to remember it.
 */
final class NoticesBound {
    private NoticesBound() {
    }

    /** {@code decision}, its new notices and decision files tied to each other. */
    static <T> Decision<T> added(Decision<T> decision, Snapshot snapshot) {
        Change change = decision.change();
        if (change == null) {
            return decision;
        }
        List<AgentDecision> decisions = new ArrayList<>();
        List<Message> notices = new ArrayList<>();
        for (Map.Entry<String, Optional<byte[]>> edit : change.edits().entrySet()) {
            String path = edit.getKey();
            boolean isDecision = path.startsWith(StorePaths.DECISIONS + "/");
            // The prefix first: a heartbeat's edit is the agent table, and looking it up in the old
            // tree on every heartbeat would cost a tree walk for nothing.
            if (!(isDecision || path.startsWith(StorePaths.INBOX + "/")) || edit.getValue().isEmpty()
                    || !path.endsWith(".json") || snapshot.file(path).isPresent()) {
                continue;
            }
            try {
                if (isDecision) {
                    decisions.add(AgentDecision.parse(edit.getValue().get()));
                } else {
                    notices.add(MessageCodec.parse(edit.getValue().get()));
                }
            } catch (StatusCodec.FormatException e) {
                // The write's own files parse; one that does not is nothing to tie.
            }
        }
        if (decisions.isEmpty() || notices.isEmpty()) {
            return decision;
        }
        NoticeDecisions.Bound bound = NoticeDecisions.bind(decisions, notices);
        for (int i = 0; i < decisions.size(); i++) {
            if (bound.decisions().get(i) != decisions.get(i)) {
                change.put(decisions.get(i).path(), AgentDecision.write(bound.decisions().get(i)));
            }
        }
        for (int i = 0; i < notices.size(); i++) {
            if (bound.notices().get(i) != notices.get(i)) {
                change.put(notices.get(i).path(), MessageCodec.write(bound.notices().get(i)));
            }
        }
        return decision;
    }
}
