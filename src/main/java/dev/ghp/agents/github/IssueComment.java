package dev.ghp.agents.github;

import java.time.Instant;

/**
 * A comment on an issue as GitHub lists it; {@code login} and {@code body} are untrusted.
 *
 * @param id   GitHub's comment id: ids grow with time, so "after the mirror comment" is a larger id
 * @param url  its {@code html_url}, the address a person opens
 */
public record IssueComment(long id, String login, String body, String url, Instant createdAt) {
}
