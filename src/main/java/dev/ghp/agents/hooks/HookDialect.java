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

    /**
     * Whether the agent reads this run's output at all: not when the payload names an event of
     * the agent's that is observe-only, whatever event of ours the hook's command names. Such a
     * run only heartbeats.
     */
    default boolean readsOutputOf(HookInput input) {
        return true;
    }

    /**
     * Whether a block at this stop would reach the model: not when the turn already goes on because
     * a Stop hook blocked its end ({@code stop_hook_active}), where another block would loop or be
     * overruled by the agent's own cap. A stop that cannot block leaves its messages unread.
     */
    default boolean blockReaches(HookInput stop) {
        return !stop.stopHookActive();
    }
}
