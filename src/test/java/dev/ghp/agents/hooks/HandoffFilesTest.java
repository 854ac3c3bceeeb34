package dev.ghp.agents.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HandoffFilesTest {
    @Test
    void namesAreReadAsIssueAgentAndStamp() {
        HandoffFiles.Handoff h = HandoffFiles.parse("147-worker-3-20250125T103000Z.md").orElseThrow();

        assertThat(h.issue()).isEqualTo(147);
        assertThat(h.agent()).isEqualTo("worker-3");
        assertThat(h.stamp()).isEqualTo("20250125T103000Z");
        assertThat(h.sequence()).isEqualTo(1);
        assertThat(h.path()).isEqualTo(".ghp/handoffs/147-worker-3-20250125T103000Z.md");
        assertThat(HandoffFiles.parse("147-worker-3-20250125T103000Z-2.md").orElseThrow())
                .extracting(HandoffFiles.Handoff::agent, HandoffFiles.Handoff::sequence).containsExactly("worker-3", 2);
    }

    @Test
    void theLatestHandoffForAnIssueIsTheOneWithTheNewestStampThenSequence() {
        List<String> names = List.of("7-a-20250125T103000Z.md", "7-b-20250126T090000Z.md", "7-c-20250126T090000Z-2.md",
                "8-d-20250127T000000Z.md", "70-e-20250128T000000Z.md", "README.txt", "7-notes.md");

        assertThat(HandoffFiles.latestFor(7, names)).map(HandoffFiles.Handoff::agent).contains("c");
        assertThat(HandoffFiles.latestFor(9, names)).isEmpty();
    }
}
