package dev.ghp.agents.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.store.HistoryLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GHP's two configuration files, layered as GHP layers them (packages/cli/src/config.ts,
 * {@code loadConfig}): the user's {@code $HOME/.config/ghp-cli/config.json} over the workspace's
 * {@code .ghp/config.json}, objects merged key by key. A real HOME in a temp directory holds the user file.
 */
class UserConfigTest {
    @TempDir
    Path tmp;

    private Path home() throws Exception {
        return Files.createDirectories(tmp.resolve("home"));
    }

    private Path userFile(String json) throws Exception {
        Path file = Files.createDirectories(home().resolve(".config/ghp-cli")).resolve("config.json");
        Files.writeString(file, json);
        return file;
    }

    private Path repo(String json) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve(".ghp"));
        Files.writeString(repo.resolve(".ghp/config.json"), json);
        return repo;
    }

    @Test
    void theUserFileWinsOverTheWorkspaceFileKeyByKey() throws Exception {
        Path repo = repo("{\"agents\": {\"staleAfter\": \"2m\", \"remote\": \"upstream\"}}");
        userFile("{\"agents\": {\"staleAfter\": \"1s\"}}");

        Settings s = Settings.load(repo, Map.of("HOME", home().toString()));

        assertThat(s.stale().after().value()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.sync().remote().value()).as("not in the user file: the workspace's").isEqualTo("upstream");
        assertThat(s.stale().after().fileValue()).as("the merge's and the guard's limit: the committed file's alone")
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void theEnvironmentStillWinsOverTheUserFile() throws Exception {
        userFile("{\"agents\": {\"staleAfter\": \"1s\"}}");

        Settings s = Settings.load(repo("{}"), Map.of("HOME", home().toString(), "GHP_STALE_AFTER", "3m"));

        assertThat(s.stale().after().value()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void nestedObjectsAreMergedAsGhpMergesThem() throws Exception {
        Path repo = repo("{\"agents\": {\"history\": {\"maxCommits\": 500}, \"github\": {\"label\": \"team\"}}}");
        userFile("{\"agents\": {\"history\": {\"maxAge\": \"2h\"}, \"github\": {\"escalations\": true}}}");

        Settings s = Settings.load(repo, Map.of("HOME", home().toString()));

        assertThat(s.store().history().value()).isEqualTo(new HistoryLimits(500, Duration.ofHours(2)));
        assertThat(s.github().escalations().value()).isTrue();
        assertThat(s.github().label().value()).isEqualTo("team");
    }

    @Test
    void theUserFileAloneIsEnoughOutsideAnyWorkspaceFile() throws Exception {
        userFile("{\"agents\": {\"staleAfter\": \"1s\"}}");

        Settings s = Settings.load(Files.createDirectories(tmp.resolve("bare")), Map.of("HOME", home().toString()));

        assertThat(s.stale().after().value()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.stale().after().fileValue()).isEqualTo(Settings.DEFAULT_STALE_AFTER);
    }

    @Test
    void xdgConfigHomeIsNotReadBecauseGhpDoesNotReadIt() throws Exception {
        Path xdg = Files.createDirectories(tmp.resolve("xdg/ghp-cli"));
        Files.writeString(xdg.resolve("config.json"), "{\"agents\": {\"staleAfter\": \"1s\"}}");

        Settings s = Settings.load(repo("{}"), Map.of("HOME", home().toString(), "XDG_CONFIG_HOME", tmp.resolve("xdg").toString()));

        assertThat(s.stale().after().value()).isEqualTo(Settings.DEFAULT_STALE_AFTER);
    }

    @Test
    void withoutHomeThereIsNoUserFile() throws Exception {
        userFile("{\"agents\": {\"staleAfter\": \"1s\"}}");

        assertThat(Settings.load(repo("{}"), Map.of()).stale().after().value()).isEqualTo(Settings.DEFAULT_STALE_AFTER);
    }

    @Test
    void aUserFileThatIsNotJsonIsOneLineNamingThatFile() throws Exception {
        Path file = userFile("{\"agents\": ");

        Settings s = Settings.load(repo("{\"agents\": {\"staleAfter\": \"2m\"}}"), Map.of("HOME", home().toString()));

        assertThatThrownBy(() -> s.stale().after().value()).isInstanceOf(UsageException.class)
                .hasMessage(file + " is not a valid JSON object")
                .satisfies(e -> assertThat(((GhpException) e).exitCode()).isEqualTo(2));
        assertThat(s.stale().after().fileValue()).as("the committed file's value does not depend on it")
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aUserFileThatIsADirectoryIsOneLineNamingThatFile() throws Exception {
        Path file = Files.createDirectories(home().resolve(".config/ghp-cli/config.json"));

        Settings s = Settings.load(repo("{}"), Map.of("HOME", home().toString()));

        assertThatThrownBy(() -> s.sharedFiles().value()).isInstanceOf(GhpException.class)
                .hasMessageStartingWith(file + " is not a regular file (a directory)")
                .satisfies(e -> assertThat(((GhpException) e).exitCode()).isEqualTo(2));
    }

    @Test
    void aBadValueNamesTheFileItCameFrom() throws Exception {
        Path file = userFile("{\"agents\": {\"staleAfter\": \"ten\", \"history\": {\"maxCommits\": 1}}}");

        Settings s = Settings.load(repo("{\"agents\": {\"stalePolicy\": \"ignore\"}}"), Map.of("HOME", home().toString()));

        assertThatThrownBy(() -> s.stale().after().value()).hasMessage("agents.staleAfter in " + file + " is not a duration: 'ten'");
        assertThatThrownBy(() -> s.store().history().value())
                .hasMessageStartingWith("agents.history.maxCommits in " + file + " must be a whole number");
        assertThatThrownBy(() -> s.stale().policy().value())
                .hasMessage("agents.stalePolicy in .ghp/config.json is 'ignore'; it must be \"alert\" or \"release\"");
    }

    @Test
    void agentsThatIsNotAnObjectInTheUserFileNamesThatFile() throws Exception {
        Path file = userFile("{\"agents\": \"on\"}");

        Settings s = Settings.load(repo("{}"), Map.of("HOME", home().toString()));

        assertThatThrownBy(() -> s.sharedFiles().value()).hasMessage("\"agents\" in " + file + " must be an object");
    }

    @Test
    void sharedFilesOfTheUserFileAddToTheTeamsButCannotTakeThemAway() throws Exception {
        Path repo = repo("{\"agents\": {\"sharedFiles\": [\"docs/**\"]}}");
        userFile("{\"agents\": {\"sharedFiles\": [\"pom.xml\"]}}");
        Settings adding = Settings.load(repo, Map.of("HOME", home().toString()));
        userFile("{\"agents\": {\"sharedFiles\": []}}");
        Settings emptying = Settings.load(repo, Map.of("HOME", home().toString()));

        assertThat(adding.sharedFiles().value()).containsExactly("docs/**", "pom.xml");
        assertThat(emptying.sharedFiles().value()).containsExactly("docs/**");
    }
}
