package dev.ghp.agents.cli;

import dev.ghp.agents.hooks.MessageDigest;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.rules.NeedsAction;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.CoordinationStore;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.MessageFiles;
import dev.ghp.agents.store.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Delivers an agent's unread messages through a hook run: the {@link MessageDigest} of the oldest
 * that fit, and those marked read, in one small write of their own (one commit per delivery).
 * Whether there is anything to deliver is asked first of the snapshot the hook read anyway, a
 * directory lookup: with nothing unread, nothing more is read and nothing is written.
 */
final class HookDelivery {
    private final CoordinationStore store;
    private final String agent;
    private final Instant now;

    HookDelivery(CoordinationStore store, String agent, Instant now) {
        this.store = store;
        this.agent = agent;
        this.now = now;
    }

    /** Everything unread that fits one digest, marked read; empty when {@code seen} has nothing unread. */
    MessageDigest deliver(Snapshot seen) {
        return deliver(seen, unread -> true);
    }

    /**
     * For a Stop: the digest, marked read, only when something unread needs the agent's action
     * ({@link NeedsAction}); else nothing is delivered and everything waits for the next tool
     * call or prompt. Marked read, the same messages never block a second Stop.
     */
    MessageDigest deliverIfActionNeeded(Snapshot seen) {
        return deliver(seen, NeedsAction::any);
    }

    /** The digest of what is unread, decided on the state as it is now, when {@code worth} says so. */
    private MessageDigest deliver(Snapshot seen, Predicate<List<Message>> worth) {
        if (!MessageFiles.hasUnread(seen, agent)) {
            return MessageDigest.empty();
        }
        return store.decide(snapshot -> {
            List<Message> unread = MessageFiles.unread(snapshot, agent);
            return unread.isEmpty() || worth.test(unread) ? digest(snapshot, unread) : Decision.nothing(MessageDigest.empty());
        }).result();
    }

    private Decision<MessageDigest> digest(Snapshot snapshot, List<Message> unread) {
        if (unread.isEmpty()) {
            // Only files no delivery can mark read: removed, or every hook run would look at them again.
            return MessageFiles.removeUnusable(snapshot, agent).map(c -> Decision.write(c, MessageDigest.empty()))
                    .orElse(Decision.nothing(MessageDigest.empty()));
        }
        var agents = snapshot.status().agents();
        MessageDigest d = MessageDigest.of(unread, agents::containsKey, now);
        int n = d.shown().size();
        Change c = Change.of("delivered " + n + (n == 1 ? " message" : " messages") + " to " + agent, agent);
        return Decision.write(MessageFiles.markRead(c, snapshot, agent, d.shown(), now), d);
    }
}
