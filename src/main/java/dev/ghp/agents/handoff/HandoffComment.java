package dev.ghp.agents.handoff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.text.Printable;
import java.io.IOException;
import java.util.List;

/**
 * {@code agent-handoff --github}: the stored document as a comment on its GitHub issue. Optional:
 * when GitHub cannot be reached the handoff stands, and a warning says what was skipped.
 */
public final class HandoffComment {
    static final int MAX_CHARS = 60_000;

    private HandoffComment() {
    }

    /**
     * Posts {@code markdown} (stored as {@code path}) on issue {@code issue}; the answer is the
     * command's {@code github} JSON ({@code posted}, and {@code url}, {@code skipped} or {@code error}).
     */
    public static ObjectNode post(GitHubConnector.Link link, int issue, String markdown, String path, List<String> warnings) {
        ObjectNode o = Json.object();
        if (!link.available()) {
            warnings.add("--github skipped: " + link.unavailable());
            o.put("posted", false);
            o.put("skipped", link.unavailable());
            return o;
        }
        try {
            String url = link.gateway().comment(issue, forComment(markdown, path));
            o.put("posted", true);
            o.put("url", url);
        } catch (IOException | RuntimeException e) {
            String why = "could not post to #" + issue + " on GitHub: " + Printable.quote(link.describe().apply(e));
            warnings.add("--github failed: " + why + "; the handoff is stored locally");
            o.put("posted", false);
            o.put("error", why);
        }
        return o;
    }

    /** GitHub refuses comments over 65536 characters; a document that long is cut and points at the stored one. */
    public static String forComment(String markdown, String path) {
        if (markdown.length() <= MAX_CHARS) {
            return markdown;
        }
        int cut = markdown.lastIndexOf('\n', MAX_CHARS);
        return markdown.substring(0, cut < 0 ? MAX_CHARS : cut)
                + "\n\n(cut to fit a comment; the whole document: `git show " + StorePaths.REF + ":" + path + "`)\n";
    }
}
