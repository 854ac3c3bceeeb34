package dev.ghp.agents.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The commit guard's rules asked before an edit: who may edit what, and what the refusal says. */
class EditAuthorityTest {
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final StaleDetector DETECTOR = new StaleDetector(Duration.ofMinutes(10));

    static AgentRecord agent(Integer issue, Instant seen, String... files) {
        return AgentRecord.builder().issue(issue).status("implementing").timestamp(seen).files(List.of(files)).build();
    }

    static StatusDocument doc(Object... nameAndRecord) {
        StatusDocument d = StatusDocument.empty();
        for (int i = 0; i < nameAndRecord.length; i += 2) {
            d = d.withAgent((String) nameAndRecord[i], (AgentRecord) nameAndRecord[i + 1]);
        }
        return d;
    }

    @Test
    void anotherLiveAgentsClaimIsRefusedNamingTheHolderItsIssueAndHowToAsk() {
        StatusDocument d = doc("worker-1", agent(147, NOW.minusSeconds(120), "src/parser/**"), "worker-2", agent(200, NOW));

        assertThat(EditAuthority.refusal(List.of("src/lexer/L.java", "src/parser/P.java"), d, "worker-2", DETECTOR, List.of(), NOW))
                .contains("[ghp-agents] Edit refused: src/parser/P.java is held by worker-1 (issue #147, its file claim"
                        + " src/parser/**, seen 2m ago). Leave it to its holder: ask it with ghp agent-message --to worker-1"
                        + " \"…\"; to take the file over, a human decides: ghp agent-escalate --kind conflict \"…\"."
                        + " Your other files are not affected.");
        assertThat(EditAuthority.refusal(List.of("src/parser/P.java"), d, "worker-1", DETECTOR, List.of(), NOW))
                .as("its own claim").isEmpty();
        assertThat(EditAuthority.refusal(List.of("src/lexer/L.java"), d, "worker-2", DETECTOR, List.of(), NOW)).isEmpty();
        assertThat(EditAuthority.refusal(List.of("src/parser/P.java"), d, "worker-2", DETECTOR, List.of(), NOW.plusSeconds(900)))
                .as("a stale holder").isEmpty();
    }

    @Test
    void aSharedFileNeedsAnApprovalInTheAgentsOwnScope() {
        List<dev.ghp.agents.rules.scope.ScopePattern> shared = List.of(Claims.parseStored("README.md"));
        StatusDocument without = doc("worker-2", agent(200, NOW));
        StatusDocument approved = doc("worker-2", agent(200, NOW, "README.md"));

        assertThat(EditAuthority.refusal(List.of("README.md"), without, "worker-2", DETECTOR, shared, NOW))
                .hasValueSatisfying(r -> assertThat(r).contains("README.md is a shared file (agents.sharedFiles README.md)")
                        .contains("ghp agent-heartbeat --files README.md"));
        assertThat(EditAuthority.refusal(List.of("README.md"), approved, "worker-2", DETECTOR, shared, NOW)).isEmpty();
        assertThat(EditAuthority.refusal(List.of("README.md"), without, "a-person", DETECTOR, shared, NOW))
                .as("no record: not an agent, as for the commit guard").isEmpty();
    }

    @Test
    void aPathEchoedBackIsNeutralisedAndQuotedForTheShell() {
        List<dev.ghp.agents.rules.scope.ScopePattern> shared = List.of(Claims.parseStored("docs/**"));
        String path = "docs/a b\u202Etxt.md\n";

        String reason = EditAuthority.refusal(List.of(path), doc("w", agent(1, NOW)), "w", DETECTOR, shared, NOW).orElseThrow();

        assertThat(reason).doesNotContain("\u202E").doesNotContain("\n")
                .contains("docs/a b<U+202E>txt.md\u240A is a shared file")
                .contains("--files 'docs/a b<U+202E>txt.md\u240A'");
    }
}
