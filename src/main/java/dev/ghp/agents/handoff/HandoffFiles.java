package dev.ghp.agents.handoff;

import dev.ghp.agents.model.StorePaths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of handoff documents on the coordination ref: {@code .ghp/handoffs/<issue>-<agent>-<utc-stamp>.md}
 * (docs/design.md#where-the-state-lives), e.g. {@code 147-worker-1-20250125T103000Z.md}. A second handoff by the same agent in
 * the same second gets {@code -2}, {@code -3}, … after the stamp.
 */
public final class HandoffFiles {
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", java.util.Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("(\\d{1,9})-(.+)-(\\d{8}T\\d{6}Z)(?:-(\\d{1,4}))?\\.md");

    private HandoffFiles() {
    }

    /** A handoff document found by its file name. */
    public record Entry(String name, int issue, String agent, String stamp, int sequence) {
        public String path() {
            return StorePaths.HANDOFFS + "/" + name;
        }
    }

    /** Newest last: by stamp, then sequence, then name, so the order is the same everywhere. */
    public static final Comparator<Entry> ORDER = Comparator.comparing(Entry::stamp)
            .thenComparingInt(Entry::sequence).thenComparing(Entry::name);

    public static String stamp(Instant at) {
        return STAMP.format(at);
    }

    /** The first free name for a new document, given the names already there. */
    public static String newName(int issue, String agent, Instant at, Predicate<String> taken) {
        String base = issue + "-" + agent + "-" + stamp(at);
        String name = base + ".md";
        for (int n = 2; taken.test(name); n++) {
            name = base + "-" + n + ".md";
        }
        return name;
    }

    public static Optional<Entry> parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        int seq = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
        return Optional.of(new Entry(name, Integer.parseInt(m.group(1)), m.group(2), m.group(3), seq));
    }

    /** The documents for one issue, oldest first. */
    public static List<Entry> forIssue(Collection<String> names, int issue) {
        List<Entry> entries = new ArrayList<>();
        for (String n : names) {
            parse(n).filter(e -> e.issue() == issue).ifPresent(entries::add);
        }
        entries.sort(ORDER);
        return entries;
    }

    /** The issues that have at least one handoff, ascending (for a hint). */
    public static List<Integer> issues(Collection<String> names) {
        return names.stream().map(HandoffFiles::parse).flatMap(Optional::stream).map(Entry::issue)
                .distinct().sorted().toList();
    }

    /** Issues as a hint lists them: {@code #4, #7}, at most 20. */
    public static String listed(List<Integer> issues) {
        return String.join(", ", issues.stream().limit(20).map(i -> "#" + i).toList());
    }
}
