package dev.ghp.agents.github;

import java.io.IOException;

/**
 * What ghp-agents asks of GitHub, and nothing more: everything GitHub is optional (docs/design.md#github-and-mem0-are-optional), so
 * callers treat an {@link IOException} as "skipped, say so" and keep the local record.
 */
public interface GitHubGateway {

    /** The issue's title, body, labels and assignees. */
    IssueInfo issue(int number) throws IOException;

    /** Adds a comment to the issue (or pull request) and returns its URL. */
    String comment(int number, String body) throws IOException;

    void addLabel(int number, String label) throws IOException;

    void removeLabel(int number, String label) throws IOException;

    /**
     * The issue's comments updated since {@code since}, asked conditionally: with the ETag of the
     * last read, an unchanged list is a 304 ({@link CommentsPage#notModified()}) that costs no rate limit.
     */
    default CommentsPage comments(int number, java.time.Instant since, String etag) throws IOException {
        throw new IOException("this gateway cannot read comments");
    }

    /** The user's permission on the repository (write, maintain, admin, ...). */
    default Permission permission(String login) throws IOException {
        throw new IOException("this gateway cannot read permissions");
    }
}
