package dev.ghp.agents.handoff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.text.Printable;
import java.io.IOException;
import java.util.List;

/**
 * {@code agent-assign --github}: a comment on the issue naming the agent, who assigned it and the
 * note. Posted after the assignment's write, so a GitHub that cannot be reached costs a warning,
 * never the assignment (as {@link HandoffComment} for a handoff).
 */
public final class AssignmentComment {
    /** The note's bounds in the comment: those of a message's text. */
    private static final int MAX_NOTE_LINES = 200;
    private static final int MAX_NOTE_CHARS = 4000;

    private AssignmentComment() {
    }

    /**
     * Posts the comment on {@code issue}; the answer is the command's {@code github} JSON
     * ({@code posted}, and {@code url}, {@code skipped} or {@code error}).
     */
    public static ObjectNode post(GitHubConnector.Link link, int issue, String worker, String assigner, String note,
                                  List<String> warnings) {
        ObjectNode o = Json.object();
        if (!link.available()) {
            warnings.add("--github skipped: " + link.unavailable() + "; the assignment stands");
            o.put("posted", false);
            o.put("skipped", link.unavailable());
            return o;
        }
        try {
            String url = link.gateway().comment(issue, body(worker, assigner, note));
            o.put("posted", true);
            o.put("url", url);
        } catch (IOException | RuntimeException e) {
            String why = "could not comment on #" + issue + " on GitHub: " + Printable.quote(link.describe().apply(e));
            warnings.add("--github failed: " + why + "; the assignment stands");
            o.put("posted", false);
            o.put("error", why);
        }
        return o;
    }

    /** Who got the issue from whom, and the note quoted; every recorded text neutralised, as on the terminal. */
    static String body(String worker, String assigner, String note) {
        StringBuilder b = new StringBuilder("Assigned to agent ").append(MarkdownText.code(worker)).append(" by ")
                .append(MarkdownText.code(assigner)).append(" (`ghp agent-assign`).\n");
        if (note != null) {
            b.append('\n').append(MarkdownText.quote(MarkdownText.block(note, MAX_NOTE_LINES, MAX_NOTE_CHARS).text()));
        }
        return b.toString();
    }
}
