package dev.ghp.agents.it;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.FakeGitHub;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent-handoff} with the real GitHub gateway, end to end through {@code bin/ghp}, against
 * a local server that answers with GitHub's payloads ({@link FakeGitHub}): the issue's title,
 * body, labels and assignees come from GitHub, {@code --github} posts the stored document as a
 * comment, and the token never shows.
 */
class HandoffGitHubIT {
    static final String TOKEN = "ghp_handoffIT0123456789abcdef";

    @TempDir
    Path tmp;
    FakeGitHub github;
    GitRepo main;
    Launcher alice;

    @BeforeEach
    void aliceOnIssue147() {
        github = new FakeGitHub();
        main = GitRepo.init(tmp, "widgets");
        main.commitFile("README.md", "# widgets\n");
        main.git("remote", "add", "origin", "git@github.com:octo/widgets.git");
        GitRepo wt = main.addWorktree("wt-alice", "alice/147-tabs");
        wt.commitFile("src/Lexer.java", "final class Lexer {}\n");
        alice = new Launcher(wt.dir()).env("GHP_AGENT", "alice").env("GHP_SPAWN_CONTEXT", null)
                .env("GITHUB_TOKEN", TOKEN).env("GH_TOKEN", null).env("GHP_GITHUB_API_URL", github.url());
        GitRepo.Result hb = alice.run("agent-heartbeat", "--issue", "147", "--status", "implementing", "--action", "tabs lexed");
        assertThat(hb.exit()).as(hb.err()).isZero();
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void theIssueComesFromGitHubAndGithubPostsTheStoredDocument() throws IOException {
        github.withIssue147();

        GitRepo.Result r = alice.run("agent-handoff", "--to", "bob", "--github", "--json", "--note", "lexer done");

        assertThat(r.exit()).as(r.err()).isZero();
        ObjectNode o = Json.parseObject(r.out());
        String stored = main.showCoordination(o.get("path").asText());
        assertThat(stored).contains("# Handoff of #147: Parser rejects tabs")
                .contains("**Parser rejects tabs** · https://github.com/octo/widgets/issues/147")
                .contains("Labels: bug\nAssignees: bob\n")
                .contains("> Tabs in the input make the parser fail.");
        assertThat(o.get("issueInfo").get("source").asText()).isEqualTo("github");
        assertThat(o.get("github").get("posted").asBoolean()).isTrue();
        assertThat(o.get("github").get("url").asText()).isEqualTo("https://github.com/octo/widgets/issues/147#issuecomment-1146825");

        github.server().verify(getRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147"))
                .withHeader("Authorization", equalTo("token " + TOKEN)));
        github.server().verify(1, postRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147/comments"))
                .withHeader("Authorization", equalTo("token " + TOKEN))
                .withRequestBody(matchingJsonPath("$.body")));
        List<LoggedRequest> posts = github.server().findAll(postRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147/comments")));
        assertThat(Json.parseObject(posts.get(0).getBodyAsString()).get("body").asText()).isEqualTo(stored);
        assertThat(r.out() + r.err()).doesNotContain(TOKEN);
        assertThat(r.err()).startsWith("✓ handoff of #147 by alice stored as")
                .contains("; posted https://github.com/octo/widgets/issues/147#issuecomment-1146825").doesNotContain("warning");
    }

    @Test
    void aRefusedTokenIsAWarningWithoutTheTokenAndTheHandoffIsKept() {
        github.refusingTheToken();

        GitRepo.Result r = alice.run("agent-handoff", "--github");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("# Handoff of #147\n");
        assertThat(r.err().lines()).hasSize(3);
        assertThat(r.err()).contains("ghp: warning: could not read #147 from GitHub (GitHub refused the token (HTTP 401))")
                .contains("ghp: warning: --github failed: could not post to #147 on GitHub: GitHub refused the token (HTTP 401);"
                        + " the handoff is stored locally")
                .doesNotContain(TOKEN);
        assertThat(main.git("ls-tree", "--name-only", "refs/ghp/coordination", ".ghp/handoffs/").trim())
                .startsWith(".ghp/handoffs/147-alice-");
    }

    @Test
    void withoutATokenGitHubIsNotAskedAndGithubSaysItWasSkipped() {
        github.withIssue147();

        GitRepo.Result r = alice.env("GITHUB_TOKEN", null).run("agent-handoff", "--github");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).endsWith("ghp: warning: --github skipped: no GITHUB_TOKEN or GH_TOKEN in the environment\n");
        assertThat(github.server().getAllServeEvents()).isEmpty();
    }
}
