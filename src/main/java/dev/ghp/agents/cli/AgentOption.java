package dev.ghp.agents.cli;

import picocli.CommandLine.Option;

/**
 * {@code --agent NAME}, mixed into every command that names an agent: declared here once, while
 * what the name is for in each command (who reports, who hands off, whose rows to show) is said in
 * {@link OptionTexts}.
 */
final class AgentOption {
    @Option(names = "--agent", paramLabel = "NAME", descriptionKey = "agent",
            description = "The agent (default: as agent-heartbeat names it).")
    String name;

    /** The name as given, unchecked; null when the option is absent. */
    String given() {
        return name;
    }
}
