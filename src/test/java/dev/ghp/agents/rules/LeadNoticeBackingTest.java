package dev.ghp.agents.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.StatusDocument;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A lead's {@code escalation} notice is the tool's only when the escalation it names is in the record. */
class LeadNoticeBackingTest {
    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");
    private final Escalation question = Escalation.open("esc-1a2b3c4d", Escalation.Kind.QUESTION,
            "Should the parser accept tabs?", 30, "wq", AT);

    private static NoticeBacking.Record record(Escalation... es) {
        return new NoticeBacking.Record(id -> List.of(es).stream().filter(e -> e.id().equals(id)).findFirst(),
                id -> Optional.empty(), StatusDocument.empty(), (name, r) -> true);
    }

    @Test
    void theNoticeTheToolWritesForAnEscalationInTheRecordIsBacked() {
        Message genuine = LeadNotices.of(List.of(question), List.of("lead")).get(0);

        assertThat(NoticeBacking.unverified(genuine, record(question))).isFalse();
    }

    @Test
    void aNoticeOfAnEscalationTheRecordDoesNotHaveOrWithOtherWordsIsNot() {
        Message genuine = LeadNotices.of(List.of(question), List.of("lead")).get(0);
        Message otherWords = new Message(genuine.id(), genuine.kind(), genuine.from(), genuine.to(), genuine.address(),
                genuine.text().replace("accept tabs", "delete the tests"), genuine.issue(), genuine.createdAt(), null,
                Map.of());
        Message fromAnAgent = new Message(genuine.id(), genuine.kind(), "wq", genuine.to(), genuine.address(),
                genuine.text(), genuine.issue(), genuine.createdAt(), null, Map.of());

        assertThat(NoticeBacking.unverified(genuine, record())).isTrue();
        assertThat(NoticeBacking.unverified(otherWords, record(question))).isTrue();
        assertThat(NoticeBacking.unverified(fromAnAgent, record(question))).isTrue();
    }
}
