package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files {@code ghp config} writes, as the commands read them (issue #14): {@code ghp config KEY VALUE}
 * writes the user's {@code ~/.config/ghp-cli/config.json} (here under a HOME of the test's own), {@code -w}
 * the workspace's {@code .ghp/config.json}, and numbers as JSON numbers.
 */
class GhpConfigFilesTest {
    @TempDir
    Path tmp;

    private GitRepo repo;
    private CliRunner ghp;
    private Path home;

    @BeforeEach
    void init() throws Exception {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        home = Files.createDirectories(tmp.resolve("home"));
        ghp = new CliRunner(repo.dir()).env("HOME", home.toString());
    }

    private void write(Path file, String json) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    private JsonNode status() throws Exception {
        CliRunner.Result r = ghp.run("agent-status", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.parse(r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void ghpConfigInTheUserFileTakesEffectOverTheWorkspaceFile() throws Exception {
        // ghp config -w agents.staleAfter 10m; then ghp config agents.staleAfter 1s
        write(repo.dir().resolve(".ghp/config.json"), "{\n  \"agents\": {\n    \"staleAfter\": \"10m\"\n  }\n}");
        write(home.resolve(".config/ghp-cli/config.json"), "{\n  \"agents\": {\n    \"staleAfter\": \"1s\"\n  }\n}");
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--action", "parsing").exit()).isZero();
        ghp.clock().advance(Duration.ofSeconds(5));

        JsonNode status = status();

        assertThat(status.path("staleAfterSeconds").asLong()).isEqualTo(1);
        assertThat(status.path("agents").path("worker-1").path("stale").asBoolean()).isTrue();
    }

    @Test
    void aNumberGhpConfigWroteIsSecondsForEveryAgentCommand() throws Exception {
        // ghp config -w agents.staleAfter 120
        write(repo.dir().resolve(".ghp/config.json"), "{\n  \"agents\": {\n    \"staleAfter\": 120\n  }\n}");

        CliRunner.Result heartbeat = ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--action", "parsing");
        ghp.clock().advance(Duration.ofSeconds(100));

        assertThat(heartbeat.exit()).as(heartbeat.err()).isZero();
        JsonNode status = status();
        assertThat(status.path("staleAfterSeconds").asLong()).isEqualTo(120);
        assertThat(status.path("agents").path("worker-1").path("stale").asBoolean()).isFalse();
    }

    @Test
    void aBrokenUserFileIsOneLineNamingIt() throws Exception {
        Path file = home.resolve(".config/ghp-cli/config.json");
        write(file, "{\"agents\": {");

        CliRunner.Result r = ghp.run("agent-status");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> l.startsWith("ghp: error:")).toList())
                .containsExactly("ghp: error: " + file + " is not a valid JSON object");
    }
}
