package dev.ghp.agents.hooks;

import dev.ghp.agents.store.StorePaths;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds handoff documents by their file name alone, {@code <issue>-<agent>-<utc-stamp>.md}
 * (DESIGN §2), so that reading them needs nothing of the code that writes them.
 */
public final class HandoffFiles {
    private static final Pattern NAME = Pattern.compile("(\\d{1,9})-(.+?)(?:-(\\d{4}-?\\d{2}-?\\d{2}T[0-9:.-]+Z?))?\\.md");

    private HandoffFiles() {
    }

    /**
     * One handoff document, as its name describes it.
     *
     * @param fileName the name under {@code .ghp/handoffs/}
     * @param issue    the issue it hands off
     * @param agent    the agent that wrote it
     * @param stamp    its UTC stamp as written in the name, or "" when the name has none
     */
    public record Handoff(String fileName, int issue, String agent, String stamp) {
        public String path() {
            return StorePaths.HANDOFFS + "/" + fileName;
        }

        /** The stamp's digits only, so {@code 20250125T103000Z} and {@code 2025-01-25T10-30-00Z} sort together. */
        String sortKey() {
            return stamp.replaceAll("[^0-9]", "");
        }
    }

    public static Optional<Handoff> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Handoff(fileName, Integer.parseInt(m.group(1)), m.group(2),
                m.group(3) == null ? "" : m.group(3)));
    }

    /** The newest handoff for an issue among the names of the handoff directory. */
    public static Optional<Handoff> latestFor(int issue, List<String> fileNames) {
        return fileNames.stream()
                .map(HandoffFiles::parse)
                .flatMap(Optional::stream)
                .filter(h -> h.issue() == issue)
                .max(Comparator.comparing(Handoff::sortKey).thenComparing(Handoff::fileName));
    }
}
