package dev.ghp.agents.errors;

/** Bad input: an unknown status, a malformed name, a value out of range. Exit 2. */
public class UsageException extends GhpException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(ExitCode.USAGE, message, null, null);
    }

    public UsageException(String message, String hint) {
        super(ExitCode.USAGE, message, hint, null);
    }
}
