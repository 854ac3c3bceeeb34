package dev.ghp.agents.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * What a command may know of the world it runs in, passed in rather than read from globals so
 * that tests control every part of it, and so that the daemon gives each command its own caller's
 * world: nothing here comes from the JVM the command happens to run in (docs/decisions.md,
 * "The invocation context"). Only {@link #system()} reads the process's state, for {@code main}.
 *
 * @param variables        the environment variables
 * @param workingDirectory where the command was started (absolute)
 * @param clock            the time source (tests fix it)
 * @param zone             the caller's time zone, for times shown to people ({@code TZ})
 * @param locale           the caller's locale ({@code LC_ALL}, {@code LC_TIME}, {@code LC_MESSAGES}, {@code LANG})
 * @param stdoutIsTerminal whether stdout is a terminal (colour, redrawing, truncation)
 */
public record Environment(Map<String, String> variables, Path workingDirectory, Clock clock, ZoneId zone,
                          Locale locale, boolean stdoutIsTerminal) {

    public Environment {
        variables = Map.copyOf(variables);
    }

    /**
     * A context whose zone and locale come from {@code variables} alone: without {@code TZ} the
     * zone is UTC, without locale variables the locale is {@link Locale#ROOT} (tests, training).
     */
    public Environment(Map<String, String> variables, Path workingDirectory, Clock clock, boolean stdoutIsTerminal) {
        this(variables, workingDirectory, clock, zoneOf(variables, ZoneOffset.UTC), localeOf(variables),
                stdoutIsTerminal);
    }

    /**
     * The context of a caller: zone and locale derived from its variables, {@code systemZone}
     * where {@code TZ} is unset or not a zone Java knows (as the caller's own JVM would fall back
     * to the system's zone).
     */
    public static Environment of(Map<String, String> variables, Path workingDirectory, Clock clock,
                                 ZoneId systemZone, boolean stdoutIsTerminal) {
        return new Environment(variables, workingDirectory, clock, zoneOf(variables, systemZone),
                localeOf(variables), stdoutIsTerminal);
    }

    /** This process's own context: the one place (with the daemon's entry) that reads the JVM's state. */
    public static Environment system() {
        Map<String, String> env = System.getenv();
        // The launcher knows for sure ([ -t 1 ]); without it, Java 17's System.console() is the best guess.
        String tty = env.get("GHP_STDOUT_TTY");
        boolean terminal = tty != null ? "1".equals(tty) : System.console() != null;
        return of(callersLocale(env), Path.of("").toAbsolutePath(), Clock.systemUTC(), systemZone(), terminal);
    }

    /**
     * The variables as the caller had them. Under a locale that is not UTF-8 the launcher runs the
     * JVM with a UTF-8 {@code LC_ALL} (paths are decoded in the locale's character set) and keeps
     * the caller's own in {@code GHP_CALLER_LC_ALL}: {@code =VALUE}, or {@code -} when it was unset.
     */
    static Map<String, String> callersLocale(Map<String, String> env) {
        String saved = env.get("GHP_CALLER_LC_ALL");
        if (saved == null) {
            return env;
        }
        Map<String, String> variables = new java.util.HashMap<>(env);
        variables.remove("GHP_CALLER_LC_ALL");
        if (saved.startsWith("=")) {
            variables.put("LC_ALL", saved.substring(1));
        } else {
            variables.remove("LC_ALL");
        }
        return variables;
    }

    /**
     * The machine's zone as a process without {@code TZ} would see it. The daemon is started
     * without {@code TZ} (bin/ghp), so there this is the system's zone and not its first caller's.
     */
    public static ZoneId systemZone() {
        return TimeZone.getDefault().toZoneId();
    }

    /**
     * {@code TZ} as the C library reads it, as far as Java can: {@code Area/City} (with or without
     * the leading {@code :}), {@code UTC}, offsets and the POSIX names Java knows ({@code EST5EDT}).
     * A value Java cannot read, or an empty one, falls back to {@code fallback}, as in the caller's
     * own JVM (which reads {@code /etc/localtime} then).
     */
    static ZoneId zoneOf(Map<String, String> variables, ZoneId fallback) {
        String tz = variables.get("TZ");
        if (tz == null) {
            return fallback;
        }
        String name = tz.startsWith(":") ? tz.substring(1) : tz;
        if (name.isEmpty()) {
            return fallback;
        }
        try {
            return ZoneId.of(name, ZoneId.SHORT_IDS);
        } catch (DateTimeException e) {
            // TimeZone knows a few more (the POSIX forms in tzdata's backward file); it answers
            // GMT for anything else, which is then not what was asked for.
            TimeZone legacy = TimeZone.getTimeZone(name);
            return "GMT".equals(legacy.getID()) && !"GMT".equals(name) ? fallback : legacy.toZoneId();
        }
    }

    /**
     * The locale as the C library picks it for times and messages: {@code LC_ALL}, then
     * {@code LC_TIME}, {@code LC_MESSAGES}, then {@code LANG}; {@code C} and {@code POSIX} (and
     * nothing at all) are {@link Locale#ROOT}. {@code en_US.UTF-8@euro} is {@code en-US}.
     */
    static Locale localeOf(Map<String, String> variables) {
        for (String name : new String[] {"LC_ALL", "LC_TIME", "LC_MESSAGES", "LANG"}) {
            String value = variables.get(name);
            if (value != null && !value.isEmpty()) {
                return posixLocale(value);
            }
        }
        return Locale.ROOT;
    }

    private static Locale posixLocale(String value) {
        String tag = value;
        int cut = indexOfAny(tag, '.', '@');
        if (cut >= 0) {
            tag = tag.substring(0, cut);
        }
        if (tag.isEmpty() || "C".equals(tag) || "POSIX".equals(tag)) {
            return Locale.ROOT;
        }
        String[] parts = tag.split("_", 2);
        if (!parts[0].matches("[A-Za-z]{2,8}") || (parts.length == 2 && !parts[1].matches("[A-Za-z]{2}|[0-9]{3}"))) {
            return Locale.ROOT;
        }
        return parts.length == 2 ? new Locale(parts[0], parts[1]) : new Locale(parts[0]);
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    /** The variable's value, or null when it is unset or empty. */
    public String get(String name) {
        String v = variables.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public boolean colour() {
        String term = get("TERM");
        return stdoutIsTerminal && get("NO_COLOR") == null && !"dumb".equals(term);
    }

    public Environment withWorkingDirectory(Path dir) {
        return new Environment(variables, dir, clock, zone, locale, stdoutIsTerminal);
    }
}
