package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authority rules never lock a working agent out: claims two agents met with in a sync, a human's
 * award, two worktrees with one folder name, writing for another agent, clocks that run ahead, and
 * an agent answering its own approval request.
 */
class TrustedAuthorityTest {
    private static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    private static JsonNode agent(GitRepo repo, String name) throws Exception {
        return Json.parseObject(repo.showCoordination(".ghp/agent-status.json")).path("agents").path(name);
    }

    /** Two clones of a bare remote where worker-1 and worker-2 claimed #147 and overlapping files apart, then synced. */
    private final class SyncedConflict {
        final GitRepo a;
        final GitRepo b;
        final CliRunner ghpA;
        final CliRunner ghpB;
        final String conflictId;

        SyncedConflict() throws Exception {
            GitRepo remote = GitRemotes.bare(tmp, "remote.git");
            a = GitRemotes.cloneOf(remote, tmp, "a");
            b = GitRemotes.cloneOf(remote, tmp, "b");
            ghpA = new CliRunner(a.dir());
            ghpB = new CliRunner(b.dir());
            ok(ghpA.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--files", "src/parser/**"));
            ok(ghpB.run("agent-heartbeat", "--agent", "worker-2", "--issue", "147", "--files", "src/**", "--files", "lib/**"));
            ok(ghpA.run("agent-sync"));
            JsonNode merged = Json.parseObject(ok(ghpB.run("agent-sync", "--json")).out());
            ok(ghpA.run("agent-sync"));
            assertThat(merged.path("conflicts")).hasSize(1);
            conflictId = merged.path("conflicts").get(0).path("id").asText();
            ghpA.clock().advance(Duration.ofMinutes(1));
            ghpB.clock().advance(Duration.ofMinutes(1));
        }
    }

    // Finding 1: locked out after a sync.

    @Test
    void bareHeartbeatsOfBothAgentsInAConflictFoundBySyncAreRecordedWithAWarning() throws Exception {
        SyncedConflict c = new SyncedConflict();

        CliRunner.Result one = c.ghpA.run("agent-heartbeat", "--agent", "worker-1", "--status", "testing", "--action", "ran the tests");
        CliRunner.Result two = c.ghpB.run("agent-heartbeat", "--agent", "worker-2", "--status", "implementing");

        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(two.exit()).as(two.err()).isZero();
        assertThat(one.err()).contains("ghp: warning: worker-2 (seen 1m ago) also holds #147")
                .contains("conflict " + c.conflictId + " is open");
        assertThat(two.err()).contains("ghp: warning: worker-1 (seen 1m ago) also holds #147")
                .contains("--resolve " + c.conflictId + " --award AGENT");
        assertThat(agent(c.a, "worker-1").path("lastAction").asText()).isEqualTo("ran the tests");
        assertThat(agent(c.b, "worker-2").path("status").asText()).isEqualTo("implementing");
        assertThat(agent(c.a, "worker-1").path("files").toString()).isEqualTo("[\"src/parser/**\"]");
        c.a.assertFsckClean();
    }

    @Test
    void aNewClaimIsStillRefusedWhileTheConflictIsOpen() throws Exception {
        SyncedConflict c = new SyncedConflict();
        int commits = c.a.coordinationCommits();

        CliRunner.Result wider = c.ghpA.run("agent-heartbeat", "--agent", "worker-1", "--files", "src/parser/**", "--files", "lib/**");

        assertThat(wider.exit()).isEqualTo(3);
        assertThat(wider.err()).contains("ghp: error: file scope refused: lib/** overlaps worker-2's lib/**");
        assertThat(agent(c.a, "worker-1").path("files").toString()).isEqualTo("[\"src/parser/**\"]");
        assertThat(c.a.coordinationCommits()).isEqualTo(commits + 1); // the conflict escalation alone
    }

    @Test
    void awardResolvesTheConflictAndTransfersTheClaimsInOneCommit() throws Exception {
        SyncedConflict c = new SyncedConflict();
        String before = c.a.coordinationTip();

        CliRunner.Result r = ok(c.ghpA.run("agent-escalate", "--resolve", c.conflictId, "--award", "worker-1",
                "--answer", "worker-1 keeps the parser", "--by", "alice"));

        assertThat(r.out()).contains("✓ " + c.conflictId + " resolved · awarded to worker-1; worker-2 released #147, src/**");
        assertThat(c.a.git("rev-list", "--count", before + ".." + REF).trim()).isEqualTo("1");
        assertThat(c.a.git("show", "--name-only", "--format=%s", REF))
                .contains("resolve " + c.conflictId + " awarded to worker-1 by alice")
                .contains(".ghp/agent-status.json").contains(".ghp/escalations/" + c.conflictId + ".json");
        JsonNode loser = agent(c.a, "worker-2");
        assertThat(loser.path("issue").isNull()).isTrue();
        assertThat(loser.path("files").toString()).isEqualTo("[\"lib/**\"]");
        JsonNode winner = agent(c.a, "worker-1");
        assertThat(winner.path("issue").asInt()).isEqualTo(147);
        assertThat(winner.path("files").toString()).isEqualTo("[\"src/parser/**\"]");
        JsonNode esc = Json.parseObject(c.a.showCoordination(".ghp/escalations/" + c.conflictId + ".json"));
        assertThat(esc.path("status").asText()).isEqualTo("resolved");
        assertThat(esc.path("awardedTo").asText()).isEqualTo("worker-1");
        c.a.assertFsckClean();
    }

    @Test
    void afterTheAwardTheLosersClaimIsRefusedAndTheWinnersAccepted() throws Exception {
        SyncedConflict c = new SyncedConflict();
        ok(c.ghpA.run("agent-escalate", "--resolve", c.conflictId, "--award", "worker-1", "--by", "alice"));

        CliRunner.Result loserBare = c.ghpA.run("agent-heartbeat", "--agent", "worker-2", "--status", "implementing");
        CliRunner.Result loserClaim = c.ghpA.run("agent-heartbeat", "--agent", "worker-2", "--issue", "147");
        CliRunner.Result winner = c.ghpA.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--files", "src/parser/**");

        assertThat(loserBare.exit()).as(loserBare.err()).isZero();
        assertThat(loserBare.err()).contains("while you were away: #147 and src/** awarded to worker-1 by alice (" + c.conflictId + ")");
        assertThat(loserClaim.exit()).isEqualTo(3);
        assertThat(loserClaim.err()).startsWith("ghp: error: issue #147 is claimed by worker-1");
        assertThat(winner.exit()).as(winner.err()).isZero();
        assertThat(winner.err()).isEmpty();
    }

    @Test
    void anAwardSurvivesASyncWithTheLosersLaterHeartbeatOnTheOtherClone() throws Exception {
        SyncedConflict c = new SyncedConflict();
        ok(c.ghpA.run("agent-escalate", "--resolve", c.conflictId, "--award", "worker-1", "--by", "alice"));
        c.ghpB.clock().advance(Duration.ofMinutes(1));
        ok(c.ghpB.run("agent-heartbeat", "--agent", "worker-2", "--action", "still at it")); // newer than the award

        ok(c.ghpA.run("agent-sync"));
        ok(c.ghpB.run("agent-sync"));
        ok(c.ghpA.run("agent-sync"));

        for (GitRepo clone : java.util.List.of(c.a, c.b)) {
            JsonNode loser = agent(clone, "worker-2");
            assertThat(loser.path("issue").isNull()).as("issue on %s", clone.dir()).isTrue();
            assertThat(loser.path("files").toString()).isEqualTo("[\"lib/**\"]");
            assertThat(loser.path("lastAction").asText()).isEqualTo("still at it");
        }
        assertThat(c.a.coordinationTip()).isEqualTo(c.b.coordinationTip());
        CliRunner.Result claim = c.ghpB.run("agent-heartbeat", "--agent", "worker-2", "--issue", "147");
        assertThat(claim.exit()).isEqualTo(3);
    }

    @Test
    void awardIsOnlyForAConflictAndOnlyToOneOfItsTwoAgents() throws Exception {
        SyncedConflict c = new SyncedConflict();
        String question = ok(c.ghpA.run("agent-escalate", "--agent", "worker-1", "Tabs or spaces?")).out().trim();
        String tip = c.a.coordinationTip();

        CliRunner.Result notAConflict = c.ghpA.run("agent-escalate", "--resolve", question, "--award", "worker-1");
        CliRunner.Result notAParty = c.ghpA.run("agent-escalate", "--resolve", c.conflictId, "--award", "worker-3");
        CliRunner.Result withApprove = c.ghpA.run("agent-escalate", "--resolve", c.conflictId, "--award", "worker-1", "--approve");

        assertThat(notAConflict.exit()).isEqualTo(2);
        assertThat(notAConflict.err()).startsWith("ghp: error: --award is for conflict escalations");
        assertThat(notAParty.exit()).isEqualTo(2);
        assertThat(notAParty.err()).startsWith("ghp: error: --award worker-3: " + c.conflictId + " is between worker-1 and worker-2");
        assertThat(withApprove.exit()).isEqualTo(2);
        assertThat(c.a.coordinationTip()).isEqualTo(tip);
    }

    @Test
    void aBranchNamingAnIssueHeldByALiveAgentDoesNotRefuseABareHeartbeat() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        GitRepo linked = repo.addWorktree("repo-147", "me/147-parser");
        CliRunner ghp = new CliRunner(repo.dir());
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));

        CliRunner.Result bare = new CliRunner(linked.dir()).run("agent-heartbeat", "--status", "planning");
        CliRunner.Result asked = new CliRunner(linked.dir()).run("agent-heartbeat", "--issue", "147");

        assertThat(bare.exit()).as(bare.err()).isZero();
        assertThat(bare.err()).contains("ghp: warning: #147 (named by the branch or GHP's context) is held by worker-1");
        assertThat(agent(repo, "repo-147").path("issue").isNull()).isTrue();
        assertThat(agent(repo, "worker-1").path("issue").asInt()).isEqualTo(147);
        assertThat(asked.exit()).isEqualTo(3);
        int commits = repo.coordinationCommits();
        CliRunner later = new CliRunner(linked.dir());
        later.clock().advance(Duration.ofSeconds(20));
        ok(later.run("agent-heartbeat", "--throttle", "60s", "--quiet"));
        assertThat(repo.coordinationCommits()).as("a throttled hook heartbeat writes nothing").isEqualTo(commits);
    }

    // Finding 2: two worktrees with the same folder name.

    private GitRepo repoWithCommit() {
        GitRepo repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        return repo;
    }

    @Test
    void aSecondWorktreeWithTheSameFolderNameIsRefusedInsteadOfReplacingTheFirst() throws Exception {
        GitRepo repo = repoWithCommit();
        GitRepo x = repo.addWorktree("x/wt", "147-parser");
        GitRepo y = repo.addWorktree("y/wt", "150-lexer");
        ok(new CliRunner(x.dir()).run("agent-heartbeat", "--status", "implementing", "--files", "src/parser/**"));
        String tip = repo.coordinationTip();

        CliRunner.Result second = new CliRunner(y.dir()).run("agent-heartbeat", "--status", "planning");

        assertThat(second.exit()).isEqualTo(3);
        assertThat(second.err()).startsWith("ghp: error: the agent name wt (from the worktree's folder name) is in use by a live agent in "
                + x.dir()).contains("this is " + y.dir());
        assertThat(second.err()).contains("hint: name this agent apart: --agent NAME or GHP_AGENT=NAME");
        assertThat(repo.coordinationTip()).isEqualTo(tip);
        assertThat(agent(repo, "wt").path("worktree").asText()).isEqualTo(x.dir().toString());
        assertThat(agent(repo, "wt").path("issue").asInt()).isEqualTo(147);
        ok(new CliRunner(y.dir()).env("GHP_AGENT", "wt-lexer").run("agent-heartbeat", "--status", "planning"));
        assertThat(agent(repo, "wt-lexer").path("issue").asInt()).isEqualTo(150);
    }

    @Test
    void aWorktreeMayTakeTheNameOfASilentAgentAndStartsWithoutItsClaims() throws Exception {
        GitRepo repo = repoWithCommit();
        GitRepo x = repo.addWorktree("x/wt", "147-parser");
        GitRepo y = repo.addWorktree("y/wt", "150-lexer");
        ok(new CliRunner(x.dir()).run("agent-heartbeat", "--status", "implementing", "--files", "src/parser/**"));
        CliRunner later = new CliRunner(y.dir());
        later.clock().advance(Duration.ofMinutes(11));

        CliRunner.Result r = ok(later.run("agent-heartbeat", "--status", "planning"));

        assertThat(r.err()).contains("the name wt was last used by a silent agent in " + x.dir());
        JsonNode wt = agent(repo, "wt");
        assertThat(wt.path("worktree").asText()).isEqualTo(y.dir().toString());
        assertThat(wt.path("branch").asText()).isEqualTo("150-lexer");
        assertThat(wt.path("issue").asInt()).isEqualTo(150);
        assertThat(wt.path("files")).isEmpty();
    }

    // Finding 3: writing for another agent.

    @Test
    void aHeartbeatWrittenForAnotherAgentKeepsThatAgentsBranchAndWorktree() throws Exception {
        GitRepo repo = repoWithCommit();
        GitRepo linked = repo.addWorktree("repo-147", "me/147-parser");
        ok(new CliRunner(linked.dir()).env("GHP_AGENT", "worker-1").run("agent-heartbeat", "--status", "implementing"));

        ok(new CliRunner(repo.dir()).run("agent-heartbeat", "--agent", "worker-1", "--status", "blocked", "--action", "waits on review"));

        JsonNode w = agent(repo, "worker-1");
        assertThat(w.path("status").asText()).isEqualTo("blocked");
        assertThat(w.path("lastAction").asText()).isEqualTo("waits on review");
        assertThat(w.path("branch").asText()).isEqualTo("me/147-parser");
        assertThat(w.path("worktree").asText()).isEqualTo(linked.dir().toString());
        assertThat(w.path("issue").asInt()).isEqualTo(147);
    }

    // Finding 4: a record stamped in the future.

    @Test
    void aRecordStampedInTheFutureIsShownStaleAndItsClaimIsTakenAtOnce() throws Exception {
        GitRepo repo = repoWithCommit();
        CliRunner fast = new CliRunner(repo.dir());
        fast.clock().advance(Duration.ofDays(365));
        ok(fast.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));
        CliRunner ghp = new CliRunner(repo.dir());

        JsonNode seen = Json.parseObject(ok(ghp.run("agent-status", "--json")).out()).path("agents").path("worker-1");
        assertThat(seen.path("clockAhead").asBoolean()).isTrue();
        assertThat(seen.path("stale").asBoolean()).isTrue();
        assertThat(ok(ghp.run("agent-status")).out()).contains("CLOCK AHEAD");
        // Stale as agent-status showed it, so the write that reads it may take its claim over: the
        // clamp stamps it just stale (now less the 10m limit, less 1s), never "seen 0s ago".
        CliRunner.Result takeover = ok(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "147"));

        assertThat(takeover.err()).contains("took #147 over from worker-1");
        assertThat(agent(repo, "worker-1").path("timestamp").asText()).isEqualTo("2025-01-25T10:19:59Z");
    }

    @Test
    void aFutureStampWithinTheToleranceIsHonoured() throws Exception {
        GitRepo repo = repoWithCommit();
        CliRunner fast = new CliRunner(repo.dir());
        fast.clock().advance(Duration.ofMinutes(4));
        ok(fast.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));
        CliRunner ghp = new CliRunner(repo.dir());

        CliRunner.Result refused = ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "147");

        assertThat(refused.exit()).isEqualTo(3);
        assertThat(agent(repo, "worker-1").path("timestamp").asText()).isEqualTo("2025-01-25T10:34:00Z");
    }

    @Test
    void aForeignWritersFarFutureStampDoesNotHoldAClaimForever() throws Exception {
        GitRepo repo = repoWithCommit();
        repo.commitToCoordination(".ghp/agent-status.json", """
                {
                  "schemaVersion": 1,
                  "agents": {
                    "ghost": {"issue": 147, "status": "implementing", "lastAction": "", "timestamp": "2099-01-01T00:00:00Z"}
                  }
                }
                """, "a writer with a clock far ahead");
        CliRunner ghp = new CliRunner(repo.dir());
        ok(ghp.run("agent-heartbeat", "--agent", "worker-2", "--status", "planning"));
        ghp.clock().advance(Duration.ofMinutes(11));

        CliRunner.Result r = ok(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "147"));

        assertThat(r.err()).contains("took #147 over from ghost");
        repo.assertFsckClean();
    }

    // Finding 5: approving one's own request.

    @Test
    void anAgentCannotApproveItsOwnApprovalRequest() throws Exception {
        GitRepo repo = repoWithCommit();
        java.nio.file.Files.createDirectories(repo.dir().resolve(".ghp"));
        java.nio.file.Files.writeString(repo.dir().resolve(".ghp/config.json"), "{\"agents\": {\"sharedFiles\": [\"/pom.xml\"]}}\n");
        CliRunner ghp = new CliRunner(repo.dir());
        CliRunner.Result asked = ghp.run("agent-heartbeat", "--agent", "worker-1", "--files", "/pom.xml");
        assertThat(asked.exit()).isEqualTo(3);
        String id = Json.parseObject(ok(ghp.run("agent-escalate", "--list", "--json")).out())
                .path("escalations").get(0).path("id").asText();
        String tip = repo.coordinationTip();

        CliRunner.Result byName = ghp.run("agent-escalate", "--resolve", id, "--approve", "--by", "worker-1");
        CliRunner.Result byEnv = ghp.env("GHP_AGENT", "worker-1").run("agent-escalate", "--resolve", id, "--approve", "--by", "alice");

        assertThat(byName.exit()).isEqualTo(3);
        assertThat(byName.err()).startsWith("ghp: error: worker-1 cannot resolve its own approval request " + id);
        assertThat(byEnv.exit()).isEqualTo(3);
        assertThat(repo.coordinationTip()).isEqualTo(tip);
        ok(ghp.env("GHP_AGENT", null).run("agent-escalate", "--resolve", id, "--approve", "--by", "alice"));
        assertThat(agent(repo, "worker-1").path("files").toString()).isEqualTo("[\"/pom.xml\"]");
    }

    @Test
    void anAgentCannotApproveItsOwnRequestFromItsWorktreeOrWithAPaddedName() throws Exception {
        GitRepo repo = repoWithCommit();
        java.nio.file.Files.createDirectories(repo.dir().resolve(".ghp"));
        java.nio.file.Files.writeString(repo.dir().resolve(".ghp/config.json"), "{\"agents\": {\"sharedFiles\": [\"/pom.xml\"]}}\n");
        GitRepo worktree = repo.addWorktree("worker-1", "worker-1-branch");
        CliRunner inItsWorktree = new CliRunner(worktree.dir()).env("GHP_AGENT", null);
        assertThat(inItsWorktree.run("agent-heartbeat", "--files", "/pom.xml").exit()).isEqualTo(3);
        String id = Json.parseObject(ok(inItsWorktree.run("agent-escalate", "--list", "--json")).out())
                .path("escalations").get(0).path("id").asText();
        String tip = repo.coordinationTip();

        CliRunner.Result asItself = inItsWorktree.run("agent-escalate", "--resolve", id, "--approve", "--by", "alice");
        CliRunner.Result padded = new CliRunner(repo.dir()).env("GHP_AGENT", " worker-1 ")
                .run("agent-escalate", "--resolve", id, "--approve", "--by", "alice");

        assertThat(asItself.exit()).as(asItself.err()).isEqualTo(3);
        assertThat(asItself.err()).startsWith("ghp: error: worker-1 cannot resolve its own approval request " + id);
        assertThat(padded.exit()).as(padded.err()).isEqualTo(3);
        assertThat(repo.coordinationTip()).isEqualTo(tip);
    }
}
