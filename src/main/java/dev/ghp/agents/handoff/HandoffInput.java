package dev.ghp.agents.handoff;

import dev.ghp.agents.errors.UsageException;

/** Checks what the user passes to {@code agent-handoff}; every refusal is exit 2 with one line. */
public final class HandoffInput {
    public static final int NOTE_CHARS = 10_000;
    public static final int NOTE_LINES = 200;

    private HandoffInput() {
    }

    /** The note as given, or null; refused when it is longer than a successor should have to read. */
    public static String note(String text, String source) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int chars = text.codePointCount(0, text.length());
        if (chars > NOTE_CHARS) {
            throw new UsageException(source + " is " + chars + " characters long; the limit is " + NOTE_CHARS,
                    "keep the note to what the next agent needs; the document adds commits, diff and activity itself");
        }
        long lines = text.lines().count();
        if (lines > NOTE_LINES) {
            throw new UsageException(source + " has " + lines + " lines; the limit is " + NOTE_LINES,
                    "keep the note to what the next agent needs; the document adds commits, diff and activity itself");
        }
        if (text.indexOf('\0') >= 0) {
            throw new UsageException(source + " contains a NUL byte; a note is text");
        }
        return text.strip();
    }
}
