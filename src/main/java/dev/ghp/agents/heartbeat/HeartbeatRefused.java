package dev.ghp.agents.heartbeat;

import dev.ghp.agents.errors.RefusedException;
import dev.ghp.agents.model.Escalation;
import java.util.List;
import java.util.Optional;

/**
 * A claim the rules refused (exit 3): the escalations it opened for a human to settle, which the
 * caller may mirror before it reports the refusal, and, when only part of a file scope was refused,
 * the rest of the heartbeat, recorded (as a pending approval records it).
 */
public final class HeartbeatRefused extends RefusedException {
    private static final long serialVersionUID = 1L;

    private final transient List<Escalation> escalations;
    private final transient HeartbeatOutcome.Recorded rest;

    HeartbeatRefused(String message, String hint, List<Escalation> escalations, HeartbeatOutcome.Recorded rest) {
        super(message, hint);
        this.escalations = List.copyOf(escalations);
        this.rest = rest;
    }

    /** The rest of the heartbeat, recorded without the refused patterns; empty when nothing was. */
    public Optional<HeartbeatOutcome.Recorded> rest() {
        return Optional.ofNullable(rest);
    }

    /** The escalations the refusal opened (committed). */
    public List<Escalation> escalations() {
        return escalations;
    }
}
