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

class StatusCommandTest {
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

    private CliRunner.Result run(int expectedExit, String... args) {
        CliRunner.Result r = ghp.run(args);
        assertThat(r.exit()).as("exit of %s; stderr: %s", List.of(args), r.err()).isEqualTo(expectedExit);
        return r;
    }

    /** The exit code of {@code ghp ARGS}, for tests about exit codes alone. */
    private int exitOf(String... args) {
        return ghp.run(args).exit();
    }

    private void heartbeat(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "agent-heartbeat";
        System.arraycopy(args, 0, all, 1, args.length);
        run(0, all);
    }

    private void writeConfig(Path root, String json) throws Exception {
        Files.createDirectories(root.resolve(".ghp"));
        Files.writeString(root.resolve(".ghp/config.json"), json);
    }

    /** worker-1 reports at 10:30, worker-2 at 10:34 (blocked), worker-3 is done at 10:20; the clock then reads 10:42. */
    private void threeAgentsAndTwelveMinutesLater() {
        ghp.clock().set(java.time.Instant.parse("2025-01-25T10:20:00Z"));
        heartbeat("--agent", "worker-3", "--issue", "140", "--status", "done", "--action", "merged");
        ghp.clock().set(java.time.Instant.parse("2025-01-25T10:30:00Z"));
        heartbeat("--agent", "worker-1", "--issue", "147", "--status", "implementing", "--action", "wrote the parser");
        ghp.clock().set(java.time.Instant.parse("2025-01-25T10:34:00Z"));
        heartbeat("--agent", "worker-2", "--issue", "150", "--blocked-on", "147", "--action", "needs the parser");
        ghp.clock().set(java.time.Instant.parse("2025-01-25T10:42:00Z"));
    }

    @Test
    void withNoAgentsItSaysHowToReport() {
        CliRunner.Result r = run(0, "agent-status");

        assertThat(r.out()).startsWith("No agents have reported yet.");
        assertThat(r.err()).isEmpty();
        assertThat(repo.hasCoordinationRef()).isFalse();
    }

    @Test
    void theTableShowsEveryAgentWithStaleOnesMarkedAndFirst() {
        threeAgentsAndTwelveMinutesLater();

        CliRunner.Result r = run(0, "agent-status");

        assertThat(r.out()).isEqualTo("""
                AGENT     ISSUE  STATUS                SEEN     LAST ACTION
                worker-1  #147   ⚠ STALE implementing  12m ago  wrote the parser
                worker-2  #150   ◆ blocked             8m ago   waits on #147 (stale) · needs the parser
                worker-3  #140   ✓ done                22m ago  merged
                3 agents · 1 stale (silent over 10m) · 1 blocked · 1 done
                """);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonHasTheDocumentedShape() throws Exception {
        threeAgentsAndTwelveMinutesLater();

        CliRunner.Result r = run(0, "agent-status", "--json");

        ObjectNode o = Json.parseObject(r.out());
        assertThat(o.fieldNames()).toIterable().containsExactly("schemaVersion", "generatedAt", "staleAfterSeconds", "waitingStaleAfterSeconds", "agents",
                "cycles", "escalations", "sync");
        assertThat(o.path("sync").isNull()).as("no remote to sync with").isTrue();
        assertThat(o.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(o.path("generatedAt").asText()).isEqualTo("2025-01-25T10:42:00Z");
        assertThat(o.path("staleAfterSeconds").asLong()).isEqualTo(600);
        assertThat(o.path("waitingStaleAfterSeconds").asLong()).isEqualTo(14400);
        assertThat(o.path("agents").fieldNames()).toIterable().containsExactly("worker-1", "worker-2", "worker-3");
        JsonNode w1 = o.path("agents").path("worker-1");
        assertThat(w1.fieldNames()).toIterable()
                .containsSubsequence("issue", "status", "lastAction", "timestamp")
                .contains("stale", "ageSeconds", "branch", "worktree");
        assertThat(w1.path("issue").asInt()).isEqualTo(147);
        assertThat(w1.path("status").asText()).isEqualTo("implementing");
        assertThat(w1.path("lastAction").asText()).isEqualTo("wrote the parser");
        assertThat(w1.path("timestamp").asText()).isEqualTo("2025-01-25T10:30:00Z");
        assertThat(w1.path("stale").isBoolean()).isTrue();
        assertThat(w1.path("stale").asBoolean()).isTrue();
        assertThat(w1.path("ageSeconds").asLong()).isEqualTo(720);
        JsonNode w2 = o.path("agents").path("worker-2");
        assertThat(w2.path("stale").asBoolean()).isFalse();
        assertThat(w2.path("blockedOn").asText()).isEqualTo("#147");
        assertThat(o.path("agents").path("worker-3").path("stale").asBoolean()).isFalse();
        assertThat(r.out()).startsWith("{\n  \"schemaVersion\": 1,\n");
    }

    @Test
    void jsonWithNoAgentsIsAnEmptyObject() throws Exception {
        ObjectNode o = Json.parseObject(run(0, "agent-status", "--json").out());

        assertThat(o.path("agents").isObject()).isTrue();
        assertThat(o.path("agents").size()).isZero();
    }

    @Test
    void checkExitsFourWhenAnAgentIsStaleAndZeroOtherwise() {
        threeAgentsAndTwelveMinutesLater();

        assertThat(exitOf("agent-status", "--check")).isEqualTo(4);
        assertThat(exitOf("agent-status", "--check", "--stale-after", "15m")).isEqualTo(0);
        assertThat(exitOf("agent-status", "--check", "--json")).isEqualTo(4);
        assertThat(exitOf("agent-status", "--check", "--agent", "worker-2")).isEqualTo(0);
    }

    @Test
    void aDoneAgentIsNeverStale() {
        heartbeat("--agent", "w", "--status", "done");
        ghp.clock().advance(Duration.ofDays(30));

        assertThat(exitOf("agent-status", "--check")).isEqualTo(0);
    }

    @Test
    void theAgentAndIssueFiltersShowOnlyWhatMatches() throws Exception {
        threeAgentsAndTwelveMinutesLater();

        ObjectNode byAgent = Json.parseObject(run(0, "agent-status", "--agent", "worker-2", "--json").out());
        ObjectNode byIssue = Json.parseObject(run(0, "agent-status", "--issue", "#147", "--json").out());
        String table = run(0, "agent-status", "--issue", "140").out();

        assertThat(byAgent.path("agents").fieldNames()).toIterable().containsExactly("worker-2");
        assertThat(byIssue.path("agents").fieldNames()).toIterable().containsExactly("worker-1");
        assertThat(table).contains("worker-3").doesNotContain("worker-1").doesNotContain("worker-2")
                .contains("1 agent ·");
    }

    @Test
    void badFiltersAreRefusedWithExitTwo() {
        assertThat(run(2, "agent-status", "--issue", "zero").err()).startsWith("ghp: error: --issue");
        assertThat(run(2, "agent-status", "--agent", "no such/agent").err()).startsWith("ghp: error: --agent");
        assertThat(run(2, "agent-status", "--stale-after", "soon").err()).startsWith("ghp: error: --stale-after");
        assertThat(run(2, "agent-status", "--watch", "0").err()).startsWith("ghp: error: --watch");
        assertThat(run(2, "agent-status", "--watch", "1", "--json").err()).startsWith("ghp: error: --watch");
    }

    @Test
    void theStaleLimitIsTheFlagThenTheEnvironmentThenTheConfigThenTenMinutes() throws Exception {
        heartbeat("--agent", "w", "--status", "testing");
        ghp.clock().advance(Duration.ofMinutes(5));

        assertThat(exitOf("agent-status", "--check")).as("10m default").isEqualTo(0);
        writeConfig(repo.dir(), "{\"agents\": {\"staleAfter\": \"2m\"}}");
        assertThat(exitOf("agent-status", "--check")).as("config 2m").isEqualTo(4);
        ghp.env("GHP_STALE_AFTER", "20m");
        assertThat(exitOf("agent-status", "--check")).as("environment 20m over config").isEqualTo(0);
        assertThat(exitOf("agent-status", "--check", "--stale-after", "90s")).as("flag over environment").isEqualTo(4);
        ghp.env("GHP_STALE_AFTER", null);
        writeConfig(repo.dir(), "{\"agents\": {\"staleAfter\": \"1h\"}}");
        assertThat(exitOf("agent-status", "--check")).as("config 1h").isEqualTo(0);
        assertThat(exitOf("agent-status", "--check", "--stale-after", "4m")).as("flag over config").isEqualTo(4);
    }

    @Test
    void theStaleLimitInUseIsReported() throws Exception {
        heartbeat("--agent", "w");
        writeConfig(repo.dir(), "{\"agents\": {\"staleAfter\": \"1h\"}}");

        assertThat(run(0, "agent-status").out()).contains("silent over 1h");
        assertThat(Json.parseObject(run(0, "agent-status", "--json", "--stale-after", "90s").out())
                .path("staleAfterSeconds").asLong()).isEqualTo(90);
    }

    @Test
    void theConfigIsReadFromTheMainWorktreeAlsoFromALinkedOne() throws Exception {
        GitRepo linked = repo.addWorktree("repo-2", "two");
        writeConfig(repo.dir(), "{\"agents\": {\"staleAfter\": \"1m\"}, \"ghpOwnKey\": {\"kept\": true}}");
        heartbeat("--agent", "w");
        ghp.clock().advance(Duration.ofMinutes(2));

        CliRunner.Result r = ghp.in(linked.dir()).run("agent-status", "--check");

        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.out()).contains("silent over 1m");
    }

    @Test
    void aBadStaleLimitInTheEnvironmentOrConfigIsRefusedWithExitTwo() throws Exception {
        heartbeat("--agent", "w");

        ghp.env("GHP_STALE_AFTER", "ten");
        assertThat(run(2, "agent-status").err()).contains("GHP_STALE_AFTER");
        ghp.env("GHP_STALE_AFTER", null);
        writeConfig(repo.dir(), "{\"agents\": {\"staleAfter\": \"ten\"}}");
        assertThat(run(2, "agent-status").err()).contains("staleAfter");
        run(0, "agent-status", "--stale-after", "5m");
    }

    @Test
    void aConfigThatIsNotJsonIsBadInputLikeABadValueInIt() throws Exception {
        writeConfig(repo.dir(), "{ nope");

        CliRunner.Result r = run(2, "agent-status");

        assertThat(r.err()).startsWith("ghp: error: ").contains("config.json");
    }

    @Test
    void textFromAgentsIsNeutralisedInTheTable() {
        heartbeat("--agent", "w", "--action", "\u001b[2J\u001b[1;1Hall clear\u001b]52;c;cGF5bG9hZA==\u0007\r\nnext");

        CliRunner.Result r = run(0, "agent-status");

        assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\r");
        assertThat(r.out().lines()).hasSize(3);
    }

    @Test
    void aHandWrittenRecordWithAnEscapeInItsNameIsNeutralisedToo() {
        repo.commitToCoordination(".ghp/agent-status.json",
                "{\"agents\": {\"evil\\u001b[31m\": {\"status\": \"testing\\u202e\", \"lastAction\": \"x\", \"timestamp\": \"2025-01-25T10:30:00Z\"}}}",
                "hand-written");

        CliRunner.Result r = run(0, "agent-status");

        assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\u202e").contains("evil␛[31m");
    }

    @Test
    void onATerminalTheLastActionIsCutToTheWidthAndColourFollowsNoColor() {
        heartbeat("--agent", "w", "--issue", "1", "--action", "x".repeat(300));
        ghp.terminal(true).env("COLUMNS", "60");

        String plain = run(0, "agent-status").out();
        ghp.env("NO_COLOR", null);
        String coloured = run(0, "agent-status").out();

        assertThat(plain.lines().toList().get(1)).hasSize(60).endsWith("…");
        assertThat(plain).doesNotContain("\u001b");
        assertThat(coloured).contains("\u001b[1m");
    }

    @Test
    void toAPipeNothingIsCutAndThereIsNoColour() {
        heartbeat("--agent", "w", "--issue", "1", "--action", "x".repeat(300));
        ghp.env("NO_COLOR", null).env("COLUMNS", "60");

        String out = run(0, "agent-status").out();

        assertThat(out).contains("x".repeat(300)).doesNotContain("\u001b");
    }

    @Test
    void corruptStateIsExitFiveWithAHint() {
        repo.commitToCoordination(".ghp/agent-status.json", "[]", "broken");

        CliRunner.Result r = run(5, "agent-status");

        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).containsExactly(
                "ghp: error: the coordination state is corrupt: .ghp/agent-status.json is not a JSON object (nothing was written)",
                "hint: look at it with: git show refs/ghp/coordination:.ghp/agent-status.json");
    }

    @Test
    void outsideAGitRepositoryItExitsFiveWithOneErrorLine() throws Exception {
        Path nowhere = Files.createDirectories(tmp.resolve("plain-dir"));

        CliRunner.Result r = new CliRunner(nowhere).run("agent-status");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.out()).isEmpty();
        List<String> lines = r.err().lines().toList();
        assertThat(lines.get(0)).startsWith("ghp: error: not a git repository");
        assertThat(lines).hasSizeLessThanOrEqualTo(2);
        assertThat(lines.stream().skip(1)).allMatch(l -> l.startsWith("hint: "));
    }

    @Test
    void anAgentInALinkedWorktreeIsSeenFromTheMainOneAndViceVersa() {
        GitRepo linked = repo.addWorktree("repo-150", "me/150-api");
        new CliRunner(linked.dir()).run("agent-heartbeat", "--status", "testing");
        heartbeat("--agent", "main-agent");

        assertThat(run(0, "agent-status").out()).contains("repo-150").contains("#150").contains("main-agent");
        assertThat(new CliRunner(linked.dir()).run("agent-status").out()).contains("repo-150").contains("main-agent");
    }

    @Test
    void statusWritesNothing() {
        heartbeat("--agent", "w");
        String tip = repo.coordinationTip();
        ghp.clock().advance(Duration.ofHours(2));

        run(4, "agent-status", "--check");

        assertThat(repo.coordinationTip()).isEqualTo(tip);
    }

    @Test
    void filtersThatMatchNoAgentSaySoRatherThanThatNobodyReported() throws Exception {
        threeAgentsAndTwelveMinutesLater();

        CliRunner.Result byAgent = run(0, "agent-status", "--agent", "nobody");
        CliRunner.Result byIssue = run(0, "agent-status", "--issue", "999");

        assertThat(byAgent.out()).doesNotContain("No agents have reported yet").contains("nobody").contains("3 agents");
        assertThat(byIssue.out()).doesNotContain("No agents have reported yet").contains("#999");
        assertThat(Json.parseObject(run(0, "agent-status", "--agent", "nobody", "--json").out()).path("agents").size()).isZero();
    }

    @Test
    void checkAnswersOnceAndDoesNotGoWithWatch() {
        heartbeat("--agent", "w");

        assertThat(run(2, "agent-status", "--check", "--watch", "1").err()).contains("--check").contains("--watch");
    }
}
