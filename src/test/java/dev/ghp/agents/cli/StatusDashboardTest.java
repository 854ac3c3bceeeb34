package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.GitRefStore;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ghp agent-status --dashboard}: the JSON GHP's branch dashboard asks its hooks for. */
class StatusDashboardTest {
    /** GHP's HookItem: these fields and no others. */
    static final Set<String> ITEM_FIELDS = Set.of("id", "type", "title", "summary", "timestamp", "metadata");

    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;

    @BeforeEach
    void twoAgentsOnTwoBranches() throws IOException {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "x\n");
        GitRepo wt1 = repo.addWorktree("repo-wt1", "alice/147-parser");
        GitRepo wt2 = repo.addWorktree("repo-wt2", "bob/150-lexer");
        ghp = new CliRunner(repo.dir());
        assertThat(new CliRunner(wt1.dir()).run("agent-heartbeat", "--status", "implementing", "--action", "wrote the \u001b[31mparser").exit()).isZero();
        assertThat(new CliRunner(wt2.dir()).run("agent-heartbeat", "--status", "blocked", "--blocked-on", "147").exit()).isZero();
        byte[] escalation = """
                {"schemaVersion": 1, "id": "esc-1234abcd", "kind": "question", "status": "open",
                 "message": "Should the parser accept tabs?", "issue": 147, "agent": "repo-wt1",
                 "createdAt": "2025-01-25T10:25:00Z"}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (Repository r = new FileRepositoryBuilder().setGitDir(repo.dir().resolve(".git").toFile()).build()) {
            new GitRefStore(r, Clock.systemUTC()).update(s -> Change.of("escalate", "repo-wt1")
                    .put(".ghp/escalations/esc-1234abcd.json", escalation));
        }
        ghp.clock().advance(Duration.ofMinutes(2));
    }

    static JsonNode parse(String out) {
        JsonNode n = Json.parseTree(out);
        assertThat(n).as(out).isNotNull();
        return n;
    }

    static void assertGhpShape(JsonNode root) {
        assertThat(root.path("success").isBoolean()).isTrue();
        assertThat(root.path("data").path("title").isTextual()).isTrue();
        assertThat(root.path("data").path("items").isArray()).isTrue();
        for (JsonNode item : root.path("data").path("items")) {
            assertThat(ITEM_FIELDS).containsAll(() -> item.fieldNames());
            assertThat(item.path("id").isTextual()).isTrue();
            assertThat(item.path("type").isTextual()).isTrue();
            assertThat(item.path("title").isTextual()).isTrue();
            assertThat(item.path("summary").isMissingNode() || item.path("summary").isTextual()).isTrue();
            assertThat(item.path("timestamp").isMissingNode() || item.path("timestamp").isTextual()).isTrue();
            assertThat(item.path("metadata").isMissingNode() || item.path("metadata").isObject()).isTrue();
        }
    }

    @Test
    void theBranchsAgentAndTheOpenEscalationsOfItsIssueAreTheItems() {
        CliRunner.Result r = ghp.run("agent-status", "--dashboard", "--branch", "alice/147-parser", "--repo", "acme/app");

        assertThat(r.exit()).as(r.err()).isZero();
        assertGhpShape(parse(r.out()));
        assertThat(r.out()).isEqualTo("""
                {
                  "success": true,
                  "data": {
                    "title": "Agents",
                    "items": [
                      {
                        "id": "agent:repo-wt1",
                        "type": "agent",
                        "title": "repo-wt1 · ● implementing · #147 · 2m ago",
                        "summary": "wrote the ␛[31mparser",
                        "timestamp": "2025-01-25T10:30:00Z",
                        "metadata": {
                          "agent": "repo-wt1",
                          "issue": 147,
                          "status": "implementing",
                          "stale": false,
                          "ageSeconds": 120,
                          "branch": "alice/147-parser"
                        }
                      },
                      {
                        "id": "esc-1234abcd",
                        "type": "escalation",
                        "title": "⚠ question · #147: Should the parser accept tabs?",
                        "summary": "Should the parser accept tabs?",
                        "timestamp": "2025-01-25T10:25:00Z",
                        "metadata": {
                          "kind": "question",
                          "status": "open",
                          "agent": "repo-wt1",
                          "issue": 147
                        }
                      }
                    ]
                  }
                }
                """);
    }

    @Test
    void withoutABranchEveryAgentIsShown() {
        JsonNode root = parse(ghp.run("agent-status", "--dashboard").out());

        assertGhpShape(root);
        assertThat(root.path("data").path("items").findValuesAsText("id"))
                .containsExactly("agent:repo-wt2", "agent:repo-wt1", "esc-1234abcd");
        assertThat(root.path("data").path("items").get(0).path("summary").asText()).isEqualTo("waits on #147");
    }

    @Test
    void aBranchWithoutAgentsGivesAnEmptySection() {
        JsonNode root = parse(ghp.run("agent-status", "--dashboard", "--branch", "carol/999-docs", "--repo", "acme/app").out());

        assertGhpShape(root);
        assertThat(root.path("success").asBoolean()).isTrue();
        assertThat(root.path("data").path("title").asText()).isEqualTo("Agents · none on this branch");
        assertThat(root.path("data").path("items")).isEmpty();
    }

    @Test
    void failuresAreAnsweredInGhpsShapeSoTheDashboardCanShowThem() {
        CliRunner.Result r = new CliRunner(tmp).run("agent-status", "--dashboard", "--branch", "main", "--repo", "acme/app");

        assertThat(r.exit()).isZero();
        assertThat(parse(r.out())).isEqualTo(parse("{\"success\": false, \"error\": \"not a git repository (or any parent up to /): " + tmp + "\"}"));
        assertThat(r.err()).startsWith("ghp: error: not a git repository");

        CliRunner.Result misuse = ghp.run("agent-status", "--dashboard", "--watch");
        assertThat(parse(misuse.out()).path("success").asBoolean()).isFalse();
    }

    @Test
    void branchAndRepoOnlyGoWithDashboard() {
        CliRunner.Result r = ghp.run("agent-status", "--branch", "main");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--branch and --repo go with --dashboard");
    }
}
