package dev.ghp.agents.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.FakeGitHub;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Escalations mirrored on the GitHub issue, against a local server speaking GitHub's API. */
class EscalateGitHubTest {
    static final String TOKEN = "ghp_secret0123456789abcdefSECRET";
    static final String URL_SECRET = "urlpassword42";
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;
    FakeGitHub github;

    @BeforeEach
    void setUp() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        repo.git("remote", "add", "origin", "https://x-access-token:" + URL_SECRET + "@github.com/octo/widgets.git");
        github = new FakeGitHub();
        ghp = new CliRunner(repo.dir()).env("GITHUB_TOKEN", TOKEN).env("GHP_GITHUB_API_URL", github.url());
    }

    @AfterEach
    void tearDown() {
        github.close();
    }

    JsonNode stored(String id) throws Exception {
        return Json.parseObject(repo.showCoordination(".ghp/escalations/" + id + ".json"));
    }

    @Test
    void aPlainHttpApiUrlToAnotherHostIsRefusedBeforeAnythingIsWrittenOrSent() {
        String before = repo.coordinationTip();

        CliRunner.Result r = ghp.env("GHP_GITHUB_API_URL", "http://github.example.com/api/v3")
                .run("agent-escalate", "--agent", "worker-1", "--issue", "147", "--github", "Tabs?");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("ghp: error: the GitHub API URL 'http://github.example.com' would send the token in clear")
                .doesNotContain(TOKEN);
        assertThat(r.err().lines()).hasSize(2);
        assertThat(r.out()).isEmpty();
        assertThat(repo.coordinationTip()).isEqualTo(before);
    }

    @Test
    void openingWithGithubCommentsOnTheIssueAndAddsTheLabel() throws Exception {
        github.withIssue147();

        CliRunner.Result r = ghp.run("agent-escalate", "--agent", "worker-1", "--issue", "147", "--github",
                "Should the parser accept tabs?");

        assertThat(r.exit()).as(r.err()).isZero();
        String id = r.out().trim();
        assertThat(r.err()).isEmpty();
        github.server().verify(postRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147/comments"))
                .withRequestBody(containing(id)).withRequestBody(containing("> Should the parser accept tabs?")));
        github.server().verify(postRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147/labels"))
                .withRequestBody(equalToJson("{\"labels\": [\"needs-human\"]}")));
        JsonNode mirror = stored(id).get("github");
        assertThat(mirror.get("issue").asInt()).isEqualTo(147);
        assertThat(mirror.get("comment").asText()).isEqualTo("https://github.com/octo/widgets/issues/147#issuecomment-1146825");
        assertThat(mirror.get("label").asText()).isEqualTo("needs-human");
    }

    @Test
    void resolvingAMirroredEscalationCommentsTheAnswerAndRemovesTheLabel() throws Exception {
        github.withIssue147();
        String id = ghp.run("agent-escalate", "--agent", "worker-1", "--issue", "147", "--github", "tabs?").out().trim();

        CliRunner.Result r = ghp.run("agent-escalate", "--resolve", id, "--answer", "Yes, accept tabs", "--by", "alice");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        github.server().verify(postRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147/comments"))
                .withRequestBody(containing("resolved")).withRequestBody(containing("> Yes, accept tabs")));
        github.server().verify(deleteRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147/labels/needs-human")));
        assertThat(stored(id).get("github").get("resolutionComment").asText()).startsWith("https://github.com/octo/widgets/issues/147");
    }

    @Test
    void theConfigTurnsMirroringOnAndNoGithubTurnsItOff() throws Exception {
        github.withIssue147();
        Files.createDirectories(repo.dir().resolve(".ghp"));
        Files.writeString(repo.dir().resolve(".ghp/config.json"),
                "{\"agents\": {\"github\": {\"escalations\": true, \"label\": \"needs-human\"}}}");

        ghp.run("agent-escalate", "--agent", "w", "--issue", "147", "from config");
        ghp.run("agent-escalate", "--agent", "w", "--issue", "147", "--no-github", "not mirrored");

        github.server().verify(1, postRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147/comments")));
    }

    @Test
    void escalationsTheRulesOpenAreMirroredWhenTheConfigSaysSo() throws Exception {
        github.withIssue147();
        Files.createDirectories(repo.dir().resolve(".ghp"));
        Files.writeString(repo.dir().resolve(".ghp/config.json"), "{\"agents\": {\"github\": {\"escalations\": true}}}");
        ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "146", "--files", "src/**");

        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "147", "--files", "src/parser/**");

        assertThat(r.exit()).isEqualTo(3);
        github.server().verify(postRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147/comments"))
                .withRequestBody(containing("(conflict)")).withRequestBody(containing("worker-2 and worker-1 need the same files")));
        JsonNode es = Json.parseObject(ghp.run("agent-escalate", "--list", "--json").out()).get("escalations");
        assertThat(es.get(0).get("github").get("label").asText()).isEqualTo("needs-human");
    }

    @Test
    void withoutATokenTheEscalationIsRecordedAndStderrSaysWhatWasSkipped() throws Exception {
        CliRunner.Result r = ghp.env("GITHUB_TOKEN", null).run("agent-escalate", "--agent", "w", "--issue", "147", "--github", "q?");

        assertThat(r.exit()).isZero();
        String id = r.out().trim();
        assertThat(stored(id).get("status").asText()).isEqualTo("open");
        assertThat(stored(id).has("github")).isFalse();
        assertThat(r.err()).isEqualTo("ghp: warning: skipped GitHub comment and label on #147: no GITHUB_TOKEN or GH_TOKEN"
                + " in the environment; the escalation is recorded locally\n");
        assertThat(github.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void aRefusedTokenNeverAppearsInAnyOutput() throws Exception {
        github.refusingTheToken();

        CliRunner.Result r = ghp.run("agent-escalate", "--agent", "w", "--issue", "147", "--github", "--json", "q?");
        CliRunner.Result resolve = ghp.run("agent-escalate", "--resolve", Json.parseObject(r.out()).get("id").asText(),
                "--answer", "a", "--by", "b", "--github", "--verbose");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("could not comment on #147 of octo/widgets: GitHub refused the token (HTTP 401)");
        assertThat(resolve.exit()).isZero();
        for (CliRunner.Result each : new CliRunner.Result[]{r, resolve}) {
            assertThat(each.out() + each.err()).doesNotContain(TOKEN).doesNotContain(URL_SECRET);
        }
        assertThat(repo.showCoordination(".ghp/escalations/" + Json.parseObject(r.out()).get("id").asText() + ".json"))
                .doesNotContain(TOKEN);
    }

    @Test
    void offlineTheEscalationIsRecordedAndTheCommandSaysSo() {
        CliRunner.Result r = ghp.env("GHP_GITHUB_API_URL", "http://127.0.0.1:1")
                .run("agent-escalate", "--agent", "w", "--issue", "147", "--github", "q?");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("cannot connect to GitHub (offline?)").contains("recorded locally");
        assertThat(r.out().trim()).matches("esc-[0-9a-f]{8}");
    }

    @Test
    void anEscalationWithoutAnIssueSkipsGitHub() {
        CliRunner.Result r = ghp.run("agent-escalate", "--agent", "w", "--github", "q?");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("names no issue");
    }
}
