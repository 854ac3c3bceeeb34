package dev.ghp.agents.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.store.HistoryLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ghp config KEY VALUE} writes (GHP's {@code parseValue} in packages/cli/src/config.ts):
 * {@code true}/{@code false} as booleans, anything {@code Number()} reads as a number, text with a
 * comma as an array of strings, the rest as a string. Each key accepts the shapes GHP would write for it.
 */
class GhpValueShapesTest {
    @TempDir
    Path tmp;

    private Settings settings(String agentsJson) throws Exception {
        Files.createDirectories(tmp.resolve(".ghp"));
        Files.writeString(tmp.resolve(".ghp/config.json"), "{\"agents\": " + agentsJson + "}");
        return Settings.load(tmp, Map.of());
    }

    @Test
    void staleAfterTakesANumberOfSeconds() throws Exception {
        assertThat(settings("{\"staleAfter\": 120}").stale().after().value()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings("{\"staleAfter\": 1.5}").stale().after().value()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings("{\"staleAfter\": \"90s\"}").stale().after().value()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void staleAfterRefusesNumbersThatAreNoLimit() throws Exception {
        assertThatThrownBy(() -> settings("{\"staleAfter\": 0}").stale().after().value()).isInstanceOf(UsageException.class)
                .hasMessage("agents.staleAfter in .ghp/config.json is not a duration: 0");
        assertThatThrownBy(() -> settings("{\"staleAfter\": -5}").stale().after().value())
                .hasMessage("agents.staleAfter in .ghp/config.json is not a duration: -5");
        assertThatThrownBy(() -> settings("{\"staleAfter\": true}").stale().after().value())
                .hasMessage("agents.staleAfter in .ghp/config.json is not a duration: true");
    }

    @Test
    void autoSyncTakesSecondsAndZeroOrFalseForOff() throws Exception {
        assertThat(settings("{\"autoSync\": 30}").sync().autoSync().value()).contains(Duration.ofSeconds(30));
        assertThat(settings("{\"autoSync\": 0}").sync().autoSync().value()).isEqualTo(Optional.empty());
        assertThat(settings("{\"autoSync\": false}").sync().autoSync().value()).isEqualTo(Optional.empty());
        assertThat(settings("{\"autoSync\": \"off\"}").sync().autoSync().value()).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> settings("{\"autoSync\": true}").sync().autoSync().value())
                .hasMessage("agents.autoSync is neither \"off\" nor a duration: true");
    }

    @Test
    void historyMaxAgeTakesSecondsAndMaxCommitsANumber() throws Exception {
        assertThat(settings("{\"history\": {\"maxAge\": 7200, \"maxCommits\": 500}}").store().history().value())
                .isEqualTo(new HistoryLimits(500, Duration.ofHours(2)));
    }

    @Test
    void sharedFilesTakesTheArrayGhpWritesForCommasAndASinglePatternAsText() throws Exception {
        assertThat(settings("{\"sharedFiles\": [\"docs/**\", \"README.md\"]}").sharedFiles().value())
                .containsExactly("docs/**", "README.md");
        assertThat(settings("{\"sharedFiles\": \"pom.xml\"}").sharedFiles().value()).containsExactly("pom.xml");
        assertThat(settings("{\"sharedFiles\": 2024}").sharedFiles().value()).as("a name GHP read as a number")
                .containsExactly("2024");
        assertThatThrownBy(() -> settings("{\"sharedFiles\": true}").sharedFiles().value())
                .hasMessage("agents.sharedFiles in .ghp/config.json must be a list of patterns");
    }

    @Test
    void textKeysTakeANameGhpReadAsANumber() throws Exception {
        Settings s = settings("{\"remote\": 2024, \"github\": {\"label\": 7}, \"mem0\": {\"userId\": 42}}");

        assertThat(s.sync().remote().value()).isEqualTo("2024");
        assertThat(s.github().label().value()).isEqualTo("7");
        assertThat(s.mem0().endpoint().get().orElseThrow().userId()).isEqualTo("42");
    }

    @Test
    void booleansAreTheBooleansGhpWrites() throws Exception {
        Settings s = settings("{\"github\": {\"escalations\": true}, \"ghp\": {\"needsAttention\": true},"
                + " \"mem0\": {\"infer\": true}}");

        assertThat(s.github().escalations().value()).isTrue();
        assertThat(s.ghp().needsAttention().value()).isTrue();
        assertThat(s.mem0().endpoint().get().orElseThrow().infer()).isTrue();
    }

    @Test
    void aNullLeftByGhpForInfinityIsNotSet() throws Exception {
        assertThat(settings("{\"staleAfter\": null}").stale().after().value()).isEqualTo(Settings.DEFAULT_STALE_AFTER);
    }
}
