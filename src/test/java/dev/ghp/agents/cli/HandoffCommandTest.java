package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.GitRefStore;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandoffCommandTest {
    @TempDir
    Path tmp;
    GitRepo main;
    GitRepo wt;
    CliRunner ghp;

    /** Agent "a" on issue 4, working on branch a/4-parser in a linked worktree with one commit. */
    @BeforeEach
    void agentAtWork() {
        main = GitRepo.init(tmp, "repo");
        main.commitFile("README.md", "hello\n");
        wt = main.addWorktree("wt-a", "a/4-parser");
        wt.commitFile("src/Parser.java", "class Parser {}\n");
        ghp = new CliRunner(wt.dir());
        ok(ghp.run("agent-heartbeat", "--agent", "a", "--issue", "4", "--status", "implementing", "--action", "wrote the parser"));
    }

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    /** Changes the record the way another tool (claims, escalations) would, in one commit. */
    private void seed(UnaryOperator<StatusDocument> edit, Map<String, byte[]> files) {
        RepoContext rc = RepoLocator.open(main.dir());
        try {
            new GitRefStore(rc.repository(), Clock.systemUTC()).update(s -> {
                Change c = Change.of("seed", "test").putStatus(edit.apply(s.status()));
                files.forEach(c::put);
                return c;
            });
        } finally {
            rc.repository().close();
        }
    }

    private void giveFiles(String agent, List<String> files, List<String> pending) {
        seed(doc -> doc.withAgent(agent, doc.agents().get(agent).toBuilder().files(files).pendingFiles(pending)
                .extra(Map.of("model", JsonNodeFactory.instance.textNode("opus"))).build()), Map.of());
    }

    private ObjectNode status() throws IOException {
        return Json.parseObject(main.showCoordination(".ghp/agent-status.json"));
    }

    private String onlyHandoffPath() {
        String names = main.git("ls-tree", "--name-only", "refs/ghp/coordination", ".ghp/handoffs/");
        assertThat(names.lines()).hasSize(1);
        return names.trim();
    }

    @Test
    void handoffToASuccessorStoresTheDocumentAndMovesTheClaimsInOneCommit() throws IOException {
        giveFiles("a", List.of("src/**"), List.of("pom.xml"));
        int before = main.coordinationCommits();

        CliRunner.Result r = ok(ghp.run("agent-handoff", "--agent", "a", "--to", "b", "--note", "lexer next; tests are flaky"));

        assertThat(main.coordinationCommits()).isEqualTo(before + 1);
        String path = onlyHandoffPath();
        assertThat(path).isEqualTo(".ghp/handoffs/4-a-20250125T103000Z.md");
        List<String> changed = main.git("show", "--name-only", "--format=%an|%s", "refs/ghp/coordination").trim()
                .lines().toList();
        assertThat(changed.subList(0, 3)).containsExactly("a|handoff a #4 to b", "", ".ghp/agent-status.json");
        assertThat(changed.subList(3, 5)).as("the decisions about a and b, in the same commit (#21)")
                .allSatisfy(f -> assertThat(f).matches("\\.ghp/decisions/dec-[0-9a-f]{12}\\.json"));
        assertThat(changed.get(5)).isEqualTo(path);
        assertThat(changed.subList(6, changed.size())).as("b's handoff notice, in the same commit").singleElement()
                .satisfies(f -> assertThat(f).matches("\\.ghp/inbox/b/msg-[0-9a-f]{21}\\.json"));
        assertThat(main.showCoordination(path)).isEqualTo(r.out());
        assertThat(r.out())
                .contains("From **a** to **b**")
                .contains("> lexer next; tests are flaky")
                .contains("- Branch: `a/4-parser`")
                .contains("- 1 commit ahead of `main`")
                .contains("add src/Parser.java")
                .contains("- `src/Parser.java` (added) +1 −0")
                .contains("- File claims: `src/**` (moved to b)")
                .contains("- Waiting for approval: `pom.xml` (moved to b)");
        assertThat(r.err()).isEqualTo("✓ handoff of #4 by a stored as " + path + " ("
                + main.git("rev-parse", "--short=7", "refs/ghp/coordination").trim() + "); #4 and 1 file claim now with b\n");

        JsonNode agents = status().get("agents");
        assertThat(agents.get("a").get("issue").isNull()).isTrue();
        assertThat(agents.get("a").get("status").asText()).isEqualTo("done");
        assertThat(agents.get("a").get("handedOffTo").asText()).isEqualTo("b");
        assertThat(agents.get("a").get("handedOffIssue").asInt()).isEqualTo(4);
        assertThat(agents.get("a").get("handoffDocument").asText()).isEqualTo(path);
        assertThat(agents.get("a").get("model").asText()).as("unknown field kept").isEqualTo("opus");
        assertThat(agents.get("a").has("files")).isFalse();
        assertThat(agents.get("b").get("issue").asInt()).isEqualTo(4);
        assertThat(agents.get("b").get("status").asText()).isEqualTo("starting");
        assertThat(agents.get("b").get("files").toString()).isEqualTo("[\"src/**\"]");
        assertThat(agents.get("b").get("pendingFiles").toString()).isEqualTo("[\"pom.xml\"]");
        main.assertFsckClean();
        assertThat(main.git("status", "--porcelain")).isEmpty();
    }

    @Test
    void withoutSuccessorOnlyTheDocumentIsWrittenAndTheClaimStays() throws IOException {
        String statusBefore = main.showCoordination(".ghp/agent-status.json");

        CliRunner.Result r = ok(ghp.run("agent-handoff", "--agent", "a"));

        assertThat(main.showCoordination(".ghp/agent-status.json")).isEqualTo(statusBefore);
        assertThat(r.out()).contains("a still holds the claim on #4").contains("No note was left.");
        assertThat(main.git("log", "-1", "--format=%s", "refs/ghp/coordination").trim()).isEqualTo("handoff a #4");
    }

    @Test
    void theSuccessorReadsTheLatestHandoffWithShowAlone() {
        ok(ghp.run("agent-handoff", "--agent", "a", "--to", "b", "--note", "first"));
        ghp.clock().advance(Duration.ofMinutes(5));
        ok(ghp.run("agent-heartbeat", "--agent", "b", "--action", "reading"));
        ok(ghp.run("agent-handoff", "--agent", "b", "--to", "c", "--note", "second"));

        CliRunner.Result shown = ok(new CliRunner(main.dir()).env("GHP_AGENT", "c").run("agent-handoff", "--show"));

        assertThat(shown.out()).contains("From **b** to **c**").contains("> second").doesNotContain("> first");
        assertThat(shown.out()).contains("## Earlier handoffs on #4")
                .contains("git show refs/ghp/coordination:.ghp/handoffs/4-a-20250125T103000Z.md");
        assertThat(shown.err()).isEmpty();
    }

    @Test
    void showAsJsonGivesTheDocumentAndWhoWroteItForWhom() throws IOException {
        ok(ghp.run("agent-handoff", "--agent", "a", "--to", "b"));

        ObjectNode o = Json.parseObject(ok(ghp.run("agent-handoff", "--show", "--issue", "4", "--json")).out());

        assertThat(o.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(o.get("from").asText()).isEqualTo("a");
        assertThat(o.get("to").asText()).isEqualTo("b");
        assertThat(o.get("createdAt").asText()).isEqualTo("2025-01-25T10:30:00Z");
        assertThat(o.get("path").asText()).isEqualTo(".ghp/handoffs/4-a-20250125T103000Z.md");
        assertThat(o.get("markdown").asText()).isEqualTo(main.showCoordination(o.get("path").asText()));
        assertThat(o.get("earlier")).isEmpty();
    }

    @Test
    void showForAnIssueWithoutHandoffsIsAClearErrorThatNamesTheIssuesThatHaveOne() {
        ok(ghp.run("agent-handoff", "--agent", "a"));

        CliRunner.Result r = ghp.run("agent-handoff", "--show", "--issue", "9");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("ghp: error: no handoff for #9 yet\nhint: issues with handoffs: #4\n");
    }

    @Test
    void showPrintsAStoredDocumentWithTerminalEscapesNeutralised() {
        seed(doc -> doc, Map.of(".ghp/handoffs/4-x-20250101T000000Z.md",
                "# hand written\n\u001b]0;title\u0007 \u001b[2J\n".getBytes(StandardCharsets.UTF_8)));

        CliRunner.Result r = ok(ghp.run("agent-handoff", "--show", "--issue", "4"));

        assertThat(r.out()).isEqualTo("# hand written\n␛]0;title␇ ␛[2J\n");
    }

    @Test
    void anUnknownAgentIsAOneLineErrorNamingTheKnownOnes() {
        int before = main.coordinationCommits();

        CliRunner.Result r = ghp.run("agent-handoff", "--agent", "zed", "--to", "b");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ghp: error: no agent named zed (from --agent) in the record; known agents: a\n"
                + "hint: name one with --agent NAME, or report first: ghp agent-heartbeat --agent zed --issue N\n");
        assertThat(main.coordinationCommits()).isEqualTo(before);
    }

    @Test
    void anIssueOtherThanTheAgentsIsRefusedAsBadInput() {
        CliRunner.Result r = ghp.run("agent-handoff", "--agent", "a", "--issue", "5");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("ghp: error: a works on #4, not #5\n");
    }

    @Test
    void anAgentWithNoIssueAnywhereIsAskedForOne() {
        CliRunner inMain = new CliRunner(main.dir());
        ok(inMain.run("agent-heartbeat", "--agent", "m", "--status", "planning"));

        CliRunner.Result r = inMain.run("agent-handoff", "--agent", "m");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("m has no issue in the record").contains("hint: pass --issue N");
        assertThat(ok(inMain.run("agent-handoff", "--agent", "m", "--issue", "12")).out()).contains("# Handoff of #12");
    }

    @Test
    void handingOffToItselfIsBadInput() {
        CliRunner.Result r = ghp.run("agent-handoff", "--agent", "a", "--to", "a");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("ghp: error: --to names a, the agent handing off\n");
    }

    @Test
    void aSuccessorBusyWithAnotherIssueIsRefusedAndNothingIsWritten() {
        ok(new CliRunner(main.dir()).run("agent-heartbeat", "--agent", "b", "--issue", "9", "--status", "implementing"));
        int before = main.coordinationCommits();

        CliRunner.Result r = ghp.run("agent-handoff", "--agent", "a", "--to", "b");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("ghp: error: b is working on #9; an agent holds one issue at a time\nhint: ");
        assertThat(main.coordinationCommits()).isEqualTo(before);
    }

    @Test
    void notesAreBoundedAndComeFromTheFlagOrAFile() throws IOException {
        CliRunner.Result tooLong = ghp.run("agent-handoff", "--agent", "a", "--note", "x".repeat(10_001));
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(tooLong.err()).startsWith("ghp: error: --note is 10001 characters long; the limit is 10000\n");

        Files.writeString(wt.dir().resolve("note.md"), "from a file\nsecond line\n");
        CliRunner.Result both = ghp.run("agent-handoff", "--agent", "a", "--note", "x", "--note-file", "note.md");
        assertThat(both.exit()).isEqualTo(2);

        assertThat(ok(ghp.run("agent-handoff", "--agent", "a", "--note-file", "note.md")).out())
                .contains("> from a file\n> second line\n");
    }

    @Test
    void outWritesTheDocumentToAFileAndABadOutWritesNothing() throws IOException {
        int before = main.coordinationCommits();
        CliRunner.Result bad = ghp.run("agent-handoff", "--agent", "a", "--out", "no/such/dir/h.md");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(main.coordinationCommits()).isEqualTo(before);

        CliRunner.Result r = ok(ghp.run("agent-handoff", "--agent", "a", "--out", "handoff.md"));

        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(wt.dir().resolve("handoff.md"))).isEqualTo(main.showCoordination(onlyHandoffPath()));
        assertThat(r.err()).contains("; written to " + wt.dir().resolve("handoff.md"));
    }

    @Test
    void jsonGivesTheSameContentAsData() throws IOException {
        giveFiles("a", List.of("src/**"), List.of());

        ObjectNode o = Json.parseObject(ok(ghp.run("agent-handoff", "--agent", "a", "--to", "b", "--json", "--note", "n")).out());

        assertThat(o.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(o.get("path").asText()).isEqualTo(onlyHandoffPath());
        assertThat(o.get("commit").asText()).isEqualTo(main.git("rev-parse", "refs/ghp/coordination").trim());
        assertThat(o.get("issue").asInt()).isEqualTo(4);
        assertThat(o.get("from").asText()).isEqualTo("a");
        assertThat(o.get("to").asText()).isEqualTo("b");
        assertThat(o.get("note").asText()).isEqualTo("n");
        assertThat(o.get("transfer").get("files").toString()).isEqualTo("[\"src/**\"]");
        assertThat(o.get("branch").get("name").asText()).isEqualTo("a/4-parser");
        assertThat(o.get("branch").get("ahead").asInt()).isEqualTo(1);
        assertThat(o.get("branch").get("commits").get(0).get("subject").asText()).isEqualTo("add src/Parser.java");
        assertThat(o.get("branch").get("diffStat").get("files").asInt()).isEqualTo(1);
        assertThat(o.get("branch").get("uncommitted").get("total").asInt()).isZero();
        assertThat(o.get("agent").get("status").asText()).isEqualTo("implementing");
        assertThat(o.get("activity").get(0).get("action").asText()).isEqualTo("wrote the parser");
        assertThat(o.get("github").isNull()).isTrue();
        assertThat(o.get("markdown").asText()).isEqualTo(main.showCoordination(onlyHandoffPath()));
    }

    @Test
    void openEscalationsOnTheIssueAreListedAndOthersAreNot() {
        Instant t = Instant.parse("2025-01-25T10:00:00Z");
        Escalation open = new Escalation("esc-0000aaaa", "question", "open", "Which schema version?", 4, "a", t,
                null, null, null, Map.of());
        Escalation resolved = new Escalation("esc-0000bbbb", "question", "resolved", "old question", 4, "a", t,
                "yes", "human", t, Map.of());
        Escalation elsewhere = new Escalation("esc-0000cccc", "blocked", "open", "other issue", 5, "c", t,
                null, null, null, Map.of());
        seed(doc -> doc, Map.of(
                open.path(), EscalationCodec.write(open),
                resolved.path(), EscalationCodec.write(resolved),
                elsewhere.path(), EscalationCodec.write(elsewhere),
                ".ghp/escalations/esc-0000dddd.json", "{not json".getBytes(StandardCharsets.UTF_8)));

        String md = ok(ghp.run("agent-handoff", "--agent", "a")).out();

        assertThat(md).contains("- `esc-0000aaaa` question by a, 2025-01-25 10:00 UTC: Which schema version?")
                .doesNotContain("old question").doesNotContain("other issue")
                .contains("(1 escalation file could not be read)");
    }

    @Test
    void recentActivityComesFromTheHistoryWithRepeatsDropped() {
        for (int i = 0; i < 5; i++) {
            ghp.clock().advance(Duration.ofMinutes(1));
            ok(ghp.run("agent-heartbeat", "--agent", "a", "-q"));
        }
        ok(new CliRunner(main.dir()).run("agent-heartbeat", "--agent", "other", "--issue", "8", "-q"));
        ghp.clock().advance(Duration.ofMinutes(1));
        ok(ghp.run("agent-heartbeat", "--agent", "a", "--status", "blocked", "--blocked-on", "7", "--action", "needs #7"));

        String md = ok(ghp.run("agent-handoff", "--agent", "a")).out();

        String activity = md.substring(md.indexOf("## Recent activity"), md.indexOf("## How to pick"));
        assertThat(activity.lines().filter(l -> l.startsWith("- "))).containsExactly(
                "- 2025-01-25 10:30 UTC · implementing · wrote the parser",
                "- 2025-01-25 10:36 UTC · blocked on #7 · needs #7");
        assertThat(md).contains("- Waits on: #7");
    }

    @Test
    void agentsWaitingOnTheAgentOrTheIssueAreNamed() {
        CliRunner other = new CliRunner(main.dir());
        ok(other.run("agent-heartbeat", "--agent", "c", "--issue", "6", "--blocked-on", "a"));
        ok(other.run("agent-heartbeat", "--agent", "d", "--issue", "7", "--blocked-on", "#4"));

        assertThat(ok(ghp.run("agent-handoff", "--agent", "a")).out()).contains("- Waited on by: c, d");
    }

    @Test
    void afterAHandoffTheOldAgentsHeartbeatDoesNotTakeTheIssueBackFromItsBranchName() throws IOException {
        ok(ghp.run("agent-handoff", "--agent", "a", "--to", "b"));

        ok(ghp.run("agent-heartbeat", "--agent", "a", "-q"));
        JsonNode a = status().get("agents").get("a");
        assertThat(a.get("issue").isNull()).isTrue();
        assertThat(a.get("handedOffTo").asText()).isEqualTo("b");

        ok(ghp.run("agent-heartbeat", "--agent", "a", "--issue", "11", "--status", "planning", "-q"));
        a = status().get("agents").get("a");
        assertThat(a.get("issue").asInt()).isEqualTo(11);
        assertThat(a.has("handedOffTo")).isFalse();
    }

    @Test
    void quietPrintsNothingOnStdout() {
        CliRunner.Result r = ok(ghp.run("agent-handoff", "--agent", "a", "--quiet"));

        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        onlyHandoffPath();
    }

    @Test
    void terminalEscapesInTheNoteAreNeutralisedInTheStoredDocument() {
        ok(ghp.run("agent-handoff", "--agent", "a", "--note", "see \u001b[31mthis\u001b[0m"));

        assertThat(main.showCoordination(onlyHandoffPath())).doesNotContain("\u001b").contains("> see ␛[31mthis␛[0m");
    }

    @Test
    void githubIsSkippedWithAWarningWithoutAToken() {
        CliRunner.Result r = ok(ghp.env("GITHUB_TOKEN", null).env("GH_TOKEN", null).run("agent-handoff", "--agent", "a", "--github"));

        assertThat(r.err()).endsWith("ghp: warning: --github skipped: no GITHUB_TOKEN or GH_TOKEN in the environment\n");
        assertThat(r.err()).startsWith("✓ handoff of #4 by a stored as ");
        onlyHandoffPath();
    }

    @Test
    void openApprovalRequestsOfTheOldAgentFollowItsPendingFilesToTheSuccessor() throws IOException {
        giveFiles("a", List.of("src/**"), List.of("pom.xml"));
        Instant t = Instant.parse("2025-01-25T10:00:00Z");
        Escalation approval = new Escalation("esc-0000aaaa", "approval", "open", "a asks to claim shared files: pom.xml",
                4, "a", t, null, null, null, Map.of()).withRuleFields("approval:a:pom.xml", List.of(), List.of("pom.xml"));
        Escalation question = new Escalation("esc-0000bbbb", "question", "open", "which schema?", 4, "a", t,
                null, null, null, Map.of());
        seed(doc -> doc, Map.of(approval.path(), EscalationCodec.write(approval), question.path(), EscalationCodec.write(question)));

        ok(ghp.run("agent-handoff", "--agent", "a", "--to", "b"));

        ObjectNode moved = Json.parseObject(main.showCoordination(approval.path()));
        assertThat(moved.get("agent").asText()).isEqualTo("b");
        assertThat(moved.get("handedOverFrom").asText()).isEqualTo("a");
        assertThat(moved.get("files").toString()).isEqualTo("[\"pom.xml\"]");
        assertThat(Json.parseObject(main.showCoordination(question.path())).get("agent").asText()).isEqualTo("a");
        assertThat(main.git("show", "--name-only", "--format=", "refs/ghp/coordination").lines())
                .contains(approval.path()).doesNotContain(question.path());
    }

    @Test
    void helpDescribesTheCommandAndItsExitCodes() {
        CliRunner.Result r = ok(ghp.run("agent-handoff", "--help"));

        assertThat(r.out()).startsWith("Usage: ghp agent-handoff").contains("--to=NAME").contains("--show")
                .contains("Exit codes:").contains("3  refused by an authority rule");
    }

    @Test
    void showTakesNoOptionsThatWrite() {
        CliRunner.Result r = ghp.run("agent-handoff", "--show", "--to", "b");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("ghp: error: --show prints a stored handoff;");
    }

    @Test
    void anEntryWithoutBranchOrWorktreeIsDescribedFromTheWorktreeTheAgentRunsIn() {
        seed(doc -> doc.withAgent("a", doc.agents().get("a").toBuilder().branch(null).worktree(null).build()), Map.of());

        String md = ok(ghp.env("GHP_AGENT", "a").run("agent-handoff")).out();

        assertThat(md).contains("- Branch: `a/4-parser`").contains("- Worktree: `" + wt.dir() + "`");
    }
}
