package dev.ghp.agents.cli;

import dev.ghp.agents.heartbeat.HeartbeatOutcome;
import dev.ghp.agents.heartbeat.HeartbeatRefused;
import dev.ghp.agents.heartbeat.HeartbeatRequest;
import dev.ghp.agents.heartbeat.HeartbeatService;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.text.Printable;
import java.util.List;

/**
 * A heartbeat as a command records it, whether agent-heartbeat or a hook run: the
 * {@link HeartbeatService} on the command's repository, store and settings; then what the agent
 * is told on stderr (a name taken over, notes, escalations opened) and the escalations mirrored
 * on GitHub. What goes to stdout is the caller's.
 */
final class HeartbeatRun {
    private final BaseCommand command;

    HeartbeatRun(BaseCommand command) {
        this.command = command;
    }

    HeartbeatService service() {
        return new HeartbeatService(command.store(), command.repo(), command.env.clock(),
                () -> command.staleDetector(null), () -> SharedFilesSetting.read(command.settings()));
    }

    /**
     * Records {@code request}. A refusal (exit 3) is thrown after the escalations it opened are
     * mirrored; so is a pending approval or a refused overlap, after the rest was recorded and told.
     */
    HeartbeatOutcome record(HeartbeatRequest request) {
        HeartbeatOutcome outcome;
        try {
            outcome = service().beat(request);
        } catch (HeartbeatRefused refused) {
            refused.rest().ifPresent(rest -> tell(request.agent(), rest));
            mirrorOnGitHub(refused.escalations());
            refused.rest().ifPresent(rest -> mirrorOnGitHub(rest.granted().escalations()));
            throw refused;
        }
        if (outcome instanceof HeartbeatOutcome.Recorded recorded) {
            tell(request.agent(), recorded);
            mirrorOnGitHub(recorded.granted().escalations());
            recorded.approvalPending().ifPresent(refusal -> {
                throw refusal;
            });
        }
        return outcome;
    }

    private void tell(String name, HeartbeatOutcome.Recorded recorded) {
        if (recorded.replacedWorktree() != null) {
            command.io.err().println("ghp: the name " + name + " was last used by a silent agent in "
                    + Printable.line(recorded.replacedWorktree()) + "; this worktree took it over and starts with no claims");
        }
        for (String note : recorded.granted().notes()) {
            command.io.err().println("ghp: " + Printable.line(note));
        }
        for (Escalation e : recorded.granted().escalations()) {
            // Whole, on one line: the message names the pattern that matched and why, and a cut would lose it.
            command.io.err().println("ghp: opened " + e.kind() + " escalation " + e.id() + ": " + Printable.line(e.message()));
        }
    }

    /** With {@code agents.github.escalations: true}, the escalations the rules opened go to GitHub too. */
    private void mirrorOnGitHub(List<Escalation> opened) {
        if (opened.isEmpty()) {
            return;
        }
        EscalationMirroring mirroring = new EscalationMirroring(command.io, command.env, command.settings().github(), command.repo(),
                command.store());
        if (mirroring.enabledByConfig()) {
            opened.forEach(e -> mirroring.mirror(e, true));
        }
    }
}
