package dev.ghp.agents.text;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 2d}. */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(\\d{1,9}(ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {
    }

    /** The duration, or empty when the text is not one (or is zero). */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        if (!WHOLE.matcher(t).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return total.isZero() ? Optional.empty() : Optional.of(total);
    }

    /** Short, for a table column: {@code 12s}, {@code 5m}, {@code 2h 5m}, {@code 3d 4h}. */
    public static String brief(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m";
        }
        if (s < 86400) {
            long m = (s % 3600) / 60;
            return (s / 3600) + "h" + (m == 0 ? "" : " " + m + "m");
        }
        long h = (s % 86400) / 3600;
        return (s / 86400) + "d" + (h == 0 ? "" : " " + h + "h");
    }
}
