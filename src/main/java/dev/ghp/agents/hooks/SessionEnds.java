package dev.ghp.agents.hooks;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import java.util.Locale;
import java.util.Set;

/**
 * A session's end, as the agents' {@code SessionEnd}/{@code sessionEnd} hooks tell it
 * (docs/decisions.md, "#23 sessions"): the agent is marked {@code done} (never stale, its claims no
 * longer live, its inbox kept) with a last action that says so, instead of going stale. A
 * {@code /clear} or a {@code /resume} ends one conversation to start another in the same session:
 * no end. A later session start in the same place brings the entry back to {@code starting}.
 */
public final class SessionEnds {
    /** Claude Code's {@code clear} and {@code resume}, Gemini CLI's {@code clear}: the session goes on. */
    private static final Set<String> NOT_AN_END = Set.of("clear", "resume", "compact");
    /** The start of the last action an end records: how a session start knows the done was ours. */
    static final String ACTION = "session ended";

    private SessionEnds() {
    }

    /** Whether a session end with this reason ends the agent's work; an end without a reason does. */
    public static boolean ends(String reason) {
        return reason == null || !NOT_AN_END.contains(reason.trim().toLowerCase(Locale.ROOT));
    }

    /** The last action recorded with the {@code done}: {@code session ended (logout)}. */
    public static String action(String reason) {
        String r = reason == null ? "" : reason.replaceAll("[^A-Za-z0-9_ -]", "").trim();
        return r.isEmpty() ? ACTION : ACTION + " (" + (r.length() > 40 ? r.substring(0, 40) : r) + ")";
    }

    /** Whether an end should be recorded for {@code current}: it has an entry not done already. */
    public static boolean marks(AgentRecord current) {
        return current != null && !current.isDone();
    }

    /** Whether the agent is done because its last session ended (and not because it reported done itself). */
    static boolean endedBySession(AgentRecord current) {
        return current != null && current.knownStatus().orElse(null) == AgentStatus.DONE
                && current.lastAction() != null && current.lastAction().startsWith(ACTION);
    }
}
