package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ghp agent-status --watch} ended with Ctrl-C (SIGINT), as a person ends it: on a terminal
 * (the JVM told so, as the launcher tells it), and the timeline redrawn to a pipe. StatusWatchIT
 * covers the table to a pipe through the launcher.
 */
class WatchIT {
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    static final Path JAR = Launcher.ROOT.resolve("target/ghp-agents.jar");

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    /** Starts the watch, waits for its first frame, sends SIGINT, and collects what it wrote. */
    Run watchThenInterrupt(boolean terminal, String... extra) throws IOException, InterruptedException {
        GitRepo repo = GitRepo.init(tmp, "repo");
        GitRepo.Result beat = new Launcher(repo.dir()).env(Launcher.userEnv(tmp)).run("agent-heartbeat", "--agent", "w1",
                "--issue", "7", "--status", "implementing");
        assertThat(beat.exit()).as(beat.err()).isZero();

        List<String> cmd = new ArrayList<>();
        if (sigintIgnored()) {
            // Started with SIGINT ignored (a background job), the JVM would never install its handler.
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "SIGINT is ignored here and there is no perl to reset it");
            cmd.addAll(List.of("/usr/bin/perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!"));
        }
        cmd.addAll(List.of(JAVA.toString(), "-jar", JAR.toString(), "agent-status", "--watch", "1"));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.dir().toFile());
        Map<String, String> env = pb.environment();
        env.putAll(Launcher.userEnv(tmp));
        // What the launcher says when stdout is a terminal ([ -t 1 ]); a pipe here stands in for it.
        env.put("GHP_STDOUT_TTY", terminal ? "1" : "0");
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = copy(p.getInputStream(), out);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = copy(p.getErrorStream(), err);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // A whole frame: the table's summary line, or the timeline's legend.
        while (!out.toString(StandardCharsets.UTF_8).matches("(?s).*(1 agent ·|· no entry).*") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).as("first frame").contains("Ctrl-C to stop");
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("ended by SIGINT").isTrue();
        reader.join(5000);
        errReader.join(5000);
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    static Thread copy(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (to) {
                        to.write(buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.start();
        return t;
    }

    @Test
    void ctrlCOnATerminalRestoresTheCursorAndLeavesTheLastFrame() throws Exception {
        Run r = watchThenInterrupt(true);

        assertThat(r.exit()).isEqualTo(130);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("\u001b[?25l\u001b[H\u001b[2J\u001b[HEvery 1s · ")
                .contains("w1     #7     ● implementing")
                .endsWith("\u001b[J\u001b[0m\u001b[?25h\n");
    }

    @Test
    void ctrlCOnAPipeEndsQuietlyWithoutEscapeSequences() throws Exception {
        Run r = watchThenInterrupt(false, "--timeline", "--since", "1h");

        assertThat(r.exit()).isEqualTo(130);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).doesNotContain("\u001b").startsWith("Every 1s · ").contains("w1     #7     ···").contains("█ working");
    }
}
