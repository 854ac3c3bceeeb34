package dev.ghp.agents.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.FakeGitHub;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers from GitHub (#24): a reply on the issue of a mirrored escalation, read back by the
 * commands that read the record, against a local server speaking GitHub's comment and permission
 * shapes ({@link FakeGitHub}).
 */
class GitHubAnswersTest {
    static final String TOKEN = "ghp_answers0123456789abcdefSECRET";
    static final String COMMENTS = "/repos/octo/widgets/issues/147/comments";
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;
    FakeGitHub github;

    @BeforeEach
    void setUp() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        repo.git("remote", "add", "origin", "https://github.com/octo/widgets.git");
        github = new FakeGitHub().withIssue147().withCollaborator("alice", "write", "maintain")
                .withCollaborator("bob", "read", "triage");
        ghp = new CliRunner(repo.dir()).env("GITHUB_TOKEN", TOKEN).env("GHP_GITHUB_API_URL", github.url());
    }

    @AfterEach
    void tearDown() {
        github.close();
    }

    private String escalate(String... more) {
        String[] args = new String[more.length + 5];
        System.arraycopy(new String[]{"agent-escalate", "--agent", "worker-1", "--issue", "147"}, 0, args, 0, 5);
        System.arraycopy(more, 0, args, 5, more.length);
        CliRunner.Result r = ghp.run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().trim();
    }

    private JsonNode stored(String id) throws Exception {
        return Json.parseObject(repo.showCoordination(".ghp/escalations/" + id + ".json"));
    }

    private CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    private int commentReads() {
        return github.server().findAll(getRequestedFor(urlPathEqualTo(COMMENTS))).size();
    }

    @Test
    void aWritersAnswerResolvesTheEscalationVerifiedAndIsCommentedBack() throws Exception {
        String id = escalate("--github", "Should the parser accept tabs?");
        String url = "https://github.com/octo/widgets/issues/147#issuecomment-" + github.reply("alice", "/answer Yes, accept tabs");

        CliRunner.Result r = ok(ghp.run("agent-status"));

        JsonNode e = stored(id);
        assertThat(e.get("status").asText()).isEqualTo("resolved");
        assertThat(e.get("answer").asText()).isEqualTo("Yes, accept tabs");
        assertThat(e.get("resolvedBy").asText()).isEqualTo("@alice");
        JsonNode origin = e.get("answeredOnGitHub");
        assertThat(origin.get("login").asText()).isEqualTo("alice");
        assertThat(origin.get("verified").asBoolean()).isTrue();
        assertThat(origin.get("url").asText()).isEqualTo(url);
        assertThat(origin.get("permission").asText()).isEqualTo("maintain");
        assertThat(r.err()).contains(id + " resolved by @alice on GitHub (maintain access, verified); told worker-1");
        github.server().verify(postRequestedFor(urlPathEqualTo(COMMENTS))
                .withRequestBody(containing("ghp-agents: told agent `worker-1` the answer of @alice")));
        github.server().verify(deleteRequestedFor(urlPathEqualTo("/repos/octo/widgets/issues/147/labels/needs-human")));
        assertThat(e.get("github").get("resolutionComment").asText()).startsWith("https://github.com/octo/widgets/issues/147");
        assertThat(ok(ghp.run("agent-inbox", "--agent", "worker-1")).out()).contains("Yes, accept tabs");
        assertThat(ok(ghp.run("agent-escalate", "--show", id)).out())
                .contains("resolved by @alice at ").contains("answered on GitHub by @alice (maintain access, verified by GitHub): " + url);
        assertThat(r.out() + r.err()).doesNotContain(TOKEN);
    }

    @Test
    void anAgentThatWaitsGetsTheAnswerGivenOnGitHubWithoutAnyoneRunningAgentStatus() throws Exception {
        String id = escalate("--github", "Should the parser accept tabs?");
        github.reply("alice", "/answer Yes, accept tabs");

        // Nobody reads the record but the waiting agent: its wait reads GitHub's replies itself.
        CliRunner.Result r = ok(ghp.run("agent-inbox", "--agent", "worker-1", "--wait", "20s"));

        assertThat(r.out()).contains("Yes, accept tabs");
        assertThat(r.err()).as("a wait is not the place for GitHub's notes").doesNotContain("resolved by @alice");
        JsonNode e = stored(id);
        assertThat(e.get("status").asText()).isEqualTo("resolved");
        assertThat(e.get("answeredOnGitHub").get("verified").asBoolean()).isTrue();
    }

    @Test
    void aReadersReplyIsIgnoredAndVerboseSaysWhy() throws Exception {
        String id = escalate("--github", "tabs?");
        github.reply("bob", "/answer No tabs");

        CliRunner.Result quiet = ok(ghp.run("agent-escalate", "--list"));
        assertThat(quiet.err()).isEmpty();
        ghp.clock().advance(Duration.ofMinutes(2));
        github.reply("bob", "/answer Still no tabs");
        CliRunner.Result r = ok(ghp.run("agent-escalate", "--list", "--verbose"));

        assertThat(stored(id).get("status").asText()).isEqualTo("open");
        assertThat(r.out()).contains(id);
        assertThat(r.err()).contains("ghp: note: ignored /answer by @bob on #147 (https://github.com/octo/widgets/issues/147#issuecomment-")
                .contains("GitHub says @bob has triage access to octo/widgets, and only write, maintain or admin answers");
        // Asked once per run, though the second run read two of bob's replies.
        github.server().verify(2, getRequestedFor(urlPathEqualTo("/repos/octo/widgets/collaborators/bob/permission")));
        github.server().verify(1, postRequestedFor(urlPathEqualTo(COMMENTS)));
    }

    @Test
    void theSecondReadSendsTheETagAndGitHubAnswers304() throws Exception {
        escalate("--github", "tabs?");
        github.reply("bob", "chatter, no command");
        ok(ghp.run("agent-status"));
        ghp.clock().advance(Duration.ofMinutes(2));
        int before = github.requestLog().size();

        CliRunner.Result r = ok(ghp.run("agent-status", "--verbose"));

        // A quiet issue costs one 304 and nothing else (no GET /user on the way: that one is rate-limited).
        assertThat(github.requestLog().subList(before, github.requestLog().size()))
                .singleElement().asString().startsWith("GET " + COMMENTS + "?").endsWith("-> 304");

        var reads = github.server().findAll(getRequestedFor(urlPathEqualTo(COMMENTS)));
        assertThat(reads).hasSize(2);
        assertThat(reads.get(0).getHeader("If-None-Match")).isNull();
        assertThat(reads.get(1).getHeader("If-None-Match")).startsWith("\"");
        assertThat(r.err()).contains("no new replies on #147 (GitHub answered 304 Not Modified)");
        assertThat(reads.get(1).getUrl()).contains("since=");
    }

    @Test
    void gitHubIsAskedAtMostOncePerInterval() throws Exception {
        Files.createDirectories(repo.dir().resolve(".ghp"));
        Files.writeString(repo.dir().resolve(".ghp/config.json"), "{\"agents\": {\"github\": {\"answersInterval\": \"5m\"}}}");
        String id = escalate("--github", "tabs?");
        ok(ghp.run("agent-status"));
        github.reply("alice", "/answer yes");

        ghp.clock().advance(Duration.ofMinutes(4));
        ok(ghp.run("agent-status"));
        ok(ghp.run("agent-escalate", "--list"));
        assertThat(commentReads()).isEqualTo(1);
        assertThat(stored(id).get("status").asText()).isEqualTo("open");

        ghp.clock().advance(Duration.ofMinutes(2));
        ok(ghp.run("agent-escalate", "--list"));
        assertThat(commentReads()).isEqualTo(2);
        assertThat(stored(id).get("status").asText()).isEqualTo("resolved");
    }

    @Test
    void aCommandThatDoesNotFitTheKindIsIgnored() throws Exception {
        String id = escalate("--github", "tabs?");
        github.reply("alice", "/approve");
        github.reply("alice", "/award worker-2");

        CliRunner.Result r = ok(ghp.run("agent-status", "--verbose"));

        assertThat(stored(id).get("status").asText()).isEqualTo("open");
        assertThat(r.err()).contains("ignored /approve by @alice on #147").contains(id + " is a question; answer it with /answer TEXT")
                .contains("ignored /award by @alice on #147");
    }

    @Test
    void aDeletedReplyAnswersNothing() throws Exception {
        String id = escalate("--github", "tabs?");
        long reply = github.reply("alice", "/answer yes");
        github.deleteReply(reply);

        ok(ghp.run("agent-status"));

        assertThat(stored(id).get("status").asText()).isEqualTo("open");
        github.server().verify(0, getRequestedFor(urlPathMatching("/repos/octo/widgets/collaborators/.*")));
    }

    @Test
    void escapesAndInvisibleCharactersInTheReplyAreNeutralisedBeforeTheAgentSeesThem() throws Exception {
        String id = escalate("--github", "tabs?");
        github.reply("alice", "/answer ok \u001b[31mred\u200b\nsecond line\u0007");

        ok(ghp.run("agent-status"));

        String answer = stored(id).get("answer").asText();
        assertThat(answer).isEqualTo("ok \u241b[31mred<U+200B>\nsecond line\u2407");
        String inbox = ok(ghp.run("agent-inbox", "--agent", "worker-1")).out();
        assertThat(inbox).doesNotContain("\u001b").doesNotContain("\u200b").doesNotContain("\u0007");
    }

    @Test
    void aReplyWhoseAuthorIsNoGitHubLoginIsIgnoredWithoutAskingGitHub() throws Exception {
        String id = escalate("--github", "tabs?");
        github.reply("alice\u001b[2J", "/answer yes");

        CliRunner.Result r = ok(ghp.run("agent-status", "--verbose"));

        assertThat(stored(id).get("status").asText()).isEqualTo("open");
        assertThat(r.err()).contains("ignored /answer by @alice\u241b[2J on #147").contains("no author with a GitHub login")
                .doesNotContain("\u001b");
        github.server().verify(0, getRequestedFor(urlPathMatching("/repos/octo/widgets/collaborators/.*")));
    }

    @Test
    void anApprovalIsAnsweredWithApprove() throws Exception {
        Files.createDirectories(repo.dir().resolve(".ghp"));
        String id = escalate("--github", "--kind", "approval", "may I edit the docs?");
        github.reply("alice", "/approve");

        ok(ghp.run("agent-status"));

        JsonNode e = stored(id);
        assertThat(e.get("status").asText()).isEqualTo("resolved");
        assertThat(e.get("decision").asText()).isEqualTo("approved");
        assertThat(e.get("answeredOnGitHub").get("verified").asBoolean()).isTrue();
    }

    @Test
    void twoClonesReadingTheSameReplyResolveItOnceTheSecondFindsItResolved() throws Exception {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        GitRepo a = GitRemotes.cloneOf(remote, tmp, "a");
        GitRepo b = GitRemotes.cloneOf(remote, tmp, "b");
        String spawn = "{\"repository\": {\"owner\": \"octo\", \"name\": \"widgets\"}}";
        CliRunner ghpA = new CliRunner(a.dir()).env("GITHUB_TOKEN", TOKEN).env("GHP_GITHUB_API_URL", github.url())
                .env("GHP_SPAWN_CONTEXT", spawn).env("GHP_AUTO_SYNC", "2m");
        CliRunner ghpB = new CliRunner(b.dir()).env("GITHUB_TOKEN", TOKEN).env("GHP_GITHUB_API_URL", github.url())
                .env("GHP_SPAWN_CONTEXT", spawn).env("GHP_AUTO_SYNC", "2m");
        String id = ok(ghpA.run("agent-escalate", "--agent", "worker-1", "--issue", "147", "--github", "tabs?")).out().trim();
        github.reply("alice", "/answer yes");

        ok(ghpA.run("agent-status"));
        int readsByA = commentReads();
        CliRunner.Result second = ok(ghpB.run("agent-status", "--verbose"));

        JsonNode inB = Json.parseObject(b.showCoordination(".ghp/escalations/" + id + ".json"));
        assertThat(inB.get("status").asText()).isEqualTo("resolved");
        assertThat(inB.get("resolvedBy").asText()).isEqualTo("@alice");
        assertThat(commentReads()).isEqualTo(readsByA);
        assertThat(second.err()).doesNotContain("resolved by @alice");
        // The escalation's own comment, and one comment back: not two.
        github.server().verify(2, postRequestedFor(urlPathEqualTo(COMMENTS)));
        assertThat(b.git("log", "--format=%s", "refs/ghp/coordination").lines().filter(l -> l.startsWith("resolve " + id)))
                .hasSize(1);
    }

    @Test
    void withoutAMirroredEscalationGitHubIsNeverAsked() {
        escalate("not mirrored");

        ok(ghp.run("agent-status"));
        ok(ghp.run("agent-escalate", "--list"));

        assertThat(github.server().getAllServeEvents()).isEmpty();
        assertThat(repo.commonDir().resolve("ghp-github-answers.json")).doesNotExist();
    }

    @Test
    void aGitHubFailureIsOneWarningAndTheCommandStillShowsTheRecord() {
        String id = escalate("--github", "tabs?");
        github.server().resetAll();

        CliRunner.Result r = ok(ghp.run("agent-escalate", "--list"));

        assertThat(r.out()).contains(id);
        assertThat(r.err()).isEqualTo("ghp: warning: could not read the replies on #147: GitHub found no such repository"
                + " or issue, or the token cannot see it (HTTP 404)\n");
    }
}
