package dev.ghp.agents.github;

import dev.ghp.agents.input.SpawnContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.Map;
import java.util.Optional;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.HttpException;

/**
 * How a command reaches GitHub (docs/design.md#github-and-mem0-are-optional), or why it cannot. The token comes from
 * {@code GITHUB_TOKEN} or {@code GH_TOKEN}; the repository from {@code GHP_SPAWN_CONTEXT} (GHP
 * names it for the agents it starts) or else the {@code origin} remote; the endpoint from
 * {@code GHP_GITHUB_API_URL}, else the one of the origin's host. The token is never part of any
 * text this class returns: {@link #describe} removes it even from a library's message.
 */
public final class GitHubAccess {
    private final GitHubGateway gateway;
    private final String repository;
    private final String unavailable;
    private final String token;

    private GitHubAccess(GitHubGateway gateway, String repository, String unavailable, String token) {
        this.gateway = gateway;
        this.repository = repository;
        this.unavailable = unavailable;
        this.token = token;
    }

    /**
     * @param env       the environment variables
     * @param spawn     GHP's spawn context, or null
     * @param originUrl the URL of the {@code origin} remote, or null
     */
    public static GitHubAccess open(Map<String, String> env, SpawnContext spawn, String originUrl) {
        String token = nonEmpty(env.get("GITHUB_TOKEN"));
        if (token == null) {
            token = nonEmpty(env.get("GH_TOKEN"));
        }
        if (token == null) {
            return unavailable("no GITHUB_TOKEN or GH_TOKEN in the environment", null);
        }
        Optional<GitHubRepository> origin = GitHubRepository.fromRemoteUrl(originUrl);
        String fullName;
        if (spawn != null && spawn.owner() != null && spawn.repositoryName() != null) {
            fullName = spawn.owner() + "/" + spawn.repositoryName();
        } else if (origin.isPresent()) {
            fullName = origin.get().fullName();
        } else {
            return unavailable("cannot tell the GitHub repository: no GitHub 'origin' remote and no repository in "
                    + SpawnContext.VARIABLE, token);
        }
        String endpoint = nonEmpty(env.get("GHP_GITHUB_API_URL"));
        if (endpoint == null) {
            endpoint = origin.map(GitHubRepository::defaultApiUrl).orElse("https://api.github.com");
        }
        requireSecure(endpoint);
        try {
            return new GitHubAccess(new KohsukeGateway(endpoint, token, fullName), fullName, null, token);
        } catch (IOException | RuntimeException e) {
            GitHubAccess failed = new GitHubAccess(null, fullName, null, token);
            return unavailable("cannot set up the GitHub client: " + failed.describe(e), token);
        }
    }

    /** The token goes only over https, or plain http to loopback (a test server): anything else is refused (exit 2). */
    private static void requireSecure(String endpoint) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(endpoint);
        } catch (java.net.URISyntaxException e) {
            throw new dev.ghp.agents.errors.UsageException("GHP_GITHUB_API_URL is not a URL: '"
                    + dev.ghp.agents.text.Printable.quote(endpoint) + "'", "write it like https://github.example.com/api/v3");
        }
        dev.ghp.agents.config.SecureUrl.require(uri, "the GitHub API URL");
    }

    /** For tests and for callers that already have a gateway. */
    public static GitHubAccess of(GitHubGateway gateway, String repository) {
        return new GitHubAccess(gateway, repository, null, null);
    }

    private static GitHubAccess unavailable(String reason, String token) {
        return new GitHubAccess(null, null, reason, token);
    }

    public Optional<GitHubGateway> gateway() {
        return Optional.ofNullable(gateway);
    }

    /** Why there is no gateway (one line, safe to print), or null when there is one. */
    public String unavailableReason() {
        return unavailable;
    }

    /** owner/name, or null when unknown. */
    public String repository() {
        return repository;
    }

    /** One line saying what went wrong with a call, without the token, safe to print. */
    public String describe(Exception e) {
        String text;
        Throwable unknownHost = cause(e, UnknownHostException.class);
        if (unknownHost != null) {
            text = "cannot resolve " + unknownHost.getMessage() + " (offline?)";
        } else if (cause(e, ConnectException.class) != null || cause(e, HttpConnectTimeoutException.class) != null) {
            text = "cannot connect to GitHub (offline?)";
        } else if (cause(e, java.net.http.HttpTimeoutException.class) != null) {
            text = "GitHub did not answer in time (" + KohsukeGateway.REQUEST_TIMEOUT.toSeconds() + "s); try again later";
        } else if (e instanceof GHFileNotFoundException) {
            text = "GitHub found no such repository or issue, or the token cannot see it (HTTP 404)";
        } else if (e instanceof HttpException h) {
            int code = h.getResponseCode();
            text = switch (code) {
                case 401 -> "GitHub refused the token (HTTP 401)";
                case 403 -> "GitHub said no: no permission, or a rate limit (HTTP 403)";
                case 404 -> "GitHub found no such repository or issue, or the token cannot see it (HTTP 404)";
                case 410 -> "issues are disabled on the repository (HTTP 410)";
                case 422 -> "GitHub rejected the request (HTTP 422)";
                case -1 -> "no answer from GitHub (" + e.getClass().getSimpleName() + ")";
                default -> "GitHub answered HTTP " + code;
            };
        } else {
            String m = e.getMessage();
            text = e.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m));
        }
        return redact(text);
    }

    private String redact(String text) {
        if (token != null && !token.isEmpty() && text.contains(token)) {
            text = text.replace(token, "***");
        }
        return text;
    }

    /** The first exception of the type in the chain of causes, or null. */
    private static Throwable cause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }

    private static String nonEmpty(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
