package dev.ghp.agents.github;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.ghp.agents.input.SpawnContext;
import dev.ghp.agents.testing.FakeGitHub;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The four gateway calls against GitHub's request and response shapes, on a local server. */
class GitHubGatewayTest {
    static final String TOKEN = "ghp_testtoken0123456789abcdef";
    final FakeGitHub github = new FakeGitHub();

    @AfterEach
    void stop() {
        github.close();
    }

    GitHubAccess access() {
        return GitHubAccess.open(Map.of("GITHUB_TOKEN", TOKEN, "GHP_GITHUB_API_URL", github.url()), null,
                "git@github.com:octo/widgets.git");
    }

    @Test
    void issueReadsTitleBodyLabelsAndAssigneesWithTheToken() throws IOException {
        github.withIssue147();

        IssueInfo issue = access().gateway().orElseThrow().issue(147);

        assertThat(issue.number()).isEqualTo(147);
        assertThat(issue.title()).isEqualTo("Parser rejects tabs");
        assertThat(issue.body()).isEqualTo("Tabs in the input make the parser fail.");
        assertThat(issue.labels()).containsExactly("bug");
        assertThat(issue.assignees()).containsExactly("bob");
        assertThat(issue.url()).isEqualTo("https://github.com/octo/widgets/issues/147");
        github.server().verify(WireMock.getRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147"))
                .withHeader("Authorization", equalTo("token " + TOKEN)));
    }

    @Test
    void commentPostsTheBodyAndReturnsTheCommentsUrl() throws IOException {
        github.withIssue147();

        String url = access().gateway().orElseThrow().comment(147, "Escalation `esc-1`\n> why?");

        assertThat(url).isEqualTo("https://github.com/octo/widgets/issues/147#issuecomment-1146825");
        github.server().verify(postRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147/comments"))
                .withRequestBody(equalToJson("{\"body\": \"Escalation `esc-1`\\n> why?\"}")));
    }

    @Test
    void addLabelAndRemoveLabelUseTheIssuesLabelEndpoints() throws IOException {
        github.withIssue147();
        GitHubGateway gh = access().gateway().orElseThrow();

        gh.addLabel(147, "needs-human");
        gh.removeLabel(147, "needs-human");

        github.server().verify(postRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147/labels"))
                .withRequestBody(equalToJson("{\"labels\": [\"needs-human\"]}")));
        github.server().verify(deleteRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147/labels/needs-human")));
    }

    @Test
    void removingALabelThatIsNotThereIsNotAnError() throws IOException {
        github.withIssue147();
        github.server().stubFor(WireMock.delete(urlPathEqualTo("/repos/octo/widgets/issues/147/labels/needs-human"))
                .willReturn(FakeGitHub.json(404, FakeGitHub.resource("label-not-found.json"))));

        assertThatCode(() -> access().gateway().orElseThrow().removeLabel(147, "needs-human")).doesNotThrowAnyException();
        github.server().verify(deleteRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147/labels/needs-human")));
    }

    @Test
    void aRefusedTokenIsDescribedWithoutTheToken() {
        github.refusingTheToken();
        GitHubAccess access = access();

        assertThatThrownBy(() -> access.gateway().orElseThrow().comment(147, "x"))
                .isInstanceOfSatisfying(IOException.class, e -> {
                    assertThat(access.describe(e)).isEqualTo("GitHub refused the token (HTTP 401)");
                    assertThat(access.describe(e)).doesNotContain(TOKEN);
                });
    }

    @Test
    void withoutATokenThereIsNoGatewayAndAReason() {
        GitHubAccess a = GitHubAccess.open(Map.of(), null, "https://github.com/octo/widgets.git");
        assertThat(a.gateway()).isEmpty();
        assertThat(a.unavailableReason()).isEqualTo("no GITHUB_TOKEN or GH_TOKEN in the environment");
    }

    @Test
    void ghTokenIsUsedWhenGithubTokenIsNotSet() {
        assertThat(GitHubAccess.open(Map.of("GH_TOKEN", TOKEN), null, "https://github.com/octo/widgets").gateway()).isPresent();
    }

    @Test
    void withoutARepositoryThereIsNoGateway() {
        GitHubAccess a = GitHubAccess.open(Map.of("GITHUB_TOKEN", TOKEN), null, null);
        assertThat(a.unavailableReason()).contains("cannot tell the GitHub repository");
        assertThat(a.unavailableReason()).doesNotContain(TOKEN);
    }

    @Test
    void theSpawnContextNamesTheRepositoryFirst() {
        SpawnContext spawn = SpawnContext.parse("{\"repository\": {\"owner\": \"octo\", \"name\": \"widgets\"}}");
        GitHubAccess a = GitHubAccess.open(Map.of("GITHUB_TOKEN", TOKEN), spawn, "https://github.com/someone/fork.git");
        assertThat(a.repository()).isEqualTo("octo/widgets");
    }

    @Test
    void anUnreachableEndpointIsDescribedAsOffline() {
        GitHubAccess a = GitHubAccess.open(Map.of("GITHUB_TOKEN", TOKEN, "GHP_GITHUB_API_URL", "http://127.0.0.1:1"),
                null, "https://github.com/octo/widgets");
        assertThatThrownBy(() -> a.gateway().orElseThrow().comment(1, "x"))
                .isInstanceOfSatisfying(IOException.class, e -> assertThat(a.describe(e)).contains("cannot connect"));
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersFailsTheCallWithinItsBound() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // Accepts (the kernel completes the handshake from the backlog) and never says a word.
            String endpoint = "http://127.0.0.1:" + silent.getLocalPort();
            GitHubAccess a = GitHubAccess.of(new KohsukeGateway(endpoint, TOKEN, "octo/widgets",
                    java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2)), "octo/widgets");
            java.util.concurrent.CompletableFuture<Throwable> call = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    a.gateway().orElseThrow().comment(1, "x");
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });

            // Generous: the bound is 2 s; without one the call hangs until the test's own limit.
            Throwable failure = call.get(60, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(failure).isInstanceOf(IOException.class);
            assertThat(a.describe((Exception) failure)).contains("did not answer in time");
        }
    }

    @Test
    void theRealBoundsAreWellUnderAMinute() {
        assertThat(KohsukeGateway.REQUEST_TIMEOUT).isLessThanOrEqualTo(KohsukeGateway.OVERALL_TIMEOUT);
        assertThat(KohsukeGateway.OVERALL_TIMEOUT.plus(KohsukeGateway.CONNECT_TIMEOUT)).isLessThan(java.time.Duration.ofSeconds(60));
    }

    @Test
    void aPlainHttpEndpointToAnotherHostIsRefusedAsConfigurationAndLoopbackIsAllowed() {
        assertThatThrownBy(() -> GitHubAccess.open(Map.of("GITHUB_TOKEN", TOKEN, "GHP_GITHUB_API_URL", "http://api.example.com"),
                null, "https://github.com/octo/widgets"))
                .isInstanceOfSatisfying(dev.ghp.agents.errors.UsageException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("in clear").doesNotContain(TOKEN);
                });
        for (String local : new String[] {"http://127.0.0.1:1", "http://127.8.9.10:1", "http://localhost:1", "http://[::1]:1"}) {
            assertThat(GitHubAccess.open(Map.of("GITHUB_TOKEN", TOKEN, "GHP_GITHUB_API_URL", local), null,
                    "https://github.com/octo/widgets").gateway()).as(local).isPresent();
        }
    }
}
