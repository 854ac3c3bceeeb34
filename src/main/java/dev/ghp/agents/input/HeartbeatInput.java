package dev.ghp.agents.input;

import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.text.Printable;

/** Checks and normalises what an agent passes on the command line; every refusal is exit 2 with one line. */
public final class HeartbeatInput {
    public static final int MAX_ACTION = 500;

    private HeartbeatInput() {
    }

    public static Integer issue(String text, String option) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.startsWith("#")) {
            t = t.substring(1);
        }
        if (!t.matches("\\d{1,9}") || Integer.parseInt(t) <= 0) {
            throw new UsageException(option + " must be a positive issue number, got '" + Printable.quote(text) + "'");
        }
        return Integer.parseInt(t);
    }

    public static AgentStatus status(String text) {
        if (text == null) {
            return null;
        }
        return AgentStatus.fromWire(text.trim().toLowerCase(java.util.Locale.ROOT)).orElseThrow(() ->
                new UsageException("unknown status '" + Printable.quote(text) + "'", "use one of: " + AgentStatus.allWire()));
    }

    public static String agentName(String name, String source) {
        if (!AgentNames.isValid(name)) {
            throw new UsageException(source + " '" + Printable.quote(name) + "' is not a valid agent name",
                    "names are 1 to 64 characters from A-Z a-z 0-9 . _ -");
        }
        return name;
    }

    public static String action(String text) {
        if (text == null) {
            return null;
        }
        if (text.codePointCount(0, text.length()) > MAX_ACTION) {
            throw new UsageException("--action is " + text.codePointCount(0, text.length())
                    + " characters long; the limit is " + MAX_ACTION, "summarise the action; details belong in a handoff");
        }
        return text;
    }

    /**
     * An issue ({@code 123} or {@code #123}, stored as {@code #123}), an escalation id
     * ({@code esc-7f3a9c1d}: what a human must answer first) or an agent name. A name in the form
     * of an escalation id is read as the escalation.
     */
    public static String blockedOn(String ref) {
        if (ref == null) {
            return null;
        }
        String t = ref.trim();
        if (t.matches("#?\\d{1,9}") && Integer.parseInt(t.replace("#", "")) > 0) {
            return "#" + Integer.parseInt(t.replace("#", ""));
        }
        if (Escalation.isValidId(t)) {
            return t;
        }
        if (AgentNames.isValid(t) && !t.matches("#?\\d+")) {
            return t;
        }
        throw new UsageException("--blocked-on takes an issue number, an escalation id or an agent name, got '" + Printable.quote(ref) + "'");
    }
}
