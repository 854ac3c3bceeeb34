package dev.ghp.agents.input;

import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.text.Printable;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Checks what {@code ghp agent-escalate} is given; every refusal is exit 2 with one line. */
public final class EscalationInput {
    public static final int MAX_MESSAGE = 4000;
    public static final int MAX_NAME = 100;

    private EscalationInput() {
    }

    public static Escalation.Kind kind(String text) {
        if (text == null) {
            return Escalation.Kind.QUESTION;
        }
        return Escalation.Kind.fromWire(text.trim().toLowerCase(Locale.ROOT)).orElseThrow(() -> new UsageException(
                "unknown kind '" + Printable.quote(text) + "'", "use one of: " + allKinds()));
    }

    public static String allKinds() {
        return Arrays.stream(Escalation.Kind.values()).map(Escalation.Kind::wire).collect(Collectors.joining(", "));
    }

    /** The message or answer, trimmed; refused when empty or too long. */
    public static String text(String text, String what) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new UsageException(what + " is empty", "say what a human should know or decide");
        }
        int length = t.codePointCount(0, t.length());
        if (length > MAX_MESSAGE) {
            throw new UsageException(what + " is " + length + " characters long; the limit is " + MAX_MESSAGE,
                    "put the details in a handoff or on the issue, and link to them");
        }
        return t;
    }

    public static String id(String text) {
        String t = text == null ? "" : text.trim();
        if (!t.startsWith("esc-")) {
            t = "esc-" + t;
        }
        if (!Escalation.isValidId(t)) {
            throw new UsageException("'" + Printable.quote(text) + "' is not an escalation id",
                    "ids look like esc-7f3a9c1d; list them with: ghp agent-escalate --list");
        }
        return t;
    }

    /** Who resolves: free text (a person's name), one line, bounded. */
    public static String resolver(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.length() > MAX_NAME || t.codePoints().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new UsageException("--by takes a name of 1 to " + MAX_NAME + " printable characters, got '"
                    + Printable.quote(text) + "'");
        }
        return ReservedNames.require(t, "--by");
    }
}
