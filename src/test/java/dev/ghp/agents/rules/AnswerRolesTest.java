package dev.ghp.agents.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.RefusedException;
import dev.ghp.agents.input.AgentSession;
import dev.ghp.agents.model.Escalation;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may act as whom, and answer what (#24). */
class AnswerRolesTest {
    static final AgentSession CLAUDE = new AgentSession("claude-code", "CLAUDECODE", null);
    static final Instant NOW = Instant.parse("2026-12-08T01:00:00Z");

    static Escalation of(Escalation.Kind kind) {
        return Escalation.open("esc-0b1c2d3e", kind, "what now?", 147, "worker-1", NOW);
    }

    @Test
    void insideASessionByNamesOnlyTheAgentsOwnName() {
        assertThatThrownBy(() -> AnswerRoles.requireOwnName("--by", "alice", CLAUDE, List.of("worker-2")))
                .isInstanceOf(RefusedException.class)
                .hasMessage("--by alice is a person's name, and this runs inside an agent session (claude-code: CLAUDECODE):"
                        + " an agent acts in its own name (nothing was changed)")
                .satisfies(e -> assertThat(((RefusedException) e).exitCode()).isEqualTo(ExitCode.REFUSED));
        assertThatCode(() -> AnswerRoles.requireOwnName("--by", "worker-2", CLAUDE, List.of("worker-2"))).doesNotThrowAnyException();
    }

    @Test
    void aPersonsTerminalMayNameAnyone() {
        assertThatCode(() -> AnswerRoles.requireOwnName("--by", "alice", null, List.of())).doesNotThrowAnyException();
        for (Escalation.Kind k : Escalation.Kind.values()) {
            assertThatCode(() -> AnswerRoles.requireMayAnswer(of(k), "alice", null, Set.of())).doesNotThrowAnyException();
        }
    }

    @Test
    void anAgentAnswersNoQuestionDecisionConflictOrBlockerEvenAsALead() {
        for (Escalation.Kind k : List.of(Escalation.Kind.QUESTION, Escalation.Kind.DECISION, Escalation.Kind.CONFLICT,
                Escalation.Kind.BLOCKED)) {
            assertThatThrownBy(() -> AnswerRoles.requireMayAnswer(of(k), "lead", CLAUDE, Set.of("lead")))
                    .isInstanceOf(RefusedException.class)
                    .hasMessageStartingWith("esc-0b1c2d3e is a " + k.wire() + " for a human: a person answers it");
        }
    }

    @Test
    void anApprovalIsAnsweredByALeadAgentButNoOtherAgent() {
        assertThatCode(() -> AnswerRoles.requireMayAnswer(of(Escalation.Kind.APPROVAL), "lead", CLAUDE, Set.of("lead")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> AnswerRoles.requireMayAnswer(of(Escalation.Kind.APPROVAL), "worker-2", CLAUDE, Set.of("lead")))
                .isInstanceOf(RefusedException.class)
                .hasMessageStartingWith("worker-2 is not one of agents.leads, and an approval is answered by a lead or a person");
        // agents.leads unset: no agent answers an approval, only a person.
        assertThatThrownBy(() -> AnswerRoles.requireMayAnswer(of(Escalation.Kind.APPROVAL), "lead", CLAUDE, Set.of()))
                .isInstanceOf(RefusedException.class);
    }
}
