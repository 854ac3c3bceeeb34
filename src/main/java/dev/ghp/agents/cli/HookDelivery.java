package dev.ghp.agents.cli;

import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.hooks.MessageDigest;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.rules.NeedsAction;
import dev.ghp.agents.rules.NoticeBacking;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.CoordinationStore;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.EscalationFiles;
import dev.ghp.agents.store.MessageFiles;
import dev.ghp.agents.store.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
        return deliver(seen, false);
    }

    /**
     * For a Stop: the digest, marked read, only when something unread needs the agent's action
     * ({@link NeedsAction}); else nothing is delivered and everything waits for the next tool
     * call or prompt. Marked read, the same messages never block a second Stop.
     */
    MessageDigest deliverIfActionNeeded(Snapshot seen) {
        return deliver(seen, true);
    }

    /** The digest of what is unread, decided on the state as it is now; with {@code actionOnly}, only when it needs action. */
    private MessageDigest deliver(Snapshot seen, boolean actionOnly) {
        if (!MessageFiles.hasUnread(seen, agent)) {
            return MessageDigest.empty();
        }
        return store.decide(snapshot -> {
            List<Message> unread = MessageFiles.unread(snapshot, agent);
            Predicate<Message> unverified = unverified(snapshot);
            return unread.isEmpty() || !actionOnly || NeedsAction.any(unread, unverified)
                    ? digest(snapshot, unread, unverified) : Decision.nothing(MessageDigest.empty());
        }).result();
    }

    /** Notices the record does not back ({@link NoticeBacking}); an unreadable escalation backs nothing. */
    private static Predicate<Message> unverified(Snapshot snapshot) {
        return m -> NoticeBacking.unverified(m, id -> {
            try {
                return EscalationFiles.find(snapshot, id);
            } catch (GhpException e) {
                return Optional.empty();
            }
        });
    }

    private Decision<MessageDigest> digest(Snapshot snapshot, List<Message> unread, Predicate<Message> unverified) {
        if (unread.isEmpty()) {
            // Only files no delivery can mark read: removed, or every hook run would look at them again.
            return MessageFiles.removeUnusable(snapshot, agent).map(c -> Decision.write(c, MessageDigest.empty()))
                    .orElse(Decision.nothing(MessageDigest.empty()));
        }
        var agents = snapshot.status().agents();
        MessageDigest d = MessageDigest.of(unread, agents::containsKey, unverified, now);
        int n = d.shown().size();
        Change c = Change.of("delivered " + n + (n == 1 ? " message" : " messages") + " to " + agent, agent);
        return Decision.write(MessageFiles.markRead(c, snapshot, agent, d.shown(), now), d);
    }
}
