package dev.ghp.agents.cli;

import java.io.InputStream;
import java.io.PrintWriter;

/**
 * Where a command writes: data to {@code out}, diagnostics to {@code err} (docs/design.md#the-command-line-contract); and where
 * it may read: {@code in}, which only hook runs use (Claude Code's hook JSON); and what it does
 * only once its output has reached the caller: {@code afterOutput} ({@link AfterOutput}).
 */
public record Io(PrintWriter out, PrintWriter err, InputStream in, AfterOutput afterOutput) {

    /** A command whose output is its caller's once flushed (its own JVM, a test). */
    public Io(PrintWriter out, PrintWriter err, InputStream in) {
        this(out, err, in, AfterOutput.immediate());
    }

    /** Output only: stdin reads as empty. */
    public Io(PrintWriter out, PrintWriter err) {
        this(out, err, InputStream.nullInputStream());
    }
}
