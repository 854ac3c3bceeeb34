package dev.ghp.agents.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.Escalation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The comment bodies posted on GitHub show recorded text visibly and inertly, names included. */
class EscalationMirrorTextTest {
    static final String HIDDEN = "\u001b[31m\n\u202e\udb40\udc41\u200b";

    static void assertInert(String body) {
        assertThat(body.codePoints()).as(body)
                .noneMatch(c -> c == 0x1b || c == 0x202e || c == 0x200b || (c >= 0xe0000 && c <= 0xe007f));
        assertThat(body.lines()).noneMatch(l -> l.startsWith("<U+202E>"));
    }

    @Test
    void openedAndResolvedBodiesNeutraliseTheAgentTheMessageAndTheAnswer() {
        Escalation e = Escalation.open("esc-7f3a9c1d", Escalation.Kind.QUESTION, "msg" + HIDDEN + "\nsecond line",
                147, "evil" + HIDDEN, Instant.parse("2025-01-25T10:00:00Z"));

        String opened = EscalationMirror.openedBody(e);
        String resolved = EscalationMirror.resolvedBody(e.resolved("yes" + HIDDEN, null, "boss" + HIDDEN,
                Instant.parse("2025-01-25T11:00:00Z")));

        assertInert(opened);
        assertInert(resolved);
        assertThat(opened).contains("from agent `evil␛[31m␊<U+202E><U+E0041><U+200B>`")
                .contains("> msg␛[31m\n> <U+202E><U+E0041><U+200B>\n> second line");
        assertThat(resolved).contains("by `boss␛[31m␊<U+202E><U+E0041><U+200B>`").contains("> yes␛[31m");
    }
}
