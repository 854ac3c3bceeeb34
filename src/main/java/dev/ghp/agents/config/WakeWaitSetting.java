package dev.ghp.agents.config;

import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.text.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How long a wake run waits for something that needs its agent (docs/decisions.md "#23 wake"):
 * {@code GHP_WAKE_WAIT}, else {@code agents.wakeWait} (the user's file over the workspace's), else
 * {@link #DEFAULT}; never more than {@link #MAX}, which the installed hook's own time limit leaves
 * room for. A value that does not read gives the default: a hook never fails on a setting.
 */
public final class WakeWaitSetting {
    public static final String VARIABLE = "GHP_WAKE_WAIT";
    public static final Duration DEFAULT = Duration.ofHours(1);
    /** Claude Code kills the hook at its {@code timeout} (an hour and a minute as installed): the wait ends before. */
    public static final Duration MAX = Duration.ofHours(1);

    private WakeWaitSetting() {
    }

    /** The bound for the repository whose main worktree is {@code mainWorktree} (null: a bare one) and this caller. */
    public static Duration read(Path mainWorktree, Map<String, String> env) {
        Optional<Duration> chosen;
        String variable = env.get(VARIABLE);
        try {
            chosen = variable != null && !variable.isBlank() ? Durations.parse(variable.trim())
                    : AgentsConfig.load(mainWorktree).under(AgentsConfig.loadUser(env)).duration("wakeWait");
        } catch (GhpException | IllegalArgumentException e) {
            chosen = Optional.empty();
        }
        Duration d = chosen.filter(x -> !x.isNegative() && !x.isZero()).orElse(DEFAULT);
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
