package dev.ghp.agents.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.scope.ScopePattern;
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
    void patternsMatchAsTheClaimsReadThem() {
        StatusDocument doc = StatusDocument.empty()
                .withAgent("a", holder(Duration.ZERO, "implementing", "build/", "*.lock", "/Makefile", "README.md"));
        List<GuardRule.Violation> v = GuardRule.violations(
                List.of("build/out.o", "sub/build/out.o", "build", "x/y.lock", "Makefile", "sub/Makefile",
                        "README.md", "docs/README.md"), doc, "me", DETECTOR, NOW);
        assertThat(v).extracting(GuardRule.Violation::path)
                .containsExactlyInAnyOrder("build/out.o", "x/y.lock", "Makefile", "README.md");
    }

    @Test
    void anAgentCommitsASharedFileOnlyWhenItsActiveScopeHoldsIt() {
        List<ScopePattern> shared = List.of(ScopePattern.parse("README.md"), ScopePattern.parse("src/core/**"));
        StatusDocument doc = StatusDocument.empty()
                .withAgent("me", holder(Duration.ZERO, "implementing", "src/parser/**", "src/core/Engine.java").toBuilder()
                        .pendingFiles(List.of("README.md")).build());

        List<GuardRule.SharedViolation> v = GuardRule.sharedWithoutApproval(
                List.of("README.md", "docs/README.md", "src/core/Engine.java", "src/core/Util.java", "src/parser/P.java"),
                shared, doc, "me");

        assertThat(v).containsExactly(new GuardRule.SharedViolation("README.md", "README.md"),
                new GuardRule.SharedViolation("src/core/Util.java", "src/core/**"));
        assertThat(GuardRule.sharedWithoutApproval(List.of("README.md"), shared, doc, "a-person"))
                .as("no record: not an agent").isEmpty();
    }
}
