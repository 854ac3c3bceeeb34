package dev.ghp.agents.hooks;

import java.util.Locale;
import java.util.Optional;

/**
 * The hook events ghp-agents answers, by their name in Claude Code's settings and by the name
 * {@code ghp agent-hooks run} takes. Other agents' events are mapped onto these ({@link HookAgent}):
 * Gemini CLI's {@code AfterTool} is a post-tool-use, Cursor's {@code stop} a stop, and so on.
 */
public enum HookEvent {
    /** After every tool call: a throttled, silent heartbeat, so a working agent never looks stale. */
    POST_TOOL_USE("PostToolUse", "post-tool-use"),
    /** The agent's turn ended: it now waits for its human. */
    STOP("Stop", "stop"),
    /** A session starts, resumes, is cleared or compacted: register, and tell the agent where it stands. */
    SESSION_START("SessionStart", "session-start"),
    /** Its human wrote to it: the agent works again, and is told what reached its inbox meanwhile. */
    USER_PROMPT_SUBMIT("UserPromptSubmit", "user-prompt-submit"),
    /** The agent asks its human something (a permission prompt, or idle at its prompt): it waits. */
    NOTIFICATION("Notification", "notification"),
    /** The turn ended on an API error (rate limit, authentication…): nobody works until a human acts. */
    STOP_FAILURE("StopFailure", "stop-failure"),
    /**
     * Before an edit or write tool runs: refuses an edit inside another live agent's claim, or of a
     * shared file without an approval ({@code rules/EditAuthority}). It only reads the record.
     */
    PRE_TOOL_USE("PreToolUse", "pre-tool-use"),
    /** A tool call failed (Claude Code): the agent is working, as after any tool call; nothing is delivered. */
    POST_TOOL_USE_FAILURE("PostToolUseFailure", "post-tool-use-failure"),
    /**
     * A session ends for good (exit, logout, a closed window): its agent is marked {@code done}
     * instead of going stale; a clear or a resume is not an end ({@code hooks/SessionEnds}).
     */
    SESSION_END("SessionEnd", "session-end"),
    /** A subagent starts: its context is told its parent's claim ({@code hooks/SubagentBriefing}). */
    SUBAGENT_START("SubagentStart", "subagent-start"),
    /**
     * Not an event of the agent's: the background run a Stop starts where the agent can be woken
     * (Claude Code's {@code asyncRewake}). It waits for something that needs the agent's action and
     * wakes it with that ({@code cli/WakeWait}, docs/decisions.md "#23 wake").
     */
    WAKE("Wake", "wake");

    private final String claudeName;
    private final String cliName;

    HookEvent(String claudeName, String cliName) {
        this.claudeName = claudeName;
        this.cliName = cliName;
    }

    /** The key under {@code "hooks"} in Claude Code's settings. */
    public String claudeName() {
        return claudeName;
    }

    /** The argument of {@code ghp agent-hooks run}. */
    public String cliName() {
        return cliName;
    }

    @Override
    public String toString() {
        return cliName;
    }

    /** Either spelling, any case: {@code post-tool-use}, {@code PostToolUse}. */
    public static Optional<HookEvent> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (HookEvent e : values()) {
            if (e.claudeName.toLowerCase(Locale.ROOT).equals(t)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
