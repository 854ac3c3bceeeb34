package dev.ghp.agents.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Message;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoticesTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void anApprovalsNoticeSaysGrantedOrDeniedWithThePatterns() {
        Escalation approval = Escalation.open("esc-0000abcd", Escalation.Kind.APPROVAL, "shared files", 147, "worker-1", NOW)
                .withRuleFields(null, List.of(), List.of("src/shared/**"))
                .resolved("denied", Escalation.DENIED, "alice", NOW);

        List<Message> notices = Notices.resolved(approval, "alice", NOW);

        assertThat(notices).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo("approval");
            assertThat(m.to()).isEqualTo("worker-1");
            assertThat(m.id()).isEqualTo("msg-0000abcd");
            assertThat(m.text()).startsWith("Approval esc-0000abcd denied by alice for src/shared/**");
        });
    }

    @Test
    void aConflictsNoticeReachesBothSidesButNotTheResolver() {
        Escalation conflict = Escalation.open("esc-0000abcd", Escalation.Kind.CONFLICT, "both on #147", 147, "worker-1", NOW)
                .withRuleFields("conflict:worker-1|worker-2", List.of("worker-2", "lead"), List.of())
                .resolved("worker-2 takes it", null, "lead", NOW);

        assertThat(Notices.resolved(conflict, "lead", NOW)).extracting(Message::to).containsExactly("worker-1", "worker-2");
    }
}
