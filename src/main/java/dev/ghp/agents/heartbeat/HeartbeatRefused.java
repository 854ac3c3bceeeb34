package dev.ghp.agents.heartbeat;

import dev.ghp.agents.errors.RefusedException;
import dev.ghp.agents.model.Escalation;
import java.util.List;

/**
 * A claim the rules refused (exit 3): nothing of the heartbeat was recorded, only the escalations
 * it opened for a human to settle, which the caller may mirror before it reports the refusal.
 */
public final class HeartbeatRefused extends RefusedException {
    private static final long serialVersionUID = 1L;

    private final transient List<Escalation> escalations;

    HeartbeatRefused(String message, String hint, List<Escalation> escalations) {
        super(message, hint);
        this.escalations = List.copyOf(escalations);
    }

    /** The escalations the refusal opened (committed). */
    public List<Escalation> escalations() {
        return escalations;
    }
}
