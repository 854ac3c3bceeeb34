package dev.ghp.agents.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mem0 read back at session start: the briefing carries the few memories mem0 holds of the agent's
 * issue (mem0's search API, WireMock answering in mem0's shape), neutralised and bounded; a mem0
 * that fails costs the briefing nothing but its memories.
 */
class SessionMemoriesTest {
    @TempDir
    Path tmp;
    GitRepo main;
    GitRepo worker;
    WireMockServer mem0;
    CliRunner hooks;

    @BeforeEach
    void aWorkerOnIssue147WithMem0Configured() throws IOException {
        main = GitRepo.init(tmp, "app");
        main.commitFile("README.md", "app\n");
        worker = main.addWorktree("app-wt1", "alice/147-parser");
        mem0 = new WireMockServer(options().dynamicPort());
        mem0.start();
        Files.createDirectories(main.dir().resolve(".ghp"));
        Files.writeString(main.dir().resolve(".ghp/config.json"),
                "{\"agents\": {\"mem0\": {\"baseUrl\": \"" + mem0.baseUrl() + "\"}}}\n");
        hooks = new CliRunner(tmp).env("MEM0_API_KEY", "m0-test-key");
    }

    @AfterEach
    void stop() {
        mem0.stop();
    }

    CliRunner.Result sessionStart() {
        CliRunner.Result r = hooks.stdin("{\"cwd\": \"" + worker.dir() + "\", \"hook_event_name\": \"SessionStart\"}")
                .run("agent-hooks", "run", "session-start");
        assertThat(r.exit()).isZero();
        return r;
    }

    @Test
    void theBriefingCarriesTheMemoriesOfTheAgentsIssueNeutralised() {
        mem0.stubFor(post(urlEqualTo("/v1/memories/search/")).willReturn(okJson("""
                [{"id": "m-1", "memory": "Parser half done; the lexer\\u202e needs tests", "user_id": null,
                  "metadata": {"source": "ghp-agents", "kind": "handoff", "issue": 147, "agent": "app-wt0"},
                  "categories": ["work"], "created_at": "2025-01-24T17:00:00-08:00", "score": 0.61},
                 {"id": "m-2", "memory": "Issue 150 is about the printer", "metadata": {"issue": 150}, "score": 0.40},
                 {"id": "m-3", "memory": "Use the v2 grammar", "metadata": null, "score": 0.33}]
                """)));

        CliRunner.Result r = sessionStart();

        assertThat(r.out()).contains("Memories of issue #147 (mem0):\n"
                + "  - Parser half done; the lexer<U+202E> needs tests\n"
                + "  - Use the v2 grammar\n").doesNotContain("printer");
        mem0.verify(postRequestedFor(urlEqualTo("/v1/memories/search/"))
                .withHeader("Authorization", equalTo("Token m0-test-key"))
                .withRequestBody(matchingJsonPath("$.query", com.github.tomakehurst.wiremock.client.WireMock.containing("#147")))
                .withRequestBody(matchingJsonPath("$.agent_id", equalTo("app-wt1")))
                .withRequestBody(matchingJsonPath("$.top_k")));
    }

    @Test
    void mem0sResultsShapeIsReadToo() {
        mem0.stubFor(post(urlEqualTo("/v1/memories/search/")).willReturn(okJson("""
                {"results": [{"id": "m-1", "memory": "Spaces, not tabs", "metadata": {"issue": 147}, "score": 0.5}]}
                """)));

        assertThat(sessionStart().out()).contains("  - Spaces, not tabs\n");
    }

    @Test
    void aMem0ThatFailsCostsTheBriefingOnlyItsMemories() {
        mem0.stubFor(post(urlEqualTo("/v1/memories/search/")).willReturn(aResponse().withStatus(500).withBody("{\"detail\": \"boom\"}")));

        CliRunner.Result r = sessionStart();

        assertThat(r.out()).startsWith("[ghp-agents] Coordination context for this session.").doesNotContain("Memories");
        assertThat(r.err()).isEqualTo("ghp: hook session-start: no memories from mem0: mem0 at " + mem0.baseUrl()
                + " answered HTTP 500: boom\n");
    }

    @Test
    void withoutAKeyMem0IsNotAsked() {
        hooks.env("MEM0_API_KEY", null);

        CliRunner.Result r = sessionStart();

        assertThat(r.out()).doesNotContain("Memories");
        assertThat(mem0.getAllServeEvents()).isEmpty();
    }
}
