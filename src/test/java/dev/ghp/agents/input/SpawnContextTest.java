package dev.ghp.agents.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpawnContextTest {

    /** The shape GHP's {@code ghp start N --parallel} exports. */
    static final String GHP_SPAWN = """
            {"action": "spawn_subagent", "workingDirectory": "/home/me/repo-147",
             "issue": {"number": 147, "title": "Parser", "status": "In Progress", "url": "https://github.com/o/r/issues/147"},
             "branch": "me/147-parser",
             "repository": {"owner": "o", "name": "r", "mainBranch": "main"},
             "memory": {"namespace": "o/r"}, "handoffPrompt": "continue"}
            """;

    @Test
    void ghpsSpawnContextIsRead() {
        SpawnContext c = SpawnContext.parse(GHP_SPAWN);

        assertThat(c).isEqualTo(new SpawnContext(147, "Parser", "me/147-parser", "/home/me/repo-147", "o", "r", "main"));
    }

    @Test
    void everyFieldIsOptional() {
        assertThat(SpawnContext.parse("{}")).isEqualTo(new SpawnContext(null, null, null, null, null, null, null));
    }

    @Test
    void unsetOrBlankMeansNoContext() {
        assertThat(SpawnContext.parse(null)).isNull();
        assertThat(SpawnContext.parse("  ")).isNull();
    }

    @Test
    void valuesOfTheWrongTypeOrRangeAreIgnored() {
        SpawnContext c = SpawnContext.parse("""
                {"workingDirectory": 5, "issue": {"number": -3, "title": ["x"]}, "branch": "", "repository": "o/r"}
                """);

        assertThat(c).isEqualTo(new SpawnContext(null, null, null, null, null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1]", "{", "147"})
    void aValueThatIsNotAJsonObjectIsRefused(String value) {
        assertThatThrownBy(() -> SpawnContext.parse(value))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("GHP_SPAWN_CONTEXT");
    }
}
