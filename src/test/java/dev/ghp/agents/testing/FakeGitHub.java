package dev.ghp.agents.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.ghp.agents.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * GitHub's REST API for one repository, {@code octo/widgets}, on a local WireMock server: the
 * endpoints ghp-agents uses, answering with payloads shaped like GitHub's (test resources
 * {@code github/*.json}). Replies on issue 147 ({@link #reply}) are listed by
 * {@code GET /repos/octo/widgets/issues/147/comments} with an ETag, and a request that sends that
 * ETag back in {@code If-None-Match} gets 304 Not Modified, as GitHub answers conditional requests
 * (docs.github.com, "Best practices for using the REST API", use conditional requests); each
 * collaborator's permission ({@link #withCollaborator}) answers
 * {@code GET /repos/octo/widgets/collaborators/{login}/permission} with GitHub's
 * {@code permission} and {@code role_name} (docs.github.com/rest/collaborators/collaborators,
 * "Get repository permissions for a user"); a login without one gets 404.
 */
public final class FakeGitHub implements AutoCloseable {
    public static final String REPO = "/repos/octo/widgets";
    /** Above the id of the comment made when an escalation is mirrored (comment-created.json): replies come after it. */
    private static final long FIRST_REPLY_ID = 1146900;
    private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private final Map<Long, ObjectNode> replies = new TreeMap<>();
    private final List<StubMapping> commentStubs = new ArrayList<>();
    private long nextReplyId = FIRST_REPLY_ID;

    public FakeGitHub() {
        server.start();
    }

    public WireMockServer server() {
        return server;
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The repository, issue 147, and its comment and label endpoints answering as on success. */
    public FakeGitHub withIssue147() {
        server.stubFor(get(urlPathEqualTo("/user")).willReturn(json(200, resource("user.json"))));
        server.stubFor(get(urlPathEqualTo(REPO)).willReturn(json(200, resource("repository.json"))));
        server.stubFor(get(urlPathEqualTo(REPO + "/issues/147")).willReturn(json(200, resource("issue-147.json"))));
        server.stubFor(post(urlPathEqualTo(REPO + "/issues/147/comments")).willReturn(json(201, resource("comment-created.json"))
                .withHeader("Location", "https://api.github.com/repos/octo/widgets/issues/comments/1146825")));
        server.stubFor(post(urlPathEqualTo(REPO + "/issues/147/labels")).willReturn(json(200, resource("labels-after-add.json"))));
        server.stubFor(delete(urlPathEqualTo(REPO + "/issues/147/labels/needs-human"))
                .willReturn(json(200, resource("labels-after-remove.json"))));
        stubComments();
        return this;
    }

    /**
     * A user with a permission on the repository, as GitHub's collaborator-permission endpoint
     * answers it: {@code permission} the legacy level (admin, write, read, none), {@code roleName}
     * the role (admin, maintain, write, triage, read).
     */
    public FakeGitHub withCollaborator(String login, String permission, String roleName) {
        ObjectNode o = Json.object();
        o.put("permission", permission);
        o.put("role_name", roleName);
        o.set("user", user(login));
        server.stubFor(get(urlPathEqualTo(REPO + "/collaborators/" + login + "/permission")).willReturn(json(200, Json.pretty(o))));
        return this;
    }

    /** A comment by {@code login} on issue 147, as a person replying on GitHub makes it; returns its id. */
    public synchronized long reply(String login, String body) {
        long id = nextReplyId++;
        String at = Instant.now().toString();
        ObjectNode c = Json.object();
        c.put("id", id);
        c.put("node_id", "IC_kwDO" + id);
        c.put("url", "https://api.github.com/repos/octo/widgets/issues/comments/" + id);
        c.put("html_url", "https://github.com/octo/widgets/issues/147#issuecomment-" + id);
        c.put("body", body);
        c.set("user", user(login));
        c.put("created_at", at.substring(0, 19) + "Z");
        c.put("updated_at", at.substring(0, 19) + "Z");
        c.put("issue_url", "https://api.github.com/repos/octo/widgets/issues/147");
        c.put("author_association", "COLLABORATOR");
        replies.put(id, c);
        stubComments();
        return id;
    }

    /** The comment deleted, as its author can on GitHub. */
    public synchronized void deleteReply(long id) {
        replies.remove(id);
        stubComments();
    }

    /** The list of replies, with its ETag; the same ETag sent back gets 304 and no body. */
    private void stubComments() {
        commentStubs.forEach(server::removeStub);
        commentStubs.clear();
        ArrayNode list = Json.array();
        replies.values().forEach(list::add);
        String body = Json.pretty(list);
        String etag = "\"" + sha256(body) + "\"";
        commentStubs.add(server.stubFor(get(urlPathEqualTo(REPO + "/issues/147/comments")).atPriority(1)
                .withHeader("If-None-Match", WireMock.equalTo(etag))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", etag))));
        commentStubs.add(server.stubFor(get(urlPathEqualTo(REPO + "/issues/147/comments")).atPriority(2)
                .willReturn(json(200, body).withHeader("ETag", etag))));
    }

    /**
     * Every request the stand-in answered, oldest first, one line each: method, path and query, the
     * If-None-Match sent, and the status answered.
     */
    public List<String> requestLog() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        events.sort(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        List<String> out = new ArrayList<>();
        for (ServeEvent e : events) {
            var r = e.getRequest();
            String tag = r.getHeader("If-None-Match");
            out.add(r.getMethod() + " " + r.getUrl() + (tag == null ? "" : "  If-None-Match: " + tag)
                    + "  -> " + e.getResponse().getStatus());
        }
        return out;
    }

    private static ObjectNode user(String login) {
        ObjectNode u = Json.object();
        u.put("login", login);
        u.put("id", Math.abs(login.hashCode()));
        u.put("type", "User");
        u.put("site_admin", false);
        return u;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every request refused as with a revoked token. */
    public FakeGitHub refusingTheToken() {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()).willReturn(json(401, resource("bad-credentials.json"))));
        return this;
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("X-GitHub-Media-Type", "github.v3; format=json")
                .withHeader("X-RateLimit-Limit", "5000")
                .withHeader("X-RateLimit-Remaining", "4999")
                .withHeader("X-RateLimit-Reset", "1737802800")
                .withBody(body);
    }

    public static String resource(String name) {
        try (InputStream in = FakeGitHub.class.getResourceAsStream("/github/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource github/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
