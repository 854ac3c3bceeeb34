package dev.ghp.agents.input;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Who is speaking (docs/design.md#the-command-line-contract), first match wins: {@code --agent}, {@code GHP_AGENT},
 * {@code GHP_SPAWN_CONTEXT} (its worktree), then the worktree the command runs in. The name
 * derived from a worktree is the same either way, so an agent keeps one name whether or not GHP
 * started it.
 *
 * @param name   the agent's name
 * @param source where it came from, for messages ({@code --agent}, {@code GHP_AGENT}, …)
 */
public record AgentIdentity(String name, String source) {

    /**
     * Whether the name was derived (from a worktree's folder name or GHP's context) rather than given
     * ({@code --agent}, {@code GHP_AGENT}): two worktrees with the same folder name derive the same one.
     */
    public boolean derived() {
        return !source.equals("--agent") && !source.equals("GHP_AGENT");
    }

    public static AgentIdentity resolve(String flag, Map<String, String> env, SpawnContext spawn, Path worktree) {
        return resolve(flag, env, spawn, () -> worktree);
    }

    /**
     * As {@link #resolve(String, Map, SpawnContext, Path)}, asking for the worktree only when it is
     * needed: a bad {@code --agent} is then refused as bad input (exit 2) before any repository is opened.
     */
    public static AgentIdentity resolve(String flag, Map<String, String> env, SpawnContext spawn, Supplier<Path> worktree) {
        AgentIdentity found = find(flag, env, spawn, worktree);
        ReservedNames.require(found.name(), "the agent name (from " + found.source() + ")");
        return found;
    }

    private static AgentIdentity find(String flag, Map<String, String> env, SpawnContext spawn, Supplier<Path> worktree) {
        if (flag != null) {
            return new AgentIdentity(HeartbeatInput.agentName(flag, "--agent"), "--agent");
        }
        String fromEnv = env.get("GHP_AGENT");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new AgentIdentity(HeartbeatInput.agentName(fromEnv.trim(), "GHP_AGENT"), "GHP_AGENT");
        }
        if (spawn != null && spawn.workingDirectory() != null) {
            return new AgentIdentity(AgentNames.fromWorktree(Path.of(spawn.workingDirectory())), SpawnContext.VARIABLE);
        }
        if (spawn != null && spawn.issueNumber() != null) {
            return new AgentIdentity("issue-" + spawn.issueNumber(), SpawnContext.VARIABLE);
        }
        return new AgentIdentity(AgentNames.fromWorktree(worktree.get()), "worktree");
    }
}
