package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.config.AgentsConfig;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.rules.scope.ScopePattern;
import java.util.ArrayList;
import java.util.List;

/** {@code agents.sharedFiles}: the patterns that need an approval, read alike by the heartbeat and the guard. */
final class SharedFilesSetting {
    private SharedFilesSetting() {
    }

    static List<ScopePattern> read(AgentsConfig config) {
        JsonNode node = config.get("sharedFiles").orElse(null);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new UsageException("agents.sharedFiles in .ghp/config.json must be a list of patterns");
        }
        List<ScopePattern> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new UsageException("agents.sharedFiles in .ghp/config.json must be a list of patterns");
            }
            try {
                out.add(ScopePattern.parse(item.asText()));
            } catch (UsageException e) {
                throw new UsageException("agents.sharedFiles in .ghp/config.json: " + e.getMessage(), e.hint());
            }
        }
        return out;
    }
}
