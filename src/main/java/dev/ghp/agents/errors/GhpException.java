package dev.ghp.agents.errors;

/**
 * A failure the user can act on: it carries its exit code, a one-line message and an optional
 * hint. Commands throw it; the CLI's single error handler prints it and maps it to the exit code.
 */
public class GhpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String hint;

    public GhpException(int exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public int exitCode() {
        return exitCode;
    }

    /** A second line telling the user what to do next, or null. */
    public String hint() {
        return hint;
    }
}
