package dev.ghp.agents.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"worker-1", "a", "A.b_c-9", "claude.code", "0", "..-"})
    void validNames(String name) {
        assertThat(AgentNames.isValid(name)).isTrue();
    }

    @Test
    void sixtyFourCharactersIsTheLimit() {
        assertThat(AgentNames.isValid("x".repeat(64))).isTrue();
        assertThat(AgentNames.isValid("x".repeat(65))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "worker 1", "wörker", "a/b", "a:b", "tab\there", "esc\u001b[31m", "new\nline", "@me"})
    void invalidNames(String name) {
        assertThat(AgentNames.isValid(name)).isFalse();
    }

    @Test
    void nullIsNotAName() {
        assertThat(AgentNames.isValid(null)).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/work/wt-2, wt-2",
        "/home/me/repo-147-parser, repo-147-parser",
        "/tmp/my worktree, my-worktree",
        "/tmp/a  b, a-b",
        "/tmp/café, caf-",
        "/tmp/.hidden, hidden",
        "/tmp/--x, x",
        "/, agent"
    })
    void aWorktreeGivesAValidNameFromItsDirectory(String dir, String expected) {
        String name = AgentNames.fromWorktree(Path.of(dir));

        assertThat(name).isEqualTo(expected);
        assertThat(AgentNames.isValid(name)).isTrue();
    }

    @Test
    void aLongWorktreeNameIsCutToTheLimit() {
        String name = AgentNames.fromWorktree(Path.of("/tmp/" + "w".repeat(100)));

        assertThat(name).hasSize(64);
        assertThat(AgentNames.isValid(name)).isTrue();
    }

    @Test
    void noWorktreeGivesAFixedName() {
        assertThat(AgentNames.fromWorktree(null)).isEqualTo("agent");
    }
}
