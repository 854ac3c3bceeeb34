package dev.ghp.agents.hooks;

import dev.ghp.agents.store.StorePaths;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds handoff documents by their file name alone, {@code <issue>-<agent>-<utc-stamp>.md}
 * (DESIGN §2; a second one in the same second has {@code -2}, {@code -3}, … after the stamp), so
 * that reading them needs nothing of the code that writes them.
 */
public final class HandoffFiles {
    private static final Pattern NAME = Pattern.compile("(\\d{1,9})-(.+)-(\\d{8}T\\d{6}Z)(?:-(\\d{1,4}))?\\.md");

    private HandoffFiles() {
    }

    /**
     * One handoff document, as its name describes it.
     *
     * @param fileName the name under {@code .ghp/handoffs/}
     * @param issue    the issue it hands off
     * @param agent    the agent that wrote it
     * @param stamp    its UTC stamp, {@code 20250125T103000Z}
     * @param sequence 1, or the number after the stamp of a later one in the same second
     */
    public record Handoff(String fileName, int issue, String agent, String stamp, int sequence) {
        public String path() {
            return StorePaths.HANDOFFS + "/" + fileName;
        }
    }

    static final Comparator<Handoff> OLDEST_FIRST = Comparator.comparing(Handoff::stamp)
            .thenComparingInt(Handoff::sequence).thenComparing(Handoff::fileName);

    public static Optional<Handoff> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Handoff(fileName, Integer.parseInt(m.group(1)), m.group(2), m.group(3),
                m.group(4) == null ? 1 : Integer.parseInt(m.group(4))));
    }

    /** The newest handoff for an issue among the names of the handoff directory. */
    public static Optional<Handoff> latestFor(int issue, List<String> fileNames) {
        return fileNames.stream()
                .map(HandoffFiles::parse)
                .flatMap(Optional::stream)
                .filter(h -> h.issue() == issue)
                .max(OLDEST_FIRST);
    }
}
