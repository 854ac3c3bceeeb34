package dev.ghp.agents.ghp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import dev.ghp.agents.testing.FakeGhpCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GHP's CLI is not installed here: a stand-in script on PATH plays it, and records what it was asked. */
class GhpPipelineTest {
    @TempDir
    Path tmp;

    Path script(String dir, String body) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve(dir));
        Path ghp = bin.resolve("ghp");
        Files.writeString(ghp, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(ghp, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void needsAttentionAsksGhpsCliToSetTheStage() throws IOException {
        Path log = tmp.resolve("args");
        Path ghpBin = script("ghp-bin", "echo \"$@\" > " + log + "\necho '✓ #147 → needs_attention'\n");

        GhpPipeline.Outcome o = new GhpPipeline(Map.of("PATH", ghpBin.toString()), tmp).needsAttention(147).outcome();

        assertThat(o.done()).isTrue();
        assertThat(o.message()).isEqualTo("issue #147 is in GHP's needs_attention stage");
        assertThat(Files.readString(log)).isEqualTo("pipeline set needs_attention 147\n");
    }

    @Test
    void ourOwnLauncherOnPathIsNotMistakenForGhp() throws IOException {
        Path ours = script("ours", "# ghp-agents-launcher\nexit 0\n");
        Path log = tmp.resolve("args");
        Path theirs = script("theirs", "echo \"$@\" > " + log + "\n");

        GhpPipeline.Outcome o = new GhpPipeline(Map.of("PATH", ours + ":" + theirs), tmp).needsAttention(7).outcome();

        assertThat(o.done()).isTrue();
        assertThat(log).exists();
    }

    @Test
    void withoutGhpTheStepIsSkippedWithANote() {
        GhpPipeline.Outcome o = new GhpPipeline(Map.of("PATH", tmp.resolve("nothing-here").toString()), tmp).needsAttention(7).outcome();

        assertThat(o.done()).isFalse();
        assertThat(o.message()).startsWith("GHP's CLI is not installed").endsWith("issue #7 was not moved to needs_attention");
    }

    @Test
    void aRefusalFromGhpIsReportedWithItsFirstLine() throws IOException {
        Path bin = script("ghp-bin", "printf '\\033[31mError:\\033[0m Unknown stage: needs_attention\\n' >&2\nexit 1\n");

        GhpPipeline.Outcome o = new GhpPipeline(Map.of("PATH", bin.toString()), tmp).needsAttention(7).outcome();

        assertThat(o.done()).isFalse();
        assertThat(o.warning()).isTrue();
        assertThat(o.message()).isEqualTo("GHP did not move issue #7 to needs_attention: Error: Unknown stage: needs_attention");
    }

    @Test
    void needsAttentionRemembersTheStageTheIssueLeft() {
        FakeGhpCli fake = FakeGhpCli.in(tmp.resolve("ghp")).inPipeline(147, "review");

        GhpPipeline.Flagged f = new GhpPipeline(Map.of("PATH", fake.bin() + ":/usr/bin:/bin"), tmp).needsAttention(147);

        assertThat(f.outcome().done()).isTrue();
        assertThat(f.previousStage()).isEqualTo("review");
        assertThat(fake.stage(147)).isEqualTo("needs_attention");
        assertThat(fake.calls()).containsExactly("status --json", "pipeline set needs_attention 147");
    }

    @Test
    void anIssueNotInGhpsPipelineIsOneNoteAndNothingIsAskedOfGhp() {
        FakeGhpCli fake = FakeGhpCli.in(tmp.resolve("ghp")).inPipeline(5, "working");

        GhpPipeline.Flagged f = new GhpPipeline(Map.of("PATH", fake.bin() + ":/usr/bin:/bin"), tmp).needsAttention(7);

        assertThat(f.outcome().done()).isFalse();
        assertThat(f.outcome().warning()).isFalse();
        assertThat(f.outcome().message()).isEqualTo("issue #7 is not in GHP's pipeline (only worktrees of"
                + " 'ghp start --parallel' are), so it was not moved to needs_attention");
        assertThat(f.previousStage()).isNull();
        assertThat(fake.calls()).containsExactly("status --json");
    }

    @Test
    void ghpsNotInThePipelineRefusalIsTheSameNoteWhenItsStatusCannotBeRead() throws IOException {
        Path bin = script("ghp-bin", "[ \"$1\" = status ] && exit 1\n"
                + "printf '\\033[31mError:\\033[0m Issue #7 is not in the pipeline.\\n' >&2\nexit 1\n");

        GhpPipeline.Outcome o = new GhpPipeline(Map.of("PATH", bin.toString()), tmp).needsAttention(7).outcome();

        assertThat(o.warning()).isFalse();
        assertThat(o.message()).startsWith("issue #7 is not in GHP's pipeline");
    }

    @Test
    void restoreSetsTheRememberedStageWhileTheIssueStillNeedsAttention() {
        FakeGhpCli fake = FakeGhpCli.in(tmp.resolve("ghp")).inPipeline(147, "needs_attention");

        GhpPipeline.Outcome o = new GhpPipeline(Map.of("PATH", fake.bin() + ":/usr/bin:/bin"), tmp).restore(147, "review");

        assertThat(o.done()).isTrue();
        assertThat(o.message()).isEqualTo("issue #147 is back in GHP's review stage (from needs_attention)");
        assertThat(fake.stage(147)).isEqualTo("review");
        assertThat(fake.calls()).containsExactly("status --json", "pipeline set review 147");
    }

    @Test
    void restoreLeavesAStageSomeoneChoseSince() {
        FakeGhpCli fake = FakeGhpCli.in(tmp.resolve("ghp")).inPipeline(147, "done");

        GhpPipeline.Outcome o = new GhpPipeline(Map.of("PATH", fake.bin() + ":/usr/bin:/bin"), tmp).restore(147, "review");

        assertThat(o.done()).isFalse();
        assertThat(o.warning()).isFalse();
        assertThat(o.message()).isEqualTo("issue #147 is now in GHP's done stage, not needs_attention: left as it is");
        assertThat(fake.stage(147)).isEqualTo("done");
        assertThat(fake.calls()).containsExactly("status --json");
    }

    @Test
    void restoreWithoutGhpSaysHowToDoItByHand() {
        GhpPipeline.Outcome o = new GhpPipeline(Map.of("PATH", tmp.resolve("none").toString()), tmp).restore(147, "review");

        assertThat(o.warning()).isTrue();
        assertThat(o.message()).startsWith("cannot read GHP's stage of issue #147 (GHP's CLI is not installed")
                .endsWith("; to restore it: ghp pipeline set review 147");
    }

    @Test
    void ghpsCliGetsItsOwnCallersVariablesAndNoneOfTheJvms() throws IOException {
        Path log = tmp.resolve("env");
        Path bin = script("ghp-bin", "env > " + log + "\n");

        new GhpPipeline(Map.of("PATH", bin + ":/usr/bin:/bin", "CALLER_MARK", "first"), tmp).needsAttention(1);
        String first = Files.readString(log);
        new GhpPipeline(Map.of("PATH", bin + ":/usr/bin:/bin", "CALLER_MARK", "second"), tmp).needsAttention(2);
        String second = Files.readString(log);

        assertThat(first).contains("CALLER_MARK=first");
        assertThat(second).contains("CALLER_MARK=second").doesNotContain("first");
        // The build sets GHP_DAEMON=off for the test JVM; no caller here passed it.
        assertThat(first + second).doesNotContain("GHP_DAEMON=");
    }

    @Test
    void aCliThatHangsWithItsOutputOpenIsStoppedWithItsChildrenAtTheLimit() throws Exception {
        Path pid = tmp.resolve("child.pid");
        Path bin = script("ghp-bin", "sleep 600 &\necho $! > " + pid + "\necho working\nwait\n");
        try {
            GhpPipeline.Outcome o = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    GhpPipeline.TIME_LIMIT.plusSeconds(30),
                    () -> new GhpPipeline(Map.of("PATH", bin + ":/usr/bin:/bin"), tmp).setStage(GhpPipeline.NEEDS_ATTENTION, 3));

            assertThat(o.done()).isFalse();
            assertThat(o.message()).startsWith("GHP's CLI did not answer within");
            java.util.Optional<ProcessHandle> child = ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()));
            if (child.isPresent()) {
                // a kill lands at once; this only bounds the wait for the process table to say so
                child.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            if (Files.isRegularFile(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
