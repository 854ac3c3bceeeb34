package dev.ghp.agents.github;

import java.util.List;

/**
 * One conditional read of an issue's comments.
 *
 * @param notModified GitHub answered 304 to the ETag sent: nothing new, and no rate limit spent
 * @param etag        the ETag to send next time (the one sent, after a 304), or null when GitHub gave none
 * @param comments    the comments (empty after a 304)
 */
public record CommentsPage(boolean notModified, String etag, List<IssueComment> comments) {
    public CommentsPage {
        comments = comments == null ? List.of() : List.copyOf(comments);
    }
}
