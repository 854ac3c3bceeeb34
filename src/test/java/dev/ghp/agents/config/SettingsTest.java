package dev.ghp.agents.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.store.HistoryLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one typed settings record: the order of its layers, and a bad value failing only where it is used. */
class SettingsTest {
    @TempDir
    Path tmp;

    private Settings settings(String agentsJson, Map<String, String> env) throws Exception {
        Files.createDirectories(tmp.resolve(".ghp"));
        Files.writeString(tmp.resolve(".ghp/config.json"), "{\"agents\": " + agentsJson + "}");
        return Settings.load(tmp, env);
    }

    @Test
    void aFlagWinsOverTheEnvironmentWhichWinsOverTheFileWhichWinsOverTheDefault() throws Exception {
        Settings none = Settings.load(tmp, Map.of());
        Settings file = settings("{\"staleAfter\": \"2m\", \"remote\": \" upstream \"}", Map.of());
        Settings both = settings("{\"staleAfter\": \"2m\", \"remote\": \"upstream\"}",
                Map.of("GHP_STALE_AFTER", "20m", "GHP_SYNC_REMOTE", "backup"));

        assertThat(none.stale().after().value()).isEqualTo(Duration.ofMinutes(10));
        assertThat(none.sync().remote().value()).isEqualTo("origin");
        assertThat(file.stale().after().value()).isEqualTo(Duration.ofMinutes(2));
        assertThat(file.sync().remote().value()).isEqualTo("upstream");
        assertThat(both.stale().after().value()).isEqualTo(Duration.ofMinutes(20));
        assertThat(both.sync().remote().value()).isEqualTo("backup");
        assertThat(both.stale().after().value(Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(90));
        assertThat(both.sync().remote().value("mirror")).isEqualTo("mirror");
        assertThat(both.stale().after().fileValue()).as("the merge's limit: the committed file's alone")
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aBadValueFailsOnlyWhenItIsAskedForWithTheMessageTheCommandGaveBefore() throws Exception {
        Settings s = settings("{\"stalePolicy\": \"ignore\", \"history\": {\"maxCommits\": 1}, \"staleAfter\": \"5m\"}",
                Map.of());

        assertThat(s.stale().after().value()).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> s.stale().policy().value()).isInstanceOf(UsageException.class)
                .hasMessage("agents.stalePolicy in .ghp/config.json is 'ignore'; it must be \"alert\" or \"release\"");
        assertThatThrownBy(() -> s.store().history().value()).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("agents.history.maxCommits in .ghp/config.json must be a whole number from ");
    }

    @Test
    void aFileThatIsNotJsonFailsTheSettingsItWouldGiveButNotThoseAVariableGives() throws Exception {
        Files.createDirectories(tmp.resolve(".ghp"));
        Files.writeString(tmp.resolve(".ghp/config.json"), "{\"agents\": ");

        Settings s = Settings.load(tmp, Map.of("GHP_STALE_AFTER", "5m"));

        assertThat(s.stale().after().value()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.store().refLockAge().value()).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> s.sharedFiles().value()).isInstanceOf(UsageException.class)
                .hasMessageEndingWith(".ghp/config.json is not a valid JSON object")
                .satisfies(e -> assertThat(((GhpException) e).exitCode()).isEqualTo(2));
    }

    @Test
    void aHookTakesTheDefaultForABadVariableButNotForABadFile() throws Exception {
        Settings badVariable = settings("{\"staleAfter\": \"2m\"}", Map.of("GHP_STALE_AFTER", "ten"));
        Settings badFile = settings("{\"staleAfter\": \"ten\"}", Map.of());

        assertThat(badVariable.stale().after().valueIgnoringInvalidEnvironment()).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> badVariable.stale().after().value()).isInstanceOf(UsageException.class)
                .hasMessage("GHP_STALE_AFTER is not a duration: 'ten'");
        assertThatThrownBy(() -> badFile.stale().after().valueIgnoringInvalidEnvironment())
                .isInstanceOf(UsageException.class).hasMessageEndingWith("is not a duration: 'ten'");
    }

    @Test
    void theAutomaticSyncIsOffUnlessSetAndTheEnvironmentCanTurnItOff() throws Exception {
        assertThat(Settings.load(null, Map.of()).sync().autoSync().value()).isEmpty();
        assertThat(settings("{\"autoSync\": \"2m\"}", Map.of()).sync().autoSync().value()).contains(Duration.ofMinutes(2));
        assertThat(settings("{\"autoSync\": \"2m\"}", Map.of("GHP_AUTO_SYNC", "off")).sync().autoSync().value())
                .isEqualTo(Optional.empty());
        assertThatThrownBy(() -> settings("{\"autoSync\": \"soon\"}", Map.of()).sync().autoSync().value())
                .hasMessage("agents.autoSync is neither \"off\" nor a duration: 'soon'");
    }

    @Test
    void eachAreaReadsItsKeys() throws Exception {
        Settings s = settings("{\"sharedFiles\": [\"docs/**\"], \"history\": {\"maxCommits\": 500},"
                + " \"github\": {\"escalations\": true, \"label\": \"agents\"}, \"ghp\": {\"needsAttention\": true},"
                + " \"mem0\": \"https://mem0.example\"}", Map.of("GHP_REF_LOCK_AGE", "200ms", "MEM0_API_KEY", " secret "));

        assertThat(s.sharedFiles().value()).containsExactly("docs/**");
        assertThat(s.store().history().value()).isEqualTo(new HistoryLimits(500, HistoryLimits.DEFAULT_MAX_AGE));
        assertThat(s.store().refLockAge().value()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.github().escalations().value()).isTrue();
        assertThat(s.github().label().value()).isEqualTo("agents");
        assertThat(s.ghp().needsAttention().value()).isTrue();
        assertThat(s.ghp().needsAttention().value(false)).as("--needs-attention=false").isFalse();
        assertThat(s.mem0().apiKey()).isEqualTo("secret");
        assertThat(s.mem0().endpoint().get().orElseThrow().baseUrl()).hasToString("https://mem0.example");
        assertThat(s.toString()).as("the key is never printed").doesNotContain("secret");
        assertThat(Settings.load(null, Map.of()).sharedFiles().value()).isEqualTo(List.of());
    }

    @Test
    void theEditGuardIsOnUnlessTheCommittedFileTurnsItOffAndAnythingButABooleanIsRefused() throws Exception {
        assertThat(Settings.load(tmp, Map.of()).editGuard().value()).isTrue();
        assertThat(settings("{\"editGuard\": false}", Map.of()).editGuard().value()).isFalse();
        assertThat(settings("{\"editGuard\": true}", Map.of()).editGuard().value()).isTrue();
        Settings bad = settings("{\"editGuard\": \"no\"}", Map.of());
        assertThatThrownBy(() -> bad.editGuard().value()).isInstanceOf(UsageException.class)
                .hasMessage("agents.editGuard in .ghp/config.json is \"no\"; it must be true or false");
    }
}
