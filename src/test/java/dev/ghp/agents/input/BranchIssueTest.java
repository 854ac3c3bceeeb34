package dev.ghp.agents.input;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BranchIssueTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // /(\d+)-
        "user/147-title, 147",
        "feature/12-fix-3-things, 12",
        // ^(\d+)-
        "147-title, 147",
        // -(\d+)-
        "fix-42-crash, 42",
        // [/#](\d+)$
        "user/147, 147",
        "fix#99, 99",
        // the first pattern wins over later ones, wherever they match in the name
        "5-title/8-more, 8",
        "fix-42-x/7, 42",
        "a-1-b/2-c, 2",
        "3-x-4-y, 3"
    })
    void ghpsPatternsAreTriedInGhpsOrder(String branch, int issue) {
        assertThat(BranchIssue.of(branch)).contains(issue);
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "master", "user/title", "release-2025", "v1.2.3", "147", "user/0-title",
        "user/12345678901-title", "fix-1x-y"})
    void branchesWithoutAnIssueGiveNone(String branch) {
        assertThat(BranchIssue.of(branch)).isEmpty();
    }

    @Test
    void noBranchGivesNone() {
        assertThat(BranchIssue.of(null)).isEmpty();
    }
}
