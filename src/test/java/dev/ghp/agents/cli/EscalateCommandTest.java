package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EscalateCommandTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;

    @BeforeEach
    void setUp() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        ghp = new CliRunner(repo.dir()).env("USER", "tester");
    }

    static ObjectNode json(String text) throws Exception {
        return Json.parseObject(text);
    }

    @Test
    void openingPrintsTheIdAndStoresTheRecordOnTheCoordinationRef() throws Exception {
        CliRunner.Result r = ghp.run("agent-escalate", "--agent", "worker-1", "--issue", "147",
                "Should the parser accept tabs?");

        assertThat(r.exit()).as(r.err()).isZero();
        String id = r.out().trim();
        assertThat(id).matches("esc-[0-9a-f]{8}");
        assertThat(r.err()).isEmpty();
        ObjectNode stored = json(repo.showCoordination(".ghp/escalations/" + id + ".json"));
        assertThat(stored.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(stored.get("id").asText()).isEqualTo(id);
        assertThat(stored.get("kind").asText()).isEqualTo("question");
        assertThat(stored.get("status").asText()).isEqualTo("open");
        assertThat(stored.get("message").asText()).isEqualTo("Should the parser accept tabs?");
        assertThat(stored.get("issue").asInt()).isEqualTo(147);
        assertThat(stored.get("agent").asText()).isEqualTo("worker-1");
        assertThat(stored.get("createdAt").asText()).isEqualTo("2025-01-25T10:30:00Z");
        assertThat(repo.git("log", "-1", "--format=%an|%s", "refs/ghp/coordination").trim())
                .isEqualTo("worker-1|escalate " + id + " question by worker-1");
        repo.assertFsckClean();
    }

    @Test
    void openingWithJsonPrintsTheWholeRecord() throws Exception {
        CliRunner.Result r = ghp.run("agent-escalate", "--agent", "w", "--kind", "decision", "--json", "Split", "the", "PR?");
        ObjectNode o = json(r.out());
        assertThat(o.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(o.get("kind").asText()).isEqualTo("decision");
        assertThat(o.get("message").asText()).isEqualTo("Split the PR?");
        assertThat(o.get("issue").isNull()).isTrue();
    }

    @Test
    void theIssueDefaultsToTheAgentsClaim() throws Exception {
        ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "42");
        CliRunner.Result r = ghp.run("agent-escalate", "--agent", "worker-1", "--json", "stuck");
        assertThat(json(r.out()).get("issue").asInt()).isEqualTo(42);
    }

    @Test
    void listShowsOpenOnesByDefaultAndEveryOneWithAll() throws Exception {
        String a = ghp.run("agent-escalate", "--agent", "w1", "first").out().trim();
        String b = ghp.run("agent-escalate", "--agent", "w2", "second").out().trim();
        assertThat(ghp.run("agent-escalate", "--resolve", a, "--answer", "done").exit()).isZero();

        JsonNode open = json(ghp.run("agent-escalate", "--list", "--json").out());
        assertThat(open.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(open.get("escalations")).hasSize(1);
        assertThat(open.get("escalations").get(0).get("id").asText()).isEqualTo(b);

        JsonNode all = json(ghp.run("agent-escalate", "--list", "--all", "--json").out());
        assertThat(all.get("escalations")).hasSize(2);

        CliRunner.Result text = ghp.run("agent-escalate", "--list");
        assertThat(text.out()).contains("ID").contains(b).contains("second").doesNotContain(a).contains("1 escalation open");
    }

    @Test
    void resolvingRecordsTheAnswerWhoAndWhen() throws Exception {
        String id = ghp.run("agent-escalate", "--agent", "w1", "tabs?").out().trim();
        ghp.clock().advance(Duration.ofMinutes(5));

        CliRunner.Result r = ghp.run("agent-escalate", "--resolve", id, "--answer", "yes, tabs", "--by", "alice");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("✓ " + id + " resolved\n");
        ObjectNode stored = json(repo.showCoordination(".ghp/escalations/" + id + ".json"));
        assertThat(stored.get("status").asText()).isEqualTo("resolved");
        assertThat(stored.get("answer").asText()).isEqualTo("yes, tabs");
        assertThat(stored.get("resolvedBy").asText()).isEqualTo("alice");
        assertThat(stored.get("resolvedAt").asText()).isEqualTo("2025-01-25T10:35:00Z");
    }

    @Test
    void resolvingTwiceIsAClearErrorAndChangesNothing() {
        String id = ghp.run("agent-escalate", "--agent", "w1", "tabs?").out().trim();
        ghp.run("agent-escalate", "--resolve", id, "--answer", "yes", "--by", "alice");
        int commits = repo.coordinationCommits();

        CliRunner.Result r = ghp.run("agent-escalate", "--resolve", id, "--answer", "no", "--by", "bob");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("ghp: error: " + id + " was already resolved by alice at 2025-01-25T10:30:00Z (answer: yes)");
        assertThat(repo.coordinationCommits()).isEqualTo(commits);
    }

    @Test
    void badInputIsExitTwoWithOneLineAndNothingWritten() {
        assertBad(ghp.run("agent-escalate", "--resolve", "esc-deadbeef", "--answer", "x"), "no escalation esc-deadbeef");
        assertBad(ghp.run("agent-escalate", "--resolve", "nonsense!", "--answer", "x"), "is not an escalation id");
        assertBad(ghp.run("agent-escalate", "--agent", "w", "   "), "the message is empty");
        assertBad(ghp.run("agent-escalate", "--agent", "w"), "the message is empty");
        assertBad(ghp.run("agent-escalate", "--agent", "w", "--kind", "rant", "hello"), "unknown kind 'rant'");
        assertBad(ghp.run("agent-escalate", "--agent", "w", "x".repeat(4001)), "the limit is 4000");
        assertBad(ghp.run("agent-escalate", "--list", "a message"), "give one of");
        assertBad(ghp.run("agent-escalate", "--answer", "x", "msg"), "go with --resolve");
        assertThat(repo.hasCoordinationRef()).isFalse();
    }

    @Test
    void resolveNeedsAnAnswerAndApprovalsNeedADecision() {
        String q = ghp.run("agent-escalate", "--agent", "w", "q?").out().trim();
        String a = ghp.run("agent-escalate", "--agent", "w", "--kind", "approval", "may I?").out().trim();
        assertBad(ghp.run("agent-escalate", "--resolve", q), "needs --answer");
        assertBad(ghp.run("agent-escalate", "--resolve", q, "--approve"), "--approve and --deny are for approvals");
        assertBad(ghp.run("agent-escalate", "--resolve", a, "--answer", "ok"), "is an approval: resolve it with --approve or --deny");
        assertBad(ghp.run("agent-escalate", "--resolve", a, "--approve", "--deny"), "exclude each other");
        CliRunner.Result ok = ghp.run("agent-escalate", "--resolve", a, "--deny", "--by", "alice", "--json");
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).contains("\"decision\": \"denied\"").contains("\"answer\": \"denied\"");
    }

    @Test
    void agentTextIsNeutralisedInListsAndStatus() {
        ghp.run("agent-escalate", "--agent", "w", "evil \u001b[2J\u001b]0;title\u0007 text");
        String list = ghp.run("agent-escalate", "--list").out();
        String status = ghp.run("agent-status").out();
        assertThat(list).doesNotContain("\u001b").doesNotContain("\u0007").contains("␛[2J");
        assertThat(status).doesNotContain("\u001b").contains("Open escalations (1)").contains("␛[2J");
    }

    @Test
    void showPrintsTheWholeMessage() {
        String id = ghp.run("agent-escalate", "--agent", "w", "line one\nline two").out().trim();
        CliRunner.Result r = ghp.run("agent-escalate", "--show", id);
        assertThat(r.out()).contains(id + " · question · open").contains("  line one\n  line two\n");
    }

    @Test
    void helpShowsExamplesAndExitCodesForEachAuthorityCommand() {
        for (String command : new String[]{"agent-escalate", "agent-guard", "agent-heartbeat", "agent-status"}) {
            CliRunner.Result r = ghp.run(command, "--help");
            assertThat(r.exit()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: ghp " + command).contains("Examples:")
                    .contains("3  refused by an authority rule");
            assertThat(r.out().lines().mapToInt(String::length).max().orElse(0)).as(command).isLessThanOrEqualTo(100);
        }
    }

    private static void assertBad(CliRunner.Result r, String message) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("ghp: error: ").contains(message);
        assertThat(r.out()).isEmpty();
    }
}
