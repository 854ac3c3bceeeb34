package dev.ghp.agents.store;

import dev.ghp.agents.model.Message;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a full inbox drops (docs/decisions.md, "What a full inbox drops (#22)"). At most
 * {@link #MAX_UNREAD} unread; beyond that, dropped first: a sender's messages beyond its share
 * ({@link #SENDER_SHARE}), then agents' chatter, then what matters (the tool's notices, answers,
 * approvals, assignments, handoffs and people's messages), each oldest first. "Oldest" is the
 * date a message claims, but never later than the write that drops it: a message dated in the
 * future counts as arriving now and, at equal dates, goes first. The choice is a function of the
 * messages alone (and of that instant for future dates), so two clones that merged the same
 * inboxes drop the same ones. The recipient is told in one summary ({@link Message.Kind#DROPPED}),
 * which replaces any earlier unread summary and is never dropped itself.
 */
final class InboxEviction {
    /** Unread messages an inbox holds. */
    static final int MAX_UNREAD = 100;
    /** Unread messages of one sender an inbox holds; a send beyond it is refused (exit 3). */
    static final int SENDER_SHARE = 25;

    private InboxEviction() {
    }

    /** What one eviction does: the messages dropped, the summary written, and the summaries it replaces. */
    record Outcome(List<Message> dropped, Message summary, List<Message> replaced) {
        boolean isEmpty() {
            return dropped.isEmpty();
        }
    }

    /**
     * @param unread  the inbox as it will be after the write, new messages included
     * @param isAgent whether a sender is an agent of the record (its messages to others are chatter)
     */
    static Outcome evict(String recipient, List<Message> unread, Predicate<String> isAgent, Instant now) {
        List<Message> summaries = new ArrayList<>();
        List<Message> candidates = new ArrayList<>();
        for (Message m : unread) {
            (isSummary(m) ? summaries : candidates).add(m);
        }
        if (candidates.size() + Math.min(1, summaries.size()) <= MAX_UNREAD) {
            return new Outcome(List.of(), null, List.of());
        }
        // One place is the summary's.
        int over = candidates.size() - (MAX_UNREAD - 1);
        Comparator<Message> byAge = Comparator.<Message, Instant>comparing(m -> age(m, now))
                .thenComparing((Message m) -> m.createdAt() != null && m.createdAt().isAfter(now) ? 0 : 1)
                .thenComparing(Message::id);
        List<Message> order = new ArrayList<>(candidates);
        order.sort(byAge);
        // Each sender's newest SENDER_SHARE messages are within its share; older ones are over it.
        Map<String, Integer> seenFrom = new TreeMap<>();
        Map<String, Integer> tier = new TreeMap<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            Message m = order.get(i);
            int n = seenFrom.merge(String.valueOf(m.from()), 1, Integer::sum);
            tier.put(m.id(), n > SENDER_SHARE ? 0 : matters(m, isAgent) ? 2 : 1);
        }
        List<Message> ranked = new ArrayList<>(order);
        ranked.sort(Comparator.<Message>comparingInt(m -> tier.get(m.id())).thenComparing(byAge));
        List<Message> dropped = List.copyOf(ranked.subList(0, over));
        Instant latest = dropped.stream().map(m -> age(m, now)).max(Comparator.naturalOrder()).orElse(now);
        return new Outcome(dropped, summary(recipient, dropped, summaries, latest), List.copyOf(summaries));
    }

    /** Whether a message is one that matters to keep: anything but an agent's chatter. */
    static boolean matters(Message m, Predicate<String> isAgent) {
        if (!Message.Kind.MESSAGE.wire().equals(m.kind())) {
            return true;
        }
        // A message from a person (--by), or one the tool wrote.
        return m.from() == null || Message.TOOL.equals(m.from()) || !isAgent.test(m.from());
    }

    static boolean isSummary(Message m) {
        return Message.Kind.DROPPED.wire().equals(m.kind()) && Message.TOOL.equals(m.from());
    }

    /** The date that orders a message for dropping: the one it claims, never later than {@code now}. */
    private static Instant age(Message m, Instant now) {
        if (m.createdAt() == null) {
            return Instant.EPOCH;
        }
        return m.createdAt().isAfter(now) ? now : m.createdAt();
    }

    /**
     * One notice of everything dropped so far and not yet seen: the counts of the summaries it
     * replaces carry over. Its id and date are made from what it reports, so two clones that drop
     * the same messages write the same file.
     */
    private static Message summary(String recipient, List<Message> dropped, List<Message> before, Instant at) {
        Map<String, Integer> bySender = new TreeMap<>();
        List<String> key = new ArrayList<>();
        for (Message old : before) {
            key.add(old.id());
            if (old.extra().get("dropped") != null) {
                old.extra().get("dropped").fields()
                        .forEachRemaining(e -> bySender.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
            }
        }
        for (Message m : dropped) {
            key.add(m.id());
            bySender.merge(String.valueOf(m.from()), 1, Integer::sum);
        }
        int total = bySender.values().stream().mapToInt(Integer::intValue).sum();
        List<String> parts = new ArrayList<>();
        bySender.forEach((from, n) -> parts.add(from + " " + n));
        String text = total + (total == 1 ? " unread message was" : " unread messages were")
                + " dropped unseen: an inbox holds " + MAX_UNREAD + " unread at most, " + SENDER_SHARE
                + " of them from one sender. From: " + String.join(", ", parts)
                + ". The newest read ones: ghp agent-inbox --all";
        var counts = dev.ghp.agents.model.Json.object();
        bySender.forEach(counts::put);
        key.sort(Comparator.naturalOrder());
        return new Message(summaryId(String.join(" ", key)), Message.Kind.DROPPED.wire(), Message.TOOL, recipient,
                recipient, text, null, at, null, Map.of("dropped", counts));
    }

    private static String summaryId(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "msg-" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
