package dev.ghp.agents.ghp;

import dev.ghp.agents.git.ChildProcesses;
import dev.ghp.agents.text.Printable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of GHP's own CLI ({@link GhpExecutables#ghpCli}) with the caller's variables, no stdin and
 * a time limit, after which it is stopped with what it started. What it printed is read beside the
 * wait, so a CLI that hangs with its output open cannot hold the caller past the limit.
 */
final class GhpCli {
    /** How much of stdout is read: GHP's JSON answers are far smaller. */
    private static final int MAX_OUTPUT = 1 << 20;

    private final Map<String, String> env;
    private final Path workingDirectory;

    GhpCli(Map<String, String> env, Path workingDirectory) {
        this.env = env;
        this.workingDirectory = workingDirectory;
    }

    /**
     * How a run ended.
     *
     * @param exit    the exit code, or -1 when it did not run to its end
     * @param stdout  what it printed on stdout (with stderr when {@code mergeErrors}), at most 1 MiB
     * @param problem why it did not run to its end (not installed, time limit, cannot start), else null
     */
    record Run(int exit, byte[] stdout, String problem) {
        boolean ok() {
            return problem == null && exit == 0;
        }

        /** The first line it printed, without colours, neutralised for a terminal; or its exit code. */
        String firstLine() {
            return new String(stdout, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).findFirst()
                    .map(l -> Printable.quote(l.replaceAll("\u001b\\[[0-9;]*m", "").trim()))
                    .orElse("exit code " + exit);
        }
    }

    boolean installed() {
        return GhpExecutables.ghpCli(env).isPresent();
    }

    /** {@code ghp ARGS}; stderr joins stdout when {@code mergeErrors} (for a refusal's text), else it is dropped. */
    Run run(List<String> args, Duration limit, boolean mergeErrors) {
        Optional<Path> cli = GhpExecutables.ghpCli(env);
        if (cli.isEmpty()) {
            return new Run(-1, new byte[0], "GHP's CLI is not installed (or not on PATH, or GHP_CLI is not set)");
        }
        List<String> command = new ArrayList<>();
        command.add(cli.get().toString());
        command.addAll(args);
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (mergeErrors) {
                pb.redirectErrorStream(true);
            } else {
                pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            }
            // The caller's variables (its GHP token, PATH, HOME), never the JVM's: in the daemon those are another caller's.
            Process p = ChildProcesses.withVariables(pb, env).start();
            CompletableFuture<byte[]> reading = CompletableFuture.supplyAsync(() -> output(p));
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                ChildProcesses.destroyTree(p.toHandle());
                return new Run(-1, new byte[0], "GHP's CLI did not answer within " + seconds(limit));
            }
            byte[] out;
            try {
                out = reading.get(1, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                out = new byte[0];
            }
            return new Run(p.exitValue(), out, null);
        } catch (IOException e) {
            return new Run(-1, new byte[0], "cannot run GHP's CLI (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(-1, new byte[0], "interrupted");
        }
    }

    private static byte[] output(Process p) {
        try (InputStream in = p.getInputStream()) {
            byte[] kept = in.readNBytes(MAX_OUTPUT);
            in.transferTo(java.io.OutputStream.nullOutputStream()); // so a chatty CLI never blocks on a full pipe
            return kept;
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String seconds(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + "s" : limit.toMillis() + "ms";
    }
}
