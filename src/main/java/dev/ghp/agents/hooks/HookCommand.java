package dev.ghp.agents.hooks;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The shell command an agent's hook runs, and how ours are recognised in a file. The command is
 * guarded: a teammate without ghp-agents (or whose first {@code ghp} is GHP's own CLI) shares the
 * committed file, and a hook that fails shows them an error on every tool call. So the hook calls
 * the {@code ghp-agents} launcher name, which never forwards to GHP, and only when it is there:
 * otherwise it exits 0 silently. {@code command -v} reads no stdin, so the event's JSON still
 * reaches ghp-agents.
 */
public final class HookCommand {
    /** The launcher name hooks call by default: bin/ghp under a name of its own, that never forwards to GHP. */
    public static final String LAUNCHER = "ghp-agents";

    /**
     * {@code … agent-hooks run <event>}, whatever the launcher's path, the guard around it, or the
     * {@code --for} after it; also the bare {@code ghp agent-hooks run …} of older installs. Longer
     * event names first, so that {@code stop-failure} is not read as {@code stop}.
     */
    private static final Pattern OURS = Pattern.compile("(^|[\\s/'\"])agent-hooks\\s+run\\s+("
            + Arrays.stream(HookEvent.values()).map(HookEvent::cliName)
                    .sorted(Comparator.comparingInt(String::length).reversed()).collect(Collectors.joining("|"))
            + ")(?![\\w-])");

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./~:@%+=-]+");

    private HookCommand() {
    }

    /** {@code command -v L >/dev/null 2>&1 && L agent-hooks run EVENT --for AGENT || true}. */
    public static String guarded(String launcher, HookEvent event, HookAgent agent) {
        String l = quote(launcher);
        return "command -v " + l + " >/dev/null 2>&1 && " + l + " agent-hooks run " + event.cliName()
                + " --for " + agent.id() + " || true";
    }

    /** Whether a hook command is one ghp-agents installs (any launcher path, any event, guarded or not). */
    public static boolean isOurs(String command) {
        return event(command).isPresent();
    }

    /** The event a command of ours answers. */
    public static Optional<HookEvent> event(String command) {
        if (command == null) {
            return Optional.empty();
        }
        Matcher m = OURS.matcher(command);
        return m.find() ? HookEvent.parse(m.group(2)) : Optional.empty();
    }

    static boolean isOursFor(String command, HookEvent event) {
        return event(command).map(event::equals).orElse(false);
    }

    /** A launcher path as one shell word. */
    static String quote(String word) {
        return SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
