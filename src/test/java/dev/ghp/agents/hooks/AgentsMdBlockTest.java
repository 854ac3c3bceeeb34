package dev.ghp.agents.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.UsageException;
import org.junit.jupiter.api.Test;

class AgentsMdBlockTest {
    static final String BLOCK = AgentsMdBlock.text();

    @Test
    void theBlockSaysWhenToHeartbeatHowToClaimEscalateHandOffAndWhatExitCodesMean() {
        assertThat(BLOCK).startsWith(AgentsMdBlock.BEGIN).endsWith("-->\n")
                .contains("ghp agent-heartbeat --status", "--issue N", "ghp agent-escalate", "ghp agent-handoff",
                        "Exit codes", "3 refused");
        assertThat(BLOCK.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(110));
    }

    @Test
    void theBlockSaysThatAnswersAndMessagesArriveMidSessionAndHowToAnswer() {
        assertThat(BLOCK).contains("reach you mid-session", "after a tool call", "at the end of your turn, once",
                        "ghp agent-inbox", "ghp agent-message --to AGENT", "ghp agent-escalate")
                .doesNotContain("Answers reach you at session start");
    }

    @Test
    void aMissingFileBecomesTheBlock() {
        assertThat(AgentsMdBlock.apply(null, "AGENTS.md")).isEqualTo(BLOCK);
    }

    @Test
    void aFileWithoutMarkersGetsTheBlockAppendedAfterABlankLine() {
        String before = "# Project rules\n\nUse tabs.\n";

        assertThat(AgentsMdBlock.apply(before, "AGENTS.md")).isEqualTo(before + "\n" + BLOCK);
    }

    @Test
    void theBlockBetweenTheMarkersIsReplacedAndEveryOtherLineKept() {
        String old = """
                # Rules

                Intro line.
                <!-- ghp-agents:begin (an older version) -->
                old protocol text
                more old text
                <!-- ghp-agents:end -->

                ## Style
                Trailing section, untouched.
                """;

        String next = AgentsMdBlock.apply(old, "CLAUDE.md");

        assertThat(next).isEqualTo("# Rules\n\nIntro line.\n" + BLOCK + "\n## Style\nTrailing section, untouched.\n");
        assertThat(AgentsMdBlock.apply(next, "CLAUDE.md")).as("a second run changes nothing").isEqualTo(next);
    }

    @Test
    void windowsLineEndsStayWindowsLineEnds() {
        String before = "# Rules\r\n\r\nText.\r\n";

        String next = AgentsMdBlock.apply(before, "AGENTS.md");

        assertThat(next).startsWith("# Rules\r\n\r\nText.\r\n\r\n" + AgentsMdBlock.BEGIN).endsWith("-->\r\n");
        assertThat(next.replace("\r\n", "")).doesNotContain("\n");
    }

    @Test
    void markersOutOfPairAreRefusedRatherThanGuessedAt() {
        assertThatThrownBy(() -> AgentsMdBlock.apply("a\n<!-- ghp-agents:begin -->\nb\n", "AGENTS.md"))
                .isInstanceOf(UsageException.class).hasMessageContaining("1 begin and 0 end");
        assertThatThrownBy(() -> AgentsMdBlock.apply("<!-- ghp-agents:end -->\n<!-- ghp-agents:begin -->\n", "AGENTS.md"))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> AgentsMdBlock.apply(BLOCK + BLOCK, "AGENTS.md"))
                .isInstanceOf(UsageException.class).hasMessageContaining("2 begin and 2 end");
    }
}
