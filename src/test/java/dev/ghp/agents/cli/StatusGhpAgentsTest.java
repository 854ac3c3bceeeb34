package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.FakeGhpCli;
import dev.ghp.agents.testing.GitRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent-status} with {@code agents.ghp.agents: true}: the agents GHP started
 * ({@code ghp agents list --json}, played by a stand-in) that have not reported yet, marked as such.
 */
class StatusGhpAgentsTest {
    private static final String GHP_AGENTS = """
            [
              {"id": "a1", "issueNumber": 147, "issueTitle": "Add the parser", "status": "running", "waitingForInput": false,
               "uptime": "2m 5s", "branch": "alice/147-parser"},
              {"id": "a2", "issueNumber": 150, "issueTitle": "Reported already", "status": "running", "uptime": "1h 2m",
               "branch": "bob/150-docs"},
              {"id": "a3", "issueNumber": 999, "issueTitle": "Another repository", "status": "running", "uptime": "5s",
               "branch": "carol/999-elsewhere"}
            ]
            """;

    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;
    FakeGhpCli fake;

    @BeforeEach
    void repositoryWithGhpsWorktreeBranches() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        repo.git("branch", "alice/147-parser");
        repo.git("branch", "bob/150-docs");
        fake = FakeGhpCli.in(tmp.resolve("ghp")).agents(GHP_AGENTS);
        ghp = new CliRunner(repo.dir()).env("PATH", fake.bin() + ":/usr/bin:/bin");
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "150", "--action", "docs").exit()).isZero();
    }

    private void enable() {
        repo.commitFile(".ghp/config.json", "{\"agents\": {\"ghp\": {\"agents\": true}}}\n");
    }

    @Test
    void theTableListsGhpsAgentsOfThisRepositoryThatHaveNotReported() {
        enable();

        CliRunner.Result r = ghp.run("agent-status");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("From GHP, not reported (ghp agents list):\n"
                + "  #147  running  alice/147-parser  2m 5s  Add the parser\n");
        assertThat(r.out()).doesNotContain("#150  running").doesNotContain("999");
        assertThat(fake.calls()).containsExactly("agents list --json");
    }

    @Test
    void jsonHasThemAsASeparateArray() throws Exception {
        enable();

        CliRunner.Result r = ghp.run("agent-status", "--json");

        JsonNode root = Json.parse(r.out().getBytes(StandardCharsets.UTF_8));
        assertThat(root.path("agents").has("worker-2")).isTrue();
        assertThat(root.path("ghpAgents")).hasSize(1);
        JsonNode a = root.path("ghpAgents").get(0);
        assertThat(a.path("issue").asInt()).isEqualTo(147);
        assertThat(a.path("branch").asText()).isEqualTo("alice/147-parser");
        assertThat(a.path("ghpStatus").asText()).isEqualTo("running");
        assertThat(a.path("reported").asBoolean(true)).isFalse();
    }

    @Test
    void offByDefaultGhpIsNotAskedAndJsonHasNoArray() throws Exception {
        CliRunner.Result r = ghp.run("agent-status", "--json");

        assertThat(r.exit()).isZero();
        assertThat(Json.parse(r.out().getBytes(StandardCharsets.UTF_8)).has("ghpAgents")).isFalse();
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void filtersApply() {
        enable();

        assertThat(ghp.run("agent-status", "--issue", "150").out()).doesNotContain("From GHP");
        assertThat(ghp.run("agent-status", "--agent", "worker-2").out()).doesNotContain("From GHP");
        assertThat(ghp.run("agent-status", "--issue", "147").out()).contains("#147  running  alice/147-parser");
    }

    @Test
    void withoutGhpsCliOrWhenItFailsThereIsNothingExtraAndNoError() throws Exception {
        enable();
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Path cli = broken.resolve("ghp");
        Files.writeString(cli, "#!/bin/sh\necho 'Error: something' >&2\nexit 1\n");
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));

        CliRunner.Result none = ghp.env("PATH", tmp.resolve("empty").toString()).run("agent-status");
        CliRunner.Result failing = ghp.env("PATH", broken.toString()).run("agent-status");

        for (CliRunner.Result r : new CliRunner.Result[] {none, failing}) {
            assertThat(r.exit()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).contains("worker-2").doesNotContain("From GHP");
        }
    }

    @Test
    void aCliThatHangsIsStoppedAtItsLimitAndStatusStillAnswers() throws Exception {
        enable();
        Path slow = Files.createDirectories(tmp.resolve("slow"));
        Path pid = tmp.resolve("slow.pid");
        Path cli = slow.resolve("ghp");
        Files.writeString(cli, "#!/bin/sh\nsleep 600 &\necho $! > " + pid + "\nwait\n");
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            CliRunner.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> ghp.env("PATH", slow + ":/usr/bin:/bin").run("agent-status"));

            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("worker-2").doesNotContain("From GHP");
            java.util.Optional<ProcessHandle> child = ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()));
            if (child.isPresent()) {
                child.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            if (Files.isRegularFile(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
