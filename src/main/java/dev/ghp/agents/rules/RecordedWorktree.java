package dev.ghp.agents.rules;

import dev.ghp.agents.input.AgentIdentity;
import dev.ghp.agents.model.AgentRecord;
import java.time.Instant;

/**
 * Whether a heartbeat comes from the worktree recorded for its agent. Only the agent's own
 * worktree sets the record's branch and worktree; a heartbeat written for it from elsewhere
 * ({@code --agent NAME} from the main checkout) keeps them. A name derived from a worktree's folder
 * name that a live agent in another worktree already uses is a clash: two worktrees called
 * {@code wt} would otherwise become one agent, the second silently replacing the first's claims.
 */
public final class RecordedWorktree {

    /** How a heartbeat relates to the recorded worktree. */
    public enum Verdict {
        /** From the recorded worktree, or nothing is recorded (or only a stale or done agent): it sets them. */
        OWN,
        /** A given name, from another worktree: the recorded branch and worktree are kept. */
        ELSEWHERE,
        /** A derived name a live agent in another worktree already uses: refused. */
        CLASH
    }

    private RecordedWorktree() {
    }

    public static Verdict judge(AgentRecord previous, String worktree, AgentIdentity identity, StaleDetector detector,
                                Instant now) {
        if (previous == null || previous.worktree() == null || worktree == null || previous.worktree().equals(worktree)) {
            return Verdict.OWN;
        }
        if (!identity.derived()) {
            return Verdict.ELSEWHERE;
        }
        boolean gone = previous.isDone() || detector.view(identity.name(), previous, now).stale();
        return gone ? Verdict.OWN : Verdict.CLASH;
    }
}
