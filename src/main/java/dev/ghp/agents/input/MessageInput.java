package dev.ghp.agents.input;

import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.text.Printable;

/** Checks what {@code ghp agent-message} is given; every refusal is exit 2 with one line. */
public final class MessageInput {
    /** The longest message, in code points: as long as an escalation may be. */
    public static final int MAX_TEXT = EscalationInput.MAX_MESSAGE;

    private MessageInput() {
    }

    /**
     * Where a message goes, as {@code --to} names it.
     *
     * @param agent an agent's name, or null
     * @param issue an issue number (whoever holds it), or null
     * @param all   every live agent
     */
    public record Address(String agent, Integer issue, boolean all) {
        /** How the address is written back: {@code worker-1}, {@code #147} or {@code all}. */
        public String wire() {
            return all ? "all" : issue != null ? "#" + issue : agent;
        }
    }

    public static Address address(String text) {
        if (text == null || text.isBlank()) {
            throw new UsageException("--to is empty", "give an agent's name, #ISSUE (whoever holds it) or all");
        }
        String t = text.trim();
        if (t.equals("all")) {
            return new Address(null, null, true);
        }
        if (t.startsWith("#")) {
            return new Address(null, HeartbeatInput.issue(t, "--to"), false);
        }
        if (!AgentNames.isValid(t)) {
            throw new UsageException("--to '" + Printable.quote(text) + "' is neither an agent name, #ISSUE nor all",
                    "names are 1 to 64 characters from A-Z a-z 0-9 . _ -; an issue is written #147");
        }
        return new Address(t, null, false);
    }

    /** The text, trimmed; refused when empty or too long. */
    public static String text(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new UsageException("the message is empty", "say what the recipient should know");
        }
        int length = t.codePointCount(0, t.length());
        if (length > MAX_TEXT) {
            throw new UsageException("the message is " + length + " characters long; the limit is " + MAX_TEXT,
                    "put the details in a handoff or on the issue, and link to them");
        }
        return t;
    }
}
