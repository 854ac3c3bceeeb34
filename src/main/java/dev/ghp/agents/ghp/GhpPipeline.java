package dev.ghp.agents.ghp;

import dev.ghp.agents.git.ChildProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts an issue's worktree into GHP's "needs attention" group, through GHP's own CLI
 * ({@code ghp pipeline set needs_attention <issue>}). Optional like everything outside the record:
 * without GHP's CLI the step is skipped and the outcome says so; it never fails the caller.
 */
public final class GhpPipeline {
    public static final String NEEDS_ATTENTION = "needs_attention";
    static final Duration TIME_LIMIT = Duration.ofSeconds(10);

    private final Map<String, String> env;
    private final Path workingDirectory;

    public GhpPipeline(Map<String, String> env, Path workingDirectory) {
        this.env = env;
        this.workingDirectory = workingDirectory;
    }

    /**
     * What happened.
     *
     * @param done    whether GHP accepted the stage
     * @param message one line for the user: what was done, or why not
     */
    public record Outcome(boolean done, String message) {
    }

    private static byte[] firstBytes(Process p) {
        try (var in = p.getInputStream()) {
            return in.readNBytes(4096);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    public Outcome needsAttention(int issue) {
        return setStage(NEEDS_ATTENTION, issue);
    }

    public Outcome setStage(String stage, int issue) {
        Optional<Path> cli = GhpExecutables.ghpCli(env);
        if (cli.isEmpty()) {
            return new Outcome(false, "GHP's CLI is not installed (or not on PATH, or GHP_CLI is not set): issue #" + issue
                    + " was not moved to " + stage);
        }
        List<String> command = List.of(cli.get().toString(), "pipeline", "set", stage, Integer.toString(issue));
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // The caller's variables (its GHP token, PATH), never the JVM's: in the daemon those are another caller's.
            Process p = ChildProcesses.withVariables(pb, env).start();
            // Read beside the wait: a CLI that hangs with its output open must not hold us past the limit.
            CompletableFuture<byte[]> reading = CompletableFuture.supplyAsync(() -> firstBytes(p));
            if (!p.waitFor(TIME_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                ChildProcesses.destroyTree(p.toHandle());
                return new Outcome(false, "GHP's CLI did not answer within " + TIME_LIMIT.toSeconds() + "s: issue #" + issue
                        + " was not moved to " + stage);
            }
            byte[] output;
            try {
                output = reading.get(1, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                output = new byte[0];
            }
            if (p.exitValue() != 0) {
                String first = new String(output, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).findFirst()
                        .orElse("exit code " + p.exitValue());
                return new Outcome(false, "GHP did not move issue #" + issue + " to " + stage + ": "
                        + dev.ghp.agents.text.Printable.quote(first.replaceAll("\u001b\\[[0-9;]*m", "")));
            }
            return new Outcome(true, "issue #" + issue + " is in GHP's " + stage + " stage");
        } catch (IOException e) {
            return new Outcome(false, "cannot run GHP's CLI (" + e.getMessage() + "): issue #" + issue + " was not moved to " + stage);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted: issue #" + issue + " was not moved to " + stage);
        }
    }
}
