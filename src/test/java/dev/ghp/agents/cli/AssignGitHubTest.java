package dev.ghp.agents.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.FakeGitHub;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** agent-assign --github with the production GitHub connector, against a local server speaking GitHub's API. */
class AssignGitHubTest {
    static final String TOKEN = "ghp_assign0123456789abcdefSECRET";
    @TempDir
    Path tmp;
    GitRepo repo;
    FakeGitHub github;

    @BeforeEach
    void setUp() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        repo.git("remote", "add", "origin", "git@github.com:octo/widgets.git");
        github = new FakeGitHub();
    }

    @AfterEach
    void tearDown() {
        github.close();
    }

    private CliRunner ghp() {
        return new CliRunner(repo.dir()).env("GITHUB_TOKEN", TOKEN).env("GHP_GITHUB_API_URL", github.url());
    }

    @Test
    void githubCommentsOnTheIssueNamingTheWorkerTheAssignerAndTheNote() throws Exception {
        github.withIssue147();

        CliRunner.Result r = ghp().run("agent-assign", "--to", "worker-2", "--issue", "147", "--by", "lead",
                "--note", "the tokenizer first", "--github", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        github.server().verify(postRequestedFor(urlPathEqualTo(FakeGitHub.REPO + "/issues/147/comments"))
                .withRequestBody(containing("Assigned to agent `worker-2` by `lead`"))
                .withRequestBody(containing("> the tokenizer first")));
        JsonNode out = Json.parseObject(r.out());
        assertThat(out.path("github").path("posted").asBoolean()).isTrue();
        assertThat(out.path("github").path("url").asText()).contains("issuecomment-1146825");
        assertThat(r.out() + r.err()).doesNotContain(TOKEN).doesNotContain("warning");
    }

    @Test
    void aGitHubThatRefusesIsAWarningAndTheAssignmentStands() throws Exception {
        github.refusingTheToken();

        CliRunner.Result r = ghp().run("agent-assign", "--to", "worker-2", "--issue", "147", "--by", "lead", "--github");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("✓ #147 assigned to worker-2");
        assertThat(r.err()).startsWith("ghp: warning: --github failed: could not comment on #147 on GitHub: ")
                .contains("the assignment stands").doesNotContain(TOKEN);
        JsonNode worker = Json.parseObject(repo.showCoordination(".ghp/agent-status.json")).path("agents").path("worker-2");
        assertThat(worker.path("issue").asInt()).isEqualTo(147);
        repo.assertFsckClean();
    }

    @Test
    void withoutAGitHubRemoteItIsSkippedWithAWarning() {
        repo.git("remote", "remove", "origin");

        CliRunner.Result r = ghp().run("agent-assign", "--to", "worker-2", "--issue", "147", "--by", "lead", "--github");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).startsWith("ghp: warning: --github skipped: ").contains("the assignment stands");
    }
}
