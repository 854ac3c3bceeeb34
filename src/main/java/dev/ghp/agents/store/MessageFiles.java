package dev.ghp.agents.store;

import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.MessageCodec;
import dev.ghp.agents.model.StatusCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads the messages of a snapshot and writes them into a change: an agent's unread ones under
 * {@code .ghp/inbox/<agent>/}, its read ones under {@code .ghp/read/<agent>/}. Both are bounded
 * per agent whenever they are written, so an inbox never grows without end.
 */
public final class MessageFiles {
    /** Read messages kept per agent; older ones are removed when its read messages are written. */
    public static final int MAX_READ = 50;
    /** Unread messages an inbox holds; beyond it, {@link InboxEviction} says which are dropped unseen. */
    public static final int MAX_UNREAD = InboxEviction.MAX_UNREAD;
    /** Unread messages of one sender an inbox holds: {@link #requireShare} refuses a send beyond it. */
    public static final int SENDER_SHARE = InboxEviction.SENDER_SHARE;

    /** Oldest first, ties by id: the order they are shown in. */
    public static final Comparator<Message> ORDER = Comparator
            .comparing(Message::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Message::id);

    private MessageFiles() {
    }

    /**
     * Whether {@code agent} has anything unread: one directory lookup, no file read. The cheap
     * question a hook run asks before it does anything else (nothing unread: nothing more is read).
     */
    public static boolean hasUnread(Snapshot snapshot, String agent) {
        return !snapshot.list(Message.inboxPath(agent)).isEmpty();
    }

    /**
     * The agent's unread messages, oldest first. A file that is not a valid message where it lies
     * ({@link RecordValidation}) is passed over: one bad file stops no delivery and no send.
     */
    public static List<Message> unread(Snapshot snapshot, String agent) {
        return in(snapshot, Message.inboxPath(agent)).messages();
    }

    /** The agent's read messages (at most {@link #MAX_READ}), oldest first; invalid files passed over. */
    public static List<Message> read(Snapshot snapshot, String agent) {
        return in(snapshot, Message.readPath(agent)).messages();
    }

    /**
     * Sends each of {@code messages} unless a message with its id is there already, unread or read:
     * a notice whose id is made from what it reports (a stale blocker) is sent once, however many
     * writes see it. Several to one inbox in one change are bounded together: a full inbox drops
     * what {@link InboxEviction} says among the read, and tells its agent in one summary.
     */
    public static Change sendAll(Change change, Snapshot snapshot, List<Message> messages, Instant now) {
        java.util.Map<String, List<Message>> byRecipient = new java.util.LinkedHashMap<>();
        for (Message m : messages) {
            String name = m.id() + ".json";
            if (snapshot.file(Message.inboxPath(m.to()) + "/" + name).isPresent()
                    || snapshot.file(Message.readPath(m.to()) + "/" + name).isPresent()) {
                continue;
            }
            byRecipient.computeIfAbsent(m.to(), k -> new ArrayList<>()).add(m);
        }
        var agents = snapshot.status().agents();
        byRecipient.forEach((to, list) -> {
            List<Message> after = new ArrayList<>(unread(snapshot, to));
            after.addAll(list);
            InboxEviction.Outcome eviction = InboxEviction.evict(to, after, agents::containsKey, now);
            List<Message> dropped = eviction.dropped();
            list.stream().filter(m -> !dropped.contains(m)).forEach(m -> change.put(m.path(), MessageCodec.write(m)));
            if (!eviction.isEmpty()) {
                // A new message dropped at once goes straight among the read ones, as an old one does.
                markRead(change, snapshot, to, dropped, now);
                eviction.replaced().forEach(m -> change.delete(m.path()));
                change.put(eviction.summary().path(), MessageCodec.write(eviction.summary()));
            }
        });
        return change;
    }

    /**
     * Refuses (exit 3) a send from {@code sender} to any of {@code recipients} whose inbox already
     * holds {@link #SENDER_SHARE} unread messages from it: one sender must not fill an inbox and
     * push out what others wrote. Nothing is sent to anyone then.
     */
    public static void requireShare(Snapshot snapshot, String sender, List<String> recipients) {
        List<String> full = new ArrayList<>();
        for (String to : recipients) {
            if (!hasUnread(snapshot, to)) {
                continue;
            }
            long mine = unread(snapshot, to).stream().filter(m -> sender.equals(m.from())).count();
            if (mine >= SENDER_SHARE) {
                full.add(to);
            }
        }
        if (!full.isEmpty()) {
            throw new dev.ghp.agents.errors.RefusedException("the inbox of " + String.join(", ", full)
                    + " already holds " + SENDER_SHARE + " unread messages from " + sender
                    + ", the most one sender may have waiting there; nothing was sent",
                    "wait until they are read (ghp agent-status shows who is active), or say it in fewer messages");
        }
    }

    /**
     * Marks {@code messages} (unread ones of {@code agent}) read: each moves from the inbox among the
     * read ones, and the oldest read ones beyond {@link #MAX_READ} are removed.
     */
    public static Change markRead(Change change, Snapshot snapshot, String agent, List<Message> messages, Instant now) {
        List<Message> kept = new ArrayList<>(read(snapshot, agent));
        for (Message m : messages) {
            change.delete(m.path());
            Message read = m.read(now);
            change.put(read.path(), MessageCodec.write(read));
            kept.add(read);
        }
        kept.sort(Comparator.comparing(Message::readAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(ORDER));
        for (int i = 0; i < kept.size() - MAX_READ; i++) {
            change.delete(kept.get(i).path());
        }
        // A file no delivery can mark read (malformed, misnamed) would stay unread for ever: it goes with them.
        in(snapshot, Message.inboxPath(agent)).unusable().forEach(change::delete);
        return change;
    }

    /**
     * Marks read those of {@code shown} (what agent-inbox printed) still unread in {@code snapshot},
     * once the output reached its caller, in one write ({@code read N messages of AGENT}); with
     * none of them left, removes the inbox files no delivery can read. Nothing to do decides nothing.
     */
    public static Decision<Integer> markShown(Snapshot snapshot, String agent, List<Message> shown, Instant now) {
        List<Message> still = stillUnread(snapshot, agent, shown);
        if (still.isEmpty()) {
            return removeUnusable(snapshot, agent).map(c -> Decision.write(c, 0)).orElse(Decision.nothing(0));
        }
        int n = still.size();
        Change change = Change.of("read " + n + (n == 1 ? " message" : " messages") + " of " + agent, agent);
        return Decision.write(markRead(change, snapshot, agent, still, now), n);
    }

    /**
     * The removal of the agent's inbox files that are not messages it can read (malformed, misnamed,
     * oversized), when there are any and nothing else is unread: what {@link #markRead} removes with them otherwise.
     */
    public static Optional<Change> removeUnusable(Snapshot snapshot, String agent) {
        List<String> unusable = in(snapshot, Message.inboxPath(agent)).unusable();
        if (unusable.isEmpty()) {
            return Optional.empty();
        }
        Change change = Change.of("remove " + unusable.size() + " unusable inbox files of " + agent, agent);
        unusable.forEach(change::delete);
        return Optional.of(change);
    }

    /**
     * Removes every message of {@code agent}, unread and read: its inbox ends with it (a sign-off),
     * so that the next agent to take the name does not receive what was written to this one.
     */
    public static Change removeAll(Change change, Snapshot snapshot, String agent) {
        for (String directory : List.of(Message.inboxPath(agent), Message.readPath(agent))) {
            for (String name : snapshot.list(directory)) {
                change.delete(directory + "/" + name);
            }
        }
        return change;
    }

    /**
     * Marks read those of {@code shown} that are still unread in {@code snapshot}: the second step
     * of a hook's delivery, once its text reached the agent. Nothing still unread decides nothing.
     */
    public static Decision<Integer> markDelivered(Snapshot snapshot, String agent, List<Message> shown, Instant now) {
        List<Message> still = stillUnread(snapshot, agent, shown);
        if (still.isEmpty()) {
            return Decision.nothing(0);
        }
        int n = still.size();
        Change change = Change.of("delivered " + n + (n == 1 ? " message" : " messages") + " to " + agent, agent);
        return Decision.write(markRead(change, snapshot, agent, still, now), n);
    }

    /** Those of {@code shown} whose file is still in the agent's inbox (another delivery may have taken some). */
    private static List<Message> stillUnread(Snapshot snapshot, String agent, List<Message> shown) {
        List<Message> still = new ArrayList<>();
        for (Message m : shown) {
            if (snapshot.file(Message.inboxPath(agent) + "/" + m.id() + ".json").isPresent()) {
                still.add(m);
            }
        }
        return still;
    }

    /**
     * The messages of one directory, and the paths of its files that are not valid messages there
     * and never will be. A newer version's message is neither: this version leaves it alone.
     */
    private record Found(List<Message> messages, List<String> unusable) {
    }

    private static Found in(Snapshot snapshot, String directory) {
        List<Message> out = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        // One walk of the directory (linear in the inbox, #22), each file read within its bound.
        for (var file : snapshot.files(directory).entrySet()) {
            String path = directory + "/" + file.getKey();
            byte[] bytes = file.getValue();
            if (bytes == Snapshot.OVERSIZED) {
                unusable.add(path);
                continue;
            }
            Optional<RecordValidation.Problem> problem = RecordValidation.problem(path, bytes);
            if (problem.isEmpty()) {
                out.add(decode(bytes));
            } else if (!problem.get().newerSchema()) {
                unusable.add(path);
            }
        }
        out.sort(ORDER);
        return new Found(out, unusable);
    }

    private static Message decode(byte[] bytes) {
        try {
            return MessageCodec.parse(bytes);
        } catch (StatusCodec.FormatException e) {
            throw new IllegalStateException("a message RecordValidation accepted does not parse", e);
        }
    }
}
