package dev.ghp.agents.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ghp.agents.github.GitHubGateway;
import dev.ghp.agents.github.IssueInfo;
import dev.ghp.agents.handoff.GitHubConnector;
import dev.ghp.agents.handoff.HandoffComment;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --github through the gateway seam (a fake gateway), --mem0 against WireMock speaking mem0's REST API. */
class HandoffPublishingTest {
    private static final String SPAWN = """
            {"action": "spawn_subagent", "issue": {"number": 4, "title": "Parse the config file"},
             "repository": {"owner": "acme", "name": "demo", "mainBranch": "main"}}""";

    @TempDir
    Path tmp;
    GitRepo main;
    CliRunner ghp;
    WireMockServer mem0;

    @BeforeEach
    void setUp() {
        main = GitRepo.init(tmp, "repo");
        main.commitFile("README.md", "hello\n");
        GitRepo wt = main.addWorktree("wt-a", "a/4-parser");
        ghp = new CliRunner(wt.dir()).env("GHP_SPAWN_CONTEXT", SPAWN);
        assertThat(ghp.run("agent-heartbeat", "--agent", "a", "--issue", "4", "-q").exit()).isZero();
        mem0 = new WireMockServer(options().dynamicPort());
        mem0.start();
    }

    @AfterEach
    void stop() {
        mem0.stop();
    }

    /** A gateway that answers like GitHub and remembers the comments it was given. */
    static final class FakeGateway implements GitHubGateway {
        final List<String> comments = new ArrayList<>();
        IOException issueFailure;
        IOException commentFailure;

        @Override
        public IssueInfo issue(int number) throws IOException {
            if (issueFailure != null) {
                throw issueFailure;
            }
            return new IssueInfo(number, "Parse the config file (from GitHub)", "The config is TOML.\n\nSee the spec.",
                    List.of("parser", "p1"), List.of("octocat"), "https://github.com/acme/demo/issues/" + number);
        }

        @Override
        public String comment(int number, String body) throws IOException {
            if (commentFailure != null) {
                throw commentFailure;
            }
            comments.add(body);
            return "https://github.com/acme/demo/issues/" + number + "#issuecomment-1";
        }

        @Override
        public void addLabel(int number, String label) {
        }

        @Override
        public void removeLabel(int number, String label) {
        }
    }

    private CliRunner.Result withGitHub(FakeGateway gateway, String... args) {
        GitHubConnector connector = (env, repo, spawn) -> GitHubConnector.Link.to(gateway, "acme/demo");
        return ghp.runWith("agent-handoff", (io, env) -> new HandoffCommand(io, env, connector), args);
    }

    private void configureMem0(String agentsMem0Json) throws IOException {
        Files.createDirectories(main.dir().resolve(".ghp"));
        Files.writeString(main.dir().resolve(".ghp/config.json"), "{\"agents\": {\"mem0\": " + agentsMem0Json + "}}\n");
    }

    private String storedDocument() {
        String path = main.git("ls-tree", "--name-only", "refs/ghp/coordination", ".ghp/handoffs/").trim();
        return main.showCoordination(path);
    }

    @Test
    void theIssueComesFromGitHubWhenItIsReachable() {
        CliRunner.Result r = withGitHub(new FakeGateway(), "agent-handoff", "--agent", "a");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("# Handoff of #4: Parse the config file (from GitHub)")
                .contains("**Parse the config file (from GitHub)** · https://github.com/acme/demo/issues/4")
                .contains("Labels: parser, p1\nAssignees: octocat\n")
                .contains("> The config is TOML.\n>\n> See the spec.\n")
                .doesNotContain("GHP_SPAWN_CONTEXT");
    }

    @Test
    void githubPostsTheStoredDocumentAsAComment() throws IOException {
        FakeGateway gateway = new FakeGateway();

        CliRunner.Result r = withGitHub(gateway, "agent-handoff", "--agent", "a", "--github", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(gateway.comments).containsExactly(storedDocument());
        ObjectNode o = Json.parseObject(r.out());
        assertThat(o.get("github").get("posted").asBoolean()).isTrue();
        assertThat(o.get("github").get("url").asText()).isEqualTo("https://github.com/acme/demo/issues/4#issuecomment-1");
        assertThat(r.err()).contains("; posted https://github.com/acme/demo/issues/4#issuecomment-1").doesNotContain("warning");
    }

    @Test
    void aDocumentTooLongForAGitHubCommentIsCutAtALineAndPointsAtTheStoredOne() {
        String longDoc = "line of text\n".repeat(10_000);

        String comment = HandoffComment.forComment(longDoc, ".ghp/handoffs/4-a-20250125T103000Z.md");

        assertThat(comment.length()).isLessThan(65_536);
        assertThat(comment).endsWith("line of text\n\n(cut to fit a comment; the whole document: "
                + "`git show refs/ghp/coordination:.ghp/handoffs/4-a-20250125T103000Z.md`)\n");
        assertThat(HandoffComment.forComment("short\n", "p")).isEqualTo("short\n");
    }

    @Test
    void whenGitHubFailsTheHandoffIsKeptAndTheWarningsSaySo() {
        FakeGateway gateway = new FakeGateway();
        gateway.issueFailure = new IOException("connect timed out");
        gateway.commentFailure = new IOException("HTTP 502 Bad Gateway");

        CliRunner.Result r = withGitHub(gateway, "agent-handoff", "--agent", "a", "--github");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("# Handoff of #4: Parse the config file\n").contains("(From GHP_SPAWN_CONTEXT;");
        assertThat(storedDocument()).isEqualTo(r.out());
        assertThat(r.err().lines()).containsExactly(
                r.err().lines().findFirst().orElseThrow(),
                "ghp: warning: could not read #4 from GitHub (connect timed out); the document names it from GHP_SPAWN_CONTEXT",
                "ghp: warning: --github failed: could not post to #4 on GitHub: HTTP 502 Bad Gateway; the handoff is stored locally");
        assertThat(r.err().lines().findFirst().orElseThrow()).startsWith("✓ handoff of #4 by a stored as");
    }

    @Test
    void mem0ReceivesTheDocumentTaggedWithRepositoryIssueAndAgent() throws IOException {
        configureMem0("{\"baseUrl\": \"" + mem0.baseUrl() + "\"}");
        mem0.stubFor(post(urlEqualTo("/v1/memories/")).willReturn(okJson(
                "[{\"id\": \"0b9b5f0e-mem\", \"data\": {\"memory\": \"handoff\"}, \"event\": \"ADD\"}]")));

        CliRunner.Result r = ghp.env("MEM0_API_KEY", "m0-test-key")
                .run("agent-handoff", "--agent", "a", "--to", "b", "--mem0", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        mem0.verify(1, postRequestedFor(urlEqualTo("/v1/memories/"))
                .withHeader("Authorization", equalTo("Token m0-test-key"))
                .withHeader("Content-Type", containing("application/json"))
                .withHeader("Accept", containing("application/json"))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.agent_id", equalTo("a")))
                .withRequestBody(matchingJsonPath("$.infer", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.metadata.repository", equalTo("acme/demo")))
                .withRequestBody(matchingJsonPath("$.metadata.issue", equalTo("4")))
                .withRequestBody(matchingJsonPath("$.metadata.agent", equalTo("a")))
                .withRequestBody(matchingJsonPath("$.metadata.to", equalTo("b")))
                .withRequestBody(matchingJsonPath("$.metadata.kind", equalTo("handoff"))));
        LoggedRequest request = mem0.findAll(postRequestedFor(urlEqualTo("/v1/memories/"))).get(0);
        ObjectNode body = Json.parseObject(request.getBodyAsString());
        assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo(storedDocument());
        assertThat(body.get("metadata").get("document").asText()).startsWith(".ghp/handoffs/4-a-");
        assertThat(body.has("user_id")).isFalse();
        ObjectNode o = Json.parseObject(r.out());
        assertThat(o.get("mem0").get("stored").asBoolean()).isTrue();
        assertThat(o.get("mem0").get("id").asText()).isEqualTo("0b9b5f0e-mem");
    }

    @Test
    void mem0CanBeConfiguredAsAPlainUrlAndFileMemoriesUnderAUser() throws IOException {
        configureMem0("\"" + mem0.baseUrl() + "/\"");
        mem0.stubFor(post(urlEqualTo("/v1/memories/")).willReturn(okJson(
                "{\"message\": \"Memory processing has been queued for background execution\", \"status\": \"PENDING\", \"event_id\": \"ev-1\"}")));

        CliRunner.Result r = ghp.env("MEM0_API_KEY", "k").run("agent-handoff", "--agent", "a", "--mem0");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("; stored in mem0").doesNotContain("warning");
        mem0.verify(1, postRequestedFor(urlEqualTo("/v1/memories/")));

        configureMem0("{\"baseUrl\": \"" + mem0.baseUrl() + "\", \"userId\": \"team-acme\", \"infer\": true}");
        ghp.clock().advance(java.time.Duration.ofSeconds(1));
        assertThat(ghp.run("agent-handoff", "--agent", "a", "--mem0").exit()).isZero();
        mem0.verify(1, postRequestedFor(urlEqualTo("/v1/memories/"))
                .withRequestBody(matchingJsonPath("$.user_id", equalTo("team-acme")))
                .withRequestBody(matchingJsonPath("$.infer", equalTo("true"))));
    }

    @Test
    void aMem0FailureIsAWarningAndTheKeyIsNeverShown() throws IOException {
        configureMem0("{\"baseUrl\": \"" + mem0.baseUrl() + "\"}");
        mem0.stubFor(post(urlEqualTo("/v1/memories/")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"detail\": \"Invalid API key\"}")));

        CliRunner.Result r = ghp.env("MEM0_API_KEY", "m0-secret").run("agent-handoff", "--agent", "a", "--mem0");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(storedDocument());
        assertThat(r.err()).endsWith("ghp: warning: --mem0 failed: mem0 at " + mem0.baseUrl()
                + " answered HTTP 401: Invalid API key; the handoff is stored locally\n");
        assertThat(r.err() + r.out()).doesNotContain("m0-secret");
    }

    @Test
    void anUnreachableMem0IsAWarning() throws IOException {
        int port = mem0.port();
        mem0.stop();
        configureMem0("{\"baseUrl\": \"http://127.0.0.1:" + port + "\"}");

        CliRunner.Result r = ghp.env("MEM0_API_KEY", "k").run("agent-handoff", "--agent", "a", "--mem0");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("ghp: warning: --mem0 failed: cannot reach mem0 at http://127.0.0.1:" + port);
        assertThat(storedDocument()).isEqualTo(r.out());
    }

    @Test
    void withoutAKeyMem0IsSkippedWithAWarning() {
        CliRunner.Result r = ghp.env("MEM0_API_KEY", null).run("agent-handoff", "--agent", "a", "--mem0");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).endsWith("ghp: warning: --mem0 skipped: MEM0_API_KEY is not set\n");
        assertThat(mem0.getAllServeEvents()).isEmpty();
    }
}
