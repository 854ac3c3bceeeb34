package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors that say what is wrong, where (#22). */
class NotMisleadingTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;

    @BeforeEach
    void setUp() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        ghp = new CliRunner(repo.dir()).env("GHP_AGENT", null).env("HOME", tmp.resolve("home").toString());
    }

    @Test
    void aBadSharedFilesEntryNamesTheSettingAndTheFileNotAFilesOption() throws Exception {
        Files.createDirectories(repo.dir().resolve(".ghp"));
        Files.writeString(repo.dir().resolve(".ghp/config.json"), "{\"agents\": {\"sharedFiles\": [\"!secret/**\"]}}\n");

        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "w1", "--issue", "1", "--files", "src/**");

        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("ghp: error: agents.sharedFiles entry '!secret/**' is a negation; a file scope "
                + "only claims (in .ghp/config.json)").doesNotContain("--files pattern");
    }

    @Test
    void aBadSharedFilesEntryOfTheUsersFileNamesThatFile() throws Exception {
        Path user = Files.createDirectories(tmp.resolve("home/.config/ghp-cli")).resolve("config.json");
        Files.writeString(user, "{\"agents\": {\"sharedFiles\": [\"./docs/**\"]}}\n");

        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "w1", "--issue", "1", "--files", "src/**");

        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("ghp: error: agents.sharedFiles entry './docs/**' has a '.' segment "
                + "(in ~/.config/ghp-cli/config.json)");
    }
}
