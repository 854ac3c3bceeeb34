package dev.ghp.agents.merge;

import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.MessageCodec;
import dev.ghp.agents.model.StatusCodec;
import java.util.Objects;

/**
 * Whether a read marker ({@code .ghp/read/<agent>/<id>.json}) from the other side of a merge may
 * remove the unread copy of a message: only when it is that message, read: the same id, kind,
 * sender, recipient, address, text, issue and date, and a read time. A file put there by another
 * clone with other content (or none that parses) hides nothing: the message stays unread
 * (docs/authority.md, "Messages").
 */
final class ReadMarkers {
    private ReadMarkers() {
    }

    static boolean genuine(FileContent unread, FileContent read) {
        if (unread == null || read == null) {
            return false;
        }
        try {
            Message u = MessageCodec.parse(unread.bytes());
            Message r = MessageCodec.parse(read.bytes());
            return r.isRead() && u.id().equals(r.id()) && Objects.equals(u.kind(), r.kind())
                    && Objects.equals(u.from(), r.from()) && Objects.equals(u.to(), r.to())
                    && Objects.equals(u.address(), r.address()) && Objects.equals(u.text(), r.text())
                    && Objects.equals(u.issue(), r.issue()) && Objects.equals(u.createdAt(), r.createdAt());
        } catch (StatusCodec.FormatException e) {
            // An unread copy that does not parse is left for the next read to report; a marker that
            // does not parse is no marker.
            return false;
        }
    }
}
