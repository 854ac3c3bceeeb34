package dev.ghp.agents.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * GitHub's REST API for one repository, {@code octo/widgets}, on a local WireMock server: the
 * endpoints ghp-agents uses, answering with payloads shaped like GitHub's (test resources
 * {@code github/*.json}).
 */
public final class FakeGitHub implements AutoCloseable {
    public static final String REPO = "/repos/octo/widgets";
    private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

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
        return this;
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
