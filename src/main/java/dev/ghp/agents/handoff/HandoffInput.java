package dev.ghp.agents.handoff;

import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.text.Printable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks what the user passes to {@code agent-handoff}; every refusal is exit 2 with one line. */
public final class HandoffInput {
    public static final int NOTE_CHARS = 10_000;
    public static final int NOTE_LINES = 200;
    public static final long NOTE_FILE_MAX_BYTES = 256 * 1024;

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

    /**
     * The note in {@code file} ({@code --note-file}, resolved; {@code given} is how the user wrote
     * it, for messages), checked as {@link #note} checks it; it must be a UTF-8 text of a sane size.
     */
    public static String noteFile(Path file, String given) {
        String shown = Printable.quote(given);
        try {
            if (!Files.isRegularFile(file)) {
                throw new UsageException("--note-file " + shown + " is not a file");
            }
            if (Files.size(file) > NOTE_FILE_MAX_BYTES) {
                throw new UsageException("--note-file " + shown + " is larger than " + NOTE_FILE_MAX_BYTES / 1024
                        + " KiB", "a note is a few paragraphs; the document adds the rest itself");
            }
            return note(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString(),
                    "--note-file");
        } catch (CharacterCodingException e) {
            throw new UsageException("--note-file " + shown + " is not UTF-8 text");
        } catch (IOException e) {
            String m = e.getMessage();
            throw new UsageException("cannot read --note-file " + shown + ": "
                    + (m == null || m.isBlank() ? e.getClass().getSimpleName() : Printable.quote(m)));
        }
    }
}
