package dev.ghp.agents.hooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The coding agents whose hooks ghp-agents installs and answers: where each keeps its project
 * hooks, in which layout ({@link HooksShape}), which of its events we hook and as which of ours,
 * and how it wants an answer ({@link HookDialect}). Each hook's command names the agent
 * ({@code --for}), so that {@code agent-hooks run} answers in its format.
 */
public enum HookAgent {
    CLAUDE("claude", "Claude Code", ".claude", ".claude/settings.json", ClaudeSettings.SHAPE, ClaudeCodeDialect.INSTANCE, 1,
            hook("PostToolUse", HookEvent.POST_TOOL_USE, "*", 20),
            hook("Stop", HookEvent.STOP, null, 20),
            hook("SessionStart", HookEvent.SESSION_START, "startup|resume|clear|compact|fork", 30),
            hook("UserPromptSubmit", HookEvent.USER_PROMPT_SUBMIT, null, 20),
            hook("Notification", HookEvent.NOTIFICATION, "permission_prompt|idle_prompt|elicitation_dialog", 20),
            hook("StopFailure", HookEvent.STOP_FAILURE, null, 20),
            hook("PreToolUse", HookEvent.PRE_TOOL_USE, EditTargets.CLAUDE_MATCHER, 20),
            hook("PostToolUseFailure", HookEvent.POST_TOOL_USE_FAILURE, "*", 20),
            hook("SubagentStart", HookEvent.SUBAGENT_START, null, 20),
            hook("SessionEnd", HookEvent.SESSION_END, null, 20),
            // A second Stop hook, in the background (asyncRewake): it may wait up to agents.wakeWait
            // (at most an hour), so its limit is the hour and a minute to spare (docs/decisions.md "#23 wake").
            hook("Stop", HookEvent.WAKE, null, HookAgent.WAKE_TIMEOUT_SECONDS)),
    CODEX("codex", "Codex CLI", ".codex", ".codex/hooks.json", ClaudeSettings.SHAPE, CodexDialect.INSTANCE, 1,
            hook("SessionStart", HookEvent.SESSION_START, null, 30),
            hook("PostToolUse", HookEvent.POST_TOOL_USE, null, 20),
            hook("Stop", HookEvent.STOP, null, 20),
            hook("UserPromptSubmit", HookEvent.USER_PROMPT_SUBMIT, null, 20),
            hook("PreToolUse", HookEvent.PRE_TOOL_USE, EditTargets.CODEX_MATCHER, 20),
            hook("SubagentStart", HookEvent.SUBAGENT_START, null, 20)),
    /** Gemini CLI counts its time limits in milliseconds. */
    GEMINI("gemini", "Gemini CLI", ".gemini", ".gemini/settings.json", ClaudeSettings.SHAPE, GeminiDialect.INSTANCE, 1000,
            hook("SessionStart", HookEvent.SESSION_START, null, 30),
            hook("AfterTool", HookEvent.POST_TOOL_USE, null, 20),
            hook("AfterAgent", HookEvent.STOP, null, 20),
            hook("BeforeAgent", HookEvent.USER_PROMPT_SUBMIT, null, 20),
            hook("Notification", HookEvent.NOTIFICATION, null, 20),
            hook("BeforeTool", HookEvent.PRE_TOOL_USE, EditTargets.GEMINI_MATCHER, 20),
            hook("SessionEnd", HookEvent.SESSION_END, null, 20)),
    CURSOR("cursor", "Cursor", ".cursor", ".cursor/hooks.json", FlatHooks.CURSOR, CursorDialect.INSTANCE, 1,
            hook("sessionStart", HookEvent.SESSION_START, null, 30),
            hook("postToolUse", HookEvent.POST_TOOL_USE, null, 20),
            hook("stop", HookEvent.STOP, null, 20),
            hook("beforeSubmitPrompt", HookEvent.USER_PROMPT_SUBMIT, null, 20),
            hook("preToolUse", HookEvent.PRE_TOOL_USE, EditTargets.CURSOR_MATCHER, 20),
            hook("sessionEnd", HookEvent.SESSION_END, null, 20)),
    /** Copilot CLI reads every {@code .github/hooks/*.json}; the coding agent those on the default branch. */
    COPILOT("copilot", "GitHub Copilot", ".github/hooks", ".github/hooks/ghp-agents.json", FlatHooks.COPILOT,
            CopilotDialect.INSTANCE, 1,
            hook("sessionStart", HookEvent.SESSION_START, null, 30),
            hook("postToolUse", HookEvent.POST_TOOL_USE, null, 20),
            hook("agentStop", HookEvent.STOP, null, 20),
            hook("userPromptSubmitted", HookEvent.USER_PROMPT_SUBMIT, null, 20),
            // Copilot's hooks have no matcher: this one starts on every tool call and answers only edits.
            hook("preToolUse", HookEvent.PRE_TOOL_USE, null, 20),
            hook("sessionEnd", HookEvent.SESSION_END, null, 20),
            hook("notification", HookEvent.NOTIFICATION, null, 20));

    /** The time limit of Claude Code's wake hook: the longest wait (agents.wakeWait, at most an hour) and a minute. */
    public static final int WAKE_TIMEOUT_SECONDS = 3660;

    /** One hook of an agent, its time limit in seconds. */
    private record Hook(String key, HookEvent event, String matcher, int timeoutSeconds) {
    }

    private final String id;
    private final String displayName;
    private final String folder;
    private final String file;
    private final HooksShape shape;
    private final HookDialect dialect;
    private final int timeoutUnitsPerSecond;
    private final List<Hook> hooks;

    HookAgent(String id, String displayName, String folder, String file, HooksShape shape, HookDialect dialect,
              int timeoutUnitsPerSecond, Hook... hooks) {
        this.id = id;
        this.displayName = displayName;
        this.folder = folder;
        this.file = file;
        this.shape = shape;
        this.dialect = dialect;
        this.timeoutUnitsPerSecond = timeoutUnitsPerSecond;
        this.hooks = List.of(hooks);
    }

    private static Hook hook(String key, HookEvent event, String matcher, int timeoutSeconds) {
        return new Hook(key, event, matcher, timeoutSeconds);
    }

    /** The name {@code --for} takes. */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** The project folder whose presence says a repository uses this agent. */
    public String folder() {
        return folder;
    }

    /** The project hooks file, relative to the worktree's root. */
    public String file() {
        return file;
    }

    /** The same hooks for every project of the user (where it differs from the project file, Copilot's). */
    public String userFile() {
        return this == COPILOT ? "~/.copilot/hooks/ghp-agents.json" : "~/" + file;
    }

    public HooksShape shape() {
        return shape;
    }

    public HookDialect dialect() {
        return dialect;
    }

    /** The events of ours this agent's hooks answer. */
    public List<HookEvent> events() {
        return hooks.stream().map(Hook::event).toList();
    }

    /** The hooks install adds, each calling ghp-agents as {@code launcher} through the guard. */
    public List<HookEntry> entries(String launcher) {
        List<HookEntry> entries = new ArrayList<>();
        for (Hook h : hooks) {
            entries.add(new HookEntry(h.key(), h.event(), h.matcher(), HookCommand.guarded(launcher, h.event(), this),
                    h.timeoutSeconds() * timeoutUnitsPerSecond));
        }
        return entries;
    }

    /** The agent's own name for one of our events, or our Claude Code name when it has none. */
    public String nativeName(HookEvent event) {
        return hooks.stream().filter(h -> h.event() == event).map(Hook::key).findFirst().orElse(event.claudeName());
    }

    /** An event by our name, Claude Code's, or this agent's own ({@code AfterTool}, {@code afterFileEdit}, …). */
    public Optional<HookEvent> event(String name) {
        Optional<HookEvent> ours = HookEvent.parse(name);
        if (ours.isPresent() || name == null) {
            return ours;
        }
        if (this == CURSOR && name.trim().equalsIgnoreCase(CursorDialect.AFTER_FILE_EDIT)) {
            // No longer installed (postToolUse replaced it), but older and hand-written hooks still name it.
            return Optional.of(HookEvent.POST_TOOL_USE);
        }
        return hooks.stream().filter(h -> h.key().equalsIgnoreCase(name.trim())).map(Hook::event).findFirst();
    }

    public static Optional<HookAgent> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("claude-code")) {
            return Optional.of(CLAUDE);
        }
        return Arrays.stream(values()).filter(a -> a.id.equals(t)).findFirst();
    }

    /** {@code claude, codex, gemini, cursor or copilot}. */
    public static String names() {
        String all = Arrays.stream(values()).map(HookAgent::id).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }

    @Override
    public String toString() {
        return id;
    }
}
