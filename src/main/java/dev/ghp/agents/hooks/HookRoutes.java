package dev.ghp.agents.hooks;

import java.util.ArrayList;
import java.util.List;

/**
 * Per tool and event, what a hook run of ours shows the model and whether it marks messages read,
 * read off the agents' own hook lists ({@link HookAgent}) and formats ({@link HookDialect}), so
 * that the table in docs/hooks-installed.md cannot say other than the code does. A message is
 * marked read only by a run whose output reaches the model it is addressed to (#23).
 */
public final class HookRoutes {
    private HookRoutes() {
    }

    /**
     * One route.
     *
     * @param tool      the tool that runs the hook
     * @param event     its name for the event, and ours
     * @param shown     what reaches the model, or "nothing"
     * @param marksRead when a message is marked read, or "never"
     * @param wakes     whether the run wakes an agent that ended its turn ({@code cli/WakeWait})
     */
    public record Route(String tool, String event, String shown, String marksRead, boolean wakes) {
        Route(String tool, String event, String shown, String marksRead) {
            this(tool, event, shown, marksRead, false);
        }
    }

    public static List<Route> all() {
        List<Route> routes = new ArrayList<>();
        for (HookAgent agent : HookAgent.values()) {
            for (HookEvent event : agent.events()) {
                routes.add(route(agent, event));
            }
        }
        String claude = HookAgent.CLAUDE.displayName();
        routes.add(new Route("GHP's `.ghp/hooks/agent-active`, `agent-stopped` (`--ghp`)",
                "PostToolUse, Stop (" + claude + "'s, through `ghp pipeline`)", "nothing (GHP discards the output)",
                "never; heartbeat only, and Stop sets waiting"));
        routes.add(new Route(claude + ", Codex CLI: a run inside a subagent (`agent_id`)", "any",
                "nothing of the parent's inbox", "never; the parent's heartbeat is refreshed, throttled"));
        for (HookRunner runner : new HookRunner[] {HookRunner.COPILOT, HookRunner.CURSOR}) {
            String name = runner.strangerTo(HookAgent.CLAUDE).orElseThrow();
            routes.add(new Route(name + " running " + claude + "'s `" + HookAgent.CLAUDE.file() + "`", "any",
                    "nothing (" + claude + "'s format is not " + name + "'s)", "never; heartbeat only"));
        }
        return routes;
    }

    private static Route route(HookAgent agent, HookEvent event) {
        HookDialect dialect = agent.dialect();
        String name = "`" + agent.nativeName(event) + "` (" + event.cliName() + ")";
        boolean context = dialect.showsContext(event);
        boolean block = dialect.showsBlock(event);
        return switch (event) {
            case SESSION_START -> new Route(agent.displayName(), name,
                    context ? "briefing with unread messages" : "nothing",
                    context ? "the messages in the briefing" : "never");
            case POST_TOOL_USE, USER_PROMPT_SUBMIT -> new Route(agent.displayName(), name,
                    context ? "unread messages" : "nothing", context ? "the messages shown" : "never");
            case STOP -> new Route(agent.displayName(), name,
                    block ? "once, unread messages that need action (the turn goes on)" : "nothing",
                    block ? "the messages shown; never when " + stopExceptions(agent) : "never");
            case PRE_TOOL_USE -> new Route(agent.displayName(), name,
                    block ? "a refused edit's reason" : "nothing", "never");
            case SUBAGENT_START -> new Route(agent.displayName(), name,
                    context ? "the parent's claim, to the subagent" : "nothing", "never");
            case WAKE -> new Route(agent.displayName(), name + ", `asyncRewake`",
                    "once, on stderr with exit 2: what arrived that needs action", "the messages shown", true);
            case NOTIFICATION, STOP_FAILURE, POST_TOOL_USE_FAILURE, SESSION_END ->
                    new Route(agent.displayName(), name, "nothing", "never");
        };
    }

    /** When a stop of this agent leaves its messages unread although it could block. */
    private static String stopExceptions(HookAgent agent) {
        return agent == HookAgent.CURSOR
                ? "`status` is not `completed` or `loop_count` reached " + CursorDialect.LOOP_LIMIT
                : "`stop_hook_active`, or within 5 minutes of its last block";
    }

    /** The routes as a Markdown table, for docs/hooks-installed.md. */
    public static String markdown() {
        StringBuilder t = new StringBuilder("| Tool | Event (ours) | Shown to the model | Marks read | Wakes an idle agent |\n"
                + "|---|---|---|---|---|\n");
        for (Route r : all()) {
            t.append("| ").append(r.tool()).append(" | ").append(r.event()).append(" | ").append(r.shown())
                    .append(" | ").append(r.marksRead()).append(" | ").append(r.wakes() ? "yes" : "no").append(" |\n");
        }
        return t.toString();
    }
}
