package dev.ghp.agents.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.FakeGitHub;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** agent-handoff with the production GitHub connector, against a local server speaking GitHub's API. */
class HandoffGitHubTest {
    static final String TOKEN = "ghp_handoff0123456789abcdefSECRET";
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;
    FakeGitHub github;

    @BeforeEach
    void setUp() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        repo.git("remote", "add", "origin", "git@github.com:octo/widgets.git");
        github = new FakeGitHub().withIssue147();
        ghp = new CliRunner(repo.dir()).env("GITHUB_TOKEN", TOKEN).env("GHP_GITHUB_API_URL", github.url());
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "implementing",
                "--action", "parser half done").exit()).isZero();
    }

    @AfterEach
    void tearDown() {
        github.close();
    }

    @Test
    void handoffWithGithubTakesTheIssueFromGitHubAndPostsTheDocumentAsAComment() {
        CliRunner.Result r = ghp.run("agent-handoff", "--agent", "worker-1", "--issue", "147", "--github",
                "--note", "the lexer is done; the parser needs error recovery");

        assertThat(r.exit()).as(r.err()).isZero();
        github.server().verify(getRequestedFor(urlPathEqualTo(FakeGitHub.REPO + "/issues/147")));
        github.server().verify(postRequestedFor(urlPathEqualTo(FakeGitHub.REPO + "/issues/147/comments"))
                .withRequestBody(containing("the lexer is done; the parser needs error recovery"))
                .withRequestBody(containing("Parser rejects tabs"))
                .withHeader("Authorization", containing(TOKEN)));
        assertThat(r.out() + r.err()).doesNotContain(TOKEN).doesNotContain("warning");
    }
}
