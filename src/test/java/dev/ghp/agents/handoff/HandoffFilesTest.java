package dev.ghp.agents.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HandoffFilesTest {
    private static final Instant AT = Instant.parse("2025-01-25T10:30:00.789Z");

    @Test
    void nameIsIssueAgentAndUtcStampToTheSecond() {
        assertThat(HandoffFiles.newName(147, "worker-1", AT, n -> false)).isEqualTo("147-worker-1-20250125T103000Z.md");
    }

    @Test
    void aSecondHandoffInTheSameSecondGetsANumberInsteadOfOverwriting() {
        Set<String> taken = Set.of("147-worker-1-20250125T103000Z.md", "147-worker-1-20250125T103000Z-2.md");

        assertThat(HandoffFiles.newName(147, "worker-1", AT, taken::contains)).isEqualTo("147-worker-1-20250125T103000Z-3.md");
    }

    @Test
    void parsesAgentNamesWithDashesAndDigits() {
        HandoffFiles.Entry e = HandoffFiles.parse("12-agent-7-b-20250125T103000Z-2.md").orElseThrow();

        assertThat(e.issue()).isEqualTo(12);
        assertThat(e.agent()).isEqualTo("agent-7-b");
        assertThat(e.stamp()).isEqualTo("20250125T103000Z");
        assertThat(e.sequence()).isEqualTo(2);
        assertThat(e.path()).isEqualTo(".ghp/handoffs/12-agent-7-b-20250125T103000Z-2.md");
    }

    @Test
    void ignoresFilesThatAreNotHandoffs() {
        assertThat(HandoffFiles.parse("README.md")).isEmpty();
        assertThat(HandoffFiles.parse("4-a-20250125T103000Z.txt")).isEmpty();
    }

    @Test
    void forIssueKeepsOnlyThatIssueOldestFirstAndDoesNotConfuse4With40() {
        List<String> names = List.of(
                "4-b-20250126T000000Z.md",
                "40-a-20250127T000000Z.md",
                "4-a-20250125T000000Z.md",
                "4-a-20250126T000000Z-2.md",
                "notes.md");

        assertThat(HandoffFiles.forIssue(names, 4)).extracting(HandoffFiles.Entry::name).containsExactly(
                "4-a-20250125T000000Z.md", "4-b-20250126T000000Z.md", "4-a-20250126T000000Z-2.md");
        assertThat(HandoffFiles.issues(names)).containsExactly(4, 40);
    }
}
