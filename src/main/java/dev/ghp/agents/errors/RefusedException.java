package dev.ghp.agents.errors;

/** An authority rule said no: a claim held by a live agent, an overlap, a pending approval. Exit 3. */
public class RefusedException extends GhpException {
    private static final long serialVersionUID = 1L;

    public RefusedException(String message, String hint) {
        super(ExitCode.REFUSED, message, hint, null);
    }
}
