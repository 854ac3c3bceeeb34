package dev.ghp.agents.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every commit on the coordination ref says about the history under it, in a git trailer
 * after the subject: {@code Ghp-History: generation=147 since=2026-11-01T00:00:00Z}. A writer
 * copies it forward from the parent (generation + 1), so deciding whether to prune costs one
 * parsed commit, however long the history. A commit that pruned also says how much:
 * {@code pruned=12500}; that part is not copied forward.
 *
 * @param generation how many commits the first-parent chain holds, this one included
 * @param since      when the oldest commit of that chain (its root) was written
 * @param pruned     how many commits this commit's write removed from history (0: none)
 */
record HistoryTrailer(long generation, Instant since, long pruned) {
    static final String KEY = "Ghp-History";
    private static final byte[] NEEDLE = ("\n" + KEY + ": ").getBytes(StandardCharsets.US_ASCII);
    private static final Pattern VALUE =
            Pattern.compile("generation=(\\d{1,18}) since=(\\S+)(?: pruned=(\\d{1,18}))?");

    HistoryTrailer {
        since = since.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The trailer of the first commit of a new history. */
    static HistoryTrailer root(Instant now) {
        return new HistoryTrailer(1, now, 0);
    }

    /** The trailer of a commit written on top of one carrying this one. */
    HistoryTrailer next() {
        return new HistoryTrailer(generation + 1, since, 0);
    }

    String line() {
        return KEY + ": generation=" + generation + " since=" + since + (pruned > 0 ? " pruned=" + pruned : "");
    }

    /** The message with this trailer after it; the subject and body stay as they are. */
    String appendTo(String message) {
        return appendTo(message, "");
    }

    /** The message with {@code others} (whole trailer lines) and this trailer last, in one trailer block. */
    String appendTo(String message, String others) {
        String body = message.endsWith("\n") ? message : message + "\n";
        return body + "\n" + others + line() + "\n";
    }

    /** The trailer in a raw commit object (headers and message), or empty when it has none or it is garbled. */
    static Optional<HistoryTrailer> find(byte[] rawCommit) {
        int at = lastIndexOf(rawCommit, NEEDLE);
        if (at < 0) {
            return Optional.empty();
        }
        int start = at + NEEDLE.length;
        int end = start;
        while (end < rawCommit.length && rawCommit[end] != '\n') {
            end++;
        }
        Matcher m = VALUE.matcher(new String(rawCommit, start, end - start, StandardCharsets.UTF_8).trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            long generation = Long.parseLong(m.group(1));
            if (generation < 1) {
                return Optional.empty();
            }
            return Optional.of(new HistoryTrailer(generation, Instant.parse(m.group(2)),
                    m.group(3) == null ? 0 : Long.parseLong(m.group(3))));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
