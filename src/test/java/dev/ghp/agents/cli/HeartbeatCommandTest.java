package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HeartbeatCommandTest {
    @TempDir
    Path tmp;

    private GitRepo repo;
    private CliRunner ghp;

    @BeforeEach
    void init() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        ghp = new CliRunner(repo.dir());
    }

    private JsonNode agentOnRef(String name) throws Exception {
        return Json.parseObject(repo.showCoordination(".ghp/agent-status.json")).path("agents").path(name);
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = ghp.run(args);
        assertThat(r.exit()).as("exit of %s; stderr: %s", List.of(args), r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return r;
    }

    @Test
    void heartbeatWritesSeedFormatOnTheCoordinationRefAndNothingElse() {
        String headBefore = repo.git("rev-parse", "HEAD");

        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147",
                "--status", "implementing", "--action", "wrote the parser");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(repo.showCoordination(".ghp/agent-status.json")).isEqualTo("""
                {
                  "schemaVersion": 1,
                  "agents": {
                    "worker-1": {
                      "issue": 147,
                      "status": "implementing",
                      "lastAction": "wrote the parser",
                      "timestamp": "2025-01-25T10:30:00Z",
                      "branch": "main",
                      "worktree": "%s"
                    }
                  }
                }
                """.formatted(repo.dir()));
        assertThat(repo.git("log", "-1", "--format=%an|%s", "refs/ghp/coordination").trim())
                .isEqualTo("worker-1|heartbeat worker-1 #147 implementing");
        assertThat(repo.git("rev-parse", "HEAD")).isEqualTo(headBefore);
        assertThat(repo.git("status", "--porcelain")).isEmpty();
        assertThat(repo.git("branch", "--list").trim()).isEqualTo("* main");
        repo.assertFsckClean();
    }

    @Test
    void anArgumentStartingWithAtIsTakenLiterallyNotAsAFileOfArguments() throws Exception {
        // Picocli's @file expansion would replace "@notes.md" by the file's lines, here an option
        // that releases every claim: an agent's note must never become command-line options.
        // In-process the file is named absolutely: Picocli resolves it against the JVM's directory.
        Path notes = Files.writeString(repo.dir().resolve("notes.md"), "fixed it\n--no-files\n--status\ndone\n");
        ok("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "implementing", "--files", "src/a.txt");

        ok("agent-heartbeat", "--agent", "worker-1", "--action", "@" + notes);

        JsonNode entry = agentOnRef("worker-1");
        assertThat(entry.path("lastAction").asText()).isEqualTo("@" + notes);
        assertThat(entry.path("status").asText()).isEqualTo("implementing");
        assertThat(entry.path("files").toString()).contains("src/a.txt");
    }

    @Test
    void theTextOutputIsOneConfirmationLine() {
        CliRunner.Result r = ok("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "testing");

        assertThat(r.out()).isEqualTo("✓ worker-1 · #147 · testing (" + repo.coordinationTip().substring(0, 7) + ")\n");
    }

    @Test
    void fieldsNotGivenKeepTheirPreviousValues() throws Exception {
        ok("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "implementing", "--action", "parser");
        ghp.clock().advance(Duration.ofMinutes(3));

        ok("agent-heartbeat", "--agent", "worker-1", "--status", "testing");

        JsonNode a = agentOnRef("worker-1");
        assertThat(a.path("issue").asInt()).isEqualTo(147);
        assertThat(a.path("status").asText()).isEqualTo("testing");
        assertThat(a.path("lastAction").asText()).isEqualTo("parser");
        assertThat(a.path("timestamp").asText()).isEqualTo("2025-01-25T10:33:00Z");
    }

    @Test
    void aBareHeartbeatRefreshesOnlyTheTimestamp() throws Exception {
        ok("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "implementing", "--action", "parser");
        JsonNode before = agentOnRef("worker-1");
        ghp.clock().advance(Duration.ofSeconds(75));

        ok("agent-heartbeat", "--agent", "worker-1");

        ObjectNode after = (ObjectNode) agentOnRef("worker-1").deepCopy();
        assertThat(after.remove("timestamp").asText()).isEqualTo("2025-01-25T10:31:15Z");
        ((ObjectNode) before).remove("timestamp");
        assertThat(after).isEqualTo(before);
        assertThat(repo.coordinationCommits()).isEqualTo(2);
    }

    @Test
    void theSameHeartbeatInTheSameSecondMakesNoCommit() {
        ok("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "testing");
        String tip = repo.coordinationTip();

        CliRunner.Result r = ok("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "testing");

        assertThat(repo.coordinationTip()).isEqualTo(tip);
        assertThat(r.out()).contains("(unchanged)");
    }

    @Test
    void quietPrintsNothingAtAll() {
        CliRunner.Result r = ok("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--quiet");
        CliRunner.Result withJson = ok("agent-heartbeat", "--agent", "worker-1", "-q", "--json", "--status", "testing");
        CliRunner.Result signOff = ok("agent-heartbeat", "--agent", "worker-1", "--sign-off", "--quiet");

        assertThat(r.out()).isEmpty();
        assertThat(withJson.out()).isEmpty();
        assertThat(signOff.out()).isEmpty();
        assertThat(repo.coordinationCommits()).isEqualTo(3);
    }

    @Test
    void jsonReportsTheAgentTheCommitAndTheRecord() throws Exception {
        CliRunner.Result r = ok("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "blocked",
                "--blocked-on", "worker-2", "--action", "waiting for the API", "--json");

        ObjectNode o = Json.parseObject(r.out());
        assertThat(o.fieldNames()).toIterable().containsExactly("schemaVersion", "agent", "committed", "commit",
                "attempts", "lockWaitMillis", "prunedCommits", "record");
        assertThat(o.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(o.path("agent").asText()).isEqualTo("worker-1");
        assertThat(o.path("committed").asBoolean()).isTrue();
        assertThat(o.path("commit").asText()).isEqualTo(repo.coordinationTip());
        assertThat(o.path("record")).isEqualTo(agentOnRef("worker-1"));
        assertThat(o.path("record").path("blockedOn").asText()).isEqualTo("worker-2");
        assertThat(r.out()).startsWith("{\n  \"schemaVersion\": 1,\n").endsWith("}\n");
    }

    @Test
    void blockedOnAnIssueImpliesBlockedAndNamesItInTheCommit() throws Exception {
        ok("agent-heartbeat", "--agent", "worker-2", "--issue", "150", "--blocked-on", "147");

        assertThat(agentOnRef("worker-2").path("status").asText()).isEqualTo("blocked");
        assertThat(agentOnRef("worker-2").path("blockedOn").asText()).isEqualTo("#147");
        assertThat(repo.git("log", "-1", "--format=%s", "refs/ghp/coordination").trim())
                .isEqualTo("heartbeat worker-2 #150 blocked on #147");
    }

    @Test
    void leavingBlockedClearsBlockedOn() throws Exception {
        ok("agent-heartbeat", "--agent", "worker-2", "--issue", "150", "--blocked-on", "147");

        ok("agent-heartbeat", "--agent", "worker-2", "--status", "implementing");

        assertThat(agentOnRef("worker-2").has("blockedOn")).isFalse();
    }

    @Test
    void signOffRemovesOnlyThatAgentsEntry() throws Exception {
        ok("agent-heartbeat", "--agent", "worker-1", "--issue", "147");
        ok("agent-heartbeat", "--agent", "worker-2", "--issue", "150");

        CliRunner.Result r = ok("agent-heartbeat", "--agent", "worker-1", "--sign-off");

        assertThat(r.out()).isEqualTo("✓ worker-1 signed off\n");
        assertThat(Json.parseObject(repo.showCoordination(".ghp/agent-status.json")).path("agents").fieldNames())
                .toIterable().containsExactly("worker-2");
        assertThat(repo.git("log", "-1", "--format=%an|%s", "refs/ghp/coordination").trim()).isEqualTo("worker-1|sign-off worker-1");
    }

    @Test
    void signingOffAnAgentWithoutAnEntryWritesNothing() throws Exception {
        ok("agent-heartbeat", "--agent", "worker-2", "--issue", "150");
        String tip = repo.coordinationTip();

        CliRunner.Result text = ok("agent-heartbeat", "--agent", "nobody", "--sign-off");
        CliRunner.Result json = ok("agent-heartbeat", "--agent", "nobody", "--sign-off", "--json");

        assertThat(repo.coordinationTip()).isEqualTo(tip);
        assertThat(text.out()).contains("nobody").contains("nothing to sign off");
        ObjectNode o = Json.parseObject(json.out());
        assertThat(o.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(o.path("agent").asText()).isEqualTo("nobody");
        assertThat(o.path("signedOff").asBoolean()).isFalse();
        assertThat(o.path("commit").asText()).isEqualTo(tip);
    }

    @Test
    void signOffJsonSaysItSignedOff() throws Exception {
        ok("agent-heartbeat", "--agent", "worker-1", "--issue", "147");

        ObjectNode o = Json.parseObject(ok("agent-heartbeat", "--agent", "worker-1", "--sign-off", "--json").out());

        assertThat(o.path("signedOff").asBoolean()).isTrue();
        assertThat(o.path("commit").asText()).isEqualTo(repo.coordinationTip());
    }

    @Test
    void theAgentIsNamedByGhpAgentWhenThereIsNoFlag() throws Exception {
        ghp.env("GHP_AGENT", "from-env");

        ok("agent-heartbeat", "--issue", "147");
        ok("agent-heartbeat", "--agent", "from-flag", "--issue", "148");

        assertThat(agentOnRef("from-env").path("issue").asInt()).isEqualTo(147);
        assertThat(agentOnRef("from-flag").path("issue").asInt()).isEqualTo(148);
    }

    @Test
    void ghpsSpawnContextNamesTheAgentAndGivesItsIssue() throws Exception {
        ghp.env("GHP_SPAWN_CONTEXT", """
                {"action": "spawn_subagent", "workingDirectory": "/home/me/repo-worker-147",
                 "issue": {"number": 147, "title": "Parser"}, "branch": "me/147-parser",
                 "repository": {"owner": "o", "name": "r", "mainBranch": "main"}}
                """);

        ok("agent-heartbeat", "--status", "planning");

        assertThat(agentOnRef("repo-worker-147").path("issue").asInt()).isEqualTo(147);
        assertThat(agentOnRef("repo-worker-147").path("status").asText()).isEqualTo("planning");
    }

    @Test
    void withoutAnyNameTheWorktreeNamesTheAgentAndTheBranchGivesTheIssue() throws Exception {
        repo.git("checkout", "-q", "-b", "me/147-parser");

        ok("agent-heartbeat");

        JsonNode a = agentOnRef("repo");
        assertThat(a.path("issue").asInt()).isEqualTo(147);
        assertThat(a.path("status").asText()).isEqualTo("starting");
        assertThat(a.path("branch").asText()).isEqualTo("me/147-parser");
    }

    @Test
    void theIssueFlagBeatsTheSpawnContextWhichBeatsTheBranch() throws Exception {
        repo.git("checkout", "-q", "-b", "me/300-other");
        ghp.env("GHP_SPAWN_CONTEXT", "{\"issue\": {\"number\": 200}}");

        ok("agent-heartbeat", "--agent", "flagged", "--issue", "100");
        ok("agent-heartbeat", "--agent", "spawned");
        ghp.env("GHP_SPAWN_CONTEXT", null);
        ok("agent-heartbeat", "--agent", "branched");

        assertThat(agentOnRef("flagged").path("issue").asInt()).isEqualTo(100);
        assertThat(agentOnRef("spawned").path("issue").asInt()).isEqualTo(200);
        assertThat(agentOnRef("branched").path("issue").asInt()).isEqualTo(300);
    }

    @Test
    void aHeartbeatFromALinkedWorktreeRecordsItsBranchAndPathAndIsVisibleFromTheMainWorktree() throws Exception {
        GitRepo linked = repo.addWorktree("repo-147", "me/147-parser");

        CliRunner.Result r = new CliRunner(linked.dir()).run("agent-heartbeat", "--status", "implementing");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode a = agentOnRef("repo-147");
        assertThat(a.path("issue").asInt()).isEqualTo(147);
        assertThat(a.path("branch").asText()).isEqualTo("me/147-parser");
        assertThat(a.path("worktree").asText()).isEqualTo(linked.dir().toString());
        assertThat(ok("agent-status").out()).contains("repo-147").contains("#147");
        assertThat(linked.git("status", "--porcelain")).isEmpty();
    }

    @Test
    void aHeartbeatFromASubdirectoryRecordsTheWorktreeRoot() throws Exception {
        Path sub = Files.createDirectories(repo.dir().resolve("src/deep"));

        CliRunner.Result r = ghp.in(sub).run("agent-heartbeat", "--agent", "w");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(agentOnRef("w").path("worktree").asText()).isEqualTo(repo.dir().toString());
    }

    @Test
    void dashCRunsAsIfStartedThere() throws Exception {
        CliRunner.Result r = new CliRunner(tmp).run("agent-heartbeat", "-C", "repo", "--agent", "w");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(agentOnRef("w").path("branch").asText()).isEqualTo("main");
    }

    @Test
    void aHeartbeatInARepositoryWithoutCommitsWorks() throws Exception {
        GitRepo empty = GitRepo.init(tmp, "empty");

        CliRunner.Result r = new CliRunner(empty.dir()).run("agent-heartbeat", "--agent", "w", "--issue", "1");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Json.parseObject(empty.showCoordination(".ghp/agent-status.json")).at("/agents/w/branch").asText())
                .isEqualTo("main");
        assertThat(empty.run("rev-parse", "-q", "--verify", "HEAD").exit()).isNotZero();
        empty.assertFsckClean();
    }

    @Test
    void untrustedActionTextIsStoredAsGivenAndOutputStaysClean() throws Exception {
        String action = "done\u001b[2J\u001b]0;pwned\u0007 · 日本語 🚀";

        CliRunner.Result r = ok("agent-heartbeat", "--agent", "w", "--action", action);

        assertThat(agentOnRef("w").path("lastAction").asText()).isEqualTo(action);
        assertThat(r.out()).doesNotContain("\u001b");
        assertThat(ok("agent-status").out()).doesNotContain("\u001b").contains("done␛[2J␛]0;pwned␇ · 日本語 🚀");
    }

    static List<List<String>> badInput() {
        return List.of(
                List.of("--issue", "abc"),
                List.of("--issue", "0"),
                List.of("--issue", "-3"),
                List.of("--issue", "1.5"),
                List.of("--issue", ""),
                List.of("--status", "working"),
                List.of("--status", ""),
                List.of("--agent", "bad name"),
                List.of("--agent", "x".repeat(65)),
                List.of("--agent", "esc\u001b[31m"),
                List.of("--action", "x".repeat(501)),
                List.of("--blocked-on", "two words"),
                List.of("--blocked-on", "0"),
                List.of("--blocked-on", "150", "--status", "implementing"),
                List.of("--sign-off", "--status", "done"),
                List.of("--no-such-option"),
                List.of("--issue"),
                List.of("stray-argument"));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void badInputIsRefusedWithExitTwoAndOneLineAndNothingIsWritten(List<String> bad) {
        ok("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "testing");
        String tip = repo.coordinationTip();
        ghp.clock().advance(Duration.ofMinutes(1));
        List<String> args = new java.util.ArrayList<>(List.of("agent-heartbeat"));
        if (!bad.contains("--agent")) {
            args.addAll(List.of("--agent", "worker-1"));
        }
        args.addAll(bad);

        CliRunner.Result r = ghp.run(args.toArray(String[]::new));

        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        List<String> lines = r.err().lines().toList();
        assertThat(lines).isNotEmpty().hasSizeLessThanOrEqualTo(2);
        assertThat(lines.get(0)).startsWith("ghp: error: ").doesNotContain("\u001b");
        if (lines.size() == 2) {
            assertThat(lines.get(1)).startsWith("hint: ");
        }
        assertThat(repo.coordinationTip()).isEqualTo(tip);
    }

    @Test
    void aSpawnContextThatIsNotJsonIsRefusedWithExitTwo() {
        ghp.env("GHP_SPAWN_CONTEXT", "{oops");

        CliRunner.Result r = ghp.run("agent-heartbeat");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("ghp: error: GHP_SPAWN_CONTEXT");
        assertThat(repo.hasCoordinationRef()).isFalse();
    }

    @Test
    void outsideAGitRepositoryItExitsFiveWithOneErrorLine() throws Exception {
        Path nowhere = Files.createDirectories(tmp.resolve("not-a-repo"));

        CliRunner.Result r = new CliRunner(nowhere).run("agent-heartbeat", "--agent", "w", "--issue", "1");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().filter(l -> l.startsWith("ghp: error: "))).hasSize(1);
        assertThat(r.err()).contains("not a git repository").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void corruptStateIsRefusedWithExitFiveAndLeftAsItWas() {
        String planted = repo.commitToCoordination(".ghp/agent-status.json", "{\"agents\": {", "broken");

        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "w", "--issue", "1");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err()).startsWith("ghp: error: ").contains("corrupt")
                .contains("hint: look at it with: git show refs/ghp/coordination:.ghp/agent-status.json");
        assertThat(repo.coordinationTip()).isEqualTo(planted);
    }

    @Test
    void aNewerSchemaIsRefusedWithExitFiveAndLeftAsItWas() {
        String planted = repo.commitToCoordination(".ghp/agent-status.json", "{\"schemaVersion\": 2, \"agents\": {}}", "newer");

        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "w");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err()).contains("schemaVersion 2").contains("upgrade");
        assertThat(repo.coordinationTip()).isEqualTo(planted);
    }

    @Test
    void unknownFieldsWrittenByANewerToolSurviveAHeartbeat() throws Exception {
        repo.commitToCoordination(".ghp/agent-status.json", """
                {"schemaVersion": 1, "agents": {"worker-1": {"issue": 147, "status": "testing", "lastAction": "x",
                 "timestamp": "2025-01-25T10:00:00Z", "model": "opus", "tokens": 1234}}, "lease": {"holder": "h"}}
                """, "newer tool");

        ok("agent-heartbeat", "--agent", "worker-1", "--status", "reviewing");

        ObjectNode doc = Json.parseObject(repo.showCoordination(".ghp/agent-status.json"));
        assertThat(doc.at("/lease/holder").asText()).isEqualTo("h");
        assertThat(doc.at("/agents/worker-1/model").asText()).isEqualTo("opus");
        assertThat(doc.at("/agents/worker-1/tokens").asInt()).isEqualTo(1234);
        assertThat(doc.at("/agents/worker-1/status").asText()).isEqualTo("reviewing");
    }

    @Test
    void aStatusWrittenByAnotherToolReachesTheCommitMessageNeutralised() {
        repo.commitToCoordination(".ghp/agent-status.json",
                "{\"agents\": {\"w\": {\"status\": \"odd\\u001b[2J\", \"lastAction\": \"x\", \"timestamp\": \"2025-01-25T10:29:00Z\"}}}",
                "hand-written");

        assertThat(ghp.run("agent-heartbeat", "--agent", "w").exit()).isZero();

        String subject = repo.git("log", "-1", "--format=%s", "refs/ghp/coordination").trim();
        assertThat(subject).doesNotContain("\u001b").isEqualTo("heartbeat w odd\u241b[2J");
    }
}
