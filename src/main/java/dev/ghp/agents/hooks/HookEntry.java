package dev.ghp.agents.hooks;

/**
 * One hook ghp-agents adds to an agent's file.
 *
 * @param key     the event's name in that file ({@code PostToolUse}, {@code AfterTool}, {@code afterFileEdit}, …)
 * @param event   the event of ours it answers
 * @param matcher the matcher of its group, or null for all (and for formats without matchers)
 * @param command the shell command the agent runs
 * @param timeout the agent's time limit for it, in the file's own unit (seconds; Gemini CLI: milliseconds)
 */
public record HookEntry(String key, HookEvent event, String matcher, String command, int timeout) {
}
