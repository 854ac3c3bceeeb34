package dev.ghp.agents.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardRuleTest {
    static final Instant NOW = Instant.parse("2025-01-25T10:30:00Z");
    static final StaleDetector DETECTOR = new StaleDetector(Duration.ofMinutes(10));

    static AgentRecord holder(Duration silent, String status, String... files) {
        return AgentRecord.builder().status(status).lastAction("").timestamp(NOW.minus(silent)).files(List.of(files)).build();
    }

    @Test
    void onlyLiveOtherAgentsActiveScopesBlock() {
        StatusDocument doc = StatusDocument.empty()
                .withAgent("live", holder(Duration.ofMinutes(1), "implementing", "src/parser/**"))
                .withAgent("stale", holder(Duration.ofMinutes(30), "implementing", "docs/**"))
                .withAgent("done", holder(Duration.ofMinutes(1), "done", "*.md"))
                .withAgent("me", holder(Duration.ofMinutes(1), "implementing", "src/lexer/**"))
                .withAgent("pending", holder(Duration.ofMinutes(1), "implementing").toBuilder()
                        .pendingFiles(List.of("pom.xml")).build());

        List<GuardRule.Violation> v = GuardRule.violations(
                List.of("src/parser/A.java", "docs/x.md", "README.md", "src/lexer/L.java", "pom.xml", "src/parserx/B.java"),
                doc, "me", DETECTOR, NOW);

        assertThat(v).extracting(GuardRule.Violation::path).containsExactly("src/parser/A.java");
        assertThat(v.get(0).holder()).isEqualTo("live");
        assertThat(v.get(0).pattern()).isEqualTo("src/parser/**");
    }

    @Test
    void patternsMatchAsInGitignore() {
        StatusDocument doc = StatusDocument.empty()
                .withAgent("a", holder(Duration.ZERO, "implementing", "build/", "*.lock", "/Makefile"));
        List<GuardRule.Violation> v = GuardRule.violations(
                List.of("sub/build/out.o", "build", "x/y.lock", "Makefile", "sub/Makefile"), doc, "me", DETECTOR, NOW);
        assertThat(v).extracting(GuardRule.Violation::path).containsExactlyInAnyOrder("sub/build/out.o", "x/y.lock", "Makefile");
    }
}
