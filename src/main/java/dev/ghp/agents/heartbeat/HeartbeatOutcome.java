package dev.ghp.agents.heartbeat;

import dev.ghp.agents.errors.RefusedException;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.rules.Claims;
import dev.ghp.agents.store.WriteResult;
import dev.ghp.agents.text.Printable;
import java.time.Duration;
import java.util.Optional;

/** What a heartbeat that was not refused did: nothing (throttled), or a write. */
public sealed interface HeartbeatOutcome permits HeartbeatOutcome.Throttled, HeartbeatOutcome.Recorded {

    /** Whether a commit went on the ref. */
    boolean committed();

    /**
     * Nothing written: the record would change only in its time, and is younger than the throttle.
     *
     * @param record the agent's record as it stands
     * @param age    how long ago it was written
     */
    record Throttled(AgentRecord record, Duration age) implements HeartbeatOutcome {
        @Override
        public boolean committed() {
            return false;
        }
    }

    /**
     * Written as the rules granted it.
     *
     * @param granted          the record, the notes for the agent and the escalations the rules opened
     * @param write            how the write went
     * @param replacedWorktree the worktree of the silent agent whose name this one took over, or null
     */
    record Recorded(Claims.Granted granted, WriteResult write, String replacedWorktree) implements HeartbeatOutcome {
        @Override
        public boolean committed() {
            return write.committed();
        }

        public AgentRecord record() {
            return granted.record();
        }

        /**
         * Files asked for that match {@code agents.sharedFiles} wait for an approval: the rest of the
         * heartbeat was recorded, and the caller refuses (exit 3) once it has said everything else.
         */
        public Optional<RefusedException> approvalPending() {
            if (!granted.askedForFiles() || granted.pending().isEmpty()) {
                return Optional.empty();
            }
            // Each pending pattern with the one shared pattern it matched and why, whole.
            return Optional.of(new RefusedException("approval pending: " + String.join("; ", granted.pendingWhy().stream()
                    .map(Printable::line).toList()) + "; asked in " + String.join(", ", granted.approvals())
                    + "; the rest of the heartbeat was recorded",
                    "a human or the orchestrator approves with: ghp agent-escalate --resolve "
                            + (granted.approvals().isEmpty() ? "ID" : granted.approvals().get(0)) + " --approve"));
        }
    }
}
