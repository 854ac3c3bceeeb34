package dev.ghp.agents.store;

import java.time.Duration;
import java.time.Instant;

/**
 * How much history the coordination ref keeps ({@code agents.history}): at most {@code maxCommits}
 * commits on its first-parent chain, none more than {@code maxAge} older than the newest commit
 * (or than the clock, when that is earlier). Pruning is amortised: a write
 * prunes only once the history is a quarter over a limit, and then cuts it back to the limit, so
 * a heartbeat pays for a rewrite once in every {@code maxCommits / 4} writes, not on every write.
 *
 * @param maxCommits the most commits kept, the newest ones
 * @param maxAge     how much older than the newest commit a kept commit may be
 */
public record HistoryLimits(int maxCommits, Duration maxAge) {
    /** About three and a half days of ten agents heartbeating once a minute. */
    public static final int DEFAULT_MAX_COMMITS = 50_000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);

    /** Fewer commits than this leave nothing for handoffs to read and make every few writes a prune. */
    public static final int MIN_COMMITS = 10;
    /** A prune rewrites every kept commit in one write; beyond this it takes longer than a hook waits. */
    public static final int MAX_COMMITS = 1_000_000;
    public static final Duration MIN_AGE = Duration.ofHours(1);
    public static final Duration MAX_AGE = Duration.ofDays(36_500);
    /** Declared after the bounds it is checked against (static initialisation runs in order). */
    public static final HistoryLimits DEFAULTS = new HistoryLimits(DEFAULT_MAX_COMMITS, DEFAULT_MAX_AGE);

    public HistoryLimits {
        if (maxCommits < MIN_COMMITS || maxCommits > MAX_COMMITS) {
            throw new IllegalArgumentException("maxCommits out of range: " + maxCommits);
        }
        if (maxAge.compareTo(MIN_AGE) < 0 || maxAge.compareTo(MAX_AGE) > 0) {
            throw new IllegalArgumentException("maxAge out of range: " + maxAge);
        }
    }

    /** The generation (commits on the chain, counting the newest) beyond which a write prunes. */
    public long pruneAtCommits() {
        return maxCommits + Math.max(1, maxCommits / 4);
    }

    /** The age of the oldest commit beyond which a write prunes. */
    public Duration pruneAtAge() {
        return maxAge.plus(maxAge.dividedBy(4));
    }

    /**
     * The O(1) test every write makes, from what the parent commit's trailer says.
     *
     * @param generation how many commits the chain would hold with the new one
     * @param since      when the oldest commit of the chain was written
     * @param reference  what ages are measured from: the newest commit's time, or the clock when earlier
     */
    public boolean due(long generation, Instant since, Instant reference) {
        return generation > pruneAtCommits() || since.isBefore(reference.minus(pruneAtAge()));
    }

    /** Whether history of this size and age is over a limit at all (what an explicit prune asks). */
    public boolean exceeded(long generation, Instant since, Instant reference) {
        return generation > maxCommits || since.isBefore(cutoff(reference));
    }

    /** The age limit as it is written in the config ({@code 30d}, {@code 1d12h}). */
    public String maxAgeText() {
        long s = maxAge.getSeconds();
        StringBuilder t = new StringBuilder();
        long[] sizes = {86_400, 3_600, 60, 1};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (s >= sizes[i]) {
                t.append(s / sizes[i]).append(units[i]);
                s %= sizes[i];
            }
        }
        return t.toString();
    }

    /** Commits older than this are pruned. */
    public Instant cutoff(Instant reference) {
        return reference.minus(maxAge);
    }
}
