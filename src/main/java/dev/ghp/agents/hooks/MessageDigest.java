package dev.ghp.agents.hooks;

import dev.ghp.agents.input.AgentNames;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a hook run delivers of an agent's unread messages: the oldest few that fit a bound, each
 * with its sender, kind, neutralised text and the command that reaches the sender, then how many
 * are left ({@code ghp agent-inbox}). Only the messages {@link #shown} are marked read; the rest
 * wait for the next delivery. The words around the messages describe; they order nothing.
 *
 * @param shown the messages the text carries, oldest first (these are the ones to mark read)
 * @param left  how many unread messages did not fit and stay unread
 * @param text  the digest, or "" when there is nothing to deliver
 */
public record MessageDigest(List<Message> shown, int left, String text) {
    /** Messages per delivery: a burst of notices must not flood the agent's context. */
    public static final int MAX_MESSAGES = 5;
    /** Characters of one message's text; a longer one is cut and its whole text is in agent-inbox. */
    public static final int MAX_TEXT = 600;
    /** Characters of the whole digest, well under Claude Code's 10,000-character cap on hook output. */
    public static final int MAX_CHARS = 4000;

    public MessageDigest {
        shown = List.copyOf(shown);
    }

    public static MessageDigest empty() {
        return new MessageDigest(List.of(), 0, "");
    }

    public boolean isEmpty() {
        return shown.isEmpty();
    }

    /**
     * @param unread  the agent's unread messages, oldest first
     * @param isAgent    whether a sender is an agent of the record (reached by agent-message), not a person
     * @param unverified whether a message claims a kind only the tool writes that the record does not back
     */
    public static MessageDigest of(List<Message> unread, Predicate<String> isAgent, Predicate<Message> unverified,
                                   Instant now) {
        if (unread.isEmpty()) {
            return empty();
        }
        List<Message> shown = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        int chars = 0;
        for (Message m : unread) {
            String entry = entry(m, isAgent, unverified.test(m), now);
            if (shown.size() == MAX_MESSAGES || (!shown.isEmpty() && chars + entry.length() > MAX_CHARS)) {
                break;
            }
            shown.add(m);
            entries.add(entry);
            chars += entry.length();
        }
        int left = unread.size() - shown.size();
        StringBuilder b = new StringBuilder("[ghp-agents] ");
        b.append(shown.size() == 1 ? "1 message" : shown.size() + " messages").append(" for you (now marked read):\n");
        entries.forEach(b::append);
        if (left > 0) {
            b.append("… and ").append(left).append(left == 1 ? " more unread message" : " more unread messages")
                    .append(": ghp agent-inbox\n");
        }
        return new MessageDigest(shown, left, b.toString());
    }

    private static String entry(Message m, Predicate<String> isAgent, boolean unverified, Instant now) {
        StringBuilder b = new StringBuilder("- ").append(Printable.line(m.id())).append(" · ");
        if (unverified) {
            // Anyone who can push can write this file: say so rather than speak as the tool.
            b.append("message (claims to be the tool's ").append(Printable.line(m.kind()))
                    .append(" notice; unverified: the record does not back it)");
        } else {
            b.append(Printable.line(m.kind()));
        }
        b.append(" · from ").append(Printable.line(m.from()));
        if (m.address() != null && !m.address().equals(m.to())) {
            b.append(" to ").append(Printable.line(m.address()));
        }
        if (m.issue() != null) {
            b.append(" · #").append(m.issue());
        }
        if (m.createdAt() != null && !m.createdAt().isAfter(now)) {
            b.append(" · ").append(Durations.brief(Duration.between(m.createdAt(), now))).append(" ago");
        }
        b.append('\n');
        String text = m.text() == null ? "" : m.text();
        boolean cut = text.codePointCount(0, text.length()) > MAX_TEXT;
        if (cut) {
            text = text.substring(0, text.offsetByCodePoints(0, MAX_TEXT));
        }
        for (String line : text.split("\r?\n", -1)) {
            b.append("  | ").append(Printable.line(line)).append('\n');
        }
        if (cut) {
            b.append("  [cut at ").append(MAX_TEXT).append(" characters; the whole text: ghp agent-inbox --all]\n");
        }
        b.append("  ").append(reply(m, isAgent)).append('\n');
        return b.toString();
    }

    /**
     * How the sender is reached: an agent by a message, a person (or the tool) through an
     * escalation, which a person answers. A sender's name goes into a command line only when it is
     * a valid agent name, so it cannot carry anything else.
     */
    static String reply(Message m, Predicate<String> isAgent) {
        String from = m.from();
        if (from != null && AgentNames.isValid(from) && !Message.TOOL.equals(from) && isAgent.test(from)) {
            return "reply: ghp agent-message --to " + from + " \"…\"";
        }
        return "reply: ghp agent-escalate" + (m.issue() == null ? "" : " --issue " + m.issue()) + " \"…\" (a person answers)";
    }
}
