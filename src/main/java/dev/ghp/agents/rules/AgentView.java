package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentRecord;
import java.time.Duration;

/**
 * An agent as the stale-detector pass sees it at one moment.
 *
 * @param age   time since its last report; null when it never gave a timestamp
 * @param stale silent for longer than the stale limit, and not done
 */
public record AgentView(String name, AgentRecord record, Duration age, boolean stale) {
}
