package dev.ghp.agents.it;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.FakeGitHub;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers from GitHub (#24) end to end through {@code bin/ghp}: an agent escalates with
 * {@code --github}; on the GitHub stand-in ({@link FakeGitHub}) a reader replies, then a writer;
 * the lead's {@code agent-status} ignores the first (and says so under --verbose), the next one
 * costs a 304, and
 * {@code agent-escalate --list} takes the second: resolved, verified, commented back, and the
 * agent told. The stand-in's request log is printed for the record.
 */
class GitHubAnswersIT {
    static final String TOKEN = "ghp_answersIT0123456789abcdef";

    @TempDir
    Path tmp;
    FakeGitHub github;
    GitRepo main;
    Launcher agent;
    Launcher lead;

    @BeforeEach
    void setUp() throws Exception {
        github = new FakeGitHub().withIssue147().withCollaborator("alice", "write", "write")
                .withCollaborator("bob", "read", "read");
        main = GitRepo.init(tmp, "widgets");
        main.commitFile("README.md", "# widgets\n");
        main.git("remote", "add", "origin", "git@github.com:octo/widgets.git");
        // Every read asks GitHub (a millisecond interval), so the test need not wait the default minute out.
        Files.createDirectories(main.dir().resolve(".ghp"));
        Files.writeString(main.dir().resolve(".ghp/config.json"), "{\"agents\": {\"github\": {\"answersInterval\": 0.001}}}");
        agent = new Launcher(main.dir()).env("GHP_AGENT", "worker-1").env("GHP_SPAWN_CONTEXT", null)
                .env("GITHUB_TOKEN", TOKEN).env("GH_TOKEN", null).env("GHP_GITHUB_API_URL", github.url());
        lead = new Launcher(main.dir()).env("GHP_AGENT", null).env("GHP_SPAWN_CONTEXT", null)
                .env("GITHUB_TOKEN", TOKEN).env("GH_TOKEN", null).env("GHP_GITHUB_API_URL", github.url());
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void aReadersReplyIsIgnoredAndAWritersResolvesVerifiedAndIsCommentedBack() throws Exception {
        GitRepo.Result opened = agent.run("agent-escalate", "--issue", "147", "--github", "Should the lexer accept tabs?");
        assertThat(opened.exit()).as(opened.err()).isZero();
        String id = opened.out().trim();

        github.reply("bob", "/answer no tabs, ever");
        GitRepo.Result ignored = lead.run("agent-status", "--verbose");
        assertThat(ignored.exit()).as(ignored.err()).isZero();
        assertThat(ignored.err()).contains("ignored /answer by @bob on #147")
                .contains("GitHub says @bob has read access to octo/widgets");
        assertThat(ignored.out()).contains(id);
        GitRepo.Result quiet = lead.run("agent-status", "--verbose");
        assertThat(quiet.err()).contains("no new replies on #147 (GitHub answered 304 Not Modified)");
        assertThat(github.requestLog()).last().asString().endsWith("-> 304");

        String url = "https://github.com/octo/widgets/issues/147#issuecomment-" + github.reply("alice", "/answer Yes, accept tabs");
        GitRepo.Result listed = lead.run("agent-escalate", "--list", "--all", "--json");
        assertThat(listed.exit()).as(listed.err()).isZero();

        JsonNode e = Json.parseObject(listed.out()).get("escalations").get(0);
        assertThat(e.get("status").asText()).isEqualTo("resolved");
        assertThat(e.get("answer").asText()).isEqualTo("Yes, accept tabs");
        assertThat(e.get("resolvedBy").asText()).isEqualTo("@alice");
        assertThat(e.get("answeredOnGitHub").get("verified").asBoolean()).isTrue();
        assertThat(e.get("answeredOnGitHub").get("url").asText()).isEqualTo(url);
        github.server().verify(postRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147/comments"))
                .withRequestBody(containing("ghp-agents: told agent `worker-1` the answer of @alice")));
        GitRepo.Result inbox = agent.run("agent-inbox");
        assertThat(inbox.out()).contains("Yes, accept tabs");
        assertThat(ignored.out() + ignored.err() + listed.out() + listed.err()).doesNotContain(TOKEN);

        System.out.println("GitHub stand-in request log (GitHubAnswersIT):");
        github.requestLog().forEach(line -> System.out.println("  " + line));
    }
}
