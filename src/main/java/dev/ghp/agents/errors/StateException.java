package dev.ghp.agents.errors;

/** The repository or the coordination state cannot be used as it is. Exit 5. */
public class StateException extends GhpException {
    private static final long serialVersionUID = 1L;

    public StateException(String message, String hint) {
        super(ExitCode.STATE, message, hint, null);
    }

    public StateException(String message, String hint, Throwable cause) {
        super(ExitCode.STATE, message, hint, cause);
    }
}
