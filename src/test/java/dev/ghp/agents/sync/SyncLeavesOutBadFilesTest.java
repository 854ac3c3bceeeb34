package dev.ghp.agents.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote whose record holds files ghp-agents would never write (planted with git's plumbing, as
 * a hostile or broken writer would): every clone that syncs leaves them out, takes in the rest,
 * says so, and the push removes them from the remote.
 */
class SyncLeavesOutBadFilesTest {
    private static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;
    GitRepo remote;
    GitRepo a;
    GitRepo b;
    CliRunner ghpA;
    CliRunner ghpB;

    @BeforeEach
    void twoClonesThatKnowWorker1() {
        remote = GitRemotes.bare(tmp, "remote.git");
        a = GitRemotes.cloneOf(remote, tmp, "a");
        b = GitRemotes.cloneOf(remote, tmp, "b");
        ghpA = new CliRunner(a.dir());
        ghpB = new CliRunner(b.dir());
        ok(ghpA.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
    }

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    private static String files(GitRepo repo, String dir) {
        return repo.git("ls-tree", "-r", "--name-only", REF, dir);
    }

    private static String message(String id, String to, String text) {
        return """
                {"schemaVersion": 1, "id": "%s", "kind": "message", "from": "lead", "to": "%s", "address": "%s",
                 "text": "%s", "issue": null, "createdAt": "2026-01-01T00:00:00Z", "readAt": null}
                """.formatted(id, to, to, text);
    }

    @Test
    void aMalformedMessageOnTheRemoteIsLeftOutAndEverythingElseArrives() {
        ok(ghpA.run("agent-message", "--by", "alice", "--to", "worker-1", "a good one"));
        ok(ghpA.run("agent-sync"));
        remote.commitToCoordination(".ghp/inbox/worker-1/msg-0000bad1.json", "{ not json", "plant");

        CliRunner.Result sync = ok(ghpB.run("agent-sync"));

        assertThat(sync.out()).contains("left out .ghp/inbox/worker-1/msg-0000bad1.json: not a message");
        assertThat(files(b, ".ghp/inbox/worker-1")).doesNotContain("msg-0000bad1").contains("msg-");
        assertThat(ok(ghpB.run("agent-inbox", "--agent", "worker-1")).out()).contains("a good one");
        ok(ghpB.run("agent-message", "--by", "alice", "--to", "worker-1", "another"));
        assertThat(files(remote, ".ghp/inbox/worker-1")).as("the push removed it from the remote")
                .doesNotContain("msg-0000bad1");
        assertThat(remote.git("log", "-1", "--format=%B", REF))
                .contains("left out .ghp/inbox/worker-1/msg-0000bad1.json: not a message");
        remote.assertFsckClean();
        b.assertFsckClean();
    }

    @Test
    void misnamedMisplacedAndOversizedFilesAreLeftOutAlike() {
        remote.commitToCoordination(".ghp/inbox/worker-1/msg-00000001.json",
                message("msg-00000002", "worker-1", "name is not id"), "plant 1");
        remote.commitToCoordination(".ghp/inbox/worker-1/msg-00000003.json",
                message("msg-00000003", "worker-2", "to another agent"), "plant 2");
        remote.commitToCoordination(".ghp/inbox/worker-1/msg-00000004.json",
                message("msg-00000004", "worker-1", "x".repeat(200_000)), "plant 3");
        remote.commitToCoordination(".ghp/inbox/worker-1/notes.txt", "hello", "plant 4");
        remote.commitToCoordination(".ghp/inbox/worker-1/msg-00000005.json",
                message("msg-00000005", "worker-1", "the good one"), "plant 5");

        CliRunner.Result sync = ok(ghpB.run("agent-sync"));

        assertThat(sync.out()).contains("its name is not its id msg-00000002").contains("a message to another agent")
                .contains("over the bound of 65536").contains("notes.txt");
        assertThat(files(b, ".ghp/inbox/worker-1").lines()).containsExactly(".ghp/inbox/worker-1/msg-00000005.json");
        assertThat(ok(ghpB.run("agent-inbox", "--agent", "worker-1")).out()).contains("the good one");
    }

    @Test
    void twoClonesThatSeeTheSameBadFileBothLeaveItOutAndAgree() {
        remote.commitToCoordination(".ghp/escalations/esc-0000bad1.json", "[1, 2]", "plant");
        ok(ghpA.run("agent-heartbeat", "--agent", "worker-1", "--status", "testing"));
        ok(ghpB.run("agent-heartbeat", "--agent", "worker-2"));

        CliRunner.Result syncA = ok(ghpA.run("agent-sync"));
        CliRunner.Result syncB = ok(ghpB.run("agent-sync"));
        ok(ghpA.run("agent-sync"));

        assertThat(syncA.out()).contains("left out .ghp/escalations/esc-0000bad1.json: not an escalation");
        assertThat(syncB.out()).as("b took a's merge, which had left it out already").doesNotContain("left out");
        assertThat(a.git("rev-parse", REF + "^{tree}")).isEqualTo(b.git("rev-parse", REF + "^{tree}"))
                .isEqualTo(remote.git("rev-parse", REF + "^{tree}"));
        assertThat(files(remote, ".ghp/escalations")).isEmpty();
        assertThat(remote.showCoordinationIn(REF)).contains("worker-2").contains("testing");
    }

    @Test
    void aDotDotEntryOnTheRemoteDoesNotStopTheSync() {
        ok(ghpA.run("agent-message", "--by", "alice", "--to", "worker-1", "still arrives"));
        ok(ghpA.run("agent-sync"));
        plantDotDot(remote);

        CliRunner.Result sync = ok(ghpB.run("agent-sync"));

        assertThat(sync.out()).contains("left out .ghp/..: a path git refuses to check out");
        assertThat(ok(ghpB.run("agent-inbox", "--agent", "worker-1")).out()).contains("still arrives");
        // The planted tree stays in the history (git fsck names it there); the record's tip no longer holds it.
        assertThat(remote.git("ls-tree", REF + ":.ghp")).doesNotContain("\t..\n");
        assertThat(b.git("ls-tree", REF + ":.ghp")).doesNotContain("\t..\n");
    }

    /** A commit on the remote whose {@code .ghp} tree has an entry named {@code ..}, which only plumbing writes. */
    private static void plantDotDot(GitRepo repo) {
        String blob = GitRepo.Processes.run(repo.dir(), GitRepo.GIT_ENV, "evil\n", List.of("git", "hash-object", "-w", "--stdin"))
                .out().trim();
        String ghp = repo.git("ls-tree", REF + ":.ghp") + "100644 blob " + blob + "\t..\n";
        String ghpTree = GitRepo.Processes.run(repo.dir(), GitRepo.GIT_ENV, ghp, List.of("git", "mktree")).out().trim();
        String root = "040000 tree " + ghpTree + "\t.ghp\n";
        String rootTree = GitRepo.Processes.run(repo.dir(), GitRepo.GIT_ENV, root, List.of("git", "mktree")).out().trim();
        String tip = repo.git("rev-parse", REF).trim();
        String commit = repo.git("commit-tree", rootTree, "-p", tip, "-m", "plant ..").trim();
        repo.git("update-ref", REF, commit, tip);
    }
}
