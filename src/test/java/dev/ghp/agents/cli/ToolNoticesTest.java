package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notices the tool writes by itself into the inbox of the agent concerned (issue #13): a
 * blocker finished, signed off or went stale, an escalation waited on resolved, a claim taken over,
 * released or awarded, a claim refused because of one's files, a handoff addressed to one. Each is
 * written by the command that causes it, in its commit, through the real CLI on a real repository.
 */
class ToolNoticesTest {
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

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    /** The agent's unread messages of one kind, as stored. */
    private List<JsonNode> unread(String agent, String kind) throws Exception {
        String files = repo.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination", ".ghp/inbox/" + agent);
        List<JsonNode> out = new ArrayList<>();
        for (String file : files.lines().toList()) {
            JsonNode m = Json.parseObject(repo.showCoordination(file.trim()));
            if (m.get("kind").asText().equals(kind)) {
                out.add(m);
            }
        }
        return out;
    }

    private JsonNode agent(String name) throws Exception {
        return Json.parseObject(repo.showCoordination(".ghp/agent-status.json")).get("agents").get(name);
    }

    private void config(String agentsJson) throws Exception {
        Files.createDirectories(repo.dir().resolve(".ghp"));
        Files.writeString(repo.dir().resolve(".ghp/config.json"), "{\"agents\": " + agentsJson + "}\n");
    }

    @Test
    void anAgentBlockedOnAnotherIsToldOnceWhenThatOneReportsDone() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "implementing"));
        ok(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "150", "--status", "blocked",
                "--blocked-on", "worker-1"));

        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--status", "done"));
        ghp.clock().advance(Duration.ofMinutes(1));
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--status", "done", "--action", "still done"));

        List<JsonNode> told = unread("worker-2", "blocker");
        assertThat(told).hasSize(1);
        assertThat(told.get(0).get("from").asText()).isEqualTo("worker-1");
        assertThat(told.get(0).get("text").asText())
                .isEqualTo("Blocker worker-1 finished: worker-1 reported done (written by worker-1)");
        repo.assertFsckClean();
    }

    @Test
    void anAgentBlockedOnAnIssueIsToldWhenItsHolderSignsOff() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "implementing"));
        ok(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "150", "--status", "blocked",
                "--blocked-on", "#147"));
        int commits = repo.coordinationCommits();

        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--sign-off"));

        assertThat(repo.coordinationCommits()).as("the notice is part of the sign-off's commit").isEqualTo(commits + 1);
        List<JsonNode> told = unread("worker-2", "blocker");
        assertThat(told).hasSize(1);
        assertThat(told.get(0).get("issue").asInt()).isEqualTo(147);
        assertThat(told.get(0).get("text").asText())
                .isEqualTo("Blocker #147: no live agent holds it any more; it was held by worker-1 (written by worker-1)");
        repo.assertFsckClean();
    }

    @Test
    void anAgentBlockedOnANamedAgentIsToldItSignedOff() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));
        ok(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "150", "--status", "blocked",
                "--blocked-on", "worker-1"));

        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--sign-off"));

        assertThat(unread("worker-2", "blocker")).singleElement().satisfies(m -> assertThat(m.get("text").asText())
                .isEqualTo("Blocker worker-1 signed off: its entry was removed (written by worker-1)"));
    }

    @Test
    void aStaleBlockerIsNoticedByTheStatusPassOnceForAsLongAsItStaysSilent() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));
        ok(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "150", "--status", "blocked",
                "--blocked-on", "#147"));
        ghp.clock().advance(Duration.ofMinutes(9));
        ok(ghp.run("agent-heartbeat", "--agent", "worker-2", "--status", "blocked", "--blocked-on", "#147"));
        ok(ghp.run("agent-status"));
        assertThat(unread("worker-2", "blocker")).as("not stale yet").isEmpty();

        ghp.clock().advance(Duration.ofMinutes(5));
        ghp.run("agent-status");
        int commits = repo.coordinationCommits();
        ghp.run("agent-status");
        ok(ghp.run("agent-heartbeat", "--agent", "worker-2", "--status", "blocked", "--blocked-on", "#147",
                "--action", "still waiting"));

        assertThat(repo.coordinationCommits()).as("a second status pass has nothing to write").isEqualTo(commits + 1);
        List<JsonNode> told = unread("worker-2", "blocker");
        assertThat(told).hasSize(1);
        assertThat(told.get(0).get("from").asText()).isEqualTo("ghp");
        assertThat(told.get(0).get("text").asText())
                .isEqualTo("Blocker #147 went stale: worker-1 (silent for 14m); the stale limit is 10m (seen by ghp)");
        repo.assertFsckClean();
    }

    @Test
    void resolvingTheEscalationAnAgentIsBlockedOnSetsItBackToImplementingAndTellsIt() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--status", "implementing"));
        String id = Json.parseObject(ok(ghp.run("agent-escalate", "--agent", "worker-1", "--kind", "question",
                "--json", "which parser?")).out()).get("id").asText();
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--status", "blocked", "--blocked-on", id));
        String stamp = agent("worker-1").get("timestamp").asText();
        ghp.clock().advance(Duration.ofMinutes(3));
        int commits = repo.coordinationCommits();

        ok(ghp.run("agent-escalate", "--resolve", id, "--answer", "the LALR one", "--by", "alice"));

        assertThat(repo.coordinationCommits()).isEqualTo(commits + 1);
        JsonNode w1 = agent("worker-1");
        assertThat(w1.get("status").asText()).isEqualTo("implementing");
        assertThat(w1.path("blockedOn").isNull() || w1.path("blockedOn").isMissingNode()).isTrue();
        assertThat(w1.get("timestamp").asText()).as("a resolution is no sign of life").isEqualTo(stamp);
        assertThat(unread("worker-1", "blocker")).singleElement().satisfies(m -> assertThat(m.get("text").asText())
                .isEqualTo("Blocker " + id + " (question) resolved by alice: the LALR one\n"
                        + "Status set from blocked to implementing by that resolution."));
        assertThat(unread("worker-1", "answer")).hasSize(1);
        repo.assertFsckClean();
    }

    @Test
    void aConflictTheToolClosesByItselfLiftsTheBlockOfTheAgentWaitingOnIt() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "1", "--files", "src/parser/**"));
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "2", "--files", "src/**").exit()).isEqualTo(3);
        String conflict = Json.parseObject(ghp.run("agent-escalate", "--list", "--json").out())
                .get("escalations").get(0).get("id").asText();
        ok(ghp.run("agent-heartbeat", "--agent", "worker-2", "--status", "blocked", "--blocked-on", conflict));

        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--sign-off"));

        assertThat(agent("worker-2").get("status").asText()).isEqualTo("implementing");
        assertThat(unread("worker-2", "blocker")).singleElement().satisfies(m -> assertThat(m.get("text").asText())
                .startsWith("Blocker " + conflict + " (conflict) resolved by ghp: worker-1 signed off\n"));
        repo.assertFsckClean();
    }

    @Test
    void anIssueTakenOverWithForceTellsTheHolderWhoTookItAndHow() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));

        ok(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "147", "--force"));

        assertThat(unread("worker-1", "claim")).singleElement().satisfies(m -> {
            assertThat(m.get("from").asText()).isEqualTo("worker-2");
            assertThat(m.get("issue").asInt()).isEqualTo(147);
            assertThat(m.get("text").asText())
                    .isEqualTo("Claim released: #147 taken over by worker-2 with --force at 2025-01-25T10:30:00Z");
        });
        repo.assertFsckClean();
    }

    @Test
    void theStalePolicyReleasingAClaimTellsItsHolder() throws Exception {
        config("{\"stalePolicy\": \"release\"}");
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--files", "src/parser/**"));
        ghp.clock().advance(Duration.ofMinutes(30));

        ok(ghp.run("agent-status"));

        assertThat(unread("worker-1", "claim")).singleElement().satisfies(m -> assertThat(m.get("text").asText())
                .isEqualTo("Claim released: #147 and src/parser/** released by agents.stalePolicy \"release\""
                        + " (silent for 30m) at 2025-01-25T11:00:00Z (written by ghp)"));
        repo.assertFsckClean();
    }

    @Test
    void aRefusalForOverlappingFilesTellsTheHolderOnceWhileTheConflictIsOpenAndAnAwardTellsTheLoser() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "1", "--files", "src/parser/**"));

        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "2", "--files", "src/**").exit()).isEqualTo(3);
        ghp.clock().advance(Duration.ofMinutes(1));
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "2", "--files", "src/**").exit()).isEqualTo(3);

        List<JsonNode> told = unread("worker-1", "overlap");
        assertThat(told).hasSize(1);
        String conflict = Json.parseObject(ghp.run("agent-escalate", "--list", "--json").out())
                .get("escalations").get(0).get("id").asText();
        assertThat(told.get(0).get("from").asText()).isEqualTo("worker-2");
        assertThat(told.get(0).get("text").asText()).isEqualTo("worker-2's claim on src/** was refused: it overlaps"
                + " your src/parser/**; conflict " + conflict + " was opened for a human to decide");

        ok(ghp.run("agent-escalate", "--resolve", conflict, "--award", "worker-2", "--by", "alice"));

        assertThat(unread("worker-1", "claim")).singleElement().satisfies(m -> assertThat(m.get("text").asText())
                .isEqualTo("Claim released: src/parser/** awarded to worker-2 by alice (" + conflict + ") at "
                        + "2025-01-25T10:31:00Z"));
        repo.assertFsckClean();
    }

    @Test
    void anAssignmentRefusedForOverlappingFilesTellsTheHolderWhoAskedOnceAndNothingIsAssigned() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "1", "--files", "src/parser/**"));

        for (int i = 0; i < 3; i++) {
            CliRunner.Result r = ghp.run("agent-assign", "--to", "worker-2", "--issue", "2", "--files", "src/**", "--by", "lead");
            assertThat(r.exit()).as(r.err()).isEqualTo(3);
            ghp.clock().advance(Duration.ofMinutes(1));
        }

        assertThat(unread("worker-1", "overlap")).singleElement().satisfies(m -> {
            assertThat(m.get("from").asText()).isEqualTo("worker-2");
            assertThat(m.get("text").asText()).startsWith("worker-2's claim on src/** was refused: it overlaps your"
                    + " src/parser/**; conflict esc-");
        });
        assertThat(agent("worker-2")).as("nothing was assigned").isNull();
        repo.assertFsckClean();
    }

    @Test
    void anAssignmentThatTakesAStaleHoldersFilesNamesThemInItsNotice() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--files", "src/lexer/**"));
        ghp.clock().advance(Duration.ofMinutes(30));

        ok(ghp.run("agent-assign", "--to", "worker-2", "--issue", "150", "--files", "src/**", "--by", "lead"));

        assertThat(unread("worker-1", "assignment")).singleElement().satisfies(m -> assertThat(m.get("text").asText())
                .isEqualTo("#150 was assigned to worker-2 by lead; your claim on src/lexer/** was released"));
        assertThat(unread("worker-1", "claim")).as("one notice, not two").isEmpty();
        repo.assertFsckClean();
    }

    @Test
    void anIssueReassignedFromAStaleHolderTakesItsFilesAlongAndTheHolderIsTold() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--files", "src/lexer/**"));
        ghp.clock().advance(Duration.ofMinutes(30));

        ok(ghp.run("agent-assign", "--to", "worker-2", "--issue", "147", "--by", "lead"));

        JsonNode holder = agent("worker-1");
        assertThat(holder.get("issue").isNull()).isTrue();
        assertThat(holder.has("files")).as("the holder's files went with the issue").isFalse();
        assertThat(agent("worker-2").get("files")).extracting(JsonNode::asText).containsExactly("src/lexer/**");
        assertThat(unread("worker-1", "assignment")).singleElement().satisfies(m -> assertThat(m.get("text").asText())
                .isEqualTo("#147 was assigned to worker-2 by lead; your claim on it, src/lexer/** was released"));
        assertThat(unread("worker-2", "assignment")).singleElement().satisfies(m -> assertThat(m.get("text").asText())
                .startsWith("#147 assigned to you by lead; files: src/lexer/**"));
        repo.assertFsckClean();
    }

    @Test
    void aHandoffAddressedToAnAgentIsInItsInbox() throws Exception {
        ok(ghp.run("agent-heartbeat", "--agent", "a", "--issue", "147", "--status", "implementing"));
        ok(ghp.run("agent-heartbeat", "--agent", "c", "--issue", "150", "--status", "blocked", "--blocked-on", "a"));

        ok(ghp.run("agent-handoff", "--agent", "a", "--to", "b", "--note", "lexer next"));

        String handoffs = repo.git("ls-tree", "--name-only", "refs/ghp/coordination", ".ghp/handoffs/").trim();
        assertThat(unread("b", "handoff")).singleElement().satisfies(m -> {
            assertThat(m.get("from").asText()).isEqualTo("a");
            assertThat(m.get("text").asText()).isEqualTo("a handed #147 off to you; the handoff is " + handoffs
                    + " (shown by: ghp agent-handoff --show --issue 147)");
        });
        assertThat(unread("c", "blocker")).singleElement().satisfies(m -> assertThat(m.get("text").asText())
                .isEqualTo("Blocker a finished: a reported done (written by a)"));
        repo.assertFsckClean();
    }
}
