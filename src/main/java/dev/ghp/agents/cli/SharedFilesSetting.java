package dev.ghp.agents.cli;

import dev.ghp.agents.config.AgentsConfig;
import dev.ghp.agents.config.Settings;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.rules.scope.ScopePattern;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code agents.sharedFiles} as patterns: the one place the heartbeat and the commit guard parse
 * it, so that both read the same files as shared. A value that is not a pattern is a usage error
 * that names the setting.
 */
final class SharedFilesSetting {
    private SharedFilesSetting() {
    }

    static List<ScopePattern> read(Settings settings) {
        List<ScopePattern> out = new ArrayList<>();
        for (String pattern : settings.sharedFiles().value()) {
            try {
                out.add(ScopePattern.parse(pattern, "agents.sharedFiles entry"));
            } catch (UsageException e) {
                List<String> committed = settings.sharedFiles().committed().get().orElse(List.of());
                String file = committed != null && committed.contains(pattern) ? AgentsConfig.FILE
                        : "~/" + AgentsConfig.USER_FILE;
                throw new UsageException(e.getMessage() + " (in " + file + ")", "fix the entry in " + file);
            }
        }
        return out;
    }
}
