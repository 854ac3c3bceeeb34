package dev.ghp.agents.rules;

import dev.ghp.agents.errors.NotFoundHere;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.input.MessageInput;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.text.Printable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who a message addressed with {@code --to} reaches, from the agent table: a named agent (it must
 * be in the table), whoever holds an issue, or every live agent but the sender. An address that
 * reaches nobody is refused (exit 2), before anything is written.
 */
public final class Recipients {
    private Recipients() {
    }

    public static List<String> of(MessageInput.Address to, String sender, StatusDocument doc, StaleDetector detector,
                                  Instant now) {
        Map<String, AgentRecord> agents = doc.agents();
        if (to.agent() != null) {
            if (!agents.containsKey(to.agent())) {
                throw new NotFoundHere("no agent " + Printable.quote(to.agent()), " in the record", " (nothing was sent)",
                        "see who is there with: ghp agent-status");
            }
            return List.of(to.agent());
        }
        if (to.issue() != null) {
            List<String> holders = agents.entrySet().stream()
                    .filter(e -> Objects.equals(e.getValue().issue(), to.issue()) && !e.getValue().isDone())
                    .map(Map.Entry::getKey).sorted().toList();
            if (holders.isEmpty()) {
                throw new NotFoundHere("no agent holds #" + to.issue(), "", " (nothing was sent)",
                        "see who works on what with: ghp agent-status");
            }
            return holders;
        }
        List<String> live = detector.assess(doc, now).stream()
                .filter(v -> !v.stale() && !v.record().isDone() && !v.name().equals(sender))
                .map(AgentView::name).sorted().toList();
        if (live.isEmpty()) {
            throw new UsageException("no live agent to tell (nothing was sent)", "see who is there with: ghp agent-status");
        }
        return live;
    }
}
