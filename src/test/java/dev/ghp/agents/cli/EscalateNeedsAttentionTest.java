package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.FakeGhpCli;
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
        assertThat(Files.readString(calls)).isEqualTo(repo.dir() + ": status --json\n"
                + repo.dir() + ": pipeline set needs_attention 147\n");
    }

    @Test
    void theConfigurationCanAskForItAndTheFlagCanDecline() throws IOException {
        repo.commitFile(".ghp/config.json", "{\"agents\": {\"ghp\": {\"needsAttention\": true}}}\n");

        assertThat(ghp.run("agent-escalate", "--agent", "w1", "--issue", "147", "by config").exit()).isZero();
        assertThat(ghp.run("agent-escalate", "--agent", "w1", "--issue", "148", "--no-needs-attention", "declined").exit()).isZero();

        assertThat(Files.readString(calls)).isEqualTo(repo.dir() + ": status --json\n"
                + repo.dir() + ": pipeline set needs_attention 147\n");
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

    /** GHP's pipeline as a stand-in that keeps stages: the escalation's needs_attention is undone by its answer. */
    private FakeGhpCli pipeline() {
        FakeGhpCli fake = FakeGhpCli.in(tmp.resolve("ghp-state"));
        ghp.env("PATH", fake.bin() + ":/usr/bin:/bin");
        return fake;
    }

    private String open(int issue, String text) throws IOException {
        CliRunner.Result r = ghp.run("agent-escalate", "--agent", "w1", "--issue", Integer.toString(issue), "--needs-attention", text);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().trim();
    }

    private CliRunner.Result resolve(String id) {
        CliRunner.Result r = ghp.run("agent-escalate", "--resolve", id, "--answer", "done", "--by", "alice");
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    @Test
    void resolvingRestoresTheStageTheEscalationTookTheIssueFrom() throws IOException {
        FakeGhpCli fake = pipeline().inPipeline(147, "review");

        CliRunner.Result opened = ghp.run("agent-escalate", "--agent", "w1", "--issue", "147", "--needs-attention", "--json", "stuck");

        assertThat(opened.exit()).as(opened.err()).isZero();
        assertThat(fake.stage(147)).isEqualTo("needs_attention");
        String id = opened.out().replaceAll("(?s).*\"id\": \"(esc-[0-9a-f]+)\".*", "$1");
        assertThat(opened.out()).contains("\"ghpPreviousStage\": \"review\"");
        assertThat(repo.showCoordination(".ghp/escalations/" + id + ".json")).contains("\"ghpPreviousStage\": \"review\"");

        CliRunner.Result resolved = resolve(id);

        assertThat(resolved.err()).isEqualTo("ghp: note: issue #147 is back in GHP's review stage (from needs_attention)\n");
        assertThat(fake.stage(147)).isEqualTo("review");
        assertThat(fake.calls()).containsExactly("status --json", "pipeline set needs_attention 147",
                "status --json", "pipeline set review 147");
        repo.assertFsckClean();
    }

    @Test
    void anIssueNotInGhpsPipelineIsOneNoteNotARawError() throws IOException {
        FakeGhpCli fake = pipeline();

        CliRunner.Result r = ghp.run("agent-escalate", "--agent", "w1", "--issue", "7", "--needs-attention", "stuck");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEqualTo("ghp: note: issue #7 is not in GHP's pipeline (only worktrees of 'ghp start --parallel'"
                + " are), so it was not moved to needs_attention\n");
        assertThat(fake.calls()).containsExactly("status --json");
        assertThat(ghp.run("agent-escalate", "--list").out()).contains("stuck");
    }

    @Test
    void theIssueStaysInNeedsAttentionUntilTheLastEscalationThatHoldsItIsAnswered() throws IOException {
        FakeGhpCli fake = pipeline().inPipeline(147, "working");
        String first = open(147, "first");
        String second = open(147, "second");

        CliRunner.Result one = resolve(first);

        assertThat(one.err()).isEqualTo("ghp: note: issue #147 stays in GHP's needs_attention stage while " + second + " is open\n");
        assertThat(fake.stage(147)).isEqualTo("needs_attention");

        resolve(second);

        assertThat(fake.stage(147)).isEqualTo("working");
    }

    @Test
    void aStageChosenSinceIsLeftAsItIs() throws IOException {
        FakeGhpCli fake = pipeline().inPipeline(147, "working");
        String id = open(147, "stuck");
        fake.inPipeline(147, "stopped"); // someone moved it on by hand

        CliRunner.Result r = resolve(id);

        assertThat(r.err()).isEqualTo("ghp: note: issue #147 is now in GHP's stopped stage, not needs_attention: left as it is\n");
        assertThat(fake.stage(147)).isEqualTo("stopped");
    }

    @Test
    void anEscalationThatMovedNoStageMovesNoneWhenResolved() throws IOException {
        FakeGhpCli fake = pipeline().inPipeline(147, "working");
        CliRunner.Result opened = ghp.run("agent-escalate", "--agent", "w1", "--issue", "147", "plain question");

        CliRunner.Result r = resolve(opened.out().trim());

        assertThat(r.err()).isEmpty();
        assertThat(fake.calls()).isEmpty();
    }
}
