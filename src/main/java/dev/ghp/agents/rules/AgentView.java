package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentRecord;
import java.time.Duration;

/**
 * An agent as the stale-detector pass sees it at one moment.
 *
 * @param age   time since its last report (negative when stamped in the future); null when it never gave a timestamp
 * @param stale silent for longer than the stale limit, or stamped too far in the future; and not done
 */
public record AgentView(String name, AgentRecord record, Duration age, boolean stale) {

    /** Stamped more than {@link ClockSkew#TOLERANCE} after the reader's clock: the writer's clock runs ahead. */
    public boolean clockAhead() {
        return age != null && age.isNegative() && age.negated().compareTo(ClockSkew.TOLERANCE) > 0;
    }
}
