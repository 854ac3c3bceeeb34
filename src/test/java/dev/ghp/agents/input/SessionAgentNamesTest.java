package dev.ghp.agents.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionAgentNamesTest {
    @Test
    void theWorktreesNameComesFirstThenTheTeammatesThenTheSessionIdsFirstCharacters() {
        List<String> names = SessionAgentNames.candidates("app-147", "8C7E6B1A-2d3f-4a5b", "Test Writer");

        assertThat(names).startsWith("app-147", "app-147-Test-Writer", "app-147-8c7e6b", "app-147-8c7e6b-2");
        assertThat(names).doesNotHaveDuplicates().allMatch(AgentNames::isValid);
    }

    @Test
    void withoutATeammateNameTheSessionIdIsTheSuffix() {
        assertThat(SessionAgentNames.candidates("app-147", "5d3a9f2e-1b4c", null))
                .startsWith("app-147", "app-147-5d3a9f");
        assertThat(SessionAgentNames.candidates("app-147", "5d3a9f2e-1b4c", "  ")).element(1).isEqualTo("app-147-5d3a9f");
    }

    @Test
    void aSessionIdWithTooFewLettersOrDigitsGivesADigestSoNamesStayValidAndDistinct() {
        List<String> dots = SessionAgentNames.candidates("app", "../..", null);
        List<String> other = SessionAgentNames.candidates("app", "--", null);

        assertThat(dots.get(1)).matches("app-[0-9a-f]{6}");
        assertThat(other.get(1)).matches("app-[0-9a-f]{6}").isNotEqualTo(dots.get(1));
        assertThat(SessionAgentNames.candidates("app", null, null)).allMatch(AgentNames::isValid);
    }

    @Test
    void aLongBaseIsCutSoThatEveryNameFitsSixtyFourCharacters() {
        String base = "w".repeat(64);

        List<String> names = SessionAgentNames.candidates(base, "abcdef123456", "a-teammate-with-a-very-long-name-indeed");

        assertThat(names.get(0)).isEqualTo(base);
        assertThat(names).allMatch(AgentNames::isValid).allMatch(n -> n.length() <= 64);
        assertThat(names.get(2)).endsWith("-abcdef");
    }

    @Test
    void aTeammateNameIsCleanedToWhatAnAgentNameAllows() {
        assertThat(SessionAgentNames.candidates("app", "abcdef12", "rev\u001b[31mie/wer\n").get(1))
                .isEqualTo("app-rev-31mie-wer");
    }
}
