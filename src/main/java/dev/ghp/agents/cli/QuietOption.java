package dev.ghp.agents.cli;

import picocli.CommandLine.Option;

/**
 * {@code -q/--quiet}, mixed into every command that can be told to print nothing on stdout (a hook
 * calling it, a script that only wants the exit code): declared here once so that it reads the same
 * everywhere.
 */
final class QuietOption {
    @Option(names = {"-q", "--quiet"}, description = "Print nothing on stdout.")
    boolean quiet;

    /** Whether stdout is to stay empty. */
    boolean on() {
        return quiet;
    }
}
