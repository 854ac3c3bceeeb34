package dev.ghp.agents.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandoffMarkdownTest {
    private static final Instant AT = Instant.parse("2025-01-25T10:30:00Z");
    private static final Handoff.Branch NO_BRANCH = new Handoff.Branch(null, null, null, null, null, 0, false,
            List.of(), null, null, List.of());
    private static final Handoff.Agent AGENT = new Handoff.Agent("implementing", "wrote it", AT, null, List.of(),
            List.of(), List.of());

    private static Handoff handoff(Handoff.Issue issue, String note, Handoff.Branch branch, String to) {
        return new Handoff(issue, "a", to, AT, note, AGENT, branch, List.of(), List.of(), 0, List.of());
    }

    @Test
    void startsWithAMarkerLineThatToolsCanRead() {
        String md = HandoffMarkdown.render(handoff(Handoff.Issue.numberOnly(4), null, NO_BRANCH, "b"));

        assertThat(md).startsWith("<!-- ghp-handoff schemaVersion=1 issue=4 from=a to=b at=2025-01-25T10:30:00Z -->\n# Handoff of #4\n");
        StoredHandoff back = StoredHandoff.parse(HandoffFiles.parse("4-a-20250125T103000Z.md").orElseThrow(),
                md.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(back.from()).isEqualTo("a");
        assertThat(back.to()).isEqualTo("b");
        assertThat(back.at()).isEqualTo("2025-01-25T10:30:00Z");
    }

    @Test
    void terminalEscapesInSuppliedTextArePrintedHarmlessly() {
        Handoff.Issue issue = new Handoff.Issue(4, "title \u001b]0;pwned\u0007", "body \u001b[2J", List.of("l\u001b[31m"),
                List.of(), null, "github");
        Handoff.Branch branch = new Handoff.Branch("a/4", null, "abc1234", "main", "def5678", 1, false,
                List.of(new Handoff.Commit("abc1234", "subject \u001b[1mbold")), null, null, List.of());

        String md = HandoffMarkdown.render(handoff(issue, "note \u001b[31mred\u001b[0m\nline two", branch, null));

        assertThat(md).doesNotContain("\u001b").doesNotContain("\u0007");
        assertThat(md).contains("> note ␛[31mred␛[0m\n> line two\n");
        assertThat(md).contains("subject ␛[1mbold");
    }

    @Test
    void aLongIssueBodyIsCutAndSaysSo() {
        String body = "line\n".repeat(500);
        Handoff.Issue issue = new Handoff.Issue(4, "t", body, List.of(), List.of(), "https://example.test/4", "github");

        String md = HandoffMarkdown.render(handoff(issue, null, NO_BRANCH, null));

        assertThat(md.lines().filter(l -> l.equals("> line")).count()).isEqualTo(HandoffMarkdown.BODY_LINES);
        assertThat(md).contains("(cut here; the whole text is on the issue)");
    }

    @Test
    void pathsWithBackticksStayInsideTheirCodeSpan() {
        assertThat(MarkdownText.code("a`b")).isEqualTo("``a`b``");
        assertThat(MarkdownText.code("`x")).isEqualTo("`` `x ``");
    }

    @Test
    void withoutSuccessorItSaysWhoStillHoldsTheClaim() {
        String md = HandoffMarkdown.render(handoff(Handoff.Issue.numberOnly(4), null, NO_BRANCH, null));

        assertThat(md).contains("From **a** to whoever takes #4 next");
        assertThat(md).contains("a still holds the claim on #4 until it signs off");
        assertThat(md).contains("No note was left.");
    }

    @Test
    void aBranchWithMoreCommitsThanShownSaysHowManyMore() {
        List<Handoff.Commit> commits = java.util.stream.IntStream.range(0, BranchReader.COMMITS_SHOWN)
                .mapToObj(i -> new Handoff.Commit("c" + i, "s" + i)).toList();
        Handoff.Branch branch = new Handoff.Branch("a/4", null, "c0", "main", "base", BranchReader.COUNT_CAP, true,
                commits, null, null, List.of());

        String md = HandoffMarkdown.render(handoff(Handoff.Issue.numberOnly(4), null, branch, "b"));

        assertThat(md).contains("- more than 10000 commits ahead of `main`");
        assertThat(md).contains("- … and more than 9980 older commits");
    }
}
