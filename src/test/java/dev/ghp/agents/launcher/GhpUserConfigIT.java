package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real launcher and its daemon: GHP's user file under the caller's HOME (a temp
 * directory) is read over {@code .ghp/config.json} on every command, so a {@code ghp config} made
 * while the daemon runs takes effect on the next command.
 */
class GhpUserConfigIT {
    @TempDir
    Path tmp;
    Path daemonDir;
    Path home;
    GitRepo repo;

    @BeforeEach
    void repositoryAndHome() throws IOException {
        daemonDir = tmp.resolve("run/ghp-agents");
        home = Files.createDirectories(tmp.resolve("home"));
        repo = GitRepo.init(tmp, "app");
        repo.commitFile("README.md", "app\n");
        repo.commitFile(".ghp/config.json", "{\n  \"agents\": {\n    \"staleAfter\": \"10m\"\n  }\n}\n");
    }

    @AfterEach
    void stopTheDaemon() throws IOException {
        for (Path state : DaemonIT.stateFiles(daemonDir)) {
            DaemonIT.pidIn(state).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    Launcher ghp() {
        return new Launcher(repo.dir()).env("HOME", home.toString()).env("GHP_DAEMON", "on")
                .env("GHP_DAEMON_DIR", daemonDir.toString()).env("GHP_TRACE", "1");
    }

    void userConfig(String json) throws IOException {
        Path file = Files.createDirectories(home.resolve(".config/ghp-cli")).resolve("config.json");
        Files.writeString(file, json);
    }

    long staleAfterSeconds(GitRepo.Result r) throws IOException {
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode status = Json.parse(r.out().getBytes(StandardCharsets.UTF_8));
        return status.path("staleAfterSeconds").asLong();
    }

    @Test
    void theUserFileOfTheCallersHomeWinsAndIsReadAfreshByTheDaemon() throws Exception {
        userConfig("{\n  \"agents\": {\n    \"staleAfter\": \"1s\"\n  }\n}");
        assertThat(ghp().run("agent-heartbeat", "--agent", "w1", "--issue", "1", "--quiet").exit()).isZero();
        long pid = DaemonIT.awaitDaemon(daemonDir, -1).orElseThrow(() -> new AssertionError("no daemon within 30 s"));

        GitRepo.Result first = ghp().run("agent-status", "--json");
        userConfig("{\n  \"agents\": {\n    \"staleAfter\": 120\n  }\n}"); // ghp config agents.staleAfter 120
        GitRepo.Result second = ghp().run("agent-status", "--json");

        assertThat(first.err()).contains("run by the daemon (pid " + pid + ")");
        assertThat(staleAfterSeconds(first)).isEqualTo(1);
        assertThat(second.err()).contains("run by the daemon (pid " + pid + ")");
        assertThat(staleAfterSeconds(second)).isEqualTo(120);
    }
}
