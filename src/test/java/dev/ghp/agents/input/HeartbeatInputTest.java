package dev.ghp.agents.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.AgentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeartbeatInputTest {

    private static void assertRefusedOneLine(Runnable r) {
        assertThatThrownBy(r::run)
                .isInstanceOf(UsageException.class)
                .satisfies(e -> {
                    assertThat(((UsageException) e).exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u001b");
                });
    }

    @ParameterizedTest
    @CsvSource({"147, 147", "#147, 147", "' 7 ', 7", "999999999, 999999999"})
    void issueNumbersAreAccepted(String text, int expected) {
        assertThat(HeartbeatInput.issue(text, "--issue")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-147", "abc", "", " ", "1.5", "1e3", "147a", "#", "##1", "0x10", "1234567890",
        "٣", "\u001b[31m7"})
    void nonNumericZeroNegativeAndHugeIssuesAreRefused(String text) {
        assertRefusedOneLine(() -> HeartbeatInput.issue(text, "--issue"));
    }

    @Test
    void theIssueRefusalNamesTheOption() {
        assertThatThrownBy(() -> HeartbeatInput.issue("zero", "--issue")).hasMessageContaining("--issue").hasMessageContaining("zero");
    }

    @Test
    void noIssueMeansNotGiven() {
        assertThat(HeartbeatInput.issue(null, "--issue")).isNull();
    }

    @ParameterizedTest
    @EnumSource(AgentStatus.class)
    void everyDocumentedStatusIsAccepted(AgentStatus status) {
        assertThat(HeartbeatInput.status(status.wire())).isEqualTo(status);
        assertThat(HeartbeatInput.status(status.wire().toUpperCase())).isEqualTo(status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"working", "", "implement", "done!", "stale", "blocked on"})
    void unknownStatusesAreRefusedWithTheListOfValidOnes(String text) {
        assertRefusedOneLine(() -> HeartbeatInput.status(text));
        assertThatThrownBy(() -> HeartbeatInput.status(text))
                .satisfies(e -> assertThat(((UsageException) e).hint()).contains("implementing").contains("done"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "ümlaut", "a/b", "new\nline", "\u001b[2J"})
    void badAgentNamesAreRefused(String name) {
        assertRefusedOneLine(() -> HeartbeatInput.agentName(name, "--agent"));
    }

    @Test
    void aSixtyFiveCharacterNameIsRefused() {
        assertRefusedOneLine(() -> HeartbeatInput.agentName("a".repeat(65), "--agent"));
        assertThat(HeartbeatInput.agentName("a".repeat(64), "--agent")).hasSize(64);
    }

    @Test
    void anActionOfFiveHundredCharactersIsAcceptedAndOneMoreIsRefused() {
        assertThat(HeartbeatInput.action("x".repeat(500))).hasSize(500);
        assertRefusedOneLine(() -> HeartbeatInput.action("x".repeat(501)));
        assertThatThrownBy(() -> HeartbeatInput.action("x".repeat(501))).hasMessageContaining("501").hasMessageContaining("500");
    }

    @Test
    void actionLengthIsCountedInCharactersNotUtf16Units() {
        assertThat(HeartbeatInput.action("🚀".repeat(500))).isNotNull();
        assertRefusedOneLine(() -> HeartbeatInput.action("🚀".repeat(501)));
    }

    @ParameterizedTest
    @CsvSource({"150, #150", "#150, #150", "007, #7", "worker-2, worker-2", "' worker-2 ', worker-2"})
    void blockedOnTakesAnIssueOrAnAgentName(String ref, String expected) {
        assertThat(HeartbeatInput.blockedOn(ref)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "#0", "#", "", "two words", "#abc", "1234567890", "a/b", "wörker"})
    void badBlockedOnIsRefused(String ref) {
        assertRefusedOneLine(() -> HeartbeatInput.blockedOn(ref));
    }
}
