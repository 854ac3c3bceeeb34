package dev.ghp.agents.github;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHLabel;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHUser;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;

/**
 * {@link GitHubGateway} over kohsuke's github-api. A short-lived CLI must not wait: connections
 * time out after a few seconds, answers after {@link #REQUEST_TIMEOUT} ({@link BoundedConnector}), and a rate limit fails the call instead of sleeping until the
 * limit resets (the library's default).
 */
final class KohsukeGateway implements GitHubGateway {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** From the request to the answer's headers: a server that accepts and never answers costs no more. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** From the request to the answer's last byte. */
    static final Duration OVERALL_TIMEOUT = Duration.ofSeconds(25);
    /**
     * The library logs retries through java.util.logging, whose default handler writes to stderr:
     * a CLI says what went wrong itself, once. Held here so the setting is not garbage-collected.
     */
    private static final Logger LIBRARY_LOG = Logger.getLogger("org.kohsuke.github");

    static {
        LIBRARY_LOG.setLevel(Level.OFF);
    }

    private final GitHubBuilder builder;
    /**
     * Built on the first call that needs the library: building it asks {@code GET /user} (to learn
     * the token's login), a rate-limited call that the answers' conditional reads, whose quiet case
     * is a free 304, must not pay.
     */
    private GitHub github;
    private final ConditionalReads reads;
    private final String repository;
    private GHRepository repo;
    private final Map<Integer, GHIssue> issues = new HashMap<>();

    KohsukeGateway(String endpoint, String token, String repository) throws IOException {
        this(endpoint, token, repository, REQUEST_TIMEOUT, OVERALL_TIMEOUT);
    }

    /** With other time bounds: for tests, which cannot wait the real ones out. */
    KohsukeGateway(String endpoint, String token, String repository, Duration requestTimeout, Duration overallTimeout)
            throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.builder = new GitHubBuilder()
                .withEndpoint(endpoint)
                .withOAuthToken(token)
                .withConnector(new BoundedConnector(http, requestTimeout, overallTimeout))
                .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL);
        this.repository = repository;
        this.reads = new ConditionalReads(http, endpoint, token, repository, requestTimeout, overallTimeout);
    }

    @Override
    public CommentsPage comments(int number, java.time.Instant since, String etag) throws IOException {
        return reads.comments(number, since, etag);
    }

    @Override
    public Permission permission(String login) throws IOException {
        return reads.permission(login);
    }

    @Override
    public IssueInfo issue(int number) throws IOException {
        GHIssue i = issueObject(number);
        return new IssueInfo(number, i.getTitle(), i.getBody(),
                i.getLabels().stream().map(GHLabel::getName).toList(),
                i.getAssignees().stream().map(GHUser::getLogin).toList(),
                i.getHtmlUrl() == null ? null : i.getHtmlUrl().toString());
    }

    @Override
    public String comment(int number, String body) throws IOException {
        var c = issueObject(number).comment(body);
        return c.getHtmlUrl() == null ? null : c.getHtmlUrl().toString();
    }

    @Override
    public void addLabel(int number, String label) throws IOException {
        issueObject(number).addLabels(label);
    }

    @Override
    public void removeLabel(int number, String label) throws IOException {
        try {
            issueObject(number).removeLabel(label);
        } catch (GHFileNotFoundException e) {
            // 404: the label is not on the issue (someone removed it): what we wanted anyway.
        } catch (HttpException e) {
            if (e.getResponseCode() != 404) {
                throw e;
            }
        }
    }

    private GHIssue issueObject(int number) throws IOException {
        GHIssue cached = issues.get(number);
        if (cached != null) {
            return cached;
        }
        if (repo == null) {
            if (github == null) {
                github = builder.build();
            }
            repo = github.getRepository(repository);
        }
        GHIssue i = repo.getIssue(number);
        issues.put(number, i);
        return i;
    }
}
