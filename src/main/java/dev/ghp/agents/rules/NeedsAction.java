package dev.ghp.agents.rules;

import dev.ghp.agents.model.Message;
import java.util.List;
import java.util.function.Predicate;

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
        return byName(m);
    }

    public static boolean any(List<Message> messages) {
        return messages.stream().anyMatch(NeedsAction::test);
    }

    /**
     * As {@link #any(List)}, where a notice the record does not back ({@link NoticeBacking}) counts
     * as what it is at most: a message from its sender.
     */
    public static boolean any(List<Message> messages, Predicate<Message> unverified) {
        return messages.stream().anyMatch(m -> unverified.test(m) ? byName(m) : test(m));
    }

    private static boolean byName(Message m) {
        return m.address() == null || m.address().equals(m.to());
    }
}
