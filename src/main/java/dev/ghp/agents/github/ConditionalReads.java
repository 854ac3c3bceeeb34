package dev.ghp.agents.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.github.HttpException;

/**
 * The two reads the answers from GitHub need, as plain REST calls with the gateway's time bounds:
 * github-api 1.330 offers no If-None-Match per call (its only conditional requests go through an
 * HTTP cache in OkHttp) and its permission type knows no maintain or triage role
 * (docs/decisions.md, "#24 answers from GitHub"). Failures are the library's {@link HttpException},
 * so {@link GitHubAccess#describe} words them as every other GitHub failure.
 */
final class ConditionalReads {
    /** The most comments one read takes: a reply to an escalation is among the first after it. */
    static final int PER_PAGE = 100;

    private final HttpClient http;
    private final String endpoint;
    private final String token;
    private final String repository;
    private final Duration requestTimeout;
    private final Duration overallTimeout;

    ConditionalReads(HttpClient http, String endpoint, String token, String repository, Duration requestTimeout,
                     Duration overallTimeout) {
        this.http = http;
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        this.token = token;
        this.repository = repository;
        this.requestTimeout = requestTimeout;
        this.overallTimeout = overallTimeout;
    }

    /** {@code GET /repos/{o}/{r}/issues/{n}/comments?since=…}, with {@code If-None-Match} when an ETag is known. */
    CommentsPage comments(int issue, Instant since, String etag) throws IOException {
        String url = endpoint + "/repos/" + repository + "/issues/" + issue + "/comments?per_page=" + PER_PAGE
                + (since == null ? "" : "&since=" + URLEncoder.encode(since.truncatedTo(ChronoUnit.SECONDS).toString(),
                StandardCharsets.UTF_8));
        HttpRequest.Builder request = request(url);
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<byte[]> response = send(request.GET().build());
        String newTag = response.headers().firstValue("ETag").orElse(null);
        if (response.statusCode() == 304) {
            return new CommentsPage(true, newTag == null ? etag : newTag, List.of());
        }
        JsonNode array = body(response, url);
        List<IssueComment> out = new ArrayList<>();
        for (JsonNode c : array) {
            if (!c.path("id").canConvertToLong()) {
                continue;
            }
            out.add(new IssueComment(c.path("id").asLong(), text(c.path("user").path("login")), text(c.path("body")),
                    text(c.path("html_url")), instant(text(c.path("created_at")))));
        }
        return new CommentsPage(false, newTag, out);
    }

    /** {@code GET /repos/{o}/{r}/collaborators/{login}/permission}; a 404 (no such user here) is no permission. */
    Permission permission(String login) throws IOException {
        String url = endpoint + "/repos/" + repository + "/collaborators/"
                + URLEncoder.encode(login, StandardCharsets.UTF_8).replace("+", "%20") + "/permission";
        HttpResponse<byte[]> response = send(request(url).GET().build());
        if (response.statusCode() == 404) {
            return new Permission(login, "none", null);
        }
        JsonNode o = body(response, url);
        return new Permission(login, text(o.path("permission")), text(o.path("role_name")));
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
                .header("Authorization", "token " + token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28");
    }

    private JsonNode body(HttpResponse<byte[]> response, String url) throws IOException {
        int code = response.statusCode();
        if (code < 200 || code > 299) {
            throw new HttpException("GitHub answered HTTP " + code, code, null, url);
        }
        try {
            return Json.parse(response.body());
        } catch (IOException e) {
            throw new IOException("GitHub's answer is not JSON", e);
        }
    }

    /** As {@link BoundedConnector}: a request timeout until the headers, an overall one until the last byte. */
    private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        return BoundedConnector.sendWithin(http, request, overallTimeout);
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
