package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authority rules as users meet them, through the commands, on a real repository. */
class AuthorityRulesTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;

    @BeforeEach
    void setUp() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        ghp = new CliRunner(repo.dir());
    }

    JsonNode status() throws Exception {
        return Json.parseObject(ghp.run("agent-status", "--json").out());
    }

    JsonNode escalations() throws Exception {
        return Json.parseObject(ghp.run("agent-escalate", "--list", "--all", "--json").out()).get("escalations");
    }

    void config(String agentsJson) throws Exception {
        Files.createDirectories(repo.dir().resolve(".ghp"));
        Files.writeString(repo.dir().resolve(".ghp/config.json"), "{\"agents\": " + agentsJson + "}\n");
    }

    @Test
    void aClaimedIssueIsRefusedWithExitThreeAndNothingIsWritten() {
        ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147");
        ghp.clock().advance(Duration.ofMinutes(2));
        int commits = repo.coordinationCommits();

        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "147", "--status", "implementing");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).startsWith("ghp: error: issue #147 is claimed by worker-1 (seen 2m ago)");
        assertThat(r.err().lines().count()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(repo.coordinationCommits()).isEqualTo(commits);
    }

    @Test
    void aStaleClaimIsTakenOverAndTheTakeOverIsRecorded() throws Exception {
        ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147");
        ghp.clock().advance(Duration.ofMinutes(11));

        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "147");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("took #147 over from worker-1 (silent for 11m)");
        JsonNode agents = status().get("agents");
        assertThat(agents.get("worker-1").get("issue").isNull()).isTrue();
        assertThat(agents.get("worker-2").get("issue").asInt()).isEqualTo(147);
        assertThat(agents.get("worker-2").get("takeover").get("from").asText()).isEqualTo("worker-1");
        assertThat(repo.git("log", "-1", "--format=%s", "refs/ghp/coordination"))
                .contains("took #147 over from worker-1");
    }

    @Test
    void forceTakesALiveClaimAndTheFormerHolderIsToldWhenItComesBack() throws Exception {
        ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147");
        CliRunner.Result forced = ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "147", "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(status().get("agents").get("worker-2").get("takeover").get("forced").asBoolean()).isTrue();

        CliRunner.Result back = ghp.run("agent-heartbeat", "--agent", "worker-1", "--status", "testing");

        assertThat(back.exit()).as(back.err()).isZero();
        assertThat(back.err()).contains("while you were away: #147 taken over by worker-2 with --force");
        assertThat(status().get("agents").get("worker-1").get("issue").isNull()).isTrue();
        CliRunner.Result again = ghp.run("agent-heartbeat", "--agent", "worker-1", "--status", "testing");
        assertThat(again.err()).isEmpty();
    }

    @Test
    void overlappingScopesAreRefusedAndRetryingOpensNoSecondConflict() throws Exception {
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "1", "--files", "src/parser/**").exit()).isZero();

        CliRunner.Result first = ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "2", "--files", "src/**");
        CliRunner.Result second = ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "2", "--files", "src/**");

        assertThat(first.exit()).isEqualTo(3);
        assertThat(first.err()).contains("src/** overlaps worker-1's src/parser/** (both cover src/parser/x)");
        assertThat(second.exit()).isEqualTo(3);
        assertThat(second.err()).contains("already open");
        JsonNode es = escalations();
        assertThat(es).hasSize(1);
        assertThat(es.get(0).get("kind").asText()).isEqualTo("conflict");
        assertThat(es.get(0).get("agent").asText()).isEqualTo("worker-2");
        assertThat(es.get(0).get("agents").get(0).asText()).isEqualTo("worker-1");
        // As for a pending approval, the rest of the heartbeat is recorded: the refused pattern is not.
        assertThat(first.err()).contains("the rest of the heartbeat was recorded");
        JsonNode w2 = status().get("agents").get("worker-2");
        assertThat(w2.get("issue").asInt()).isEqualTo(2);
        assertThat(w2.has("files")).isFalse();
    }

    @Test
    void aConflictTheToolOpenedClosesItselfWhenTheHolderSignsOffAndCheckTurnsGreen() throws Exception {
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "1", "--files", "src/parser/**").exit()).isZero();
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "2", "--files", "src/**").exit()).isEqualTo(3);
        assertThat(ghp.run("agent-status", "--check").exit()).as("a conflict is open").isEqualTo(4);

        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--status", "done").exit()).isZero();

        JsonNode conflict = escalations().get(0);
        assertThat(conflict.get("status").asText()).isEqualTo("resolved");
        assertThat(conflict.get("resolvedBy").asText()).isEqualTo("ghp");
        assertThat(conflict.get("answer").asText()).isEqualTo("resolved by ghp: worker-1 is done");
        CliRunner.Result retry = ghp.run("agent-heartbeat", "--agent", "worker-2", "--files", "src/**");
        assertThat(retry.exit()).as(retry.err()).isZero();
        assertThat(escalations()).hasSize(1);
        assertThat(ghp.run("agent-status", "--check").exit()).as(ghp.run("agent-status").out()).isZero();
        repo.assertFsckClean();
    }

    @Test
    void statusClosesAConflictWhoseHolderItReleasedSoOnlyWhatNeedsAHumanStaysOpen() throws Exception {
        config("{\"stalePolicy\": \"release\"}");
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "1", "--files", "src/parser/**").exit()).isZero();
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "2", "--files", "src/**").exit()).isEqualTo(3);
        ghp.clock().advance(Duration.ofMinutes(30));

        JsonNode s = status();

        JsonNode conflict = escalations().get(0);
        assertThat(conflict.get("kind").asText()).isEqualTo("conflict");
        assertThat(conflict.get("status").asText()).isEqualTo("resolved");
        assertThat(conflict.get("answer").asText()).isEqualTo("resolved by ghp: worker-1 no longer holds files overlapping src/**");
        assertThat(s.get("escalations")).as("only the releases, which a human should see").allSatisfy(
                e -> assertThat(e.get("kind").asText()).isEqualTo("decision"));
        int commits = repo.coordinationCommits();
        status();
        assertThat(repo.coordinationCommits()).as("closed once, nothing more to write").isEqualTo(commits);
        repo.assertFsckClean();
    }

    @Test
    void aSignOffClosesTheConflictItsClaimCausedInTheSameCommit() throws Exception {
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "1", "--files", "src/parser/**").exit()).isZero();
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "2", "--files", "src/**").exit()).isEqualTo(3);
        int commits = repo.coordinationCommits();

        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--sign-off").exit()).isZero();

        assertThat(repo.coordinationCommits()).isEqualTo(commits + 1);
        JsonNode conflict = escalations().get(0);
        assertThat(conflict.get("status").asText()).isEqualTo("resolved");
        assertThat(conflict.get("answer").asText()).isEqualTo("resolved by ghp: worker-1 signed off");
        repo.assertFsckClean();
    }

    @Test
    void aRefusedOverlapRecordsTheRestOfTheScopeAndKeepsWhatWasHeld() throws Exception {
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "1", "--files", "src/parser/**").exit()).isZero();
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "2", "--files", "src/lexer/**").exit()).isZero();

        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "worker-2", "--status", "testing",
                "--files", "src/**", "--files", "docs/**");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("ghp: error: file scope refused: src/** overlaps worker-1's src/parser/**")
                .contains("the rest of the heartbeat was recorded");
        JsonNode w2 = status().get("agents").get("worker-2");
        assertThat(w2.get("status").asText()).isEqualTo("testing");
        assertThat(w2.get("files").toString()).isEqualTo("[\"docs/**\",\"src/lexer/**\"]");
        repo.assertFsckClean();
    }

    @Test
    void sharedFilesWaitForAnApprovalAndBecomeActiveWhenApproved() throws Exception {
        config("{\"sharedFiles\": [\"/pom.xml\", \".github/**\"]}");

        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "1",
                "--files", "src/**", "--files", "pom.xml");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("approval pending: pom.xml matches agents.sharedFiles /pom.xml (both cover pom.xml)");
        JsonNode agent = status().get("agents").get("worker-1");
        assertThat(agent.get("files")).hasSize(1);
        assertThat(agent.get("pendingFiles").get(0).asText()).isEqualTo("pom.xml");
        String id = escalations().get(0).get("id").asText();
        assertThat(escalations().get(0).get("kind").asText()).isEqualTo("approval");

        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1").exit()).as("a bare heartbeat keeps the pending state").isZero();
        CliRunner.Result approved = ghp.run("agent-escalate", "--resolve", id, "--approve", "--by", "orchestrator");

        assertThat(approved.exit()).as(approved.err()).isZero();
        assertThat(approved.out()).contains("pom.xml now claimed by worker-1");
        agent = status().get("agents").get("worker-1");
        assertThat(agent.get("files").toString()).isEqualTo("[\"src/**\",\"pom.xml\"]");
        assertThat(agent.has("pendingFiles")).isFalse();
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--files", "src/**", "--files", "pom.xml").exit()).isZero();
    }

    @Test
    void oneApprovalRequestIsAnsweredInPart() throws Exception {
        config("{\"sharedFiles\": [\"README.md\", \"docs/**\"]}");
        ghp.run("agent-heartbeat", "--agent", "worker-1", "--files", "docs/**", "--files", "README.md");
        String id = escalations().get(0).get("id").asText();

        CliRunner.Result r = ghp.run("agent-escalate", "--resolve", id, "--approve", "docs/**", "--deny", "/README.md",
                "--by", "orchestrator");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("(partial)").contains("docs/** now claimed by worker-1")
                .contains("README.md dropped from the pending claims of worker-1");
        JsonNode agent = status().get("agents").get("worker-1");
        assertThat(agent.get("files").toString()).isEqualTo("[\"docs/**\"]");
        assertThat(agent.has("pendingFiles")).isFalse();
        JsonNode resolved = escalations().get(0);
        assertThat(resolved.get("decision").asText()).isEqualTo("partial");
        assertThat(resolved.get("answer").asText()).isEqualTo("approved docs/**; denied README.md");
        repo.assertFsckClean();
    }

    @Test
    void aPartialAnswerMustAnswerEveryPatternAndOnlyTheRequestsOwn() throws Exception {
        config("{\"sharedFiles\": [\"README.md\", \"docs/**\"]}");
        ghp.run("agent-heartbeat", "--agent", "worker-1", "--files", "docs/**", "--files", "README.md");
        String id = escalations().get(0).get("id").asText();
        int commits = repo.coordinationCommits();

        CliRunner.Result unanswered = ghp.run("agent-escalate", "--resolve", id, "--approve", "docs/**", "--by", "o");
        CliRunner.Result foreign = ghp.run("agent-escalate", "--resolve", id, "--approve", "src/**", "--deny", "--by", "o");
        CliRunner.Result both = ghp.run("agent-escalate", "--resolve", id, "--approve", "docs/**", "--deny", "docs/**", "--by", "o");
        CliRunner.Result rest = ghp.run("agent-escalate", "--resolve", id, "--approve", "--deny", "README.md", "--by", "o");

        assertThat(unanswered.exit()).isEqualTo(2);
        assertThat(unanswered.err()).startsWith("ghp: error: " + id + " also asks for README.md: approve or deny it too");
        assertThat(foreign.exit()).isEqualTo(2);
        assertThat(foreign.err()).startsWith("ghp: error: " + id + " does not ask for src/**").contains("it asks for: docs/**, README.md");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).startsWith("ghp: error: docs/** is both approved and denied");
        assertThat(repo.coordinationCommits()).as("nothing written by the refused answers").isEqualTo(commits + 1);
        assertThat(rest.exit()).as(rest.err()).isZero();
        assertThat(status().get("agents").get("worker-1").get("files").toString()).isEqualTo("[\"docs/**\"]");
    }

    @Test
    void anApprovalForFilesNoLongerClaimedClosesItselfAndCheckTurnsGreen() throws Exception {
        config("{\"sharedFiles\": [\"README.md\"]}");
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--files", "src/**", "--files", "README.md").exit())
                .isEqualTo(3);
        assertThat(ghp.run("agent-status", "--check").exit()).as("the approval is open").isEqualTo(4);

        CliRunner.Result narrowed = ghp.run("agent-heartbeat", "--agent", "worker-1", "--files", "src/**");

        assertThat(narrowed.exit()).as(narrowed.err()).isZero();
        JsonNode approval = escalations().get(0);
        assertThat(approval.get("status").asText()).isEqualTo("resolved");
        assertThat(approval.get("resolvedBy").asText()).isEqualTo("ghp");
        assertThat(approval.get("answer").asText()).isEqualTo("resolved by ghp: worker-1 no longer asks for README.md");
        assertThat(ghp.run("agent-status", "--check").exit()).isZero();
        repo.assertFsckClean();
    }

    @Test
    void aDeniedApprovalDropsThePendingFiles() throws Exception {
        config("{\"sharedFiles\": [\"/pom.xml\"]}");
        ghp.run("agent-heartbeat", "--agent", "worker-1", "--files", "pom.xml");
        String id = escalations().get(0).get("id").asText();

        ghp.run("agent-escalate", "--resolve", id, "--deny", "--answer", "the orchestrator edits the pom", "--by", "o");

        assertThat(status().get("agents").get("worker-1").has("pendingFiles")).isFalse();
        assertThat(status().get("agents").get("worker-1").has("files")).isFalse();
    }

    @Test
    void statusListsOpenEscalationsAndCheckExitsFourUntilTheyAreResolved() throws Exception {
        ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "1");
        assertThat(ghp.run("agent-status", "--check").exit()).isZero();
        String id = ghp.run("agent-escalate", "--agent", "worker-1", "Which API version?").out().trim();

        CliRunner.Result check = ghp.run("agent-status", "--check");
        JsonNode json = status();

        assertThat(check.exit()).isEqualTo(4);
        assertThat(check.out()).contains("Open escalations (1)").contains(id).contains("Which API version?");
        assertThat(json.get("escalations")).hasSize(1);
        assertThat(json.get("escalations").get(0).get("id").asText()).isEqualTo(id);
        ghp.run("agent-escalate", "--resolve", id, "--answer", "v2", "--by", "alice");
        assertThat(ghp.run("agent-status", "--check").exit()).isZero();
        assertThat(status().get("escalations")).isEmpty();
    }

    @Test
    void releasePolicyFreesAStaleAgentsClaimsAndSaysSoInAnEscalation() throws Exception {
        config("{\"stalePolicy\": \"release\"}");
        ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--files", "src/**");
        ghp.clock().advance(Duration.ofMinutes(30));

        CliRunner.Result r = ghp.run("agent-status", "--json");
        CliRunner.Result again = ghp.run("agent-status", "--json");

        JsonNode s = Json.parseObject(r.out());
        JsonNode w = s.get("agents").get("worker-1");
        assertThat(w.get("issue").isNull()).isTrue();
        assertThat(w.has("files")).isFalse();
        assertThat(w.get("stale").asBoolean()).isTrue();
        assertThat(s.get("escalations")).hasSize(1);
        assertThat(s.get("escalations").get(0).get("message").asText())
                .contains("worker-1 went stale (silent for 30m").contains("#147, src/**");
        assertThat(Json.parseObject(again.out()).get("escalations")).as("released once").hasSize(1);
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "147", "--files", "src/**").exit()).isZero();
    }

    @Test
    void alertPolicyOnlyReports() throws Exception {
        ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147");
        ghp.clock().advance(Duration.ofMinutes(30));
        int commits = repo.coordinationCommits();
        assertThat(ghp.run("agent-status", "--check").exit()).isEqualTo(4);
        assertThat(repo.coordinationCommits()).isEqualTo(commits);
        assertThat(status().get("agents").get("worker-1").get("issue").asInt()).isEqualTo(147);
    }

    @Test
    void statusShowsWhatBecameOfABlockerAndEscalatesACycleOnce() throws Exception {
        ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "1", "--blocked-on", "worker-2");
        ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "2", "--status", "done");
        assertThat(ghp.run("agent-status").out()).contains("waits on worker-2 (done)");
        assertThat(status().get("agents").get("worker-1").get("blocker").get("state").asText()).isEqualTo("done");

        CliRunner.Result closing = ghp.run("agent-heartbeat", "--agent", "worker-2", "--status", "blocked", "--blocked-on", "#1");
        assertThat(closing.exit()).as(closing.err()).isZero();
        assertThat(closing.err()).contains("opened blocked escalation");
        ghp.run("agent-status");
        ghp.run("agent-heartbeat", "--agent", "worker-1");

        JsonNode s = status();
        assertThat(s.get("cycles").get(0).toString()).isEqualTo("[\"worker-1\",\"worker-2\"]");
        assertThat(s.get("escalations")).hasSize(1);
        assertThat(s.get("escalations").get(0).get("kind").asText()).isEqualTo("blocked");
        assertThat(ghp.run("agent-status").out()).contains("⚠ waiting cycle: worker-1 waits on worker-2, worker-2 waits on #1 (held by worker-1)");
    }

    @Test
    void anAgentWaitsOnAnEscalationAndStatusShowsWhetherAHumanAnswered() throws Exception {
        String id = ghp.run("agent-escalate", "--agent", "worker-1", "Which API version?").out().trim();
        CliRunner.Result blocked = ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "1", "--blocked-on", id);
        assertThat(blocked.exit()).as(blocked.err()).isZero();

        assertThat(ghp.run("agent-status").out()).contains("waits on " + id + " (open, a human decides)");
        JsonNode blocker = status().get("agents").get("worker-1").get("blocker");
        assertThat(blocker.get("ref").asText()).isEqualTo(id);
        assertThat(blocker.get("state").asText()).isEqualTo("awaiting-human");

        ghp.run("agent-escalate", "--resolve", id, "--answer", "v2", "--by", "alice");

        assertThat(status().get("agents").get("worker-1").get("status").asText())
                .as("the resolution lifts the block (Unblocking)").isEqualTo("implementing");
        // Waiting on one already resolved (the agent had not heard yet) shows it resolved.
        ghp.run("agent-heartbeat", "--agent", "worker-1", "--status", "blocked", "--blocked-on", id);
        assertThat(ghp.run("agent-status").out()).contains("waits on " + id + " (resolved)");
        assertThat(status().get("agents").get("worker-1").get("blocker").get("state").asText()).isEqualTo("resolved");
        CliRunner.Result unknown = ghp.run("agent-heartbeat", "--agent", "worker-2", "--blocked-on", "esc-0000beef");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("ghp: error: --blocked-on esc-0000beef: there is no such escalation (nothing recorded)");
        assertThat(status().get("agents").has("worker-2")).isFalse();
    }

    @Test
    void waitingOnItselfIsBadInput() {
        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "5", "--blocked-on", "worker-1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "5", "--blocked-on", "#5").exit()).isEqualTo(2);
        assertThat(repo.hasCoordinationRef()).isFalse();
    }

    @Test
    void badPatternsAreBadInput() {
        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "w", "--files", "!src/**");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("negation");
        assertThat(ghp.run("agent-heartbeat", "--agent", "w", "--files", "a", "--no-files").exit()).isEqualTo(2);
        assertThat(repo.hasCoordinationRef()).isFalse();
    }

    @Test
    void aHeartbeatWithoutClaimsConflictsBehavesAsBefore() throws Exception {
        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "implementing");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("✓ worker-1 · #147 · implementing (");
        assertThat(repo.showCoordination(".ghp/agent-status.json")).doesNotContain("takeover").doesNotContain("files");
        assertThat(repo.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination").trim()).isEqualTo(".ghp/agent-status.json");
    }

    @Test
    void noFilesReleasesTheScope() throws Exception {
        ghp.run("agent-heartbeat", "--agent", "worker-1", "--files", "src/**");
        ghp.run("agent-heartbeat", "--agent", "worker-1", "--no-files");
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-2", "--files", "src/**").exit()).isZero();
        assertThat(status().get("agents").get("worker-1").has("files")).isFalse();
    }
}
