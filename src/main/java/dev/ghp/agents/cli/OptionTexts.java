package dev.ghp.agents.cli;

import java.util.ListResourceBundle;

/**
 * The help text of the shared options ({@link AgentOption}, {@link IssueOption}) in each command,
 * where the same option means something different: Picocli looks an option's {@code descriptionKey}
 * up as {@code <qualified command name>.<key>} first. A class rather than a properties file, so
 * that no command pays for looking one up on the classpath.
 */
final class OptionTexts extends ListResourceBundle {
    private static final Object[][] TEXTS = {
        {"ghp.agent-heartbeat.agent", "The agent's name ([A-Za-z0-9._-], 1 to 64)."},
        {"ghp.agent-heartbeat.issue", "The issue the agent works on."},
        {"ghp.agent-status.agent", "Show only this agent."},
        {"ghp.agent-status.issue", "Show only agents on this issue."},
        {"ghp.agent-handoff.agent", "The agent handing off (default: as agent-heartbeat names it)."},
        {"ghp.agent-handoff.issue", "The issue (default: the agent's, else GHP_SPAWN_CONTEXT, else the branch name)."},
        {"ghp.agent-escalate.agent", "Who opens it (default: as for agent-heartbeat); with --list, only this agent's."},
        {"ghp.agent-escalate.issue", "The issue it concerns (default: the agent's issue); with --list, only this issue's."},
        {"ghp.agent-message.agent", "The sending agent (default: as for agent-heartbeat)."},
        {"ghp.agent-inbox.agent", "Whose inbox (default: as for agent-heartbeat)."},
        {"ghp.agent-assign.issue", "The issue the agent gets (required)."},
        {"ghp.agent-guard.agent", "With check: who commits (default: as for agent-heartbeat)."},
    };

    @Override
    protected Object[][] getContents() {
        return TEXTS;
    }
}
