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
}
