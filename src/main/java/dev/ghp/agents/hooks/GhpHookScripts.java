package dev.ghp.agents.hooks;

import java.util.List;

/**
 * GHP's per-repository hook scripts, {@code .ghp/hooks/agent-active} and {@code agent-stopped}:
 * GHP runs them when Claude Code's hooks call {@code ghp pipeline agent-active|agent-stopped},
 * with Claude Code's hook JSON on stdin, which they hand on to {@code ghp agent-hooks run
 * --heartbeat-only}. GHP discards their stdout (packages/cli/src/commands/pipeline-commands.ts),
 * so they only heartbeat: they print nothing, mark nothing read, and at a stop set waiting; our
 * own Claude Code hooks, installed beside GHP's, deliver (#23).
 */
public final class GhpHookScripts {
    /** The line that marks a script as ours, so uninstall and reinstall never touch anyone else's. */
    public static final String MARKER = "# ghp-agents-hook:";
    public static final String DIRECTORY = ".ghp/hooks";

    private GhpHookScripts() {
    }

    /** One script: its file name under {@code .ghp/hooks/} and what it runs. */
    public record Script(String name, HookEvent event, String content) {
    }

    public static List<Script> scripts(String launcher) {
        return List.of(
                script("agent-active", HookEvent.POST_TOOL_USE, "PostToolUse", "agent-active", launcher),
                script("agent-stopped", HookEvent.STOP, "Stop", "agent-stopped", launcher));
    }

    public static boolean isOurs(String content) {
        return content != null && content.lines().limit(5).anyMatch(l -> l.startsWith(MARKER));
    }

    private static Script script(String name, HookEvent event, String claudeEvent, String pipeline, String launcher) {
        String content = "#!/bin/sh\n"
                + MARKER + " written by 'ghp agent-hooks install --ghp'; 'ghp agent-hooks uninstall --ghp' removes it.\n"
                + "# GHP runs it when Claude Code's " + claudeEvent + " hook calls 'ghp pipeline " + pipeline + "',\n"
                + "# with Claude Code's hook JSON on stdin; ghp-agents reads the worktree from its \"cwd\".\n"
                + "# GHP discards its output, so it only heartbeats; ghp-agents' own hooks deliver messages.\n"
                + "# It never fails the agent's session: errors go to stderr and it exits 0, and where\n"
                + "# ghp-agents is not installed it does nothing.\n"
                + "command -v " + HookCommand.quote(launcher) + " >/dev/null 2>&1 || exit 0\n"
                + "exec " + HookCommand.quote(launcher) + " agent-hooks run " + event.cliName()
                + " --for claude --heartbeat-only\n";
        return new Script(name, event, content);
    }
}
