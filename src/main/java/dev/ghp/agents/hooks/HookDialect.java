package dev.ghp.agents.hooks;

/**
 * How one coding agent wants a hook's answer on stdout. The same {@link HookReply} reads
 * differently to each agent (plain text, or JSON of its own shape); what one cannot receive after
 * an event is left out, and an empty reply is always empty output, so that a hook with nothing to
 * say costs the agent nothing.
 */
public interface HookDialect {
    /**
     * @return what the hook prints on stdout for {@code reply} after {@code event}; "" for nothing
     */
    String render(HookEvent event, HookReply reply);

    /**
     * Whether the agent reads context after {@code event}: a hook marks messages read only when it
     * shows them, so one that this agent would not read stays unread for a moment it does.
     */
    default boolean showsContext(HookEvent event) {
        return !render(event, HookReply.context("?")).isEmpty();
    }

    /** Whether the agent can be kept from ending its turn after {@code event}. */
    default boolean showsBlock(HookEvent event) {
        return !render(event, HookReply.block("?")).isEmpty();
    }
}
