package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentDecision;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sync takes a decision file only as the tool writes it: a decision, named by its id, within its bound. */
class DecisionFileValidationTest {
    private final AgentDecision assign = AgentDecision.of("dec-0123456789ab", AgentDecision.Kind.ASSIGN, "wd", "lead",
            Instant.parse("2026-12-07T10:00:00Z"), "work", AgentDecision.Effect.work(10, List.of("src/**"), List.of()),
            null, null, null);
    private final byte[] bytes = AgentDecision.write(assign);

    @Test
    void aDecisionNamedByItsIdIsTaken() {
        assertThat(RecordValidation.problem(AgentDecision.pathOf(assign.id()), bytes)).isEmpty();
    }

    @Test
    void aMisnamedMalformedOrWrongTypedDecisionIsLeftOut() {
        assertThat(RecordValidation.problem(AgentDecision.pathOf("dec-ffffffffffff"), bytes)).get()
                .extracting(RecordValidation.Problem::reason).asString().contains("its name is not its id");
        assertThat(RecordValidation.problem(AgentDecision.pathOf(assign.id()), "{".getBytes(StandardCharsets.UTF_8)))
                .get().extracting(RecordValidation.Problem::reason).asString().startsWith("not a decision");
        byte[] wrongTyped = new String(bytes, StandardCharsets.UTF_8).replace("\"lead\"", "{\"name\": \"lead\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(RecordValidation.problem(AgentDecision.pathOf(assign.id()), wrongTyped)).isPresent();
        assertThat(RecordValidation.problem(".ghp/decisions/wd/" + assign.id() + ".json", bytes)).isPresent();
    }
}
