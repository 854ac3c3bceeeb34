package dev.ghp.agents.hooks;

/**
 * What a hook run tells the agent after an event, before it is put in the agent's own format
 * ({@link HookDialect}): text for the agent's context, and a reason to keep it from ending its
 * turn. Either may be absent; a reply with neither prints nothing.
 *
 * @param context     text added to the agent's context, or null
 * @param blockReason why the agent should not end its turn yet (a Stop hook), or why its tool call
 *                    is refused (a PreToolUse hook), or null
 */
public record HookReply(String context, String blockReason) {
    /**
     * Claude Code caps what a hook adds to the context at 10,000 characters and replaces the rest
     * with a file reference the model may never open; the other agents' limits are no higher. A
     * reply stays under it with room to spare, cut at a line, saying where the rest is.
     */
    public static final int MAX_CONTEXT = 9_000;

    static final String CUT_NOTE = "… (cut to stay within the agent's context limit; ghp agent-status and"
            + " ghp agent-inbox show the rest)\n";

    private static final HookReply NONE = new HookReply(null, null);

    public HookReply {
        context = capped(blankToNull(context));
        blockReason = capped(blankToNull(blockReason));
    }

    private static String capped(String text) {
        if (text == null || text.length() <= MAX_CONTEXT) {
            return text;
        }
        int room = MAX_CONTEXT - CUT_NOTE.length();
        int cut = text.lastIndexOf('\n', room - 1);
        return text.substring(0, cut > 0 ? cut + 1 : room) + CUT_NOTE;
    }

    /** Nothing to tell: the hook prints nothing. */
    public static HookReply none() {
        return NONE;
    }

    /** Text for the agent's context. */
    public static HookReply context(String text) {
        return new HookReply(text, null);
    }

    /** Keep the agent from ending its turn (Stop), or refuse its tool call (PreToolUse), for this reason (which the agent reads). */
    public static HookReply block(String reason) {
        return new HookReply(null, reason);
    }

    public boolean isEmpty() {
        return context == null && blockReason == null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
