package dev.ghp.agents.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ghp agent-status --watch} as a real process: it redraws from fresh state until Ctrl-C. */
class StatusWatchIT {
    @TempDir
    Path tmp;

    @Test
    void watchRedrawsWithFreshStateAndEndsOnSigint() throws Exception {
        boolean resetSigint = sigintIgnored();
        assumeFalse(resetSigint && !Files.isExecutable(Path.of("/usr/bin/perl")),
                "SIGINT is ignored in this environment, children inherit that, and there is no perl to reset it");
        GitRepo repo = GitRepo.init(tmp, "repo");
        CliRunner inProcess = new CliRunner(repo.dir());
        assertThat(inProcess.run("agent-heartbeat", "--agent", "early-bird", "--issue", "1").exit()).isZero();

        List<String> command = new ArrayList<>();
        if (resetSigint) {
            command.addAll(List.of("/usr/bin/perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!"));
        }
        command.addAll(Launcher.command(Launcher.BIN_GHP, "agent-status", "--watch", "1"));
        Process watch = new Launcher(repo.dir()).builder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8));
        List<String> frames = new ArrayList<>();
        StringBuilder frame = null;
        boolean lateJoinerWritten = false;
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("Every 1s · ")) {
                if (frame != null) {
                    frames.add(frame.toString());
                }
                frame = new StringBuilder();
                if (frames.size() == 1 && !lateJoinerWritten) {
                    // Between frames, another agent reports: a later frame must show it.
                    assertThat(inProcess.run("agent-heartbeat", "--agent", "late-joiner", "--issue", "2").exit()).isZero();
                    lateJoinerWritten = true;
                }
                if (frames.size() >= 2 && frames.get(frames.size() - 1).contains("late-joiner")) {
                    break;
                }
            }
            assertThat(frame).as("output starts with a frame header: %s", line).isNotNull();
            frame.append(line).append('\n');
            assertThat(frames.size()).as("frames without the late joiner").isLessThan(30);
        }
        assertThat(watch.isAlive()).as("still watching").isTrue();

        Launcher.signal(watch.pid(), "INT");

        assertThat(watch.waitFor(10, TimeUnit.SECONDS)).as("ended after SIGINT").isTrue();
        assertThat(watch.exitValue()).isEqualTo(128 + 2);
        assertThat(frames.get(0)).contains("early-bird").doesNotContain("late-joiner").contains("1 agent ·");
        assertThat(frames.get(frames.size() - 1)).contains("early-bird").contains("late-joiner").contains("2 agents ·");
        assertThat(String.join("", frames)).doesNotContain("\u001b");
        System.out.printf("watch: %d frames read, SIGINT ended it%n", frames.size() + 1);
    }

    @Test
    void eachFrameSyncsWhenAutoSyncIsDueSoAnotherClonesReportAppears() throws Exception {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        GitRepo a = GitRemotes.cloneOf(remote, tmp, "a");
        CliRunner b = new CliRunner(GitRemotes.cloneOf(remote, tmp, "b").dir());
        assertThat(new CliRunner(a.dir()).run("agent-heartbeat", "--agent", "early-bird").exit()).isZero();

        Process watch = new Launcher(a.dir()).env("GHP_AUTO_SYNC", "1s")
                .builder(Launcher.command(Launcher.BIN_GHP, "agent-status", "--watch", "1")).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8));
            int frames = 0;
            boolean written = false;
            boolean seen = false;
            String line;
            while (!seen && (line = out.readLine()) != null) {
                if (line.startsWith("Every 1s · ")) {
                    frames++;
                    if (frames == 2 && !written) {
                        // Another machine reports and syncs; a's record has it only if a frame syncs.
                        assertThat(b.run("agent-heartbeat", "--agent", "from-b").exit()).isZero();
                        assertThat(b.run("agent-sync").exit()).isZero();
                        written = true;
                    }
                    assertThat(frames).as("frames without b's agent").isLessThan(30);
                }
                assertThat(line).as("no warning").doesNotStartWith("ghp: warning");
                seen = written && line.startsWith("from-b");
            }
            assertThat(seen).as("a frame shows the agent reported on the other clone").isTrue();
            assertThat(GitRemotes.tip(a, "refs/ghp/coordination")).isEqualTo(GitRemotes.tip(remote, "refs/ghp/coordination"));
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A background job of a shell without job control starts with SIGINT ignored, its children
     * inherit that, and a JVM started so never installs its Ctrl-C handler.
     */
    private static boolean sigintIgnored() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }
}
