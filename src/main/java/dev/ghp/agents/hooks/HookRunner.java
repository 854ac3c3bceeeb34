package dev.ghp.agents.hooks;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which tool runs a hook, as its payload tells it, whatever the file the hook came from says.
 * Other tools read Claude Code's hooks too: GitHub Copilot CLI reads {@code .claude/settings.json}
 * (its hooks reference, "Hooks locations") and sends its own payload, with a {@code timestamp} that
 * Claude Code never sends; Cursor runs third-party (Claude Code) hooks with its common fields
 * {@code cursor_version}, {@code generation_id} and {@code workspace_roots}. Such a run shows the
 * model nothing in Claude Code's format, so it must not mark a message read (docs/decisions.md,
 * "#23 exactly once").
 */
public enum HookRunner {
    /** No other tool's sign: the tool the hook was installed for. */
    UNKNOWN(null),
    CURSOR("Cursor"),
    COPILOT("GitHub Copilot");

    /** The top-level fields whose presence tells the runner; their values are never read. */
    static final Set<String> SIGNS = Set.of("cursor_version", "generation_id", "workspace_roots", "timestamp");

    private final String displayName;

    HookRunner(String displayName) {
        this.displayName = displayName;
    }

    static HookRunner of(Predicate<String> present) {
        if (present.test("cursor_version") || present.test("generation_id") || present.test("workspace_roots")) {
            return CURSOR;
        }
        return present.test("timestamp") ? COPILOT : UNKNOWN;
    }

    /**
     * The tool that runs a hook installed for {@code installedFor} when it is another one: only
     * Claude Code's files are read by other tools, so only its hooks can be run by a stranger.
     */
    public Optional<String> strangerTo(HookAgent installedFor) {
        return installedFor == HookAgent.CLAUDE && this != UNKNOWN ? Optional.of(displayName) : Optional.empty();
    }
}
