package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.sync.SyncState;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When and from where this clone's record was last synced, as agent-status tells it: the entry
 * of the sync remote in {@code ghp-sync.json}, the file autoSync's interval is timed by.
 *
 * @param remote the remote syncs use ({@code agents.remote}, else origin)
 * @param last   what {@code ghp-sync.json} remembers of it; empty when this clone never tried
 */
record LastSync(String remote, Optional<SyncState.Entry> last) {

    /** The status line: one line, at the end of the text output. */
    String text(Instant now) {
        SyncState.Entry e = last.orElse(null);
        String where = "'" + Printable.line(remote) + "'" + (e == null || e.url() == null ? "" : " (" + Printable.line(e.url()) + ")");
        if (e == null || e.lastAttempt() == null) {
            return "Never synced with " + where + ": this is the local record (ghp agent-sync, or agents.autoSync).\n";
        }
        StringBuilder b = new StringBuilder();
        if (e.lastSuccess() == null) {
            b.append("Never synced with ").append(where).append(": this is the local record");
        } else {
            b.append("Record last synced with ").append(where).append(' ').append(ago(e.lastSuccess(), now))
                    .append(" (").append(StatusCodec.formatInstant(e.lastSuccess())).append(')');
        }
        if (e.lastError() != null && (e.lastSuccess() == null || e.lastAttempt().isAfter(e.lastSuccess()))) {
            b.append("; the last try, ").append(ago(e.lastAttempt(), now)).append(", failed: ").append(Printable.line(e.lastError()));
        }
        return b.append(".\n").toString();
    }

    /** {@code "sync": {"remote", "url", "lastSyncedAt", "lastAttemptAt", "lastError"}}, nulls where unknown. */
    ObjectNode json() {
        SyncState.Entry e = last.orElse(null);
        ObjectNode o = Json.object();
        o.put("remote", remote);
        put(o, "url", e == null ? null : e.url());
        put(o, "lastSyncedAt", e == null || e.lastSuccess() == null ? null : StatusCodec.formatInstant(e.lastSuccess()));
        put(o, "lastAttemptAt", e == null || e.lastAttempt() == null ? null : StatusCodec.formatInstant(e.lastAttempt()));
        put(o, "lastError", e == null ? null : e.lastError());
        return o;
    }

    private static void put(ObjectNode o, String field, String value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    private static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        return d.isNegative() ? "just now" : Durations.brief(d) + " ago";
    }
}
