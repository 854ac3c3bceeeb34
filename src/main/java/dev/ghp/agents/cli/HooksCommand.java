package dev.ghp.agents.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ghp agent-hooks}: makes coordination part of an agent's loop without anyone remembering
 * to. Installs each agent's hooks (and GHP's hook scripts), answers them ({@code run}), and writes
 * the protocol block for {@code AGENTS.md}; one class per sub-command.
 */
@Command(name = "agent-hooks",
        description = {
            "Connect agents to the coordination record through their hooks.",
            "The hooks of Claude Code, Codex CLI, Gemini CLI, Cursor and GitHub Copilot heartbeat after tool",
            "use, mark the agent waiting when its turn ends and brief it at session start; agents-md writes",
            "the protocol for AGENTS.md / CLAUDE.md."},
        footer = {"", "Set up a repository for agents:",
            "  ghp agent-hooks install                  # each agent's file in this worktree (.claude/settings.json, …)",
            "  ghp agent-hooks agents-md --write AGENTS.md"},
        subcommands = {HooksInstallCommand.class, HooksUninstallCommand.class, HookRunCommand.class, AgentsMdCommand.class})
public final class HooksCommand implements Runnable {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static CommandLine create(Io io, Environment env) {
        return new CommandLine(new HooksCommand(), new CommandFactory(io, env));
    }
}
