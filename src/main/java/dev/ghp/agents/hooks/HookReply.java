package dev.ghp.agents.hooks;

/**
 * What a hook run tells the agent after an event, before it is put in the agent's own format
 * ({@link HookDialect}): text for the agent's context, and a reason to keep it from ending its
 * turn. Either may be absent; a reply with neither prints nothing.
 *
 * @param context     text added to the agent's context, or null
 * @param blockReason why the agent should not end its turn yet (a Stop hook only), or null
 */
public record HookReply(String context, String blockReason) {
    private static final HookReply NONE = new HookReply(null, null);

    public HookReply {
        context = blankToNull(context);
        blockReason = blankToNull(blockReason);
    }

    /** Nothing to tell: the hook prints nothing. */
    public static HookReply none() {
        return NONE;
    }

    /** Text for the agent's context. */
    public static HookReply context(String text) {
        return new HookReply(text, null);
    }

    /** Keep the agent from ending its turn, for this reason (which the agent reads). */
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
