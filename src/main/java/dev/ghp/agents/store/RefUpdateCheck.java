package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import org.eclipse.jgit.lib.RefUpdate;

/**
 * The one place a JGit {@link RefUpdate.Result} becomes success, a lost compare-and-swap, or a
 * typed error (as Gerrit's {@code RefUpdateUtil.checkResult}), so every ref write in ghp reads the
 * result the same way.
 */
public final class RefUpdateCheck {

    /** What a ref update came to, when it did not fail outright. */
    public enum Outcome {
        /** The ref holds the new value (or already did). */
        UPDATED,
        /**
         * The ref was not updated: its value was not the expected one, or its {@code .lock} file is
         * held (JGit reports both as LOCK_FAILURE). Worth retrying on fresh state.
         */
        LOCKED
    }

    private RefUpdateCheck() {
    }

    /**
     * @param ref the ref that was updated, for the message
     * @throws StateException for any result other than an update or a lock failure (a rejected
     *                        or rename-failed update, an I/O error, a rejected missing object...)
     */
    public static Outcome check(RefUpdate.Result result, String ref) {
        return switch (result) {
            case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> Outcome.UPDATED;
            case LOCK_FAILURE -> Outcome.LOCKED;
            default -> throw new StateException("cannot update " + ref + ": " + result,
                    "check the repository with: git fsck");
        };
    }
}
