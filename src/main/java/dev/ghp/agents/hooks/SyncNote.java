package dev.ghp.agents.hooks;

import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import java.time.Duration;
import java.time.Instant;

/**
 * What this clone knows of its syncs, for the session-start briefing: the remote, whether git
 * knows it, and the last attempt and success (from the clone's own sync memory, which never
 * travels). An agent on a clone that never synced sees only the agents of this clone.
 *
 * @param remote        the remote agent-sync uses
 * @param remoteExists  whether the repository has a remote of that name
 * @param lastAttempt   the last sync tried, or null (never)
 * @param lastSuccess   the last sync that went through, or null (never)
 * @param lastError     the last failure's message, or null
 */
public record SyncNote(String remote, boolean remoteExists, Instant lastAttempt, Instant lastSuccess, String lastError) {

    /** One line, or two when the last attempt failed. */
    public String render(Instant now) {
        String r = "'" + Printable.line(remote) + "'";
        if (!remoteExists && lastSuccess == null) {
            return "Sync: no remote " + r + "; the record holds this clone's agents only.\n";
        }
        StringBuilder b = new StringBuilder("Sync with ").append(r).append(": ");
        if (lastSuccess == null) {
            b.append("never synced from this clone; agents on other clones are not in the record here"
                    + " (ghp agent-sync brings them).");
        } else {
            b.append("last synced ").append(ago(lastSuccess, now)).append('.');
        }
        b.append('\n');
        if (lastError != null && lastAttempt != null && (lastSuccess == null || lastAttempt.isAfter(lastSuccess))) {
            b.append("  The last attempt (").append(ago(lastAttempt, now)).append(") failed: ")
                    .append(cut(lastError)).append('\n');
        }
        return b.toString();
    }

    private static String ago(Instant at, Instant now) {
        return at.isAfter(now) ? "just now" : Durations.brief(Duration.between(at, now)) + " ago";
    }

    private static String cut(String text) {
        String clean = Printable.line(text);
        return clean.length() > 200 ? clean.substring(0, 199) + "…" : clean;
    }
}
