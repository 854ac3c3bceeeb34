package dev.ghp.agents.cli;

import java.io.PrintWriter;

/** Where a command writes: data to {@code out}, diagnostics to {@code err} (DESIGN §5). */
public record Io(PrintWriter out, PrintWriter err) {
}
