package dev.ghp.agents.rules;

import dev.ghp.agents.model.Message;
import java.util.List;

/**
 * Which unread messages are worth keeping an agent from ending its turn (a Stop hook blocks once
 * for them): the ones that ask something of this agent. That is every notice of the tool (an
 * answer, an approval's decision, an assignment, and any kind a newer tool writes: each is about
 * this agent's own work), and a message written to this agent by name. A message to {@code all}
 * or to an issue's agents is delivered at the next tool call or prompt, but does not hold every
 * agent it reached for another turn (docs/decisions.md, "What a Stop hook blocks for").
 */
public final class NeedsAction {
    private NeedsAction() {
    }

    public static boolean test(Message m) {
        if (!Message.Kind.MESSAGE.wire().equals(m.kind())) {
            return true;
        }
        return m.address() == null || m.address().equals(m.to());
    }

    public static boolean any(List<Message> messages) {
        return messages.stream().anyMatch(NeedsAction::test);
    }
}
