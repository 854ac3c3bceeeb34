package dev.ghp.agents.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in for GHP's CLI (GHP is not installed here): a shell script named {@code ghp} that keeps
 * GHP's pipeline as one file per issue and answers what ghp-agents asks of GHP, as GHP's source does
 * (packages/cli/src/commands/pipeline-commands.ts, status.ts, agents.ts): {@code status --json},
 * {@code pipeline set STAGE ISSUE} (refused, as GHP refuses it, for an issue not in the pipeline) and
 * {@code agents list --json}. Every call's arguments are appended to {@link #calls()}.
 */
public final class FakeGhpCli {
    private final Path dir;

    private FakeGhpCli(Path dir) {
        this.dir = dir;
    }

    /** The script in {@code dir/bin/ghp}; put {@link #bin()} on PATH. */
    public static FakeGhpCli in(Path dir) {
        try {
            Files.createDirectories(dir.resolve("stages"));
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Path ghp = bin.resolve("ghp");
            Files.writeString(ghp, """
                    #!/bin/sh
                    D='%s'
                    echo "$*" >> "$D/calls"
                    case "$1 $2" in
                      "status --json")
                        printf '['; sep=''
                        for f in "$D"/stages/*; do
                          [ -e "$f" ] || continue
                          printf '%%s{"issueNumber": %%s, "issueTitle": "t", "stage": "%%s"}' "$sep" "${f##*/}" "$(cat "$f")"
                          sep=','
                        done
                        printf ']\\n' ;;
                      "pipeline set")
                        if [ -f "$D/stages/$4" ]; then echo "$3" > "$D/stages/$4"; echo "✓ #$4 → $3"
                        else printf '\\033[31mError:\\033[0m Issue #%%s is not in the pipeline.\\n' "$4" >&2; exit 1; fi ;;
                      "agents list")
                        if [ -f "$D/agents.json" ]; then cat "$D/agents.json"; else echo '[]'; fi ;;
                      *) echo "unknown command: $*" >&2; exit 1 ;;
                    esac
                    """.formatted(dir));
            Files.setPosixFilePermissions(ghp, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new FakeGhpCli(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path bin() {
        return dir.resolve("bin");
    }

    /** As {@code ghp start N --parallel} registers a worktree: the issue enters GHP's pipeline at {@code stage}. */
    public FakeGhpCli inPipeline(int issue, String stage) {
        write(dir.resolve("stages").resolve(Integer.toString(issue)), stage + "\n");
        return this;
    }

    /** GHP's stage of the issue, or null when it is not in the pipeline. */
    public String stage(int issue) {
        Path f = dir.resolve("stages").resolve(Integer.toString(issue));
        try {
            return Files.isRegularFile(f) ? Files.readString(f).trim() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code ghp agents list --json} prints. */
    public FakeGhpCli agents(String json) {
        write(dir.resolve("agents.json"), json);
        return this;
    }

    /** The arguments of every call, one line each, oldest first. */
    public List<String> calls() {
        Path f = dir.resolve("calls");
        try {
            return Files.isRegularFile(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path f, String text) {
        try {
            Files.writeString(f, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
