package dev.ghp.agents.cli;

import dev.ghp.agents.input.HeartbeatInput;
import picocli.CommandLine.Option;

/**
 * {@code --issue N}, mixed into every command that takes an issue number: declared and read here
 * once, while what the issue is for in each command is said in {@link OptionTexts}.
 */
final class IssueOption {
    @Option(names = "--issue", paramLabel = "N", descriptionKey = "issue", description = "The issue.")
    String text;

    /** Whether the option was given at all (even with a value that is not a number). */
    boolean given() {
        return text != null;
    }

    /** The issue number, or null when the option is absent; a value that is no issue number is bad usage. */
    Integer number() {
        return HeartbeatInput.issue(text, "--issue");
    }
}
