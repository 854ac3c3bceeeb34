package dev.ghp.agents.cli;

import java.io.InputStream;
import java.io.PrintWriter;

/**
 * Where a command writes: data to {@code out}, diagnostics to {@code err} (docs/design.md#the-command-line-contract); and where
 * it may read: {@code in}, which only hook runs use (Claude Code's hook JSON).
 */
public record Io(PrintWriter out, PrintWriter err, InputStream in) {

    /** Output only: stdin reads as empty. */
    public Io(PrintWriter out, PrintWriter err) {
        this(out, err, InputStream.nullInputStream());
    }
}
