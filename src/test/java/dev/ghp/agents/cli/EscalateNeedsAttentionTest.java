package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent-escalate --needs-attention}: the escalation also puts its issue into GHP's
 * needs_attention stage. GHP's CLI is not installed here; a stand-in on PATH records its arguments.
 */
class EscalateNeedsAttentionTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;
    Path calls;

    @BeforeEach
    void repositoryAndAStandInForGhp() throws IOException {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        calls = tmp.resolve("ghp-calls");
        Path bin = Files.createDirectories(tmp.resolve("ghp-bin"));
        Path cli = bin.resolve("ghp");
        Files.writeString(cli, "#!/bin/sh\necho \"$PWD: $*\" >> " + calls + "\necho '✓ #147 → needs_attention'\n");
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
        ghp = new CliRunner(repo.dir()).env("USER", "tester").env("PATH", bin.toString());
    }

    @Test
    void needsAttentionAsksGhpToMoveTheIssueAndSaysSoOnStderr() throws IOException {
        CliRunner.Result r = ghp.run("agent-escalate", "--agent", "w1", "--issue", "147", "--needs-attention", "API key missing");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).matches("esc-[0-9a-f]{8}\n");
        assertThat(r.err()).isEqualTo("ghp: note: issue #147 is in GHP's needs_attention stage\n");
        assertThat(Files.readString(calls)).isEqualTo(repo.dir() + ": pipeline set needs_attention 147\n");
    }

    @Test
    void theConfigurationCanAskForItAndTheFlagCanDecline() throws IOException {
        repo.commitFile(".ghp/config.json", "{\"agents\": {\"ghp\": {\"needsAttention\": true}}}\n");

        assertThat(ghp.run("agent-escalate", "--agent", "w1", "--issue", "147", "by config").exit()).isZero();
        assertThat(ghp.run("agent-escalate", "--agent", "w1", "--issue", "148", "--no-needs-attention", "declined").exit()).isZero();

        assertThat(Files.readString(calls)).isEqualTo(repo.dir() + ": pipeline set needs_attention 147\n");
    }

    @Test
    void withoutGhpTheEscalationIsRecordedAndTheStepSkippedWithANote() {
        CliRunner.Result r = ghp.env("PATH", tmp.resolve("empty").toString())
                .run("agent-escalate", "--agent", "w1", "--issue", "147", "--needs-attention", "still recorded");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).matches("esc-[0-9a-f]{8}\n");
        assertThat(r.err()).startsWith("ghp: warning: GHP's CLI is not installed").endsWith("; the escalation is recorded\n");
        assertThat(ghp.run("agent-escalate", "--list").out()).contains("still recorded");
    }

    @Test
    void withoutAnIssueThereIsNoStageToChange() {
        CliRunner.Result r = ghp.run("agent-escalate", "--agent", "w1", "--needs-attention", "no issue here");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEqualTo("ghp: note: the escalation has no issue, so no GHP stage was changed\n");
        assertThat(calls).doesNotExist();
    }

    @Test
    void needsAttentionGoesWithOpeningOnly() {
        CliRunner.Result r = ghp.run("agent-escalate", "--list", "--needs-attention");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--needs-attention goes with opening an escalation");
    }
}
