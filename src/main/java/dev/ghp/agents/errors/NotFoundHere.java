package dev.ghp.agents.errors;

/**
 * An escalation, agent or issue the local record does not have. Exit 2, like any bad input; a
 * command of a clone with a sync remote says instead that it may be on the remote and how to sync
 * ({@link #onRemote}), since the local record is only as fresh as the last sync.
 */
public class NotFoundHere extends UsageException {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final String detail;

    /**
     * @param what      what is missing: "no escalation esc-1234abcd"
     * @param locally   where, said only without a remote: " in the record", or ""
     * @param detail    said in both: " (nothing was sent)", or ""
     */
    public NotFoundHere(String what, String locally, String detail, String hint) {
        super(what + locally + detail, hint);
        this.what = what;
        this.detail = detail;
    }

    /** The same error for a clone that syncs with {@code remote}: {@code when} is "last synced 3m ago" or the like. */
    public UsageException onRemote(String remote, String when) {
        return new UsageException(what + " here" + detail + "; it may exist on '" + remote + "' (" + when
                + "): run ghp agent-sync", hint());
    }
}
