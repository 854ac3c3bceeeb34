package dev.ghp.agents.cli;

import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.heartbeat.HeartbeatRequest;
import dev.ghp.agents.input.AgentIdentity;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.text.Printable;
import java.time.Duration;
import java.time.Instant;

/**
 * A wait recorded as waiting (#21, docs/decisions.md): when a {@code --wait} starts waiting for an
 * agent, the agent's row gets one heartbeat with status {@code waiting} (a {@code blocked} agent
 * stays blocked) and the wait as its last action, so every clone shows it waiting and judges it
 * with {@code agents.waitingStaleAfter}, not the stale limit. Written at the start and again while
 * the wait goes on, every hour or half the waiting limit if that is shorter, so a wait of a day
 * never goes stale; the polls in between write nothing, and the agent's next heartbeat (its
 * hooks' too) says what it does after.
 * Only an agent with a row that is not done: a wait by a name that never reported (a person
 * reading an inbox) or a finished agent's adds no agent to the table.
 */
final class WaitHeartbeat {
    private final BaseCommand command;
    private final AgentIdentity agent;
    private final String what;
    /** When this wait was last recorded; null before the first time. */
    private Instant recorded;

    /** The longest time between two records of one wait. */
    static final Duration AGAIN = Duration.ofHours(1);

    /** @param what the wait, as the row's last action tells it: "agent-inbox --wait" */
    WaitHeartbeat(BaseCommand command, AgentIdentity agent, String what) {
        this.command = command;
        this.agent = agent;
        this.what = what;
    }

    /**
     * Records the wait, and with {@code agents.autoSync} on sends it at once, so other clones see it
     * while the wait lasts rather than after. Never fails the wait: a refusal or a failed write is a
     * note on stderr, and the wait goes on. Called again before {@link #again()} has passed since
     * the last record, it does nothing: {@link RefWait} calls it at every look.
     */
    void record() {
        Instant now = command.env.clock().instant();
        if (recorded != null && Duration.between(recorded, now).compareTo(again()) < 0) {
            return;
        }
        recorded = now;
        try {
            AgentRecord row = command.store().read().status().agents().get(agent.name());
            if (row == null || row.isDone()) {
                return;
            }
            AgentStatus status = row.knownStatus().orElse(null) == AgentStatus.BLOCKED ? null : AgentStatus.WAITING;
            new HeartbeatRun(command).record(new HeartbeatRequest(agent, null, status, "waiting in " + what,
                    null, null, false, null, null));
            command.sendWriteNow();
        } catch (GhpException e) {
            command.io.err().println("ghp: note: the wait is not recorded in " + Printable.line(agent.name())
                    + "'s row: " + Printable.line(e.getMessage()));
        }
    }

    /** Every hour, or half the waiting limit when that is shorter, so the row never ages past it. */
    private Duration again() {
        Duration waiting = command.settings().stale().waitingAfter().fileValue();
        Duration half = waiting == null ? AGAIN : waiting.dividedBy(2);
        return half.compareTo(AGAIN) < 0 && !half.isZero() ? half : AGAIN;
    }
}
