package dev.ghp.agents.cli;

import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.hooks.MessageDigest;
import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.rules.NeedsAction;
import dev.ghp.agents.rules.NoticeBacking;
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
 * Delivers an agent's unread messages through a hook run in two steps: the {@link MessageDigest}
 * of the oldest that fit, decided without writing; then, only once its text has reached the
 * caller ({@link AfterOutput}), those messages marked read in one small write of their own. A hook
 * killed in between leaves them unread, and they come again: at least once, never lost
 * (docs/decisions.md, "Read only once shown (#22)"). Whether there is anything to deliver is asked
 * first of the snapshot the hook read anyway, a directory lookup. Notices the record does not back
 * are shown as unverified ({@link NoticeBacking}).
 */
final class HookDelivery {
    private final String agent;
    private final Instant now;
    /** The stale rule, for the blocker notices that say an agent went stale or nobody live holds an issue. */
    private final StaleDetector detector;

    /** For the second step only ({@link #markShown}), which checks nothing. */
    HookDelivery(String agent, Instant now) {
        this(agent, now, null);
    }

    HookDelivery(String agent, Instant now, StaleDetector detector) {
        this.agent = agent;
        this.now = now;
        this.detector = detector;
    }

    /** Everything unread that fits one digest; empty when {@code seen} has nothing unread. */
    MessageDigest digest(Snapshot seen) {
        return digest(seen, false);
    }

    /**
     * For a Stop: the digest only when something unread needs the agent's action
     * ({@link NeedsAction}); else nothing is delivered and everything waits for the next tool
     * call or prompt. Marked read once shown, the same messages never block a second Stop.
     */
    MessageDigest digestIfActionNeeded(Snapshot seen) {
        return digest(seen, true);
    }

    /**
     * For a wake run (docs/decisions.md "#23 wake"): the digest only when a message that
     * {@code arrived} while the agent waited needs its action ({@link NeedsAction}); it then carries
     * the unread messages that fit, as every delivery does. What was unread before the wait began
     * wakes nobody: the Stop that began it already had its say about those.
     */
    MessageDigest digestIfActionArrived(Snapshot seen, Predicate<Message> arrived) {
        if (!MessageFiles.hasUnread(seen, agent)) {
            return MessageDigest.empty();
        }
        List<Message> unread = MessageFiles.unread(seen, agent);
        Predicate<Message> unverified = unverified(seen);
        if (!NeedsAction.any(unread.stream().filter(arrived).toList(), unverified)) {
            return MessageDigest.empty();
        }
        var agents = seen.status().agents();
        return MessageDigest.of(unread, agents::containsKey, unverified, now);
    }

    /** Whether {@code seen} holds inbox files of the agent that are no message it can read (malformed, misnamed, oversized). */
    boolean onlyUnusable(Snapshot seen) {
        return MessageFiles.hasUnread(seen, agent) && MessageFiles.unread(seen, agent).isEmpty();
    }

    private MessageDigest digest(Snapshot seen, boolean actionOnly) {
        if (!MessageFiles.hasUnread(seen, agent)) {
            return MessageDigest.empty();
        }
        List<Message> unread = MessageFiles.unread(seen, agent);
        Predicate<Message> unverified = unverified(seen);
        if (unread.isEmpty() || (actionOnly && !NeedsAction.any(unread, unverified))) {
            return MessageDigest.empty();
        }
        var agents = seen.status().agents();
        return MessageDigest.of(unread, agents::containsKey, unverified, now);
    }

    /** Notices the record does not back ({@link NoticeBacking}); an unreadable escalation or decision backs nothing. */
    private Predicate<Message> unverified(Snapshot snapshot) {
        NoticeBacking.Record record = new NoticeBacking.Record(id -> {
            try {
                return EscalationFiles.find(snapshot, id);
            } catch (GhpException e) {
                return Optional.empty();
            }
        }, id -> decision(snapshot, id), snapshot.status(),
                (name, r) -> !r.isDone() && detector != null && !detector.view(name, r, now).stale());
        return m -> NoticeBacking.unverified(m, record);
    }

    private static Optional<AgentDecision> decision(Snapshot snapshot, String id) {
        if (!AgentDecision.isValidId(id)) {
            return Optional.empty();
        }
        try {
            Optional<byte[]> bytes = snapshot.file(AgentDecision.pathOf(id));
            return bytes.isEmpty() ? Optional.empty() : Optional.of(AgentDecision.parse(bytes.get()));
        } catch (StatusCodec.FormatException | GhpException e) {
            return Optional.empty();
        }
    }

    /**
     * The second step: marks read those of {@code shown} still unread now (another delivery or an
     * agent-inbox may have taken some meanwhile); with nothing shown, removes the inbox files no
     * delivery can ever mark read, or every hook run would look at them again. Returns whether it wrote.
     */
    boolean markShown(CoordinationStore store, MessageDigest shown) {
        if (shown.isEmpty()) {
            return store.decide(snapshot -> MessageFiles.removeUnusable(snapshot, agent)
                    .map(c -> Decision.write(c, 0)).orElse(Decision.nothing(0))).write().committed();
        }
        return store.decide(snapshot -> MessageFiles.markDelivered(snapshot, agent, shown.shown(), now)).write().committed();
    }
}
